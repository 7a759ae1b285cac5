package mem014

import (
	"context"
	"log"
	"sync"
	"sync/atomic"
	"time"
)

// Shapes found on real code (Go's own tools and tests) that do not leak.

// Job is a child task with a kill switch.
type Job struct {
	backend Backend
	kill    func()
}

// RunWithDeadline: the deadline case kills the work and then still waits for
// the goroutine's send (cmd/go's test runner).
func (j *Job) RunWithDeadline(key string, d time.Duration) (string, error) {
	done := make(chan result)
	go func() { // ok MEM014
		v, err := j.backend.Get(context.Background(), key)
		done <- result{v, err}
	}()
	select {
	case res := <-done:
		return res.value, res.err
	case <-time.After(d):
		j.kill()
		res := <-done
		return res.value, ErrTimeout
	}
}

// RunAll: the receiving loop returns only once every worker reported
// (internal/fuzz's coordinator counts them down).
func (j *Job) RunAll(ctx context.Context, keys []string) error {
	errc := make(chan error)
	for _, k := range keys {
		go func(k string) { // ok MEM014
			_, err := j.backend.Get(ctx, k)
			errc <- err
		}(k)
	}
	active := len(keys)
	var first error
	for {
		err := <-errc
		if err != nil && first == nil {
			first = err
		}
		active--
		if active == 0 {
			return first
		}
	}
}

// CloseAll: the buffer is a local copy of len(keys) (net/http/httptest).
func (j *Job) CloseAll(ctx context.Context, keys []string) int {
	n := len(keys)
	closed := make(chan string, n)
	for _, k := range keys {
		go func(k string) { // ok MEM014
			v, _ := j.backend.Get(ctx, k)
			closed <- v
		}(k)
	}
	select {
	case <-closed:
		return 1
	case <-time.After(time.Second):
		return 0
	}
}

// PollReady: each poller loops until ready, sends once and returns, into a
// buffer of one slot per poller.
func (j *Job) PollReady(ctx context.Context, keys []string) string {
	ready := make(chan string, len(keys))
	for _, k := range keys {
		go func(k string) { // ok MEM014
			for {
				if v, err := j.backend.Get(ctx, k); err == nil {
					ready <- v
					return
				}
				time.Sleep(time.Millisecond)
			}
		}(k)
	}
	return <-ready
}

// DrainThenCheck: every value is received; the select with default only
// checks that nothing extra arrived (sync's cond tests).
func (j *Job) DrainThenCheck(ctx context.Context, keys []string) int {
	acks := make(chan string)
	go func() { // ok MEM014
		for _, k := range keys {
			v, _ := j.backend.Get(ctx, k)
			acks <- v
		}
	}()
	for range keys {
		<-acks
	}
	select {
	case extra := <-acks:
		log.Printf("unexpected ack %q", extra)
		return -1
	default:
		return len(keys)
	}
}

// LastOneSignals: only the last worker to finish sends (runtime's tests).
func (j *Job) LastOneSignals(ctx context.Context, keys []string) {
	done := make(chan bool)
	var finished int32
	for _, k := range keys {
		go func(k string) { // ok MEM014
			_, _ = j.backend.Get(ctx, k)
			if atomic.AddInt32(&finished, 1) == int32(len(keys)) {
				done <- true
			}
		}(k)
	}
	<-done
}

// MustResolve: the timeout ends the process; nothing is left to leak into.
func (j *Job) MustResolve(key string, d time.Duration) string {
	ch := make(chan string)
	go func() { // ok MEM014
		v, _ := j.backend.Get(context.Background(), key)
		ch <- v
	}()
	select {
	case v := <-ch:
		return v
	case <-time.After(d):
		log.Fatalf("resolve %s: no answer after %s", key, d)
		return ""
	}
}

// Look-alikes of the shapes above that do leak.

// RunUntilKilled: the deadline case kills the work but returns without
// waiting for the goroutine's send.
func (j *Job) RunUntilKilled(key string, d time.Duration) (string, error) {
	done := make(chan result)
	go func() { // want MEM014
		v, err := j.backend.Get(context.Background(), key)
		done <- result{v, err}
	}()
	select {
	case res := <-done:
		return res.value, res.err
	case <-time.After(d):
		j.kill()
		return "", ErrTimeout
	}
}

// CloseHalf: a buffer of half the senders, one receive.
func (j *Job) CloseHalf(ctx context.Context, keys []string) string {
	n := len(keys) / 2
	closed := make(chan string, n)
	for _, k := range keys {
		go func(k string) { // want MEM014
			v, _ := j.backend.Get(ctx, k)
			closed <- v
		}(k)
	}
	return <-closed
}

