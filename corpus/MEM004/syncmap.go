package mem004

import "sync"

// sync.Map sinks: M.Store(k, F).
var (
	sessions sync.Map
	tasks    = &sync.Map{}
	streams  sync.Map // Delete in cleanup.go
	pending  sync.Map // LoadAndDelete in cleanup.go
)

// Store on a package-level sync.Map; F captures the parameter c.
func openSession(id string, c *Conn) {
	sessions.Store(id, func() { logLine(c.id) }) // want MEM004
}

// Store on a package-level *sync.Map (resolved from &sync.Map{}); F is a method value binding w.
func queueTask(id string, w *Worker) {
	tasks.Store(id, w.Run) // want MEM004
}

// Hub.waiters is a sync.Map field with no Delete/LoadAndDelete anywhere.
type Hub struct {
	waiters sync.Map
}

// Store on a sync.Map struct field; F is a method value binding c.
func (h *Hub) Wait(id string, c *Conn) {
	h.waiters.Store(id, c.Close) // want MEM004
}

// Store on a sync.Map field; F captures the parameter p (multi-line literal, finding on the Store line).
func (h *Hub) WaitPayload(id string, p *payload) {
	h.waiters.Store(id, func() { // want MEM004
		process(p)
	})
}

// Store of a capturing closure, but streams.Delete exists in cleanup.go: no finding.
func openStream(id string, c *Conn) {
	streams.Store(id, func() { logLine(c.id) }) // ok MEM004
}

// Store of a capturing closure, but pending.LoadAndDelete exists in cleanup.go: no finding.
func addPending(id string, p *payload) {
	pending.Store(id, func() { process(p) }) // ok MEM004
}

// Broker.inflight is a sync.Map field that Broker.Ack deletes from (cleanup.go).
type Broker struct {
	inflight sync.Map
}

// Store on Broker.inflight, which has a Delete on the same field of the same type: no finding.
func (b *Broker) Send(id string, p *payload) {
	b.inflight.Store(id, func() { process(p) }) // ok MEM004
}

// Store on a sync.Map with a non-capturing F (a plain function name): no finding.
func registerSessionReset(id string) {
	sessions.Store(id, resetCounters) // ok MEM004
}

// auditLog has a Store method but is not a sync.Map and retains nothing.
type auditLog struct {
	count int
}

// Store only counts calls.
func (a *auditLog) Store(key string, value interface{}) { a.count++ }

var audit = &auditLog{}

// Store on a same-package type that is not sync.Map (and keeps nothing): not a sink, no finding.
func auditCallback(id string, p *payload) {
	audit.Store(id, func() { process(p) }) // ok MEM004
}
