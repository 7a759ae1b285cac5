// Package blocker is another package for the mem003 corpus: functions and methods
// from here used as finalizers in mem003 are not same-package, so MEM003 does not
// look into them (even though they block).
package blocker

import "time"

// Handle is a resource with a release signal.
type Handle struct {
	done chan struct{}
}

// New returns a fresh handle.
func New() *Handle { return &Handle{done: make(chan struct{})} }

// Release waits for the release signal.
func Release(h *Handle) { <-h.done }

// Close waits a moment before returning.
func (h *Handle) Close() { time.Sleep(10 * time.Millisecond) }
