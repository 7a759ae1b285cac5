package mem003

import (
	"log"
	"net"
	"os/exec"
	"runtime"
	"sync"
	"sync/atomic"
)

// Finalizer forms other than a literal: a same-package function name, a method
// expression and a method value. The finalizer bodies live in this file and in
// transitive.go.

// closePipe sends a sentinel on the pipe's channel.
func closePipe(x *pipe) { x.ch <- -1 }

// Same-package function name as finalizer (closePipe): its body sends on a channel.
func newNamedPipe() *pipe {
	p := &pipe{ch: make(chan int)}
	runtime.SetFinalizer(p, closePipe) // want MEM003
	return p
}

// Same-package function name defined in another file (finalizeRemote, transitive.go), which blocks through its callees.
func newNamedRemote(c *net.TCPConn) *remote {
	r := &remote{tcp: c}
	runtime.SetFinalizer(r, finalizeRemote) // want MEM003
	return r
}

// drain waits for all workers of the guard.
func (g *guarded) drain() { g.wg.Wait() }

// Method expression `(*guarded).drain` as finalizer: the method waits on a WaitGroup.
func newDrainedGuard() *guarded {
	g := &guarded{}
	runtime.SetFinalizer(g, (*guarded).drain) // want MEM003
	return g
}

// reaper collects child processes.
type reaper struct {
	mu     sync.Mutex
	reaped int
	live   int64
}

// reap waits for the child and counts it under the reaper's lock.
func (r *reaper) reap(p *process) {
	p.cmd.Wait()
	r.mu.Lock()
	r.reaped++
	r.mu.Unlock()
}

// Method value `rp.reap` of the same-package type reaper as finalizer: the method waits for the child and locks.
func newReapedProcess(rp *reaper, cmd *exec.Cmd) *process {
	p := &process{cmd: cmd}
	runtime.SetFinalizer(p, rp.reap) // want MEM003
	return p
}

// forget only decrements an atomic counter.
func (r *reaper) forget(p *process) {
	atomic.AddInt64(&r.live, -1)
}

// Method value `rp.forget` whose body is only an atomic decrement: not blocking.
func newForgottenProcess(rp *reaper, cmd *exec.Cmd) *process {
	p := &process{cmd: cmd}
	runtime.SetFinalizer(p, rp.forget) // ok MEM003
	return p
}

// closeFile closes the OS file (not blocking) and logs.
func closeFile(h *fileHandle) {
	if h.f != nil {
		h.f.Close()
		log.Printf("finalizer closed %s", h.name)
	}
}

// Same-package function name whose body only closes an *os.File and logs: not blocking.
func newNamedFile(name string) *fileHandle {
	h := &fileHandle{name: name}
	runtime.SetFinalizer(h, closeFile) // ok MEM003
	return h
}

// release closes the handle's OS file.
func (h *fileHandle) release() { h.f.Close() }

// Method expression `(*fileHandle).release` that only closes an *os.File: not blocking.
func newReleasedFile(name string) *fileHandle {
	h := &fileHandle{name: name}
	runtime.SetFinalizer(h, (*fileHandle).release) // ok MEM003
	return h
}
