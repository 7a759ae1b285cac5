// Command compactor serves a status page, but its func main starts one ticker
// for the life of the process: nothing a Stop would save.
package main

import (
	"log"
	"net/http"
	"time"
)

func compact() {}

func main() {
	go func() { log.Fatal(http.ListenAndServe("127.0.0.1:8083", nil)) }()
	t := time.NewTicker(time.Minute) // ok MEM007
	for i := 0; i < 3; i++ {
		<-t.C
		compact()
	}
	for _, shard := range []string{"a", "b"} {
		per := time.NewTicker(2 * time.Second) // want MEM007
		<-per.C
		log.Print(shard)
	}
}
