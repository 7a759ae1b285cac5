// Package mem011 holds goroutines whose infinite loop has no way out
// (RULES.md MEM011) and look-alikes that can stop.
package mem011

import (
	"bufio"
	"context"
	"io"
	"log"
	"net"
	"sync/atomic"
	"time"
)

// Cache is an in-memory cache with a background janitor.
type Cache struct {
	entries map[string]string
	quit    chan struct{}
	running atomic.Bool
	events  chan string
}

// --- positives: an infinite loop with no return, break, goto or Done()

// StartJanitor: sleep-and-evict forever.
func (c *Cache) StartJanitor(every time.Duration) {
	go func() { // want MEM011
		for {
			time.Sleep(every)
			c.evict()
		}
	}()
}

func (c *Cache) evict() {
	for k := range c.entries {
		if len(c.entries) < 1000 {
			return
		}
		delete(c.entries, k)
	}
}

// StartFlusher: a ticker loop whose only case is the tick.
func (c *Cache) StartFlusher(every time.Duration, w io.Writer) {
	go func() { // want MEM011
		t := time.NewTicker(every)
		defer t.Stop()
		for {
			select {
			case <-t.C:
				_, _ = io.WriteString(w, "flush\n")
			}
		}
	}()
}

// StartWithQuit: the quit case forgets to return (Stop closes c.quit, not this function).
func (c *Cache) StartWithQuit(every time.Duration) {
	go func() { // want MEM011
		t := time.NewTicker(every)
		defer t.Stop()
		for {
			select {
			case <-t.C:
				c.evict()
			case <-c.quit:
				log.Print("janitor: stop requested")
			}
		}
	}()
}

// Stop closes the quit channel the janitor should watch.
func (c *Cache) Stop() { close(c.quit) }

// Heartbeat: pings a peer forever.
func Heartbeat(conn net.Conn, every time.Duration) {
	go func() { // want MEM011
		for {
			if _, err := conn.Write([]byte("ping\n")); err != nil {
				log.Printf("heartbeat: %v", err)
			}
			time.Sleep(every)
		}
	}()
}

// Pump: applies events from a field channel forever.
func (c *Cache) Pump() {
	go func() { // want MEM011
		for {
			key := <-c.events
			delete(c.entries, key)
		}
	}()
}

// Dispatch: `break` in a switch leaves only the switch.
func (c *Cache) Dispatch() {
	go func() { // want MEM011
		for {
			switch key := <-c.events; key {
			case "":
				break
			default:
				delete(c.entries, key)
			}
		}
	}()
}

// Redial: reconnects forever; `continue` never leaves the loop.
func Redial(addr string, handle func(net.Conn)) {
	go func() { // want MEM011
		for {
			conn, err := net.Dial("tcp", addr)
			if err != nil {
				time.Sleep(time.Second)
				continue
			}
			handle(conn)
		}
	}()
}

// ShipLogs: read errors are logged and the loop goes on.
func ShipLogs(r io.Reader, out io.Writer) {
	go func() { // want MEM011
		br := bufio.NewReader(r)
		for {
			line, err := br.ReadString('\n')
			if err != nil {
				log.Printf("ship: %v", err)
				continue
			}
			_, _ = io.WriteString(out, line)
		}
	}()
}

// Guarded: the return is inside a nested literal, which it leaves alone.
func (c *Cache) Guarded(every time.Duration) {
	go func() { // want MEM011
		for {
			func() {
				defer func() {
					if r := recover(); r != nil {
						log.Printf("janitor panic: %v", r)
					}
				}()
				if len(c.entries) == 0 {
					return
				}
				c.evict()
			}()
			time.Sleep(every)
		}
	}()
}

// Watchdog: logs when progress stalls, forever.
func Watchdog(progress *atomic.Int64, limit time.Duration) {
	go func() { // want MEM011
		last, seen := time.Now(), progress.Load()
		for {
			time.Sleep(limit / 2)
			if n := progress.Load(); n != seen {
				last, seen = time.Now(), n
			} else if time.Since(last) > limit {
				log.Printf("watchdog: no progress for %s", time.Since(last))
			}
		}
	}()
}

// Sampler records a gauge periodically.
type Sampler struct {
	samples []int64
	gauge   *atomic.Int64
}

// NewSampler: a constructor starting a loop that can never stop.
func NewSampler(gauge *atomic.Int64, every time.Duration) *Sampler {
	s := &Sampler{gauge: gauge}
	go func() { // want MEM011
		t := time.NewTicker(every)
		defer t.Stop()
		for range t.C {
			s.samples = append(s.samples, s.gauge.Load())
		}
	}()
	go func() { // want MEM011
	poll:
		for {
			if len(s.samples) > 1024 {
				s.samples = s.samples[512:]
				continue poll
			}
			time.Sleep(every)
		}
	}()
	return s
}

