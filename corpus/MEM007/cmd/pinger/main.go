// Command pinger: time.Tick in package main lives as long as the process anyway.
package main

import (
	"log"
	"net"
	"time"
)

func main() {
	for range time.Tick(10 * time.Second) { // ok MEM007
		conn, err := net.DialTimeout("tcp", "localhost:8080", time.Second)
		if err != nil {
			log.Print(err)
			continue
		}
		conn.Close()
	}
}

// A command runs once and exits: its tickers are not flagged either.
func probe(addr string, every time.Duration) error {
	t := time.NewTicker(every) // ok MEM007
	for range t.C {
		conn, err := net.DialTimeout("tcp", addr, time.Second)
		if err != nil {
			return err
		}
		conn.Close()
	}
	return nil
}
