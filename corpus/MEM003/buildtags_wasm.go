//go:build js && wasm

package mem003

import "runtime"

// The js/wasm variant of (*fdConn).Close takes the close lock.
func (fd *fdConn) Close() error {
	fd.closedMu.Lock()
	fd.closed = true
	fd.closedMu.Unlock()
	return nil
}

// In this file the same-file variant of Close is the one that locks.
func (fd *fdConn) setAddrWasm() {
	runtime.SetFinalizer(fd, (*fdConn).Close) // want MEM003
}
