package mem013

import "testing"

// Test files are not long-lived processes: a package map a test fills is fine.
var seenInTests = map[string]bool{}

func TestGetProfile(t *testing.T) {
	for _, id := range []string{"a", "b"} {
		seenInTests[id] = GetProfile(id) != nil // ok MEM013
	}
}
