package mem006

// Cancel funcs that are called, deferred, returned, passed on or stored.

import (
	"context"
	"net"
	"sync"
	"time"
)

type Dialer struct {
	timeout time.Duration
}

// Deferred right after the call.
func (d *Dialer) Dial(parent context.Context, addr string) (net.Conn, error) {
	ctx, cancel := context.WithTimeout(parent, d.timeout) // ok MEM006
	defer cancel()
	var nd net.Dialer
	return nd.DialContext(ctx, "tcp", addr)
}

// Returned to the caller with the context.
func (d *Dialer) scoped(parent context.Context) (context.Context, context.CancelFunc) {
	ctx, cancel := context.WithTimeout(parent, d.timeout) // ok MEM006
	return ctx, cancel
}

// A named result: the caller gets it.
func (d *Dialer) scopedNamed(parent context.Context) (ctx context.Context, cancel context.CancelFunc) {
	ctx, cancel = context.WithCancel(parent) // ok MEM006
	return
}

// Returned inside a cleanup closure.
func (d *Dialer) session(parent context.Context, conn net.Conn) (context.Context, func()) {
	ctx, cancel := context.WithCancel(parent) // ok MEM006
	return ctx, func() {
		cancel()
		conn.Close()
	}
}

type Worker struct {
	mu      sync.Mutex
	cancel  context.CancelFunc
	cancels []context.CancelFunc
	running map[string]context.CancelFunc
}

// Stored straight into a field by the assignment itself.
func (w *Worker) Start(parent context.Context, run func(context.Context)) {
	var ctx context.Context
	ctx, w.cancel = context.WithCancel(parent) // ok MEM006
	go run(ctx)
}

// Stored in a field afterwards.
func (w *Worker) Restart(parent context.Context, run func(context.Context)) {
	ctx, cancel := context.WithCancel(parent) // ok MEM006
	w.mu.Lock()
	w.cancel = cancel
	w.mu.Unlock()
	go run(ctx)
}

// Appended to a slice of cancel funcs.
func (w *Worker) Spawn(parent context.Context, run func(context.Context)) {
	ctx, cancel := context.WithCancel(parent) // ok MEM006
	w.mu.Lock()
	w.cancels = append(w.cancels, cancel)
	w.mu.Unlock()
	go run(ctx)
}

// Stored in a map keyed by job id.
func (w *Worker) Track(parent context.Context, id string, run func(context.Context)) {
	ctx, cancel := context.WithTimeout(parent, time.Hour) // ok MEM006
	w.mu.Lock()
	w.running[id] = cancel
	w.mu.Unlock()
	go run(ctx)
}

// Passed to the goroutine that owns the context.
func (w *Worker) Detach(parent context.Context, run func(context.Context, context.CancelFunc)) {
	ctx, cancel := context.WithCancel(parent) // ok MEM006
	go run(ctx, cancel)
}

// Called by a goroutine when the connection closes.
func watchConn(parent context.Context, closed <-chan struct{}) context.Context {
	ctx, cancel := context.WithCancel(parent) // ok MEM006
	go func() {
		<-closed
		cancel()
	}()
	return ctx
}

// Handed to time.AfterFunc.
func expireAfter(parent context.Context, d time.Duration) context.Context {
	ctx, cancel := context.WithCancel(parent) // ok MEM006
	time.AfterFunc(d, cancel)
	return ctx
}

type job struct {
	ctx    context.Context
	cancel context.CancelFunc
}

// Stored in a struct literal.
func newJob(parent context.Context) *job {
	ctx, cancel := context.WithCancel(parent) // ok MEM006
	return &job{ctx: ctx, cancel: cancel}
}

// Sent to a supervisor.
func register(parent context.Context, cancels chan<- context.CancelFunc) context.Context {
	ctx, cancel := context.WithCancel(parent) // ok MEM006
	cancels <- cancel
	return ctx
}

// Called at the end of every iteration of a poll loop.
func pollAll(parent context.Context, targets []string, poll func(context.Context, string) error) {
	for _, t := range targets {
		ctx, cancel := context.WithTimeout(parent, 5*time.Second) // ok MEM006
		_ = poll(ctx, t)
		cancel()
	}
}

// Reassigned on each attempt, one deferred call per variable.
func connectWithRetry(parent context.Context, addrs []string) (net.Conn, error) {
	var nd net.Dialer
	var lastErr error
	for _, a := range addrs {
		ctx, cancel := context.WithTimeout(parent, time.Second) // ok MEM006
		conn, err := nd.DialContext(ctx, "tcp", a)
		cancel()
		if err == nil {
			return conn, nil
		}
		lastErr = err
	}
	return nil, lastErr
}

type limiter struct{}

// WithTimeout of another type, not of package context.
func (limiter) WithTimeout(d time.Duration) (int, func()) { return 0, func() {} }

func useLimiter(l limiter) int {
	n, _ := l.WithTimeout(time.Second) // ok MEM006
	return n
}
