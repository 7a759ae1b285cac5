package mem008

import (
	"log"
	"time"
)

type Event struct {
	Kind string
}

type Fanout struct {
	subscribers []chan Event
	sendTimeout time.Duration
	dropped     int
}

// A send timeout per subscriber per event.
func (f *Fanout) Publish(e Event) {
	for _, sub := range f.subscribers {
		select {
		case sub <- e:
		case <-time.After(f.sendTimeout): // want MEM008
			f.dropped++
		}
	}
}

// A timeout per exit notification, in a range loop (the select falls through).
func (f *Fanout) Notify(events []Event, done func(Event) <-chan struct{}) {
	for _, e := range events {
		select {
		case <-done(e):
		case <-time.After(f.sendTimeout): // want MEM008
			log.Printf("slow subscriber for %s", e.Kind)
		}
	}
}

// time.After kept in a variable per iteration: whoever holds it may never receive.
func (f *Fanout) Forward(in <-chan Event, out chan<- Event) {
	for e := range in {
		timeout := time.After(f.sendTimeout) // want MEM008
		select {
		case out <- e:
		case <-timeout:
			f.dropped++
		}
	}
}

// Inside an if in the loop body.
func (f *Fanout) Relay(in <-chan Event, out chan<- Event, slow bool) {
	for e := range in {
		if slow {
			select {
			case out <- e:
			case <-time.After(f.sendTimeout): // want MEM008
			}
			continue
		}
		out <- e
	}
}

// An inner loop: the case goes on in the inner loop.
func (f *Fanout) Batches(batches [][]Event, out chan<- Event) {
	for _, b := range batches {
		for _, e := range b {
			select {
			case out <- e:
			case <-time.After(f.sendTimeout): // want MEM008
				f.dropped++
			}
		}
	}
}
