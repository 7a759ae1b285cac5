package mem014

import (
	"context"
	"fmt"
	"log"
	"strings"
	"time"
)

// Resolver looks keys up in a backend with a deadline.
type Resolver struct {
	backend Backend
	timeout time.Duration
}

// --- abandoned send, clause 1: the receive is a select case next to a timeout

// LookupTimeout: timeout case returns; the unbuffered send blocks forever.
func (r *Resolver) LookupTimeout(key string) (string, error) {
	ch := make(chan string)
	go func() { // want MEM014
		v, _ := r.backend.Get(context.Background(), key)
		ch <- v
	}()
	select {
	case v := <-ch:
		return v, nil
	case <-time.After(r.timeout):
		return "", ErrTimeout
	}
}

// LookupCtx: the caller's context is cancelled first; nobody receives again.
func (r *Resolver) LookupCtx(ctx context.Context, key string) (string, error) {
	results := make(chan result)
	go func() { // want MEM014
		v, err := r.backend.Get(ctx, key)
		results <- result{v, err}
	}()
	select {
	case res := <-results:
		return res.value, res.err
	case <-ctx.Done():
		return "", ctx.Err()
	}
}

// fetchInto runs in the goroutine: the send is in a same-package method.
func (r *Resolver) fetchInto(out chan result, key string) {
	v, err := r.backend.Get(context.Background(), key)
	out <- result{v, err}
}

// LookupVia: `go r.fetchInto(ch, key)` with a timeout case.
func (r *Resolver) LookupVia(key string) (string, error) {
	ch := make(chan result)
	go r.fetchInto(ch, key) // want MEM014
	select {
	case res := <-ch:
		return res.value, res.err
	case <-time.After(r.timeout):
		return "", ErrTimeout
	}
}

// LookupParam: a literal that takes the channel as a send-only parameter.
func (r *Resolver) LookupParam(ctx context.Context, key string) (string, error) {
	ch := make(chan string)
	go func(out chan<- string) { // want MEM014
		v, _ := r.backend.Get(ctx, key)
		out <- v
	}(ch)
	select {
	case v := <-ch:
		return v, nil
	case <-ctx.Done():
		return "", ctx.Err()
	}
}

// LookupGrace: the timeout case just goes on past the select (a startup grace
// period); the goroutine's send later blocks forever.
func (r *Resolver) LookupGrace(key string) string {
	ch := make(chan string)
	go func() { // want MEM014
		v, _ := r.backend.Get(context.Background(), key)
		ch <- v
	}()
	value := "pending"
	select {
	case v := <-ch:
		value = v
	case <-time.After(r.timeout):
	}
	return value
}

// CollectPages: a buffer of one does not hold one send per page.
func (r *Resolver) CollectPages(keys []string) ([]string, error) {
	pages := make(chan string, 1)
	go func() { // want MEM014
		for _, k := range keys {
			v, _ := r.backend.Get(context.Background(), k)
			pages <- v
		}
		close(pages)
	}()
	var out []string
	timeout := time.After(r.timeout)
	for {
		select {
		case p, ok := <-pages:
			if !ok {
				return out, nil
			}
			out = append(out, p)
		case <-timeout:
			return out, ErrTimeout
		}
	}
}

// --- abandoned send, clause 2: a return or panic before the first receive

// Describe: validation after the goroutine started returns early.
func (r *Resolver) Describe(key string) (string, error) {
	ch := make(chan result)
	go func() { // want MEM014
		v, err := r.backend.Get(context.Background(), key)
		ch <- result{v, err}
	}()
	if strings.ContainsAny(key, " \t") {
		return "", ErrInvalidKey
	}
	res := <-ch
	return fmt.Sprintf("%s=%s", key, res.value), res.err
}

// MustDescribe: a panic between the go statement and the receive.
func (r *Resolver) MustDescribe(key string) string {
	ch := make(chan string)
	go func() { // want MEM014
		v, _ := r.backend.Get(context.Background(), key)
		ch <- v
	}()
	if key == "" {
		panic("mem014: empty key")
	}
	return <-ch
}

// --- negatives

// LookupBuffered: make(chan T, 1) for one goroutine sending once.
func (r *Resolver) LookupBuffered(key string) (string, error) {
	ch := make(chan string, 1)
	go func() { // ok MEM014
		v, _ := r.backend.Get(context.Background(), key)
		ch <- v
	}()
	select {
	case v := <-ch:
		return v, nil
	case <-time.After(r.timeout):
		return "", ErrTimeout
	}
}

