package mem003

import (
	"log"
	"runtime"
	"sync"
	"time"
)

// Function-literal finalizers doing channel, sync and time blocking operations.
// The literal always works on its own parameter, never on the enclosing obj
// variable (that would be MEM010).

// Channel send in the finalizer: blocks the finalizer goroutine until someone receives.
func newSendingPipe() *pipe {
	p := &pipe{ch: make(chan int)}
	runtime.SetFinalizer(p, func(x *pipe) { x.ch <- -1 }) // want MEM003
	return p
}

// Bare receive `<-x.done` in the finalizer: waits for a signal that may never come.
func newAwaitingPipe() *pipe {
	p := &pipe{done: make(chan struct{})}
	runtime.SetFinalizer(p, func(x *pipe) { <-x.done }) // want MEM003
	return p
}

// Receive as a case of a select without default: the select waits until one case is ready.
func newSelectRecvPipe() *pipe {
	p := &pipe{done: make(chan struct{}), results: make(chan string)}
	runtime.SetFinalizer(p, func(x *pipe) { // want MEM003
		select {
		case <-x.done:
		case s := <-x.results:
			log.Println("late result", s)
		}
	})
	return p
}

// Select without default over two sends: blocks until one channel has room.
func newSelectSendPipe() *pipe {
	p := &pipe{hi: make(chan int), lo: make(chan int)}
	runtime.SetFinalizer(p, func(x *pipe) { // want MEM003
		select {
		case x.hi <- 0:
		case x.lo <- 0:
		}
	})
	return p
}

// for-range over a value of resolved channel type (field `results chan string`): runs until the channel is closed.
func newDrainingPipe() *pipe {
	p := &pipe{results: make(chan string, 8)}
	runtime.SetFinalizer(p, func(x *pipe) { // want MEM003
		for s := range x.results {
			log.Println("dropped", s)
		}
	})
	return p
}

// time.Sleep in the finalizer: stalls every other finalizer for the duration.
func newSleepyPipe() *pipe {
	p := &pipe{done: make(chan struct{})}
	runtime.SetFinalizer(p, func(x *pipe) { // want MEM003
		time.Sleep(50 * time.Millisecond)
		close(x.done)
	})
	return p
}

// .Lock() on the finalized object's own mutex (held by value): whoever holds x.mu
// holds x, and the finalizer runs only once x is unreachable, so it never waits
// (guarded.mu is slow elsewhere, see locks_held.go).
func newLockingGuard() *guarded {
	g := &guarded{}
	runtime.SetFinalizer(g, func(x *guarded) { // ok MEM003
		x.mu.Lock()
		x.n = 0
		x.mu.Unlock()
	})
	return g
}

// .RLock() on the finalized object's own RWMutex: no writer can hold it any more.
func newReadLockingGuard() *guarded {
	g := &guarded{}
	runtime.SetFinalizer(g, func(x *guarded) { // ok MEM003
		x.rw.RLock()
		log.Println("items left:", len(x.items))
		x.rw.RUnlock()
	})
	return g
}

// .Wait() on a sync.WaitGroup: waits for every outstanding Done.
func newWaitingGuard() *guarded {
	g := &guarded{}
	g.wg.Add(1)
	runtime.SetFinalizer(g, func(x *guarded) { x.wg.Wait() }) // want MEM003
	return g
}

// .Wait() on a sync.Cond (plus the .Lock() that must precede it): waits for a Signal.
func newCondGuard() *guarded {
	g := &guarded{cond: sync.NewCond(new(sync.Mutex))}
	runtime.SetFinalizer(g, func(x *guarded) { // want MEM003
		x.cond.L.Lock()
		for x.n > 0 {
			x.cond.Wait()
		}
		x.cond.L.Unlock()
	})
	return g
}
