// Package consumer: go.mod says go 1.23, whose runtime collects a timer as
// soon as nothing references it, so the rule is silent.
package consumer

import "time"

type Consumer struct {
	messages chan []byte
	idle     time.Duration
	handle   func([]byte)
}

// An idle timeout per message.
func (c *Consumer) Run() {
	for {
		select {
		case m := <-c.messages:
			c.handle(m)
		case <-time.After(c.idle): // ok MEM008
			return
		}
	}
}

// A send timeout per message.
func (c *Consumer) Forward(out chan<- []byte) {
	for m := range c.messages {
		select {
		case out <- m:
		case <-time.After(c.idle): // ok MEM008
		}
	}
}