// LookupSelectSend: the sender selects on ctx.Done() too.
func (r *Resolver) LookupSelectSend(ctx context.Context, key string) (string, error) {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	ch := make(chan string)
	go func() { // ok MEM014
		v, _ := r.backend.Get(ctx, key)
		select {
		case ch <- v:
		case <-ctx.Done():
		}
	}()
	select {
	case v := <-ch:
		return v, nil
	case <-time.After(r.timeout):
		return "", ErrTimeout
	}
}

// LookupDrop: the sender drops the value when nobody listens (default case).
func (r *Resolver) LookupDrop(key string) (string, error) {
	ch := make(chan string)
	go func() { // ok MEM014
		v, _ := r.backend.Get(context.Background(), key)
		select {
		case ch <- v:
		default:
		}
	}()
	select {
	case v := <-ch:
		return v, nil
	case <-time.After(r.timeout):
		return "", ErrTimeout
	}
}

// LookupQuit: the spawner closes quit on return; the sender selects on it.
func (r *Resolver) LookupQuit(key string) (string, error) {
	quit := make(chan struct{})
	defer close(quit)
	ch := make(chan string)
	go func() { // ok MEM014
		v, _ := r.backend.Get(context.Background(), key)
		select {
		case ch <- v:
		case <-quit:
		}
	}()
	select {
	case v := <-ch:
		return v, nil
	case <-time.After(r.timeout):
		return "", ErrTimeout
	}
}

// DescribeChecked: the validation runs before the goroutine starts.
func (r *Resolver) DescribeChecked(key string) (string, error) {
	if strings.ContainsAny(key, " \t") {
		return "", ErrInvalidKey
	}
	ch := make(chan result)
	go func() { // ok MEM014
		v, err := r.backend.Get(context.Background(), key)
		ch <- result{v, err}
	}()
	res := <-ch
	return fmt.Sprintf("%s=%s", key, res.value), res.err
}

// DescribeEither: the return is in the other branch of the if that starts it.
func (r *Resolver) DescribeEither(key string) (string, error) {
	ch := make(chan string)
	if key != "" {
		go func() { // ok MEM014
			v, _ := r.backend.Get(context.Background(), key)
			ch <- v
		}()
	} else {
		return "", ErrInvalidKey
	}
	return <-ch, nil
}

// WaitLogged: a select in a loop whose ticker case only logs and waits again.
func (r *Resolver) WaitLogged(key string) (string, error) {
	ch := make(chan result)
	go func() { // ok MEM014
		v, err := r.backend.Get(context.Background(), key)
		ch <- result{v, err}
	}()
	tick := time.NewTicker(r.timeout)
	defer tick.Stop()
	for {
		select {
		case res := <-ch:
			return res.value, res.err
		case <-tick.C:
			log.Printf("still resolving %s", key)
		}
	}
}

// StreamUntilDone: the other case waits for the goroutine's own close, which
// comes only after its last send.
func (r *Resolver) StreamUntilDone(keys []string) []string {
	values := make(chan string)
	done := make(chan struct{})
	go func() { // ok MEM014
		defer close(done)
		for _, k := range keys {
			v, _ := r.backend.Get(context.Background(), k)
			values <- v
		}
	}()
	var out []string
	for {
		select {
		case v := <-values:
			out = append(out, v)
		case <-done:
			return out
		}
	}
}

// WatchUntil: a labeled break out of the receiving loop on cancellation.
func (r *Resolver) WatchUntil(ctx context.Context, keys []string) []string {
	events := make(chan string)
	go func() { // want MEM014
		for _, k := range keys {
			v, _ := r.backend.Get(context.Background(), k)
			events <- v
		}
	}()
	var seen []string
loop:
	for range keys {
		select {
		case ev := <-events:
			seen = append(seen, ev)
		case <-ctx.Done():
			break loop
		}
	}
	return seen
}

// Probe: one non-blocking poll; a reply that arrives later blocks forever.
func (r *Resolver) Probe(key string) (string, bool) {
	ch := make(chan string)
	go func() { // want MEM014
		v, _ := r.backend.Get(context.Background(), key)
		ch <- v
	}()
	select {
	case v := <-ch:
		return v, true
	default:
		return "", false
	}
}
