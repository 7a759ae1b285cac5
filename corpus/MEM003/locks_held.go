package mem003

import (
	"net"
	"net/http"
	"runtime"
	"sync"
	"time"
)

// RULES.md MEM003: `.Lock()`/`.RLock()` blocks when the package holds that mutex
// across a blocking operation somewhere (same variable, or same field of the same
// struct type). These critical sections make guarded.mu, guarded.rw, the
// package-level configMu and the embedded mutex of registry slow.

// flushTo holds g.mu across a network write (deferred Unlock: held to the end).
func (g *guarded) flushTo(conn net.Conn) error {
	g.mu.Lock()
	defer g.mu.Unlock()
	for _, it := range g.items {
		if _, err := conn.Write([]byte(it)); err != nil {
			return err
		}
	}
	return nil
}

// reload holds g.rw for writing across an HTTP request: readers queue behind it.
func (g *guarded) reload(url string) error {
	g.rw.Lock()
	resp, err := http.Get(url)
	g.rw.Unlock()
	if err != nil {
		return err
	}
	return resp.Body.Close()
}

// closeGuarded locks the finalized object's own mutex (by value): guarded.mu is
// slow (flushTo), but nobody can hold this object's mu once it is unreachable.
func closeGuarded(x *guarded) {
	x.mu.Lock()
	x.items = nil
	x.mu.Unlock()
}

func newClosedGuard() *guarded {
	g := &guarded{}
	runtime.SetFinalizer(g, closeGuarded) // ok MEM003
	return g
}

var (
	configMu  sync.Mutex
	configGen int
)

// reloadConfig sleeps between retries while holding configMu.
func reloadConfig(retries int) {
	configMu.Lock()
	defer configMu.Unlock()
	for i := 0; i < retries; i++ {
		time.Sleep(10 * time.Millisecond)
		configGen++
	}
}

// The finalizer takes the package-level configMu, which reloadConfig holds across a sleep.
func newConfigWatcher() *fileHandle {
	h := &fileHandle{name: "config"}
	runtime.SetFinalizer(h, func(x *fileHandle) { // want MEM003
		configMu.Lock()
		configGen++
		configMu.Unlock()
	})
	return h
}

// registry embeds its mutex; publish holds it across a send to subscribers.
type registry struct {
	sync.Mutex
	subs    []chan string
	entries map[string]int
}

func (r *registry) publish(ev string) {
	r.Lock()
	defer r.Unlock()
	for _, ch := range r.subs {
		ch <- ev
	}
}

// The embedded mutex (r.Lock()) is the one publish holds across channel sends.
func newRegisteredHandle(r *registry, name string) *fileHandle {
	h := &fileHandle{name: name}
	runtime.SetFinalizer(h, func(x *fileHandle) { // want MEM003
		r.Lock()
		delete(r.entries, x.name)
		r.Unlock()
	})
	return h
}

// journal's mutex is held only while appending, but the append calls a helper that waits for the disk flusher.
type journal struct {
	mu      sync.Mutex
	pending []string
	synced  chan struct{}
}

func (j *journal) waitSynced() { <-j.synced }

func (j *journal) append(rec string) {
	j.mu.Lock()
	j.pending = append(j.pending, rec)
	j.waitSynced()
	j.mu.Unlock()
}

// Transitive: the held section calls waitSynced, which receives from a channel.
func newJournaledHandle(j *journal, name string) *fileHandle {
	h := &fileHandle{name: name}
	runtime.SetFinalizer(h, func(x *fileHandle) { // want MEM003
		j.mu.Lock()
		j.pending = append(j.pending, "closed "+x.name)
		j.mu.Unlock()
	})
	return h
}

// index's mutex is held while taking journal's slow mutex: it is slow too.
type index struct {
	mu   sync.Mutex
	keys map[string]bool
	j    *journal
}

func (ix *index) put(k string) {
	ix.mu.Lock()
	defer ix.mu.Unlock()
	ix.keys[k] = true
	ix.j.mu.Lock()
	ix.j.pending = append(ix.j.pending, k)
	ix.j.mu.Unlock()
}

// A lock held while taking a slow lock is slow (index.mu waits behind journal.mu).
func newIndexedHandle(ix *index, name string) *fileHandle {
	h := &fileHandle{name: name}
	runtime.SetFinalizer(h, func(x *fileHandle) { // want MEM003
		ix.mu.Lock()
		delete(ix.keys, x.name)
		ix.mu.Unlock()
	})
	return h
}

// shard shares one mutex (a pointer) with every shard of its table: not the
// finalized object's own, so another shard's holder can keep it.
type shard struct {
	mu    *sync.Mutex
	rows  map[string][]byte
	peers []net.Conn
}

func (s *shard) replicate(key string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, c := range s.peers {
		c.Write(s.rows[key])
	}
}

// The finalized shard's mutex is a shared pointer held across network writes.
func newShard(mu *sync.Mutex) *shard {
	s := &shard{mu: mu, rows: map[string][]byte{}}
	runtime.SetFinalizer(s, func(x *shard) { // want MEM003
		x.mu.Lock()
		x.rows = nil
		x.mu.Unlock()
	})
	return s
}

// The finalized object's own mutex, but through a method value of another
// object: the finalizer's parameter is not the receiver that locks.
type tenant struct {
	mu    sync.Mutex
	conns []net.Conn
	users map[string]int
}

func (t *tenant) broadcast(msg []byte) {
	t.mu.Lock()
	defer t.mu.Unlock()
	for _, c := range t.conns {
		c.Write(msg)
	}
}

func (t *tenant) forgetUser(h *fileHandle) {
	t.mu.Lock()
	delete(t.users, h.name)
	t.mu.Unlock()
}

// t.mu is the tenant's (alive, shared) mutex, not the finalized handle's.
func newTenantHandle(t *tenant, name string) *fileHandle {
	h := &fileHandle{name: name}
	runtime.SetFinalizer(h, t.forgetUser) // want MEM003
	return h
}
