package mem003

import (
	"runtime"
	"testing"
)

type finalizerProbe struct{ id int }

// Test code: a test that blocks the finalizer goroutine on purpose (to check what
// piles up behind it) ends with the test binary; nothing leaks in a service.
func TestFinalizerQueueStalls(t *testing.T) {
	release := make(chan struct{})
	p := &finalizerProbe{id: 1}
	runtime.SetFinalizer(p, func(*finalizerProbe) { // ok MEM003
		<-release
	})
	p = nil
	runtime.GC()
	close(release)
}
