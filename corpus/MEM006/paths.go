package mem006

// Path sensitivity: go vet's lostcancel reports a return that skips the
// deferred cancel; MEM006 asks only whether the function ever calls or hands
// on the cancel func, and stays quiet (a deliberate difference, see the doc).

import (
	"context"
	"errors"
	"time"
)

type Uploader struct {
	timeout time.Duration
	ready   bool
}

func (u *Uploader) put(ctx context.Context, key string, data []byte) error { return ctx.Err() }

// An early return before `defer cancel()`: vet reports it, MEM006 does not.
func (u *Uploader) Upload(parent context.Context, key string, data []byte) error {
	ctx, cancel := context.WithTimeout(parent, u.timeout) // ok MEM006 differs: lostcancel
	if !u.ready {
		return errors.New("uploader not ready")
	}
	defer cancel()
	return u.put(ctx, key, data)
}

// Cancelled on every path: quiet for both.
func (u *Uploader) UploadChecked(parent context.Context, key string, data []byte) error {
	ctx, cancel := context.WithTimeout(parent, u.timeout) // ok MEM006
	defer cancel()
	if !u.ready {
		return errors.New("uploader not ready")
	}
	return u.put(ctx, key, data)
}
