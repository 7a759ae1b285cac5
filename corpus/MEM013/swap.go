//go:build go1.20

package mem013

import "sync"

// sync.Map.Swap is Go 1.20: the build tag makes older toolchains skip this file
// (the analyzer ignores build tags).

var latestByUser sync.Map

// Swap inserts the key too.
func setLatest(user string, p *Profile) {
	latestByUser.Swap(user, p) // want MEM013
}
