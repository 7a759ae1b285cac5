// Package clocktest is test support (a fake clock and helpers for tests): its
// name says so, and it runs only in test binaries.
package clocktest

import "time"

// Harmless: a test-support package's ticker.
func Every(d time.Duration, f func()) {
	t := time.NewTicker(d) // ok MEM007
	for range t.C {
		f()
		if d == 0 {
			return
		}
	}
}
