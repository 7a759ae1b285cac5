package mem003

import (
	"runtime"
	"sync"
)

// fdConn has a Close per platform (buildtags_posix.go, buildtags_wasm.go).
type fdConn struct {
	closedMu sync.Mutex
	closed   bool
	sysfd    int
}

// A file without build tags naming a method that has several build-tagged
// variants in other files: which one is compiled is not known from the source,
// so the reference is not followed.
func newTaggedConn() *fdConn {
	fd := &fdConn{}
	runtime.SetFinalizer(fd, (*fdConn).Close) // ok MEM003
	return fd
}
