package mem007

// Test files: a test binary exits when the tests end, so a ticker it leaks costs nothing.

import (
	"testing"
	"time"
)

func TestPollerFetches(t *testing.T) {
	calls := 0
	p := &Poller{every: time.Millisecond, stop: make(chan struct{}), fetch: func() error { calls++; return nil }}
	tick := time.NewTicker(time.Millisecond) // ok MEM007
	go p.Run()
	for range tick.C {
		if calls > 0 {
			break
		}
	}
	close(p.stop)
	_ = time.Tick(time.Second) // ok MEM007
}
