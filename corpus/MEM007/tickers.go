package mem007

// Tickers that are never stopped: before Go 1.23 the runtime keeps every
// active ticker, so each one (and what it references) lives for the rest of
// the process and keeps firing. The corpus module says go 1.21.

import (
	"context"
	"log"
	"net/http"
	clock "time"
	"time"
)

type Monitor struct {
	interval time.Duration
	client   *http.Client
	url      string
}

func (m *Monitor) healthy() bool {
	resp, err := m.client.Get(m.url)
	if err != nil {
		return false
	}
	resp.Body.Close()
	return resp.StatusCode == http.StatusOK
}

// Waits until healthy, then returns with the ticker still running.
func (m *Monitor) WaitHealthy(ctx context.Context) error {
	t := time.NewTicker(m.interval) // want MEM007
	for {
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-t.C:
			if m.healthy() {
				return nil
			}
		}
	}
}

type Poller struct {
	every time.Duration
	stop  chan struct{}
	fetch func() error
}

// A background poller that returns on stop without stopping its ticker.
func (p *Poller) Run() {
	ticker := time.NewTicker(p.every) // want MEM007
	for {
		select {
		case <-p.stop:
			return
		case <-ticker.C:
			if err := p.fetch(); err != nil {
				log.Printf("poll: %v", err)
			}
		}
	}
}

// Reset is not Stop.
func (p *Poller) RunAdaptive(backoff func() time.Duration) {
	ticker := time.NewTicker(p.every) // want MEM007
	for {
		select {
		case <-p.stop:
			return
		case <-ticker.C:
			if p.fetch() != nil {
				ticker.Reset(backoff())
			}
		}
	}
}

// A ticker started in a goroutine per subscription.
func (p *Poller) Subscribe(ctx context.Context, out chan<- struct{}) {
	go func() {
		t := time.NewTicker(p.every) // want MEM007
		for {
			select {
			case <-ctx.Done():
				return
			case <-t.C:
				out <- struct{}{}
			}
		}
	}()
}

// Declared first, assigned later.
func (p *Poller) RunOnce(ctx context.Context) error {
	var t *time.Ticker
	t = time.NewTicker(p.every) // want MEM007
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return p.fetch()
	}
}

// Through a renamed import of time.
func (p *Poller) RunClock(ctx context.Context) error {
	t := clock.NewTicker(p.every) // want MEM007
	for {
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-t.C:
			if err := p.fetch(); err != nil {
				return err
			}
		}
	}
}

// A ticker used in place: it can never be stopped, and the loop returns.
func (p *Poller) RunInPlace() error {
	for range time.NewTicker(p.every).C { // want MEM007
		if err := p.fetch(); err != nil {
			return err
		}
	}
	return nil
}

// A ticker made per iteration of an endless loop: one more each time round.
func (p *Poller) RunPerIteration(events <-chan string) {
	for {
		t := time.NewTicker(p.every) // want MEM007
		select {
		case e := <-events:
			log.Print(e)
		case <-t.C:
			_ = p.fetch()
		}
	}
}
