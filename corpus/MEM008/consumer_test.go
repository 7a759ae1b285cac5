package mem008

// Test files: a test binary exits when the tests end, so timers it leaves cost nothing.

import (
	"testing"
	"time"
)

func TestConsumerHandles(t *testing.T) {
	c := &Consumer{messages: make(chan []byte, 4), idle: time.Millisecond}
	results := make(chan int, 4)
	for i := 0; i < 4; i++ {
		c.messages <- []byte("m")
		results <- i
	}
	for i := 0; i < 4; i++ {
		select {
		case <-results:
		case <-time.After(time.Second): // ok MEM008
			t.Fatal("timeout")
		}
	}
	c.Run()
}
