// Command migrate: contexts made in func main live until the process exits a
// moment later, so a discarded cancel there holds nothing worth a change.
package main

import (
	"context"
	"log"
	"net/http"
	"time"
)

func migrate(ctx context.Context) error {
	<-ctx.Done()
	return ctx.Err()
}

func main() {
	ctx, _ := context.WithTimeout(context.Background(), 30*time.Second) // ok MEM006 differs: lostcancel
	if err := migrate(ctx); err != nil {
		log.Print(err)
	}
	srv := &http.Server{Addr: "127.0.0.1:8082"}
	go srv.ListenAndServe()
	for _, step := range []string{"a", "b"} {
		stepCtx, _ := context.WithTimeout(ctx, time.Second) // want MEM006
		_ = migrate(stepCtx)
		log.Print(step)
	}
	shutdown, _ := context.WithTimeout(context.Background(), 5*time.Second) // ok MEM006 differs: lostcancel
	_ = srv.Shutdown(shutdown)
}

// poll runs for every request: its discarded cancel is a leak per call.
func poll(w http.ResponseWriter, r *http.Request) {
	ctx, _ := context.WithTimeout(r.Context(), time.Second) // want MEM006
	_ = migrate(ctx)
}
