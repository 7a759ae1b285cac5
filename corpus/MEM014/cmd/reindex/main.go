// Command reindex runs once and exits: a goroutine it strands on a timeout ends
// with the process a moment later, so it is not reported.
package main

import (
	"fmt"
	"os"
	"time"
)

func rebuild(path string) error {
	time.Sleep(20 * time.Millisecond)
	_, err := os.Stat(path)
	return err
}

func main() {
	done := make(chan error)
	go func() { // ok MEM014
		done <- rebuild(os.Args[0])
	}()
	select {
	case err := <-done:
		fmt.Println("rebuilt:", err)
	case <-time.After(time.Second):
		fmt.Println("gave up")
	}
}
