package mem007

// Tickers and timers that are stopped, handed on, or harmless.

import (
	"context"
	"log"
	"sync"
	"time"
)

type Heartbeat struct {
	mu       sync.Mutex
	interval time.Duration
	ticker   *time.Ticker
	stops    []func()
	beat     func()
}

// Deferred Stop right after NewTicker.
func (h *Heartbeat) Run(ctx context.Context) {
	t := time.NewTicker(h.interval) // ok MEM007
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			h.beat()
		}
	}
}

// Stopped in the stop case.
func (h *Heartbeat) RunUntil(stop <-chan struct{}) {
	t := time.NewTicker(h.interval) // ok MEM007
	for {
		select {
		case <-stop:
			t.Stop()
			return
		case <-t.C:
			h.beat()
		}
	}
}

// Stored in a field by the assignment; Close stops it.
func (h *Heartbeat) Start() {
	h.ticker = time.NewTicker(h.interval) // ok MEM007
	go func() {
		for range h.ticker.C {
			h.beat()
		}
	}()
}

func (h *Heartbeat) Close() { h.ticker.Stop() }

// Returned to the caller.
func newTicker(d time.Duration) *time.Ticker {
	t := time.NewTicker(d) // ok MEM007
	return t
}

// Passed to the goroutine that owns it.
func (h *Heartbeat) Spawn(run func(*time.Ticker)) {
	t := time.NewTicker(h.interval) // ok MEM007
	go run(t)
}

// The method value t.Stop handed to a cleanup list.
func (h *Heartbeat) Register() *time.Ticker {
	t := time.NewTicker(h.interval) // ok MEM007
	h.mu.Lock()
	h.stops = append(h.stops, t.Stop)
	h.mu.Unlock()
	return nil
}

// Stopped in a cleanup closure.
func (h *Heartbeat) Watch(ctx context.Context) func() {
	t := time.NewTimer(h.interval) // ok MEM007
	go func() {
		select {
		case <-t.C:
			h.beat()
		case <-ctx.Done():
		}
	}()
	return func() { t.Stop() }
}

// Harmless: a daemon's endless janitor (started once): no Stop could ever
// run, the ticker lives exactly as long as its goroutine.
func (h *Heartbeat) gcLoop() {
	for range time.Tick(5 * time.Minute) { // ok MEM007
		h.beat()
	}
}

// Harmless: an endless ranged NewTicker, the same as time.Tick.
func (h *Heartbeat) cleaner() {
	for range time.NewTicker(time.Minute).C { // ok MEM007
		h.mu.Lock()
		h.stops = h.stops[:0]
		h.mu.Unlock()
	}
}

// Harmless: the ticker is read only by an endless goroutine.
func (h *Heartbeat) StartRefresher() {
	ticker := time.NewTicker(time.Minute) // ok MEM007
	go func() {
		for range ticker.C {
			h.beat()
		}
	}()
}

// Harmless: an endless select loop over a time.Tick kept in a variable (staticcheck
// 2023.1 reports it all the same).
func (h *Heartbeat) pump(events <-chan string) {
	tick := time.Tick(h.interval) // ok MEM007 differs: SA1015
	for {
		select {
		case e := <-events:
			log.Print(e)
		case <-tick:
			h.beat()
		}
	}
}

type Saver struct {
	queue chan string
	delay time.Duration
	save  func()
}

// Harmless: a timer re-armed with Reset drives a service loop; when the loop
// ends one timer is left, until it fires.
func (s *Saver) Serve(ctx context.Context) error {
	t := time.NewTimer(s.delay) // ok MEM007
	pending := false
	for {
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-s.queue:
			if !pending {
				t.Reset(s.delay)
				pending = true
			}
		case <-t.C:
			s.save()
			pending = false
		}
	}
}

// Harmless: a timer received by a plain receive has fired.
func (s *Saver) settle() {
	t := time.NewTimer(s.delay) // ok MEM007
	<-t.C
	s.save()
}

// Harmless: a one-shot timer used in place, outside any loop (time.After by another name).
func (s *Saver) waitFirst(ready <-chan struct{}) bool {
	select {
	case <-ready:
		return true
	case <-time.NewTimer(s.delay).C: // ok MEM007
		return false
	}
}

type fakeClock struct{}

func (fakeClock) NewTicker(d time.Duration) *time.Ticker { return nil }

// NewTicker of another type, not of package time.
func useFakeClock(c fakeClock) *time.Ticker {
	t := c.NewTicker(time.Second) // ok MEM007
	_ = t
	return nil
}