// PollUpdates: each poller keeps sending; one slot per poller fills up.
func (j *Job) PollUpdates(ctx context.Context, keys []string) string {
	updates := make(chan string, len(keys))
	for _, k := range keys {
		go func(k string) { // want MEM014
			for {
				if ctx.Err() != nil {
					return
				}
				v, _ := j.backend.Get(ctx, k)
				updates <- v
				time.Sleep(time.Millisecond)
			}
		}(k)
	}
	return <-updates
}

// Shapes found on the new projects (VictoriaMetrics, minio-go, influxdb,
// containerd, docker) that do not leak, each with a look-alike that does.

// Exporter streams rows through one of two paths.
type Exporter struct {
	backend Backend
	workers int
}

// ExportEither: the two goroutines are alternatives (if/else); the one that
// runs sends once into a buffer of one.
func (e *Exporter) ExportEither(ctx context.Context, key string, streaming bool) error {
	doneCh := make(chan error, 1)
	if streaming {
		go func() { // ok MEM014
			_, err := e.backend.Get(ctx, key)
			doneCh <- err
		}()
	} else {
		go func() { // ok MEM014
			_, err := e.backend.Get(ctx, key+"/all")
			doneCh <- err
		}()
	}
	if key == "" {
		return ErrInvalidKey
	}
	return <-doneCh
}

// ExportBoth: both goroutines run; after the early return one slot holds
// only one of their sends.
func (e *Exporter) ExportBoth(ctx context.Context, key string) error {
	doneCh := make(chan error, 1)
	go func() { // want MEM014
		_, err := e.backend.Get(ctx, key)
		doneCh <- err
	}()
	go func() { // want MEM014
		_, err := e.backend.Get(ctx, key+"/meta")
		doneCh <- err
	}()
	if key == "" {
		return ErrInvalidKey
	}
	if err := <-doneCh; err != nil {
		return err
	}
	return <-doneCh
}

// UploadParts: buffers are tokens taken before each upload and handed back
// by it; on error the spawner cancels and waits for every upload (wg.Wait)
// before returning, so no sender is left behind.
func (e *Exporter) UploadParts(ctx context.Context, parts []string) error {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	tokens := make(chan struct{}, e.workers)
	for i := 0; i < e.workers; i++ {
		tokens <- struct{}{}
	}
	errCh := make(chan error, e.workers)
	var wg sync.WaitGroup
	for _, p := range parts {
		select {
		case <-tokens:
		case err := <-errCh:
			cancel()
			wg.Wait()
			return err
		}
		wg.Add(1)
		go func(p string) { // ok MEM014
			defer wg.Done()
			if _, err := e.backend.Get(ctx, p); err != nil {
				errCh <- err
			}
			tokens <- struct{}{}
		}(p)
	}
	wg.Wait()
	select {
	case err := <-errCh:
		return err
	default:
		return nil
	}
}

// OpenPartitions: workers claim partitions from a shared atomic counter and
// send once per partition into a buffer of one slot per partition.
func (e *Exporter) OpenPartitions(ctx context.Context, partitions []string) error {
	n := len(partitions)
	errC := make(chan error, n)
	var next uint32
	for k := 0; k < e.workers; k++ {
		go func() { // ok MEM014
			for {
				idx := int(atomic.AddUint32(&next, 1) - 1)
				if idx >= n {
					return
				}
				_, err := e.backend.Get(ctx, partitions[idx])
				errC <- err
			}
		}()
	}
	for i := 0; i < n; i++ {
		if err := <-errC; err != nil {
			return err
		}
	}
	return nil
}

// OpenEveryPartition: each worker walks every partition itself, so the
// workers send n times each into n slots.
func (e *Exporter) OpenEveryPartition(ctx context.Context, partitions []string) error {
	errC := make(chan error, len(partitions))
	for k := 0; k < e.workers; k++ {
		go func() { // want MEM014
			for _, p := range partitions {
				_, err := e.backend.Get(ctx, p)
				errC <- err
			}
		}()
	}
	for range partitions {
		if err := <-errC; err != nil {
			return err
		}
	}
	return nil
}

// GatherAll: the other case fires only after a closer goroutine waited for
// all the senders' WaitGroup, so every value has been received by then.
func (e *Exporter) GatherAll(ctx context.Context, keys []string) []string {
	values := make(chan string)
	var wg sync.WaitGroup
	for _, k := range keys {
		wg.Add(1)
		go func(k string) { // ok MEM014
			defer wg.Done()
			v, _ := e.backend.Get(ctx, k)
			values <- v
		}(k)
	}
	finished := make(chan struct{})
	go func() { // ok MEM014
		defer close(finished)
		wg.Wait()
	}()
	var out []string
	for {
		select {
		case v := <-values:
			out = append(out, v)
		case <-finished:
			return out
		}
	}
}

