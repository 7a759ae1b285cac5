package mem007

// A test helper outside a _test.go file (it imports package testing): it runs
// only in a test binary, which exits when its tests end.

import (
	"testing"
	"time"
)

// Harmless: waits for a condition in tests with a ticker it never stops.
func waitFor(t *testing.T, cond func() bool) {
	t.Helper()
	tick := time.NewTicker(10 * time.Millisecond) // ok MEM007
	for i := 0; i < 100; i++ {
		<-tick.C
		if cond() {
			return
		}
	}
	t.Fatal("condition not met")
}
