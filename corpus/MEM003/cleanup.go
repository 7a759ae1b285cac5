//go:build go1.24

package mem003

import (
	"log"
	"runtime"
	"syscall"
)

// runtime.AddCleanup (Go 1.24) cases. Cleanups run on the same single goroutine
// as finalizers. The arg is never ptr and no literal captures ptr (that is MEM010).

// AddCleanup with a literal that sends on the channel passed as arg: blocks until someone receives.
func newNotifyingHandle(name string, gone chan<- string) *fileHandle {
	h := &fileHandle{name: name}
	runtime.AddCleanup(h, func(ch chan<- string) { ch <- "gone" }, gone) // want MEM003
	return h
}

// releaseSlot takes the guard's lock to decrement its counter.
func releaseSlot(g *guarded) {
	g.mu.Lock()
	g.n--
	g.mu.Unlock()
}

// AddCleanup with a same-package function name (releaseSlot) that locks a mutex.
func newSlotHolder(g *guarded, name string) *fileHandle {
	h := &fileHandle{name: name}
	runtime.AddCleanup(h, releaseSlot, g) // want MEM003
	return h
}

// AddCleanup with the method expression `(*guarded).drain` (named.go), which waits on a WaitGroup.
func newDrainHolder(g *guarded, name string) *fileHandle {
	h := &fileHandle{name: name}
	runtime.AddCleanup(h, (*guarded).drain, g) // want MEM003
	return h
}

// AddCleanup with a literal that only closes the raw descriptor passed as arg (syscall.Close): not blocking.
func newRawHandle(fd int) *fileHandle {
	h := &fileHandle{fd: fd}
	runtime.AddCleanup(h, func(n int) { syscall.Close(n) }, fd) // ok MEM003
	return h
}

// AddCleanup with a literal that only logs the name passed as arg: not blocking.
func newLoggedHandle(name string) *fileHandle {
	h := &fileHandle{name: name}
	runtime.AddCleanup(h, func(n string) { log.Printf("leaked handle %s", n) }, name) // ok MEM003
	return h
}
