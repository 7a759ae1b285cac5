package mem001

// Contexts derived from the request context, and contexts that are not.

import (
	"context"
	"net/http"
	"time"
)

// Taint context.WithCancel of r.Context(): the derived context still hangs off the request.
func derivedWithCancel(w http.ResponseWriter, r *http.Request) {
	ctx, cancel := context.WithCancel(r.Context())
	defer cancel()
	go work(ctx) // want MEM001
	w.WriteHeader(http.StatusAccepted)
}

// Taint context.WithTimeout of r.Context(), captured by the literal.
func derivedWithTimeout(w http.ResponseWriter, r *http.Request) {
	ctx, cancel := context.WithTimeout(r.Context(), time.Second)
	defer cancel()
	go func() { // want MEM001
		work(ctx)
	}()
	w.WriteHeader(http.StatusAccepted)
}

// Taint context.WithDeadline of a local holding r.Context().
func derivedWithDeadline(w http.ResponseWriter, r *http.Request) {
	base := r.Context()
	ctx, cancel := context.WithDeadline(base, time.Now().Add(time.Second))
	defer cancel()
	go work(ctx) // want MEM001
	w.WriteHeader(http.StatusAccepted)
}

// Taint context.WithValue of r.Context().
func derivedWithValue(w http.ResponseWriter, r *http.Request) {
	ctx := context.WithValue(r.Context(), traceKey{}, "trace-id")
	go work(ctx) // want MEM001
	w.WriteHeader(http.StatusAccepted)
}

// Taint through two derivations: WithValue of WithTimeout of r.Context().
func derivedChain(w http.ResponseWriter, r *http.Request) {
	tctx, cancel := context.WithTimeout(r.Context(), time.Second)
	defer cancel()
	vctx := context.WithValue(tctx, traceKey{}, "trace-id")
	go func() { // want MEM001
		work(vctx)
	}()
	w.WriteHeader(http.StatusAccepted)
}

// Not tainted: context.Background() passed to the goroutine.
func backgroundContext(w http.ResponseWriter, r *http.Request) {
	go work(context.Background()) // ok MEM001
	_ = r
	w.WriteHeader(http.StatusAccepted)
}

// Not tainted: a local holding context.TODO() captured by the literal.
func todoContext(w http.ResponseWriter, r *http.Request) {
	ctx := context.TODO()
	go func() { // ok MEM001
		work(ctx)
	}()
	_ = r
	w.WriteHeader(http.StatusAccepted)
}

// Not tainted: WithTimeout of context.Background() is not derived from the request; cancel is handed over.
func timeoutFromBackground(w http.ResponseWriter, r *http.Request) {
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	go workThenCancel(ctx, cancel) // ok MEM001
	_ = r
	w.WriteHeader(http.StatusAccepted)
}
