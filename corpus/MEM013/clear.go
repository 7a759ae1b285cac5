//go:build go1.21

package mem013

// clear() is a Go 1.21 builtin: the build tag makes older toolchains skip this file.

// The peer table is cleared when the cluster view changes.
func resetPeerScores() {
	clear(peerScores)
}
