package mem007

// time.Tick outside package main: its ticker can never be stopped.

import (
	"context"
	"log"
	"sync"
	"time"
)

type Cache struct {
	mu      sync.Mutex
	entries map[string]time.Time
	ttl     time.Duration
}

func (c *Cache) evictExpired() {
	c.mu.Lock()
	defer c.mu.Unlock()
	for k, at := range c.entries {
		if time.Since(at) > c.ttl {
			delete(c.entries, k)
		}
	}
}

// A janitor that ends with its context: the ticker outlives it.
func (c *Cache) Janitor(ctx context.Context) {
	for range time.Tick(c.ttl / 2) { // want MEM007
		if ctx.Err() != nil {
			return
		}
		c.evictExpired()
	}
}

// time.Tick kept in a variable, read by a loop that can return.
func (c *Cache) JanitorSelect(ctx context.Context) {
	tick := time.Tick(c.ttl / 2) // want MEM007
	for {
		select {
		case <-ctx.Done():
			return
		case <-tick:
			c.evictExpired()
		}
	}
}

// A new time.Tick in every iteration of a flush loop: one more ticker per message.
func (c *Cache) FlushLoop(updates <-chan string) {
	for {
		select {
		case k := <-updates:
			c.mu.Lock()
			c.entries[k] = time.Now()
			c.mu.Unlock()
		case <-time.Tick(time.Second): // want MEM007
			c.evictExpired()
		}
	}
}

// time.Tick in a loop that breaks out.
func (c *Cache) WarmUp(done <-chan struct{}) {
	for range time.Tick(100 * time.Millisecond) { // want MEM007
		c.mu.Lock()
		n := len(c.entries)
		c.mu.Unlock()
		if n > 0 {
			break
		}
	}
	log.Print("cache warm")
}

// Clock abstracts time for tests.
type Clock interface {
	Tick(d time.Duration) <-chan time.Time
}

type realClock struct{}

// A wrapper that returns time.Tick hands the channel, and the choice, to its caller.
func (realClock) Tick(d time.Duration) <-chan time.Time {
	return time.Tick(d) // ok MEM007 differs: SA1015
}

// Look-alike: a wrapper that returns the channel of a ticker it made in place
// is no better than time.Tick, but it too is the caller's choice.
func (realClock) TickEvery(d time.Duration) <-chan time.Time {
	return time.NewTicker(d).C // ok MEM007
}

// Look-alike: a wrapper that keeps the Tick channel in a field is still flagged.
type metronome struct{ beats <-chan time.Time }

func newMetronome(d time.Duration) *metronome {
	return &metronome{beats: time.Tick(d)} // want MEM007
}
