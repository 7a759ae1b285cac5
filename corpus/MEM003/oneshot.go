package mem003

import (
	"runtime"
	"time"
)

// One-shot sends on a local buffered channel: a finalizer runs once, so a
// single send into a free buffer slot cannot block; anything that could fill
// the buffer first still counts.

// From the Go standard library (runtime/mfinal_test.go, TestEmptySlice): the
// finalizer sends once on a local channel with a one-slot buffer that nothing
// else sends on.
func waitFinalized() bool {
	y := &pipe{}
	fin := make(chan bool, 1)
	runtime.SetFinalizer(y, func(z *pipe) { fin <- true }) // ok MEM003
	y = nil
	runtime.GC()
	select {
	case <-fin:
		return true
	case <-time.After(time.Second):
		return false
	}
}

// Unbuffered local channel: the send waits for the receiver.
func waitFinalizedUnbuffered() bool {
	y := &pipe{}
	fin := make(chan bool)
	runtime.SetFinalizer(y, func(z *pipe) { fin <- true }) // want MEM003
	y = nil
	runtime.GC()
	return <-fin
}

// The finalizer is set in a loop on many objects sharing one one-slot channel: the second send blocks.
func waitManyFinalized(n int) int {
	fin := make(chan bool, 1)
	for i := 0; i < n; i++ {
		runtime.SetFinalizer(&pipe{}, func(z *pipe) { fin <- true }) // want MEM003
	}
	runtime.GC()
	got := 0
	for range fin {
		got++
	}
	return got
}

// The channel is also handed to another function, which may fill its buffer first.
func waitFinalizedShared(notify func(chan bool)) bool {
	y := &pipe{}
	fin := make(chan bool, 1)
	notify(fin)
	runtime.SetFinalizer(y, func(z *pipe) { fin <- true }) // want MEM003
	y = nil
	runtime.GC()
	return <-fin
}

// Two sends into a one-slot buffer: the second one blocks.
func waitFinalizedTwice() bool {
	y := &pipe{}
	fin := make(chan bool, 1)
	runtime.SetFinalizer(y, func(z *pipe) { // want MEM003
		fin <- true
		fin <- false
	})
	y = nil
	runtime.GC()
	return <-fin
}
