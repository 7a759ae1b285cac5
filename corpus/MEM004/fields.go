package mem004

// Struct-field maps. Constructors initialise the fields inside composite literals,
// which the contract says is not a reassignment (so not a cleanup path).

// Server.routes has no delete/clear/reassignment anywhere in the package.
type Server struct {
	name   string
	routes map[string]func() string
}

// NewServer initialises routes in a composite literal: not a reassignment.
func NewServer(name string) *Server {
	return &Server{name: name, routes: make(map[string]func() string)}
}

// Sink s.routes[k] = F on a struct field; F captures the parameter body.
func (s *Server) Handle(path string, body []byte) {
	s.routes[path] = func() string { return string(body) } // want MEM004
}

// Field sink with a method value w.Name on a resolved Worker parameter: it binds w.
func (s *Server) HandleName(path string, w Worker) {
	s.routes[path] = w.Name // want MEM004
}

// Bus.subs: field of a struct reached through a non-receiver parameter of resolved type *Bus.
type Bus struct {
	subs map[string]func()
}

// NewBus initialises subs in a composite literal: not a reassignment.
func NewBus() *Bus { return &Bus{subs: map[string]func(){}} }

// Field sink through parameter b; F captures topic and fn, parameters of the enclosing function.
func subscribe(b *Bus, topic string, fn func(string)) {
	b.subs[topic] = func() { fn(topic) } // want MEM004
}

// Scheduler.jobs and Janitor.jobs share a field name; only Janitor.jobs is deleted (cleanup.go).
type Scheduler struct {
	jobs map[string]func()
}

// Janitor has a jobs field too; its Done method deletes from it.
type Janitor struct {
	jobs map[string]func()
}

// NewScheduler initialises jobs in a composite literal: not a reassignment.
func NewScheduler() *Scheduler { return &Scheduler{jobs: map[string]func(){}} }

// NewJanitor initialises jobs in a composite literal: not a reassignment.
func NewJanitor() *Janitor { return &Janitor{jobs: map[string]func(){}} }

// A delete on Janitor.jobs (a different struct type with the same field name) is no cleanup for Scheduler.jobs: finding.
func (s *Scheduler) Schedule(id string, p *payload) {
	s.jobs[id] = func() { process(p) } // want MEM004
}

// Same shape on Janitor.jobs, which Janitor.Done deletes from: cleanup path, no finding.
func (j *Janitor) Schedule(id string, p *payload) {
	j.jobs[id] = func() { process(p) } // ok MEM004
}

// Router.pages is set in a constructor composite literal whose map literal holds the closures.
type Router struct {
	pages map[string]func() string
}

// Map-literal entries assigned to field Router.pages in a constructor: a map composite literal
// is a fixed table, never a sink, although "title" captures the parameter title.
func NewRouter(title string) *Router {
	return &Router{pages: map[string]func() string{
		"title":  func() string { return title },    // ok MEM004
		"static": func() string { return "static" }, // ok MEM004
	}}
}

// Cache.loaders is deleted from in cleanup.go (same struct type, same field).
type Cache struct {
	loaders map[string]func() []byte
}

// Map-literal entry in a constructor capturing seed, but Cache.loaders has a delete (cleanup.go): no finding.
func NewCache(seed []byte) *Cache {
	return &Cache{loaders: map[string]func() []byte{
		"seed": func() []byte { return seed }, // ok MEM004
	}}
}

// Capturing closure stored in Cache.loaders, which Cache.Evict deletes from: no finding.
func (c *Cache) Register(key string, p *payload) {
	c.loaders[key] = func() []byte { return p.data } // ok MEM004
}

// Pipeline.stages is clear()ed in cleanup_clear.go (same struct type, same field).
type Pipeline struct {
	stages map[string]func([]byte) []byte
}

// Capturing closure stored in Pipeline.stages, which resetPipeline clears: no finding.
func (p *Pipeline) AddStage(name string, suffix []byte) {
	p.stages[name] = func(in []byte) []byte { return append(in, suffix...) } // ok MEM004
}

// Mux.hooks is reassigned with make(...) in cleanup.go (same struct type, same field).
type Mux struct {
	hooks map[string]func()
}

// Capturing closure stored in Mux.hooks, which Mux.Reset reassigns: no finding.
func (m *Mux) On(name string, c *Conn) {
	m.hooks[name] = func() { logLine(c.id) } // ok MEM004
}

// Emitter.callbacks is set to nil in cleanup.go (same struct type, same field).
type Emitter struct {
	callbacks map[string]func()
}

// Method value stored in Emitter.callbacks, which Emitter.Close sets to nil: no finding.
func (e *Emitter) Listen(name string, w *Worker) {
	e.callbacks[name] = w.Run // ok MEM004
}

// Relay.routes is deleted from through a local alias (cleanup.go).
type Relay struct {
	routes map[string]func()
}

// Capturing closure stored in Relay.routes, which Relay.Drop deletes from via m := r.routes: no finding.
func (r *Relay) Route(id string, p *payload) {
	r.routes[id] = func() { process(p) } // ok MEM004
}
