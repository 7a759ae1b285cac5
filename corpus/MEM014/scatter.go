package mem014

import (
	"context"
	"sync"
)

// Replicated queries the same key on every replica.
type Replicated struct {
	replicas []Backend
}

const replicaCount = 3

// --- abandoned send, clause 3: one sender per iteration, fewer receives

// Fastest: first response wins; the other replicas' sends block forever.
func (s *Replicated) Fastest(ctx context.Context, key string) (string, error) {
	ch := make(chan result)
	for _, b := range s.replicas {
		go func(b Backend) { // want MEM014
			v, err := b.Get(ctx, key)
			ch <- result{v, err}
		}(b)
	}
	res := <-ch
	return res.value, res.err
}

// FastestOneSlot: a buffer of one holds one reply, not one per replica.
func (s *Replicated) FastestOneSlot(ctx context.Context, key string) string {
	replies := make(chan string, 1)
	for _, b := range s.replicas {
		go func(b Backend) { // want MEM014
			v, _ := b.Get(ctx, key)
			replies <- v
		}(b)
	}
	return <-replies
}

// FastestOfThree: one slot and one receive for three constant senders.
func (s *Replicated) FastestOfThree(ctx context.Context, key string) string {
	replies := make(chan string, 1)
	for i := 0; i < replicaCount; i++ {
		go func(b Backend) { // want MEM014
			v, _ := b.Get(ctx, key)
			replies <- v
		}(s.replicas[i])
	}
	return <-replies
}

// WriteAll: the receiving loop returns on the first error.
func (s *Replicated) WriteAll(ctx context.Context, key string) error {
	errc := make(chan error)
	for _, b := range s.replicas {
		go func(b Backend) { // want MEM014
			_, err := b.Get(ctx, key)
			errc <- err
		}(b)
	}
	for range s.replicas {
		if err := <-errc; err != nil {
			return err
		}
	}
	return nil
}

// writeOne is the worker WriteVia starts: it sends its error.
func writeOne(ctx context.Context, b Backend, key string, errc chan<- error) {
	_, err := b.Get(ctx, key)
	errc <- err
}

// WriteVia: `go writeOne(..., errc)` with a first-error receiving loop.
func (s *Replicated) WriteVia(ctx context.Context, key string) error {
	errc := make(chan error)
	for _, b := range s.replicas {
		go writeOne(ctx, b, key, errc) // want MEM014
	}
	for i := 0; i < len(s.replicas); i++ {
		if err := <-errc; err != nil {
			return err
		}
	}
	return nil
}

// WriteRange: senders joined by a closer goroutine, but the range loop
// returns on the first error and the remaining senders block.
func (s *Replicated) WriteRange(ctx context.Context, key string) error {
	errc := make(chan error)
	var wg sync.WaitGroup
	for _, b := range s.replicas {
		wg.Add(1)
		go func(b Backend) { // want MEM014
			defer wg.Done()
			_, err := b.Get(ctx, key)
			errc <- err
		}(b)
	}
	go func() {
		wg.Wait()
		close(errc)
	}()
	for err := range errc {
		if err != nil {
			return err
		}
	}
	return nil
}

// GatherCancel: scatter-gather that gives up when the context ends.
func (s *Replicated) GatherCancel(ctx context.Context, key string) ([]string, error) {
	results := make(chan string)
	for _, b := range s.replicas {
		go func(b Backend) { // want MEM014
			v, _ := b.Get(context.Background(), key)
			results <- v
		}(b)
	}
	var out []string
	for range s.replicas {
		select {
		case v := <-results:
			out = append(out, v)
		case <-ctx.Done():
			return out, ctx.Err()
		}
	}
	return out, nil
}

// --- negatives

// FastestBuffered: make(chan T, len(xs)) with one send per element of range xs.
func (s *Replicated) FastestBuffered(ctx context.Context, key string) (string, error) {
	ch := make(chan result, len(s.replicas))
	for _, b := range s.replicas {
		go func(b Backend) { // ok MEM014
			v, err := b.Get(ctx, key)
			ch <- result{v, err}
		}(b)
	}
	res := <-ch
	return res.value, res.err
}

// FastestConst: a constant buffer at least the constant loop bound.
func (s *Replicated) FastestConst(ctx context.Context, key string) string {
	replies := make(chan string, replicaCount)
	for i := 0; i < replicaCount; i++ {
		go func(b Backend) { // ok MEM014
			v, _ := b.Get(ctx, key)
			replies <- v
		}(s.replicas[i])
	}
	return <-replies
}

// FastestSpare: a constant buffer that, with the one receive, holds every send.
func (s *Replicated) FastestSpare(ctx context.Context, key string) string {
	replies := make(chan string, replicaCount-1)
	for i := 0; i < replicaCount; i++ {
		go func(b Backend) { // ok MEM014
			v, _ := b.Get(ctx, key)
			replies <- v
		}(s.replicas[i])
	}
	return <-replies
}

// FastestCounted: make(chan T, n) with `for i := 0; i < n; i++`.
func (s *Replicated) FastestCounted(ctx context.Context, key string) string {
	n := len(s.replicas)
	replies := make(chan string, n)
	for i := 0; i < n; i++ {
		go func(b Backend) { // ok MEM014
			v, _ := b.Get(ctx, key)
			replies <- v
		}(s.replicas[i])
	}
	return <-replies
}

// WriteAllDrained: every error is received; the first one is kept.
func (s *Replicated) WriteAllDrained(ctx context.Context, key string) error {
	errc := make(chan error)
	for _, b := range s.replicas {
		go func(b Backend) { // ok MEM014
			_, err := b.Get(ctx, key)
			errc <- err
		}(b)
	}
	var first error
	for range s.replicas {
		if err := <-errc; err != nil && first == nil {
			first = err
		}
	}
	return first
}

// WriteAllBuffered: first error with a buffer of one slot per sender.
func (s *Replicated) WriteAllBuffered(ctx context.Context, key string) error {
	errc := make(chan error, len(s.replicas))
	for _, b := range s.replicas {
		go func(b Backend) { // ok MEM014
			_, err := b.Get(ctx, key)
			errc <- err
		}(b)
	}
	for range s.replicas {
		if err := <-errc; err != nil {
			return err
		}
	}
	return nil
}

// CollectAll: senders joined by a closer goroutine; the range drains them all.
func (s *Replicated) CollectAll(ctx context.Context, key string) ([]string, error) {
	results := make(chan result)
	var wg sync.WaitGroup
	for _, b := range s.replicas {
		wg.Add(1)
		go func(b Backend) { // ok MEM014
			defer wg.Done()
			v, err := b.Get(ctx, key)
			results <- result{v, err}
		}(b)
	}
	go func() { // ok MEM014
		wg.Wait()
		close(results)
	}()
	var out []string
	var first error
	for res := range results {
		if res.err != nil {
			if first == nil {
				first = res.err
			}
			continue
		}
		out = append(out, res.value)
	}
	return out, first
}

// FetchEach: one goroutine per iteration, received in the same iteration.
func (s *Replicated) FetchEach(ctx context.Context, key string) []string {
	ch := make(chan string)
	var out []string
	for _, b := range s.replicas {
		go func(b Backend) { // ok MEM014
			v, _ := b.Get(ctx, key)
			ch <- v
		}(b)
		out = append(out, <-ch)
	}
	return out
}
