// Package consumer: go.mod says go 1.22, the last version whose runtime keeps
// a timer alive until it fires, so the rule applies.
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
		case <-time.After(c.idle): // want MEM008
			return
		}
	}
}

// A send timeout per message.
func (c *Consumer) Forward(out chan<- []byte) {
	for m := range c.messages {
		select {
		case out <- m:
		case <-time.After(c.idle): // want MEM008
		}
	}
}
