//go:build !(js && wasm)

package mem003

import "runtime"

// Build-tagged variants (files of one directory form one package, build tags
// ignored): the method or function a finalizer names is the variant declared
// in the same file when there is one.

// The posix variant of (*fdConn).Close (type in buildtags_other.go) never blocks;
// the js/wasm one in buildtags_wasm.go takes a lock.
func (fd *fdConn) Close() error {
	fd.sysfd = -1
	return nil
}

// From the Go standard library (net/fd_posix.go: runtime.SetFinalizer(fd, (*netFD).Close)):
// the same-file variant of Close does not block.
func (fd *fdConn) setAddr() {
	runtime.SetFinalizer(fd, (*fdConn).Close) // ok MEM003
}
