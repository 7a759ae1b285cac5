// Package mem014 holds goroutines that block forever on a channel their
// spawner stops serving (RULES.md MEM014), and look-alikes that do not.
//
// Every function here is called by leak_test.go, which proves each label at
// run time: a `// want MEM014` function leaves a goroutine blocked on a
// channel after it returns, an `// ok MEM014` function leaves none.
package mem014

import (
	"context"
	"errors"
)

// Backend is the slow dependency the services below call.
type Backend interface {
	Get(ctx context.Context, key string) (string, error)
}

// ErrTimeout is returned when a lookup gives up waiting.
var ErrTimeout = errors.New("lookup timed out")

// ErrInvalidKey is returned for a key the service refuses.
var ErrInvalidKey = errors.New("invalid key")

type result struct {
	value string
	err   error
}
