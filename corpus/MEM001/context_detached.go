//go:build go1.21

package mem001

// context.WithoutCancel (Go 1.21): the go1.21 tag keeps Go 1.19 from compiling
// this file; the analyzer ignores build tags and reads it.

import (
	"context"
	"net/http"
	"time"
)

// Not tainted: context.WithoutCancel(r.Context()) is explicitly detached (Go 1.21).
func detachedWithoutCancel(w http.ResponseWriter, r *http.Request) {
	ctx := context.WithoutCancel(r.Context())
	go work(ctx) // ok MEM001
	w.WriteHeader(http.StatusAccepted)
}

// Not tainted: a timeout derived from the detached context, not from the request one; cancel is handed over.
func timeoutFromDetached(w http.ResponseWriter, r *http.Request) {
	ctx, cancel := context.WithTimeout(context.WithoutCancel(r.Context()), time.Minute)
	go workThenCancel(ctx, cancel) // ok MEM001
	w.WriteHeader(http.StatusAccepted)
}

// Look-alike of a request-end hook: a detached context is never done with the
// request (its Done is nil), so the goroutine waits forever holding w.
func detachedHookNeverEnds(w http.ResponseWriter, r *http.Request) {
	detached := context.WithoutCancel(r.Context())
	go func() { // want MEM001
		<-detached.Done()
		w.WriteHeader(http.StatusGone)
	}()
	w.WriteHeader(http.StatusAccepted)
}
