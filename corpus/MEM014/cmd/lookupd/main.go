// Command lookupd is a service: its package main listens and serves, so a
// goroutine it strands piles up for the life of the process.
package main

import (
	"fmt"
	"log"
	"net/http"
	"time"
)

func fetchProfile(id string) string {
	time.Sleep(20 * time.Millisecond)
	return "profile " + id
}

// profile gives up after a timeout and strands the fetcher on its send.
func profile(w http.ResponseWriter, r *http.Request) {
	id := r.URL.Query().Get("id")
	result := make(chan string)
	go func() { // want MEM014
		result <- fetchProfile(id)
	}()
	select {
	case p := <-result:
		fmt.Fprintln(w, p)
	case <-time.After(5 * time.Millisecond):
		http.Error(w, "timeout", http.StatusGatewayTimeout)
	}
}

func main() {
	http.HandleFunc("/profile", profile)
	log.Fatal(http.ListenAndServe("127.0.0.1:8080", nil))
}
