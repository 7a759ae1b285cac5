package mem014

import (
	"context"
	"time"
)

// Channels that leave the spawner: whoever holds them may still serve them.

// Feed holds a subscription channel for its consumers.
type Feed struct {
	backend Backend
	updates chan string
}

// Subscribe returns the channel: the caller receives (a generator).
func (f *Feed) Subscribe(key string) <-chan string {
	ch := make(chan string)
	go func() { // ok MEM014
		v, _ := f.backend.Get(context.Background(), key)
		ch <- v
	}()
	return ch
}

// Start stores the channel in a field that Next receives from.
func (f *Feed) Start(key string) {
	updates := make(chan string)
	f.updates = updates
	go func() { // ok MEM014
		v, _ := f.backend.Get(context.Background(), key)
		updates <- v
	}()
}

// Next receives the value Start's goroutine sends.
func (f *Feed) Next() string {
	return <-f.updates
}

// await receives the one result a lookup goroutine sends.
func await(ch <-chan result) (string, error) {
	res := <-ch
	return res.value, res.err
}

// LookupAwait passes the channel to another call, which receives from it.
func (f *Feed) LookupAwait(key string) (string, error) {
	ch := make(chan result)
	go func() { // ok MEM014
		v, err := f.backend.Get(context.Background(), key)
		ch <- result{v, err}
	}()
	return await(ch)
}

// LookupDrain: on timeout a second goroutine drains the late reply.
func (f *Feed) LookupDrain(key string, d time.Duration) (string, error) {
	ch := make(chan string)
	go func() { // ok MEM014
		v, _ := f.backend.Get(context.Background(), key)
		ch <- v
	}()
	select {
	case v := <-ch:
		return v, nil
	case <-time.After(d):
		go func() { <-ch }()
		return "", ErrTimeout
	}
}
