package mem007

// Timers that are never stopped: before Go 1.23 each stays alive until it
// fires, once per call of a function that usually returns first.

import (
	"context"
	"errors"
	"time"
)

var errTimeout = errors.New("timed out")

type Client struct {
	timeout   time.Duration
	responses chan response
}

type response struct {
	id   uint64
	body []byte
}

// A per-call timeout timer: returns on the response, the timer stays until it fires.
func (c *Client) Await(id uint64) ([]byte, error) {
	timer := time.NewTimer(c.timeout) // want MEM007
	for {
		select {
		case r := <-c.responses:
			if r.id == id {
				return r.body, nil
			}
		case <-timer.C:
			return nil, errTimeout
		}
	}
}

// A timer per acquire attempt.
func (c *Client) Acquire(ctx context.Context, slots chan struct{}) error {
	deadline := time.NewTimer(c.timeout) // want MEM007
	select {
	case slots <- struct{}{}:
		return nil
	case <-deadline.C:
		return errTimeout
	case <-ctx.Done():
		return ctx.Err()
	}
}

// A timer made and thrown away.
func (c *Client) Arm() {
	time.NewTimer(c.timeout) // want MEM007
}

// A timer discarded with `_`.
func (c *Client) ArmBlank() {
	_ = time.NewTimer(c.timeout) // want MEM007
}

// A timer used in place inside a loop: one per iteration, as time.After.
func (c *Client) Drain() int {
	n := 0
	for {
		select {
		case <-c.responses:
			n++
		case <-time.NewTimer(c.timeout).C: // want MEM007
			return n
		}
	}
}

// A constant timeout of at most a second is gone within the second.
func (c *Client) Probe(ready <-chan struct{}) bool {
	t := time.NewTimer(500 * time.Millisecond) // ok MEM007
	select {
	case <-ready:
		return true
	case <-t.C:
		return false
	}
}

// Look-alike: a timeout from a field is not known to be short.
func (c *Client) ProbeConfigured(ready <-chan struct{}) bool {
	t := time.NewTimer(c.timeout) // want MEM007
	select {
	case <-ready:
		return true
	case <-t.C:
		return false
	}
}
