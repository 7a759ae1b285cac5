//go:build js && wasm

package mem003

import (
	"net"
	"runtime"
)

// The js/wasm variant of (*fdConn).Close takes the close lock.
func (fd *fdConn) Close() error {
	fd.closedMu.Lock()
	fd.closed = true
	fd.closedMu.Unlock()
	return nil
}

// writeWasm holds the close lock across a network write: closedMu is slow.
func (fd *fdConn) writeWasm(conn net.Conn, b []byte) error {
	fd.closedMu.Lock()
	defer fd.closedMu.Unlock()
	_, err := conn.Write(b)
	return err
}

// In this file the same-file variant of Close is the one that locks, on the
// receiver's own closedMu: the finalized object, so nobody else can hold it.
func (fd *fdConn) setAddrWasm() {
	runtime.SetFinalizer(fd, (*fdConn).Close) // ok MEM003
}
