// Package poller: go.mod says go 1.23, whose runtime collects unreferenced
// timers and tickers without Stop, so the rule is silent. staticcheck 2023.1
// does not know this and still reports time.Tick (SA1015).
package poller

import (
	"context"
	"time"
)

type Poller struct {
	every time.Duration
	fetch func(context.Context) error
}

// A ticker that outlives Run: collected once unreferenced.
func (p *Poller) Run(ctx context.Context) error {
	t := time.NewTicker(p.every) // ok MEM007
	for {
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-t.C:
			if err := p.fetch(ctx); err != nil {
				return err
			}
		}
	}
}

// time.Tick outside package main.
func (p *Poller) RunTick(ctx context.Context) error {
	for range time.Tick(p.every) { // ok MEM007 differs: SA1015
		if err := p.fetch(ctx); err != nil {
			return err
		}
	}
	return nil
}

// A per-call timer that is never stopped.
func (p *Poller) FetchWithin(ctx context.Context, d time.Duration) error {
	done := make(chan error, 1)
	go func() { done <- p.fetch(ctx) }()
	t := time.NewTimer(d) // ok MEM007
	select {
	case err := <-done:
		return err
	case <-t.C:
		return context.DeadlineExceeded
	}
}
