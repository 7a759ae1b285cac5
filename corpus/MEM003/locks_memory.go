package mem003

import (
	"context"
	"log"
	"net"
	"runtime"
	"sync"
)

// Locks that only guard memory: every critical section of the mutex is short,
// so a finalizer taking it waits nanoseconds, not for I/O (RULES.md MEM003).

// From the Go standard library (internal/intern): a package-level mutex that only
// guards a map; the finalizer deletes the entry under it.
var (
	internMu  sync.Mutex
	internMap = map[string]uintptr{}
)

type internValue struct {
	key         string
	resurrected bool
}

func internGet(k string) *internValue {
	internMu.Lock()
	defer internMu.Unlock()
	v := &internValue{key: k}
	runtime.SetFinalizer(v, finalizeIntern) // ok MEM003
	return v
}

func finalizeIntern(v *internValue) {
	internMu.Lock()
	defer internMu.Unlock()
	if v.resurrected {
		v.resurrected = false
		runtime.SetFinalizer(v, finalizeIntern) // ok MEM003
		return
	}
	delete(internMap, v.key)
}

// From the Go standard library (net/http transport_test.go countingDialer): the
// dial happens before the lock; the lock guards two counters.
type countingDialer struct {
	dialer      net.Dialer
	mu          sync.Mutex
	total, live int64
}

type countedConn struct {
	net.Conn
}

func (d *countingDialer) DialContext(ctx context.Context, network, address string) (net.Conn, error) {
	conn, err := d.dialer.DialContext(ctx, network, address)
	if err != nil {
		return nil, err
	}
	counted := &countedConn{Conn: conn}
	d.mu.Lock()
	defer d.mu.Unlock()
	d.total++
	d.live++
	runtime.SetFinalizer(counted, d.decrement) // ok MEM003
	return counted, nil
}

func (d *countingDialer) decrement(*countedConn) {
	d.mu.Lock()
	defer d.mu.Unlock()
	d.live--
}

// A field named mu on another struct type (guarded.mu is slow; stats.mu is not).
type stats struct {
	mu     sync.Mutex
	closed map[string]int
}

func (s *stats) record(kind string) {
	s.mu.Lock()
	s.closed[kind]++
	s.mu.Unlock()
}

func newCountedHandle(s *stats, name string) *fileHandle {
	h := &fileHandle{name: name}
	runtime.SetFinalizer(h, func(x *fileHandle) { s.record("leaked") }) // ok MEM003
	return h
}

// A mutex released before the slow work: the I/O is outside the critical section.
type sender struct {
	mu      sync.Mutex
	queue   [][]byte
	conn    net.Conn
	dropped int
}

func (s *sender) flush() error {
	s.mu.Lock()
	q := s.queue
	s.queue = nil
	s.mu.Unlock()
	for _, b := range q {
		if _, err := s.conn.Write(b); err != nil {
			return err
		}
	}
	return nil
}

func newSenderHandle(s *sender) *fileHandle {
	h := &fileHandle{name: "sender"}
	runtime.SetFinalizer(h, func(*fileHandle) { // ok MEM003
		s.mu.Lock()
		s.dropped += len(s.queue)
		s.mu.Unlock()
	})
	return h
}

// A critical section that only starts a goroutine doing the I/O does not hold the lock across it.
type notifier struct {
	mu    sync.Mutex
	conns []net.Conn
	sent  int
}

func (n *notifier) broadcast(msg []byte) {
	n.mu.Lock()
	defer n.mu.Unlock()
	for _, c := range n.conns {
		go c.Write(msg)
	}
	n.sent++
}

func newNotifierHandle(n *notifier) *fileHandle {
	h := &fileHandle{name: "notifier"}
	runtime.SetFinalizer(h, func(*fileHandle) { // ok MEM003
		n.mu.Lock()
		n.sent--
		n.mu.Unlock()
	})
	return h
}

// A mutex held across a sync.Cond Wait: Wait releases it while waiting.
type workQueue struct {
	mu    sync.Mutex
	cond  *sync.Cond
	items []string
}

func (q *workQueue) take() string {
	q.mu.Lock()
	defer q.mu.Unlock()
	for len(q.items) == 0 {
		q.cond.Wait()
	}
	it := q.items[0]
	q.items = q.items[1:]
	return it
}

func newQueueHandle(q *workQueue) *fileHandle {
	h := &fileHandle{name: "queue"}
	runtime.SetFinalizer(h, func(x *fileHandle) { // ok MEM003
		q.mu.Lock()
		q.items = append(q.items, "drop "+x.name)
		q.mu.Unlock()
		q.cond.Signal()
	})
	return h
}

// RLock on an RWMutex whose every section (read or write) is short.
type routeTable struct {
	rw     sync.RWMutex
	routes map[string]string
}

func (t *routeTable) set(k, v string) {
	t.rw.Lock()
	t.routes[k] = v
	t.rw.Unlock()
}

func newRouteHandle(t *routeTable, name string) *fileHandle {
	h := &fileHandle{name: name}
	runtime.SetFinalizer(h, func(x *fileHandle) { // ok MEM003
		t.rw.RLock()
		log.Println("route of leaked handle:", t.routes[x.name])
		t.rw.RUnlock()
	})
	return h
}