// LogAll: one slot per message plus one for the final flush result.
func (e *Exporter) LogAll(ctx context.Context, msgs []string) error {
	results := make(chan error, len(msgs)+1)
	go func() { // ok MEM014
		for _, m := range msgs {
			_, err := e.backend.Get(context.Background(), m)
			results <- err
		}
		results <- nil
	}()
	for i := 0; i <= len(msgs); i++ {
		select {
		case err := <-results:
			if err != nil {
				return err
			}
		case <-ctx.Done():
			return ctx.Err()
		}
	}
	return nil
}

// LogAllShort: the flush result has no slot of its own.
func (e *Exporter) LogAllShort(ctx context.Context, msgs []string) error {
	results := make(chan error, len(msgs))
	go func() { // want MEM014
		for _, m := range msgs {
			_, err := e.backend.Get(context.Background(), m)
			results <- err
		}
		results <- nil
	}()
	for i := 0; i <= len(msgs); i++ {
		select {
		case err := <-results:
			if err != nil {
				return err
			}
		case <-ctx.Done():
			return ctx.Err()
		}
	}
	return nil
}

// RetryUntil: one attempt per iteration, each received in its iteration or
// left in the buffer of one when the spawner gives up (go-kit's retry).
func (j *Job) RetryUntil(ctx context.Context, key string) (string, error) {
	replies := make(chan result, 1)
	for {
		go func() { // ok MEM014
			v, err := j.backend.Get(context.Background(), key)
			replies <- result{v, err}
		}()
		select {
		case <-ctx.Done():
			return "", ctx.Err()
		case res := <-replies:
			if res.err == nil {
				return res.value, nil
			}
		}
	}
}

// Supervise: each exited worker is replaced by one new one, so the buffer of
// one slot per worker always holds their results (fasthttp's prefork).
func (j *Job) Supervise(ctx context.Context, keys []string, restarts int) int {
	exits := make(chan result, len(keys))
	for _, k := range keys {
		go func(k string) { // ok MEM014
			v, err := j.backend.Get(ctx, k)
			exits <- result{v, err}
		}(k)
	}
	n := 0
	for res := range exits {
		n++
		if n > restarts {
			break
		}
		go func(k string) { // ok MEM014
			v, err := j.backend.Get(ctx, k)
			exits <- result{v, err}
		}(res.value)
	}
	return n
}

// SuperviseUnbuffered: the workers still running when it stops block forever.
func (j *Job) SuperviseUnbuffered(ctx context.Context, keys []string, restarts int) int {
	exits := make(chan result)
	for _, k := range keys {
		go func(k string) { // want MEM014
			v, err := j.backend.Get(ctx, k)
			exits <- result{v, err}
		}(k)
	}
	n := 0
	for res := range exits {
		n++
		if n > restarts {
			break
		}
		go func(k string) { // want MEM014
			v, err := j.backend.Get(ctx, k)
			exits <- result{v, err}
		}(res.value)
	}
	return n
}

// WriteUntilFailure: the writer reports only its first failure; err stays set
// afterwards, so the send runs at most once into the slot (martian's relay).
func (e *Exporter) WriteUntilFailure(ctx context.Context, frames []string) error {
	failed := make(chan error, 1)
	go func() { // ok MEM014
		var err error
		for _, f := range frames {
			if err == nil {
				_, err = e.backend.Get(context.Background(), f)
				if err != nil {
					failed <- err
				}
			}
		}
	}()
	select {
	case err := <-failed:
		return err
	case <-ctx.Done():
		return ctx.Err()
	}
}

// WriteEveryFailure: every failure is sent into the single slot.
func (e *Exporter) WriteEveryFailure(ctx context.Context, frames []string) error {
	failed := make(chan error, 1)
	go func() { // want MEM014
		for _, f := range frames {
			if _, err := e.backend.Get(context.Background(), f); err != nil {
				failed <- err
			}
		}
	}()
	select {
	case err := <-failed:
		return err
	case <-ctx.Done():
		return ctx.Err()
	}
}

// ReadUntilEnd: the nudger returns on the same `end` channel the spawner
// leaves on (yaegi's REPL).
func (e *Exporter) ReadUntilEnd(keys []string, nudge <-chan struct{}) []string {
	end := make(chan struct{})
	lines := make(chan string)
	go func() { // ok MEM014
		defer close(end)
		for _, k := range keys {
			v, _ := e.backend.Get(context.Background(), k)
			lines <- v
		}
	}()
	go func() { // ok MEM014
		for {
			select {
			case <-nudge:
				lines <- ""
			case <-end:
				return
			}
		}
	}()
	var out []string
	for {
		select {
		case <-end:
			return out
		case l := <-lines:
			out = append(out, l)
		}
	}
}
