// Command statusd is a service: its package main serves HTTP, so a ticker each
// request starts and never stops outlives the request (before Go 1.23).
package main

import (
	"fmt"
	"log"
	"net/http"
	"time"
)

func progress(w http.ResponseWriter, r *http.Request) {
	t := time.NewTicker(100 * time.Millisecond) // want MEM007
	for i := 0; i < 3; i++ {
		<-t.C
		fmt.Fprintf(w, "step %d\n", i)
	}
}

func uptime(w http.ResponseWriter, r *http.Request) {
	for range time.Tick(time.Second) { // ok MEM007
		fmt.Fprintln(w, "alive")
		return
	}
}

func main() {
	http.HandleFunc("/progress", progress)
	http.HandleFunc("/uptime", uptime)
	log.Fatal(http.ListenAndServe("127.0.0.1:8081", nil))
}
