//go:build go1.20

package mem001

// context.WithCancelCause (Go 1.20): the go1.20 tag keeps Go 1.19 from compiling
// this file; the analyzer ignores build tags and reads it.

import (
	"context"
	"net/http"
)

// Taint context.WithCancelCause of r.Context() (Go 1.20).
func derivedWithCancelCause(w http.ResponseWriter, r *http.Request) {
	ctx, cancel := context.WithCancelCause(r.Context())
	defer cancel(nil)
	go work(ctx) // want MEM001
	w.WriteHeader(http.StatusAccepted)
}
