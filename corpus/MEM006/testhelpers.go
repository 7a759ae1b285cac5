package mem006

// A test helper outside a _test.go file (it imports package testing): it runs
// only in a test binary.

import (
	"context"
	"testing"
	"time"
)

// Harmless: a test-only helper; vet still reports it.
func testContext(t *testing.T) context.Context {
	t.Helper()
	ctx, _ := context.WithTimeout(context.Background(), 5*time.Second) // ok MEM006 differs: lostcancel
	return ctx
}
