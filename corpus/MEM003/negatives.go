package mem003

import (
	"io"
	"log"
	"net"
	"os"
	"runtime"
	"sync/atomic"
	"syscall"
	"time"

	"golint-mem.example/corpus/MEM003/internal/blocker"
)

// Finalizers that do not block (or are exempt by contract).

// nil finalizer: clears a previously set finalizer on explicit Close; never flagged.
func (h *fileHandle) Close() error {
	runtime.SetFinalizer(h, nil) // ok MEM003
	return h.f.Close()
}

// Receive inside a select with a default: never waits.
func newPollingPipe() *pipe {
	p := &pipe{results: make(chan string, 1)}
	runtime.SetFinalizer(p, func(x *pipe) { // ok MEM003
		select {
		case s := <-x.results:
			log.Println("unclaimed result", s)
		default:
		}
	})
	return p
}

// Closing an *os.File (what the os package itself does in its finalizer): not blocking.
func openHandle(path string) (*fileHandle, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	h := &fileHandle{f: f, name: path}
	runtime.SetFinalizer(h, func(x *fileHandle) { x.f.Close() }) // ok MEM003
	return h, nil
}

// syscall.Close on a raw descriptor: not blocking.
func newFDHandle(fd int) *fileHandle {
	h := &fileHandle{fd: fd}
	runtime.SetFinalizer(h, func(x *fileHandle) { syscall.Close(x.fd) }) // ok MEM003
	return h
}

// Only an atomic decrement of a live-object counter: not blocking.
func newCountedGuard() *guarded {
	g := &guarded{}
	runtime.SetFinalizer(g, func(x *guarded) { atomic.AddInt64(&x.live, -1) }) // ok MEM003
	return g
}

// Only logging a leak warning: not blocking.
func newLeakWarner(name string) *fileHandle {
	h := &fileHandle{name: name}
	runtime.SetFinalizer(h, func(x *fileHandle) { // ok MEM003
		log.Printf("handle %s was never closed", x.name)
	})
	return h
}

// Only a SetDeadline setter on a net.Conn (makes pending I/O fail fast): not blocking.
func newDeadlineConn(c net.Conn) *remote {
	r := &remote{conn: c}
	runtime.SetFinalizer(r, func(x *remote) { x.conn.SetDeadline(time.Now()) }) // ok MEM003
	return r
}

// Only SetReadDeadline/SetWriteDeadline setters on a *net.TCPConn: not blocking.
func newDeadlineTCP(c *net.TCPConn) *remote {
	r := &remote{tcp: c}
	runtime.SetFinalizer(r, func(x *remote) { // ok MEM003
		x.tcp.SetReadDeadline(time.Now())
		x.tcp.SetWriteDeadline(time.Now())
	})
	return r
}

// Close on an io.Closer field: the type is not resolved to a blocking one, so not flagged.
func newCloserHandle(c io.Closer) *fileHandle {
	h := &fileHandle{c: c}
	runtime.SetFinalizer(h, func(x *fileHandle) { x.c.Close() }) // ok MEM003
	return h
}

// Blocking Close handed to a `go` statement: runs on its own goroutine, the finalizer returns at once.
func newAsyncCloser(c net.Conn) *remote {
	r := &remote{conn: c}
	runtime.SetFinalizer(r, func(x *remote) { // ok MEM003
		go func(conn net.Conn) { conn.Close() }(x.conn)
	})
	return r
}

// Blocking same-package call (flushRemote writes to a TCP conn) started with `go`: not blocking the finalizer.
func newAsyncFlusher(c *net.TCPConn) *remote {
	r := &remote{tcp: c}
	runtime.SetFinalizer(r, func(x *remote) { go flushRemote(x) }) // ok MEM003
	return r
}

// Blocking op inside a function literal the finalizer defines but does not call (time.AfterFunc runs it later, elsewhere).
func newDeferredCloser(c net.Conn) *remote {
	r := &remote{conn: c}
	runtime.SetFinalizer(r, func(x *remote) { // ok MEM003
		conn := x.conn
		time.AfterFunc(time.Second, func() { conn.Close() })
	})
	return r
}

// Finalizer is a function from another package (blocker.Release): not same-package, so not analysed.
func newForeignHandle() *blocker.Handle {
	h := blocker.New()
	runtime.SetFinalizer(h, blocker.Release) // ok MEM003
	return h
}

// Finalizer is a method expression of another package's type ((*blocker.Handle).Close): not same-package.
func newForeignClosingHandle() *blocker.Handle {
	h := blocker.New()
	runtime.SetFinalizer(h, (*blocker.Handle).Close) // ok MEM003
	return h
}

// Only close(ch) to wake waiters: closing a channel never blocks.
func newClosingPipe() *pipe {
	p := &pipe{done: make(chan struct{})}
	runtime.SetFinalizer(p, func(x *pipe) { close(x.done) }) // ok MEM003
	return p
}

// TryLock never waits (it is not .Lock()/.RLock()): not blocking.
func newTryLockGuard() *guarded {
	g := &guarded{}
	runtime.SetFinalizer(g, func(x *guarded) { // ok MEM003
		if x.mu.TryLock() {
			x.items = nil
			x.mu.Unlock()
		}
	})
	return g
}

// WaitGroup.Done and Cond.Broadcast only signal, they never wait: not blocking.
func newSignalGuard() *guarded {
	g := &guarded{}
	g.wg.Add(1)
	runtime.SetFinalizer(g, func(x *guarded) { // ok MEM003
		x.wg.Done()
		if x.cond != nil {
			x.cond.Broadcast()
		}
	})
	return g
}

// for-range over a slice field (not a channel): finite, not blocking.
func newListingGuard() *guarded {
	g := &guarded{}
	runtime.SetFinalizer(g, func(x *guarded) { // ok MEM003
		for _, it := range x.items {
			log.Println("leaked item", it)
		}
	})
	return g
}
