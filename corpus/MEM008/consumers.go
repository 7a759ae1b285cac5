package mem008

// time.After in a loop whose select is usually won by another case: every
// iteration leaves a timer behind until it fires (before Go 1.23; the corpus
// module says go 1.21).

import (
	"context"
	"errors"
	"log"
	"time"
	tm "time"
)

type Consumer struct {
	messages chan []byte
	idle     time.Duration
	handled  int
}

func (c *Consumer) handle(m []byte) { c.handled++ }

// An idle timeout re-armed by every message: one timer per message.
func (c *Consumer) Run() {
	for {
		select {
		case m := <-c.messages:
			c.handle(m)
		case <-time.After(c.idle): // want MEM008
			return
		}
	}
}

// A heartbeat with a default case: a new timer on every spin.
func (c *Consumer) Spin(beat func()) {
	for {
		select {
		case <-time.After(c.idle): // want MEM008
			beat()
		default:
			if len(c.messages) == 0 {
				return
			}
			c.handle(<-c.messages)
		}
	}
}

// The Done case ends the loop, but the message case goes on.
func (c *Consumer) RunContext(ctx context.Context) error {
	for {
		select {
		case <-ctx.Done():
			return ctx.Err()
		case m := <-c.messages:
			c.handle(m)
		case <-time.After(c.idle): // want MEM008
			return errors.New("idle")
		}
	}
}

// A conditional return is not an exit: the error-free message goes on.
func (c *Consumer) RunChecked(errs <-chan error) error {
	for {
		select {
		case err := <-errs:
			if err != nil {
				return err
			}
		case <-time.After(c.idle): // want MEM008
			return nil
		}
	}
}

// An explicit continue in another case.
func (c *Consumer) RunSkipping(skip func([]byte) bool) {
	for {
		select {
		case m := <-c.messages:
			if skip(m) {
				continue
			}
			c.handle(m)
			return
		case <-time.After(c.idle): // want MEM008
			return
		}
	}
}

// `break` in a select case leaves the select, not the loop.
func (c *Consumer) RunBreak(flushes <-chan bool) {
	for {
		select {
		case full := <-flushes:
			if full {
				break
			}
		case <-time.After(c.idle): // want MEM008
			return
		}
	}
}

// A loop with a condition, and a renamed import of time.
func (c *Consumer) RunUntil(closed *bool) {
	for !*closed {
		select {
		case m := <-c.messages:
			c.handle(m)
		case <-tm.After(c.idle): // want MEM008
			log.Print("idle")
		}
	}
}

// Two timeouts in one select: each warning leaves the fail timer pending; the
// warn timer itself never piles up (the fail case ends the loop).
func (c *Consumer) RunTwoTimers(warn, fail time.Duration) {
	for {
		select {
		case <-time.After(warn): // ok MEM008
			log.Print("slow consumer")
		case <-time.After(fail): // want MEM008
			return
		}
	}
}

// Look-alikes of the harmless shapes that stay flagged.

// A debounce re-armed by every event, not by its own case: one pending timer per event (serf's mdns quiet timer).
func (c *Consumer) Debounce(hosts <-chan string, join func([]string)) {
	var pending []string
	var quiet <-chan time.Time
	for {
		select {
		case h := <-hosts:
			pending = append(pending, h)
			quiet = time.After(c.idle) // want MEM008
		case <-quiet:
			join(pending)
			pending = nil
		}
	}
}

// A per-result channel named `results` is no shutdown signal.
func (c *Consumer) Gather(results <-chan []byte) {
	for {
		select {
		case r := <-results:
			c.handle(r)
		case <-time.After(c.idle): // want MEM008
			return
		}
	}
}

// Kept in a variable but raced in a select whose other case goes on.
func (c *Consumer) Watch(updates <-chan []byte) {
	for {
		wait := time.After(c.idle) // want MEM008
		select {
		case u := <-updates:
			c.handle(u)
		case <-wait:
		}
	}
}

// Look-alike: the condition variable is set, but to the value that keeps looping.
func (c *Consumer) RunFlag(restart <-chan bool) {
	running := true
	for running {
		select {
		case r := <-restart:
			running = r || true
		case <-time.After(c.idle): // want MEM008
			running = false
		}
	}
}

// Look-alike: a constant timeout of two seconds is not short.
func (c *Consumer) Offer(out chan<- []byte) {
	for m := range c.messages {
		select {
		case out <- m:
		case <-time.After(2 * time.Second): // want MEM008
		}
	}
}
