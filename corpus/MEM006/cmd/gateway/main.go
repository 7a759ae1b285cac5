// Command gateway: func init runs once per process as well.
package main

import (
	"context"
	"time"
)

var warm context.Context

func init() {
	warm, _ = context.WithTimeout(context.Background(), time.Minute) // ok MEM006 differs: lostcancel
}

func main() {
	<-warm.Done()
}
