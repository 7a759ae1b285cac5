package mem013

import (
	"os/exec"
	"testing"
)

// Test-support code outside a _test.go file (Go's internal/testenv, syncthing's
// fakefs): it imports testing, so only test binaries run it.
var lookedUpTools = map[string]string{}

// MustHaveTool skips the test when a tool is missing, caching lookups per name.
func MustHaveTool(t testing.TB, name string) string {
	if p, ok := lookedUpTools[name]; ok {
		return p
	}
	p, err := exec.LookPath(name)
	if err != nil {
		t.Skipf("%s not found: %v", name, err)
	}
	lookedUpTools[name] = p // ok MEM013
	return p
}
