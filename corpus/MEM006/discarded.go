package mem006

// Cancel funcs thrown away with `_`: the derived context stays registered with
// its parent (and a WithTimeout/WithDeadline one keeps its timer) until the
// parent is cancelled or the deadline passes.

import (
	"context"
	stdctx "context"
	"errors"
	"net/http"
	"time"
)

type Publisher struct {
	timeout time.Duration
	topic   string
}

func (p *Publisher) send(ctx context.Context, msg []byte) error { return ctx.Err() }

// `_` in a `:=` with WithTimeout: one leaked child context per message.
func (p *Publisher) Publish(parent context.Context, msg []byte) error {
	ctx, _ := context.WithTimeout(parent, p.timeout) // want MEM006
	return p.send(ctx, msg)
}

// `_` with WithCancel of a server's base context.
func (p *Publisher) Subscribe(base context.Context, handle func(context.Context)) {
	ctx, _ := context.WithCancel(base) // want MEM006
	go handle(ctx)
}

// `_` with WithDeadline in an `=` assignment to an existing ctx.
func (p *Publisher) Flush(ctx context.Context, deadline time.Time) error {
	ctx, _ = context.WithDeadline(ctx, deadline) // want MEM006
	return p.send(ctx, nil)
}

// `_` in a `var` declaration.
func (p *Publisher) Ping(parent context.Context) error {
	var ctx, _ = context.WithTimeout(parent, time.Second) // want MEM006
	return p.send(ctx, []byte("ping"))
}

// `_` through a renamed import of context.
func (p *Publisher) Drain(parent stdctx.Context) error {
	ctx, _ := stdctx.WithTimeout(parent, p.timeout) // want MEM006
	return p.send(ctx, nil)
}

type RetryClient struct {
	client   *http.Client
	attempts int
}

// `_` inside a retry loop: one leaked context per attempt.
func (c *RetryClient) Get(parent context.Context, url string) (*http.Response, error) {
	var lastErr error
	for i := 0; i < c.attempts; i++ {
		ctx, _ := context.WithTimeout(parent, 2*time.Second) // want MEM006
		req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
		if err != nil {
			return nil, err
		}
		resp, err := c.client.Do(req)
		if err == nil {
			return resp, nil
		}
		lastErr = err
	}
	return nil, lastErr
}

type Cache struct {
	loader func(context.Context, string) ([]byte, error)
}

// `_` inside a function literal stored as a loader.
func (c *Cache) withLoadTimeout(d time.Duration) func(context.Context, string) ([]byte, error) {
	return func(parent context.Context, key string) ([]byte, error) {
		ctx, _ := context.WithTimeout(parent, d) // want MEM006
		return c.loader(ctx, key)
	}
}

// `_` inside a goroutine started per job.
func runJobs(parent context.Context, jobs []func(context.Context) error, errs chan<- error) {
	for _, job := range jobs {
		job := job
		go func() {
			ctx, _ := context.WithTimeout(parent, time.Minute) // want MEM006
			errs <- job(ctx)
		}()
	}
}

// `_` in a select case body of a worker loop.
func serveRequests(base context.Context, reqs <-chan string, handle func(context.Context, string)) error {
	for {
		select {
		case r, ok := <-reqs:
			if !ok {
				return errors.New("request channel closed")
			}
			ctx, _ := context.WithCancel(base) // want MEM006
			handle(ctx, r)
		case <-base.Done():
			return base.Err()
		}
	}
}

// `_` in a multi-line call: the finding is where the call starts.
func (p *Publisher) PublishBatch(parent context.Context, batch [][]byte) error {
	ctx, _ := context.WithDeadline( // want MEM006
		parent,
		time.Now().Add(p.timeout*time.Duration(len(batch))),
	)
	for _, m := range batch {
		if err := p.send(ctx, m); err != nil {
			return err
		}
	}
	return nil
}
