package mem008

// time.After that fires before the next iteration, or outside any loop.

import (
	"context"
	"errors"
	"log"
	"time"
)

type Retrier struct {
	attempts int
	backoff  time.Duration
}

// A plain receive is a sleep: the timer has fired before the loop goes on.
func (r *Retrier) Do(op func() error) error {
	var err error
	for i := 0; i < r.attempts; i++ {
		if err = op(); err == nil {
			return nil
		}
		<-time.After(r.backoff) // ok MEM008
	}
	return err
}

// The only other case ends the loop: at most one timer is pending, and only until it fires.
func (r *Retrier) DoContext(ctx context.Context, op func() error) error {
	for {
		if err := op(); err == nil {
			return nil
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(r.backoff): // ok MEM008
		}
	}
}

type Service struct {
	interval time.Duration
	stop     chan struct{}
	done     chan struct{}
	tick     func()
}

// A stop channel whose case returns.
func (s *Service) Run() {
	for {
		select {
		case <-s.stop:
			return
		case <-time.After(s.interval): // ok MEM008
			s.tick()
		}
	}
}

// A labeled break out of the loop.
func (s *Service) RunLabeled() {
loop:
	for {
		select {
		case <-s.stop:
			break loop
		case <-time.After(s.interval): // ok MEM008
			s.tick()
		}
	}
	close(s.done)
}

// The other case falls out of the select into a return.
func (s *Service) Shutdown(pending chan bool, requeue func()) {
	for {
		if len(pending) > 0 {
			select {
			case ok := <-pending:
				if !ok {
					requeue()
				}
			case <-time.After(5 * time.Second): // ok MEM008
				requeue()
			}
			return
		}
		s.tick()
	}
}

// The Done case sets the error; the code after the select returns (net/http's h2 retry shape).
func (s *Service) RoundTrip(ctx context.Context, send func() error) error {
	for retry := 0; ; retry++ {
		err := send()
		if err == nil || retry > 6 {
			return err
		}
		select {
		case <-time.After(time.Duration(retry) * time.Second): // ok MEM008
			continue
		case <-ctx.Done():
			err = ctx.Err()
		}
		return err
	}
}

// The other case never returns to the loop (log.Fatal exits the process).
func (s *Service) Supervise(crashed <-chan error) {
	for {
		select {
		case err := <-crashed:
			log.Fatal(err)
		case <-time.After(s.interval): // ok MEM008
			s.tick()
		}
	}
}

// The only case of its select.
func (s *Service) Pace(n int) {
	for i := 0; i < n; i++ {
		s.tick()
		select {
		case <-time.After(s.interval): // ok MEM008
		}
	}
}

// In a function literal started per item: another function, not the loop's.
func (s *Service) FanOut(items []string, handle func(string) error) {
	for _, it := range items {
		it := it
		go func() {
			select {
			case <-s.stop:
			case <-time.After(s.interval): // ok MEM008
				_ = handle(it)
			}
		}()
	}
}

func (s *Service) waitOnce(ch <-chan string) (string, error) {
	select {
	case v := <-ch:
		return v, nil
	case <-time.After(s.interval): // ok MEM008
		return "", errors.New("timeout")
	}
}

// In a helper the loop calls: not lexically in the loop.
func (s *Service) Collect(ch <-chan string, n int) []string {
	var out []string
	for len(out) < n {
		v, err := s.waitOnce(ch)
		if err != nil {
			break
		}
		out = append(out, v)
	}
	return out
}

// Made once in the loop's init statement, not per iteration.
func (s *Service) Gather(ch <-chan string) []string {
	var out []string
	for deadline := time.After(s.interval); ; { // ok MEM008
		select {
		case v := <-ch:
			out = append(out, v)
		case <-deadline:
			return out
		}
	}
}

// One timeout for the whole loop, outside it.
func (s *Service) GatherHoisted(ch <-chan string) []string {
	var out []string
	deadline := time.After(s.interval) // ok MEM008
	for {
		select {
		case v := <-ch:
			out = append(out, v)
		case <-deadline:
			return out
		}
	}
}

type clock interface {
	After(d time.Duration) <-chan time.Time
}

