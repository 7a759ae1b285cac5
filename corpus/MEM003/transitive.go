package mem003

import (
	"log"
	"runtime"
	"sync/atomic"
	"time"
)

// Transitive blocking through same-package calls (functions, methods, recursion,
// cycles), and chains that never reach a blocking operation.

// signalClosed sends on the pipe's channel.
func signalClosed(x *pipe) { x.ch <- 0 }

// One call deep: the literal calls signalClosed, which sends on a channel (chain: literal -> signalClosed).
func newSignallingPipe() *pipe {
	p := &pipe{ch: make(chan int)}
	runtime.SetFinalizer(p, func(x *pipe) { signalClosed(x) }) // want MEM003
	return p
}

// announce logs and then signals through signalClosed.
func announce(x *pipe) {
	log.Println("pipe finalized")
	signalClosed(x)
}

// Two calls deep: the literal calls announce -> signalClosed, which sends on a channel.
func newAnnouncingPipe() *pipe {
	p := &pipe{ch: make(chan int)}
	runtime.SetFinalizer(p, func(x *pipe) { announce(x) }) // want MEM003
	return p
}

// finalizeRemote -> shutdownRemote -> flushRemote -> (*net.TCPConn).Write.
func finalizeRemote(x *remote) { shutdownRemote(x) }

func shutdownRemote(x *remote) {
	log.Println("shutting down", x.addr)
	flushRemote(x)
}

func flushRemote(x *remote) { x.tcp.Write([]byte("BYE\n")) }

// Three deep: the literal calls stopAll -> stopOne -> pauseBriefly, which sleeps.
func newStoppingGuard() *guarded {
	g := &guarded{}
	runtime.SetFinalizer(g, func(x *guarded) { stopAll(x) }) // want MEM003
	return g
}

func stopAll(x *guarded) {
	for range x.items {
		stopOne(x)
	}
}

func stopOne(x *guarded) { pauseBriefly() }

func pauseBriefly() { time.Sleep(time.Millisecond) }

// snapshot copies the items under the read lock.
func (g *guarded) snapshot() []string {
	g.rw.RLock()
	defer g.rw.RUnlock()
	return append([]string(nil), g.items...)
}

// Via a method: the literal calls x.snapshot(), whose body takes RLock.
func newSnapshottingGuard() *guarded {
	g := &guarded{}
	runtime.SetFinalizer(g, func(x *guarded) { // want MEM003
		log.Println("final items:", x.snapshot())
	})
	return g
}

// drainN receives n values, recursing once per value.
func drainN(x *pipe, n int) {
	if n <= 0 {
		return
	}
	<-x.ch
	drainN(x, n-1)
}

// Recursion: the literal calls the recursive drainN, which receives from a channel.
func newRecursiveDrain() *pipe {
	p := &pipe{ch: make(chan int, 4)}
	runtime.SetFinalizer(p, func(x *pipe) { drainN(x, cap(x.ch)) }) // want MEM003
	return p
}

// pingA and pingB call each other; pingB waits on the WaitGroup.
func pingA(x *guarded, n int) {
	if n > 0 {
		pingB(x, n-1)
	}
}

func pingB(x *guarded, n int) {
	x.wg.Wait()
	pingA(x, n)
}

// Call cycle pingA <-> pingB that reaches a blocking op (WaitGroup.Wait in pingB).
func newPingGuard() *guarded {
	g := &guarded{}
	runtime.SetFinalizer(g, func(x *guarded) { pingA(x, 3) }) // want MEM003
	return g
}

// countA and countB call each other and only touch an atomic counter.
func countA(x *guarded, n int) {
	if n <= 0 {
		return
	}
	atomic.AddInt64(&x.live, -1)
	countB(x, n-1)
}

func countB(x *guarded, n int) {
	if n <= 0 {
		return
	}
	countA(x, n-1)
}

// Call cycle countA <-> countB that never reaches a blocking op: not blocking.
func newCountingGuard() *guarded {
	g := &guarded{}
	runtime.SetFinalizer(g, func(x *guarded) { countA(x, 2) }) // ok MEM003
	return g
}

// forgetHandle -> noteClosed: only an *os.File close and a log line.
func forgetHandle(h *fileHandle) {
	if h.f != nil {
		h.f.Close()
	}
	noteClosed(h)
}

func noteClosed(h *fileHandle) { log.Printf("closed %s", h.name) }

// Transitive chain that never blocks (file close, logging): not blocking.
func newForgettingHandle(name string) *fileHandle {
	h := &fileHandle{name: name}
	runtime.SetFinalizer(h, func(x *fileHandle) { forgetHandle(x) }) // ok MEM003
	return h
}
