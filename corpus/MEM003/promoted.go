package mem003

import (
	"context"
	"log"
	"net"
	"net/http"
	"runtime"
	"sync"
)

// Promoted methods (embedded fields), method-expression calls, deferred and
// in-place literals, and package-level clients.

// wrappedConn embeds a net.Conn: its Close is the connection's Close.
type wrappedConn struct {
	net.Conn
	name string
}

// Close promoted from an embedded net.Conn: network I/O on the finalizer goroutine.
func newWrappedConn(c net.Conn) *wrappedConn {
	w := &wrappedConn{Conn: c}
	runtime.SetFinalizer(w, func(x *wrappedConn) { x.Close() }) // want MEM003
	return w
}

// workerSet embeds a sync.WaitGroup: its Wait is the WaitGroup's Wait.
type workerSet struct {
	sync.WaitGroup
	name string
}

// Wait promoted from an embedded sync.WaitGroup: waits for every worker.
func newWorkerSet() *workerSet {
	ws := &workerSet{}
	runtime.SetFinalizer(ws, func(x *workerSet) { x.Wait() }) // want MEM003
	return ws
}

// quietConn embeds a net.Conn but declares its own Close, which does not block.
type quietConn struct {
	net.Conn
	closed bool
}

func (q *quietConn) Close() error {
	q.closed = true
	return nil
}

// The type's own non-blocking Close wins over the embedded net.Conn's: not blocking.
func newQuietConn(c net.Conn) *quietConn {
	q := &quietConn{Conn: c}
	runtime.SetFinalizer(q, func(x *quietConn) { x.Close() }) // ok MEM003
	return q
}

// stopper signals on its channel when stopped.
type stopper struct {
	ch chan int
}

func (s *stopper) stop() { s.ch <- 0 }

// service embeds *stopper, so (*service).stop is stopper's stop.
type service struct {
	*stopper
	name string
}

// Method expression of a method promoted from an embedded same-package type: the send blocks.
func newService() *service {
	s := &service{stopper: &stopper{ch: make(chan int)}}
	runtime.SetFinalizer(s, (*service).stop) // want MEM003
	return s
}

// Method value call of the promoted stop inside a literal: the send blocks.
func newServiceLiteral() *service {
	s := &service{stopper: &stopper{ch: make(chan int)}}
	runtime.SetFinalizer(s, func(x *service) { x.stop() }) // want MEM003
	return s
}

// A method expression called inside the literal ((*guarded).drain waits on a WaitGroup).
func newExprCallGuard() *guarded {
	g := &guarded{}
	runtime.SetFinalizer(g, func(x *guarded) { (*guarded).drain(x) }) // want MEM003
	return g
}

// A deferred literal runs before the finalizer returns, but its Lock is on the
// finalized object's own mutex: nobody else can hold it.
func newDeferredLockGuard() *guarded {
	g := &guarded{}
	runtime.SetFinalizer(g, func(x *guarded) { // ok MEM003
		defer func() {
			x.mu.Lock()
			x.n = 0
			x.mu.Unlock()
		}()
		log.Println("finalizing guard")
	})
	return g
}

// A literal called in place runs on the finalizer goroutine: its receive blocks.
func newInPlacePipe() *pipe {
	p := &pipe{done: make(chan struct{})}
	runtime.SetFinalizer(p, func(x *pipe) { // want MEM003
		func() { <-x.done }()
	})
	return p
}

// http.DefaultClient is a *http.Client: Do is a network round trip.
func newDefaultClientSession(u string) *remote {
	r := &remote{url: u}
	runtime.SetFinalizer(r, func(x *remote) { // want MEM003
		req, err := http.NewRequest(http.MethodDelete, x.url, nil)
		if err != nil {
			return
		}
		if resp, err := http.DefaultClient.Do(req); err == nil {
			resp.Body.Close()
		}
	})
	return r
}

// dialing owns a net.Dialer.
type dialing struct {
	d    net.Dialer
	addr string
}

// (net.Dialer).DialContext: connection setup blocks on the network (net.Dial*).
func newDialing(addr string) *dialing {
	x := &dialing{addr: addr}
	runtime.SetFinalizer(x, func(y *dialing) { // want MEM003
		if c, err := y.d.DialContext(context.Background(), "tcp", y.addr); err == nil {
			c.Close()
		}
	})
	return x
}

// A send that is a case of a select with a default never waits: not blocking.
func newTrySendPipe() *pipe {
	p := &pipe{ch: make(chan int)}
	runtime.SetFinalizer(p, func(x *pipe) { // ok MEM003
		select {
		case x.ch <- -1:
		default:
		}
	})
	return p
}

// A blocking method of an embedded field that the finalizer only passes on as a
// value (never calls): not blocking.
func newCallbackHolder(c net.Conn) *wrappedConn {
	w := &wrappedConn{Conn: c}
	runtime.SetFinalizer(w, func(x *wrappedConn) { // ok MEM003
		closeLater := x.Close
		_ = closeLater
	})
	return w
}
