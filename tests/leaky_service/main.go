// A small HTTP service with three kinds of stuck goroutines, for the correlate
// tests: one golint-mem flags as MEM001, one as MEM014, and one pile-up that no
// rule explains (workers blocked on a queue channel kept in a struct field).
package main

import (
	"fmt"
	"log"
	"net"
	"net/http"
	_ "net/http/pprof"
	"os"
	"time"
)

// audits is never served: every audit goroutine blocks on its send.
var audits = make(chan string)

// audit starts a goroutine that holds the request after the handler returned.
func audit(w http.ResponseWriter, r *http.Request) {
	go func() {
		audits <- r.URL.Path
	}()
	w.WriteHeader(http.StatusAccepted)
}

func slowLookup(key string) string {
	time.Sleep(50 * time.Millisecond)
	return "value of " + key
}

// lookup gives up after a timeout; the worker is then stuck on its send forever.
func lookup(w http.ResponseWriter, r *http.Request) {
	key := r.URL.Query().Get("key")
	result := make(chan string)
	go func() {
		result <- slowLookup(key)
	}()
	select {
	case v := <-result:
		fmt.Fprintln(w, v)
	case <-time.After(5 * time.Millisecond):
		http.Error(w, "timeout", http.StatusGatewayTimeout)
	}
}

type queue struct {
	jobs chan string
}

func (q *queue) push(job string) {
	q.jobs <- job
}

var jobs = &queue{jobs: make(chan string)}

// enqueue hands the job to a goroutine; nothing ever reads the queue.
func enqueue(w http.ResponseWriter, r *http.Request) {
	job := r.URL.Query().Get("job")
	go jobs.push(job)
	w.WriteHeader(http.StatusAccepted)
}

func main() {
	http.HandleFunc("/audit", audit)
	http.HandleFunc("/lookup", lookup)
	http.HandleFunc("/enqueue", enqueue)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		log.Fatal(err)
	}
	fmt.Fprintln(os.Stdout, ln.Addr().String())
	log.Fatal(http.Serve(ln, nil))
}