// After of an injected clock, not of package time.
func (s *Service) RunWithClock(c clock, msgs <-chan string) {
	for {
		select {
		case m := <-msgs:
			log.Print(m)
		case <-c.After(s.interval): // ok MEM008
			return
		}
	}
}

type HealthChecker struct {
	done     chan struct{}
	interval time.Duration
	next     func() string
	check    func(string)
}

// A receive from a shutdown signal (`hc.done`) counts as ending the loop: once
// closed it wins every select, so the loop top leaves (spanner's health checker shape).
func (hc *HealthChecker) Run() {
	for {
		select {
		case <-hc.done:
			return
		default:
		}
		s := hc.next()
		if s == "" {
			select {
			case <-time.After(hc.interval): // ok MEM008
			case <-hc.done:
			}
			continue
		}
		hc.check(s)
	}
}

// Re-armed in the case that receives it: one pending at a time (serf's poll timer).
func (hc *HealthChecker) Poll(hosts <-chan string) {
	poll := time.After(hc.interval)
	for {
		select {
		case h := <-hosts:
			hc.check(h)
		case <-poll:
			poll = time.After(hc.interval) // ok MEM008
		}
	}
}

// Armed only when not armed (sarama's flush timer).
func (hc *HealthChecker) Batch(msgs <-chan string, flush func()) {
	var timer <-chan time.Time
	for {
		select {
		case m := <-msgs:
			hc.check(m)
			if timer == nil {
				timer = time.After(hc.interval) // ok MEM008
			}
		case <-timer:
			flush()
			timer = nil
		}
	}
}

// Made on the way out: the shutdown case returns after using it (serf's snapshot flush).
func (hc *HealthChecker) Drain(events <-chan string, shutdown <-chan struct{}) {
	for {
		select {
		case e := <-events:
			hc.check(e)
		case <-shutdown:
			flushTimeout := time.After(hc.interval) // ok MEM008
		flush:
			for {
				select {
				case e := <-events:
					hc.check(e)
				case <-flushTimeout:
					break flush
				}
			}
			hc.check("flushed")
			return
		}
	}
}

// Kept in a variable and received plainly in the same iteration: a sleep (go-systemd's poll loop).
func (hc *HealthChecker) Watch(out chan<- string) {
	for {
		wait := time.After(hc.interval) // ok MEM008
		out <- hc.next()
		<-wait
	}
}

// Followed by a return in the same switch case.
func (hc *HealthChecker) Handshake(step func() (bool, error), acks <-chan bool) error {
	for {
		ok, err := step()
		switch {
		case err != nil:
			return err
		case !ok:
			select {
			case <-acks:
			case <-time.After(hc.interval): // ok MEM008
			}
			return nil
		}
	}
}

// A case that sets the loop's condition ends the loop at the next check (aws processcreds shape).
func (hc *HealthChecker) WaitExit(output <-chan string, exited <-chan error, timeout time.Duration) error {
	finished := false
	for !finished {
		select {
		case line := <-output:
			hc.check(line)
			finished = true
		case err := <-exited:
			return err
		case <-time.After(timeout): // ok MEM008
			return errors.New("process timed out")
		}
	}
	return nil
}

// Handed to a sleep helper that receives it.
func (hc *HealthChecker) Retry(ctx context.Context, op func() error, backoff time.Duration) error {
	for {
		if err := op(); err == nil {
			return nil
		}
		if err := sleep(ctx, time.After(backoff)); err != nil { // ok MEM008
			return err
		}
	}
}

// Kept in a variable, then handed to the helper (go-resiliency's retrier shape).
func (hc *HealthChecker) RetryKept(ctx context.Context, op func() error, backoff time.Duration) error {
	for {
		if err := op(); err == nil {
			return nil
		}
		timeout := time.After(backoff) // ok MEM008
		if err := sleep(ctx, timeout); err != nil {
			return err
		}
	}
}

func sleep(ctx context.Context, t <-chan time.Time) error {
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t:
		return nil
	}
}

// A constant timeout of at most a second is gone within the second.
func (hc *HealthChecker) Offer(out chan<- string, items []string) {
	for _, it := range items {
		select {
		case out <- it:
		case <-time.After(100 * time.Millisecond): // ok MEM008
		}
	}
}
