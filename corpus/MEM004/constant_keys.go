package mem004

import (
	"bytes"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"time"
)

// A store under a constant key (a literal or a named constant) overwrites one slot:
// the map cannot grow past the number of constants in the code. A map composite
// literal is a fixed table. Neither is a sink, whatever the function captures.
// The look-alikes below use keys computed at run time and stay findings.

// Store is what the route tables below close over.
type Store struct {
	dsn string
}

// Ping reports whether the store answers.
func (s *Store) Ping() error { return nil }

// Authenticator checks credentials.
type Authenticator struct {
	realm string
}

// Login is an http.HandlerFunc-shaped method.
func (a *Authenticator) Login(w http.ResponseWriter, r *http.Request) {
	fmt.Fprintln(w, a.realm, r.URL.Path)
}

// APIServer.routes has no delete, clear or reassignment anywhere.
type APIServer struct {
	routes map[string]http.HandlerFunc
}

const routeMetrics = "/metrics"

// Route table keyed by literals and a named constant: each store overwrites one slot.
func (s *APIServer) mountRoutes(store *Store, auth *Authenticator) {
	s.routes["/healthz"] = func(w http.ResponseWriter, r *http.Request) { // ok MEM004
		if err := store.Ping(); err != nil {
			http.Error(w, err.Error(), http.StatusServiceUnavailable)
		}
	}
	s.routes["/login"] = auth.Login                                                     // ok MEM004
	s.routes[routeMetrics] = func(w http.ResponseWriter, r *http.Request) { _ = store } // ok MEM004
}

// Look-alike: the route path comes from the caller, one slot per distinct path.
func (s *APIServer) mountProxy(path string, upstream *Store) {
	s.routes[path] = func(w http.ResponseWriter, r *http.Request) { _ = upstream.Ping() } // want MEM004
}

// Look-alike: a key built with fmt.Sprintf at run time.
func (s *APIServer) mountTenant(tenant string, store *Store) {
	s.routes[fmt.Sprintf("/t/%s/health", tenant)] = func(w http.ResponseWriter, r *http.Request) { // want MEM004
		_ = store.Ping()
	}
}

// Typed string constants, as event buses use them.
type EventType string

const (
	EventConnect    EventType = "connect"
	EventDisconnect EventType = "disconnect"
)

// Session is what connection callbacks keep.
type Session struct {
	id  string
	buf []byte
}

// EventBus.handlers is never deleted from.
type EventBus struct {
	handlers map[EventType]func()
}

// Typed named constants as keys: two slots, however often it runs.
func (b *EventBus) watchSession(sess *Session) {
	b.handlers[EventConnect] = func() { logLine(sess.id) }           // ok MEM004
	b.handlers[EventDisconnect] = func() { sess.buf = sess.buf[:0] } // ok MEM004
}

// Look-alike: the event type is a parameter of type EventType, not a constant.
func (b *EventBus) on(evt EventType, sess *Session) {
	b.handlers[evt] = func() { logLine(sess.id) } // want MEM004
}

// Stage is an iota enum.
type Stage int

const (
	StageParse Stage = iota
	StageValidate
	StageCommit
)

// Document is what pipeline stages operate on.
type Document struct {
	body []byte
}

// Pipeline stage functions keyed by iota constants (implicitly typed StageValidate too).
var stageFuncs = map[Stage]func() error{}

// Constants from an iota block as keys: one slot per stage.
func configureStages(doc *Document) {
	stageFuncs[StageParse] = func() error { return nil }                  // ok MEM004
	stageFuncs[StageValidate] = func() error { _ = doc.body; return nil } // ok MEM004
	stageFuncs[StageCommit] = func() error { _ = doc.body; return nil }   // ok MEM004
}

// Look-alike: the stage is computed from a loop counter.
func configureStageRange(doc *Document, n int) {
	for i := 0; i < n; i++ {
		// level: error
		stageFuncs[Stage(i)] = func() error { _ = doc.body; return fmt.Errorf("stage %d", i) } // want MEM004
	}
}

// tagFunc renders one log tag.
type tagFunc func(buf *bytes.Buffer)

// LoggerConfig is the user's logger configuration.
type LoggerConfig struct {
	TimeLayout string
	Prefix     string
	Headers    []string
}

// AccessLogger renders access-log lines from a tag table.
type AccessLogger struct {
	tags map[string]tagFunc
}

const tagPrefix = "header:"

// A logger's tag table filled from its configuration: constant keys, constant
// expressions and a map literal. The table has a fixed size.
func newAccessLogger(cfg LoggerConfig, req *http.Request) *AccessLogger {
	l := &AccessLogger{tags: map[string]tagFunc{
		"prefix": func(buf *bytes.Buffer) { buf.WriteString(cfg.Prefix) }, // ok MEM004
	}}
	l.tags["time_rfc3339"] = func(buf *bytes.Buffer) { buf.WriteString(time.Now().Format(cfg.TimeLayout)) } // ok MEM004
	l.tags[tagPrefix+"host"] = func(buf *bytes.Buffer) { buf.WriteString(req.Host) }                        // ok MEM004
	l.tags[("method")] = func(buf *bytes.Buffer) { buf.WriteString(req.Method) }                            // ok MEM004
	return l
}

// Look-alike: one tag per configured header, keyed by a loop variable.
func (l *AccessLogger) addHeaderTags(cfg LoggerConfig, req *http.Request) {
	for _, h := range cfg.Headers {
		// level: error
		l.tags[tagPrefix+h] = func(buf *bytes.Buffer) { buf.WriteString(req.Header.Get(h)) } // want MEM004
	}
}

// Local constants and another package's constants as keys.
var methodHandlers = map[string]func() int{}

func registerMethodHandlers(limits []int) {
	const fallback = "*"
	methodHandlers[http.MethodGet] = func() int { return len(limits) } // ok MEM004
	methodHandlers[fallback] = func() int { return cap(limits) }       // ok MEM004
}

// Escapers keyed by rune literals: a fixed alphabet.
var escapers = map[rune]func(*strings.Builder){}

func configureEscapers(ampersand string) {
	escapers['&'] = func(b *strings.Builder) { b.WriteString(ampersand) } // ok MEM004
}

// A sync.Map Store under a constant key overwrites one slot.
var configWatchers sync.Map

func watchTLSConfig(cfg *LoggerConfig) {
	configWatchers.Store("tls", func() { logLine(cfg.Prefix) }) // ok MEM004
}

// Look-alike: a sync.Map keyed by the caller's name.
func watchConfig(name string, cfg *LoggerConfig) {
	configWatchers.Store(name, func() { logLine(cfg.Prefix) }) // want MEM004
}

// Test-style configuration table: a map literal, returned. Even the entry keyed by
// names[0] is one entry of a table of fixed size.
func fixtureLoaders(dir string, names []string) map[string]func() []byte {
	loaders := map[string]func() []byte{
		"default": func() []byte { return []byte(dir) }, // ok MEM004
		names[0]:  func() []byte { return []byte(dir) }, // ok MEM004
	}
	return loaders
}