// Retry: a goto to a label inside the loop does not leave it.
func Retry(conn net.Conn) {
	go func() { // want MEM011
		for {
		again:
			if _, err := conn.Write([]byte("sync\n")); err != nil {
				time.Sleep(time.Second)
				goto again
			}
			time.Sleep(time.Minute)
		}
	}()
}

// --- negatives

// StartJanitorCtx: the select returns on ctx.Done().
func (c *Cache) StartJanitorCtx(ctx context.Context, every time.Duration) {
	go func() { // ok MEM011
		t := time.NewTicker(every)
		defer t.Stop()
		for {
			select {
			case <-t.C:
				c.evict()
			case <-ctx.Done():
				return
			}
		}
	}()
}

// StartQuitReturn: the quit case returns.
func (c *Cache) StartQuitReturn(every time.Duration) {
	go func() { // ok MEM011
		t := time.NewTicker(every)
		defer t.Stop()
		for {
			select {
			case <-t.C:
				c.evict()
			case <-c.quit:
				return
			}
		}
	}()
}

// WhileRunning: the loop has a condition.
func (c *Cache) WhileRunning(every time.Duration) {
	c.running.Store(true)
	go func() { // ok MEM011
		for c.running.Load() {
			c.evict()
			time.Sleep(every)
		}
	}()
}

// Retries: a bounded loop.
func Retries(conn net.Conn, n int) {
	go func() { // ok MEM011
		for i := 0; i < n; i++ {
			if _, err := conn.Write([]byte("hello\n")); err == nil {
				return
			}
			time.Sleep(time.Second)
		}
	}()
}

// LabeledBreak: a labeled break leaves the loop from inside the select.
func (c *Cache) LabeledBreak(every time.Duration) {
	go func() { // ok MEM011
		t := time.NewTicker(every)
		defer t.Stop()
	loop:
		for {
			select {
			case <-t.C:
				c.evict()
			case <-c.quit:
				break loop
			}
		}
		log.Print("janitor stopped")
	}()
}

// GotoOut: a goto to a label after the loop.
func (c *Cache) GotoOut() {
	go func() { // ok MEM011
		for {
			key := <-c.events
			if key == "" {
				goto done
			}
			delete(c.entries, key)
		}
	done:
		log.Print("pump stopped")
	}()
}

// ReadUntilError: returns on the first read error.
func ReadUntilError(r io.Reader, out io.Writer) {
	go func() { // ok MEM011
		br := bufio.NewReader(r)
		for {
			line, err := br.ReadString('\n')
			if err != nil {
				return
			}
			_, _ = io.WriteString(out, line)
		}
	}()
}

// PlainBreak: a break directly in the loop body.
func (c *Cache) PlainBreak(every time.Duration) {
	go func() { // ok MEM011
		for {
			if len(c.entries) == 0 {
				break
			}
			c.evict()
			time.Sleep(every)
		}
	}()
}

// Batch: the goroutine waits on a channel that the starting function closes.
func (c *Cache) Batch(keys []string) {
	done := make(chan struct{})
	defer close(done)
	go func() { // ok MEM011
		t := time.NewTicker(time.Second)
		defer t.Stop()
		for {
			select {
			case <-t.C:
				log.Printf("batch: %d entries", len(c.entries))
			case <-done:
				log.Print("batch: finished")
			}
		}
	}()
	for _, k := range keys {
		delete(c.entries, k)
	}
}

// ScanLines: the loop ends with the scanner.
func ScanLines(r io.Reader, out io.Writer) {
	go func() { // ok MEM011
		sc := bufio.NewScanner(r)
		for sc.Scan() {
			_, _ = io.WriteString(out, sc.Text()+"\n")
		}
	}()
}

// run is a named method: only function literals are checked.
func (c *Cache) run(every time.Duration) {
	for {
		c.evict()
		time.Sleep(every)
	}
}

// StartNamed: `go c.run()` is not a literal.
func (c *Cache) StartNamed(every time.Duration) {
	go c.run(every) // ok MEM011
}

// Group runs functions; not a go statement of this package.
type Group struct{ fns []func() }

// Go records fn.
func (g *Group) Go(fn func()) { g.fns = append(g.fns, fn) }

// Register: the loop is handed to a group, not started with go.
func (c *Cache) Register(g *Group, every time.Duration) {
	g.Go(func() { // ok MEM011
		for {
			c.evict()
			time.Sleep(every)
		}
	})
}

// PollDone: a non-blocking check of ctx.Done() that returns.
func (c *Cache) PollDone(ctx context.Context, every time.Duration) {
	go func() { // ok MEM011
		for {
			select {
			case <-ctx.Done():
				return
			default:
			}
			c.evict()
			time.Sleep(every)
		}
	}()
}

// DrainJobs: a receive loop that returns when the channel is closed.
func (c *Cache) DrainJobs() {
	go func() { // ok MEM011
		for {
			key, ok := <-c.events
			if !ok {
				return
			}
			delete(c.entries, key)
		}
	}()
}
