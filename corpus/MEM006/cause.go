//go:build go1.21

package mem006

// The Cause variants (Go 1.20 and 1.21): the go1.21 tag keeps Go 1.19 from
// compiling this file, the analyzer reads it anyway.

import (
	"context"
	"errors"
	"time"
)

var errShutdown = errors.New("shutting down")

type Stream struct {
	idle time.Duration
}

func (s *Stream) pump(ctx context.Context) error { return context.Cause(ctx) }

// WithCancelCause with the cancel func discarded.
func (s *Stream) Run(parent context.Context) error {
	ctx, _ := context.WithCancelCause(parent) // want MEM006
	return s.pump(ctx)
}

// WithTimeoutCause with the cancel func discarded.
func (s *Stream) RunIdle(parent context.Context) error {
	ctx, _ := context.WithTimeoutCause(parent, s.idle, errShutdown) // want MEM006
	return s.pump(ctx)
}

// WithDeadlineCause, blank-used only.
func (s *Stream) RunUntil(parent context.Context, at time.Time) error {
	ctx, cancel := context.WithDeadlineCause(parent, at, errShutdown) // want MEM006
	_ = cancel
	return s.pump(ctx)
}

// WithCancelCause deferred with its cause.
func (s *Stream) RunChecked(parent context.Context) error {
	ctx, cancel := context.WithCancelCause(parent) // ok MEM006
	defer cancel(errShutdown)
	return s.pump(ctx)
}

// WithTimeoutCause handed to the caller.
func (s *Stream) Scoped(parent context.Context) (context.Context, context.CancelFunc) {
	ctx, cancel := context.WithTimeoutCause(parent, s.idle, errShutdown) // ok MEM006
	return ctx, cancel
}
