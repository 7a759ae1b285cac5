package mem001

// Helpers of handlers: a same-package function a handler calls with a
// request-scoped argument runs inside the request too, so its goroutines are
// judged as the handler's own (one level deep), unless the helper hands the
// join to its caller.

import (
	"context"
	"io"
	"net/http"
	"sync"
	"time"
)

// exportService renders exports for the API handlers below.
type exportService struct {
	client *http.Client
	cache  map[string][]byte
	mu     sync.Mutex
}

// Helper: startAudit gets the handler's r and keeps it in a goroutine.
func (s *exportService) startAudit(r *http.Request) {
	go func() { // want MEM001
		time.Sleep(time.Second)
		audit(r.Method + " " + r.URL.Path)
	}()
}

// Helper: refresh gets the request's context and hands it to a background fetch.
func (s *exportService) refresh(ctx context.Context, key string) {
	go s.fetch(ctx, key) // want MEM001
}

func (s *exportService) fetch(ctx context.Context, key string) {
	_, _ = ctx, key
}

func (s *exportService) handleExport(w http.ResponseWriter, r *http.Request) {
	s.startAudit(r)
	s.refresh(r.Context(), r.URL.Path)
	w.WriteHeader(http.StatusAccepted)
}

// Not a helper here: prefetch is called with plain values only (a path and
// context.Background()), so its goroutine holds nothing of the request.
func (s *exportService) prefetch(ctx context.Context, key string) {
	go s.fetch(ctx, key) // ok MEM001
}

func (s *exportService) handleWarm(w http.ResponseWriter, r *http.Request) {
	s.prefetch(context.Background(), r.URL.Path)
	w.WriteHeader(http.StatusAccepted)
}

// Hands the join to its caller: startProgress returns a done func that waits
// for the goroutine (it holds `finished`, which the goroutine closes).
func startProgress(w http.ResponseWriter, every time.Duration) (done func(error)) {
	stop := make(chan struct{})
	finished := make(chan struct{})
	go func() { // ok MEM001
		defer close(finished)
		t := time.NewTicker(every)
		defer t.Stop()
		for {
			select {
			case <-stop:
				return
			case <-t.C:
				_, _ = io.WriteString(w, " ")
			}
		}
	}()
	return func(err error) {
		close(stop)
		<-finished
		if err != nil {
			_, _ = io.WriteString(w, err.Error())
		}
	}
}

// Look-alike: the returned stop func closes `stop` but holds nothing the
// goroutine signals, so the caller cannot wait for the last write to w.
func startKeepalive(w http.ResponseWriter, every time.Duration) (stop func()) {
	quit := make(chan struct{})
	go func() { // want MEM001
		for {
			select {
			case <-quit:
				return
			case <-time.After(every):
				_, _ = io.WriteString(w, " ")
			}
		}
	}()
	return func() { close(quit) }
}

func (s *exportService) handleBuild(w http.ResponseWriter, r *http.Request) {
	done := startProgress(w, 10*time.Second)
	stop := startKeepalive(w, 10*time.Second)
	err := s.build(r.Context())
	stop()
	done(err)
}

func (s *exportService) build(ctx context.Context) error { _ = ctx; return nil }

// Hands the join to its caller: a writer whose Close waits for the flusher
// goroutine (the done channel is stored in a field of the result).
type flushWriter struct {
	w    http.ResponseWriter
	done chan struct{}
	stop chan struct{}
}

func newFlushWriter(w http.ResponseWriter) *flushWriter {
	fw := &flushWriter{w: w, done: make(chan struct{}), stop: make(chan struct{})}
	go func() { // ok MEM001
		defer close(fw.done)
		for {
			select {
			case <-fw.stop:
				return
			case <-time.After(time.Second):
				if f, ok := fw.w.(http.Flusher); ok {
					f.Flush()
				}
			}
		}
	}()
	return fw
}

func (fw *flushWriter) Close() error {
	close(fw.stop)
	<-fw.done
	return nil
}

func streamExport(w http.ResponseWriter, r *http.Request) {
	fw := newFlushWriter(w)
	defer fw.Close()
	_, _ = io.Copy(fw.w, r.Body)
}

// Hands the join to its caller: the WaitGroup the goroutines call Done on is returned.
func fanOutChecks(r *http.Request, targets []string) *sync.WaitGroup {
	wg := &sync.WaitGroup{}
	for _, t := range targets {
		wg.Add(1)
		go func(target string) { // ok MEM001
			defer wg.Done()
			audit(target + r.URL.Path)
		}(t)
	}
	return wg
}

func handleChecks(w http.ResponseWriter, r *http.Request) {
	fanOutChecks(r, []string{"a", "b"}).Wait()
	w.WriteHeader(http.StatusOK)
}

// Client code is never a handler: forward gets an outgoing request built from
// the incoming one and sends it with Client.Do under a timeout.
func (s *exportService) forward(req *http.Request) (*http.Response, error) {
	type result struct {
		resp *http.Response
		err  error
	}
	ch := make(chan result, 1)
	go func() { // ok MEM001
		resp, err := s.client.Do(req)
		ch <- result{resp, err}
	}()
	select {
	case res := <-ch:
		return res.resp, res.err
	case <-time.After(30 * time.Second):
		return nil, context.DeadlineExceeded
	}
}

func (s *exportService) handleProxy(w http.ResponseWriter, r *http.Request) {
	resp, err := s.forward(r.WithContext(context.Background()))
	if err != nil {
		w.WriteHeader(http.StatusBadGateway)
		return
	}
	defer resp.Body.Close()
	_, _ = io.Copy(w, resp.Body)
}
