package mem014

import (
	"context"
	"sync"
	"time"
)

// Session is one live client connection; closing it flushes for a while.
type Session struct {
	id    string
	flush time.Duration
}

func (s *Session) Close() error {
	if s != nil {
		time.Sleep(s.flush)
	}
	return nil
}

// SessionHub holds the live sessions of one shard (centrifuge's connShard shape).
type SessionHub struct {
	mu       sync.RWMutex
	sessions map[string]*Session
}

// snapshot copies the sessions into a slice that starts empty and grows by append.
func (h *SessionHub) snapshot() []*Session {
	h.mu.RLock()
	defer h.mu.RUnlock()
	out := make([]*Session, 0, len(h.sessions))
	for _, s := range h.sessions {
		out = append(out, s)
	}
	return out
}

// Shutdown closes every session with at most cap(sem) at once and gives up when
// ctx ends. The buffer holds one send per session and one goroutine starts per
// session, so no sender blocks even when Shutdown returns early.
func (h *SessionHub) Shutdown(ctx context.Context, sem chan struct{}) error {
	h.mu.RLock()
	sessions := make([]*Session, 0, len(h.sessions))
	for _, s := range h.sessions {
		sessions = append(sessions, s)
	}
	h.mu.RUnlock()

	closed := make(chan struct{}, len(sessions))
	if len(sessions) == 0 {
		return nil
	}
	for _, s := range sessions {
		select {
		case sem <- struct{}{}:
		case <-ctx.Done():
			return ctx.Err()
		}
		go func(s *Session) { // ok MEM014
			defer func() { <-sem }()
			defer func() { closed <- struct{}{} }()
			_ = s.Close()
		}(s)
	}
	for finished := 0; finished < len(sessions); {
		select {
		case <-closed:
			finished++
		case <-ctx.Done():
			return ctx.Err()
		}
	}
	return nil
}

// ShutdownTwice sends two notifications per session into a buffer of one per
// session: once ctx ends, half the senders block forever.
func (h *SessionHub) ShutdownTwice(ctx context.Context) error {
	sessions := h.snapshot()
	sessions = append(sessions, nil)
	closed := make(chan struct{}, len(sessions))
	for _, s := range sessions {
		go func(s *Session) { // want MEM014
			_ = s.Close()
			closed <- struct{}{}
			closed <- struct{}{}
		}(s)
	}
	for range sessions {
		select {
		case <-closed:
		case <-ctx.Done():
			return ctx.Err()
		}
	}
	return nil
}

// ShutdownFixed sizes the batch with make: the slice is never appended to, so
// its length is the buffer's.
func (h *SessionHub) ShutdownFixed(ctx context.Context, n int) error {
	batch := make([]*Session, n)
	closed := make(chan struct{}, n)
	for _, s := range batch {
		go func(s *Session) { // ok MEM014
			_ = s
			closed <- struct{}{}
		}(s)
	}
	select {
	case <-closed:
	case <-ctx.Done():
		return ctx.Err()
	}
	return nil
}
