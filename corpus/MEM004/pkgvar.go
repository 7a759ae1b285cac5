package mem004

import (
	"io"
	"strings"
)

// Package-level maps. Those written with capturing closures below have no delete,
// clear or reassignment anywhere in the package unless the case says otherwise.
var (
	pluginHooks   = map[string]func(){}
	eventHandlers = make(map[string]func(string))
	workerRuns    = map[string]func(){}
	nameGetters   = map[string]func() string{}
	closerFuncs   = map[string]func() error{}
	nestedGetters = map[string]func() string{}
	retryHandlers = map[string]func() error{}
)

// Cleanup targets: each is written with a capturing closure, but the package has a
// cleanup path for it (in cleanup.go / cleanup_clear.go).
var (
	watchers      = map[string]func(){}
	metricHooks   = map[string]func() int{}
	reloadHooks   = make(map[string]func())
	shutdownHooks = make(map[string]func())
	profileHooks  map[string]func() string
)

// Sink M[k] = F on a package var; F captures parameter buf (otherpkg's delete of its own pluginHooks does not count here).
func registerPlugin(name string, buf *payload) {
	pluginHooks[name] = func() { process(buf) } // want MEM004
}

// Sink M[k] = F on a package var; F captures prefix, a local of the enclosing function.
func onEvent(topic string, depth int) {
	prefix := strings.Repeat("#", depth)
	eventHandlers[topic] = func(msg string) { logLine(prefix + msg) } // want MEM004
}

// F is a method value w.Run on a resolved *Worker parameter: it binds w.
func registerWorker(w *Worker) {
	workerRuns[w.name] = w.Run // want MEM004
}

// F is a method value w.Name on a local of resolved type Worker (composite literal): it binds a copy of w.
func registerNameOf(name string, queue []string) {
	w := Worker{name: name, queue: queue}
	nameGetters[name] = w.Name // want MEM004
}

// F is a method value c.Close on a parameter of resolved interface type io.Closer: it binds c.
func registerCloser(name string, c io.Closer) {
	closerFuncs[name] = c.Close // want MEM004
}

// F captures label, a parameter of the enclosing function literal add (a variable of an enclosing
// function), and prefix, a parameter of registerNested.
func registerNested(prefix string, labels []string) {
	add := func(label string) {
		nestedGetters[label] = func() string { return prefix + strings.ToUpper(label) } // want MEM004
	}
	for _, l := range labels {
		add(l)
	}
}

// Multi-line F: the finding is on the assignment's first line; F captures conn and attempts.
func registerRetry(name string, conn *Conn, attempts int) {
	retryHandlers[name] = func() error { // want MEM004
		for i := 0; i < attempts; i++ {
			logLine(conn.id)
		}
		return conn.Close()
	}
}

// Capturing closure, but watchers has a delete in another file (cleanup.go): cleanup path, no finding.
func watch(name string, p *payload) {
	watchers[name] = func() { process(p) } // ok MEM004
}

// Capturing closure, but metricHooks is clear()ed in cleanup_clear.go: cleanup path, no finding.
func registerMetric(name string, samples []int) {
	metricHooks[name] = func() int { return len(samples) } // ok MEM004
}

// Capturing closure, but reloadHooks is reassigned with make(...) in cleanup.go: cleanup path, no finding.
func onReload(name string, p *payload) {
	reloadHooks[name] = func() { process(p) } // ok MEM004
}

// Capturing closure, but shutdownHooks is reassigned to nil in cleanup.go: cleanup path, no finding.
func onShutdown(name string, c *Conn) {
	shutdownHooks[name] = func() { _ = c.Close() } // ok MEM004
}

// Map-literal entry capturing user: a map composite literal is a fixed table, never a sink
// (profileHooks is also set to nil in cleanup.go).
func loadProfile(user string) {
	profileHooks = map[string]func() string{
		"user": func() string { return user }, // ok MEM004
	}
}

// HandlerFunc is a same-package named func type.
type HandlerFunc func()

var typedHandlers = map[string]HandlerFunc{}

// F is a function literal converted to the same-package func type HandlerFunc; it captures p.
func registerTyped(name string, p *payload) {
	typedHandlers[name] = HandlerFunc(func() { process(p) }) // want MEM004
}

var aliasHooks = map[string]func(){}

// Capturing closure, but dropAliasHook deletes from aliasHooks through a local alias: no finding.
func registerAliasHook(name string, p *payload) {
	aliasHooks[name] = func() { process(p) } // ok MEM004
}

var helperHooks = map[string]func(){}

// Capturing closure, but resetHelperHooks passes helperHooks to dropAllHooks, which deletes from it: no finding.
func registerHelperHook(name string, p *payload) {
	helperHooks[name] = func() { process(p) } // ok MEM004
}

var topicLabels = map[string]func() string{}

// F captures only the key topic: the map already holds it, so nothing else stays alive.
func registerTopicLabel(topic string) {
	topicLabels[topic] = func() string { return strings.ToUpper(topic) } // ok MEM004
}

var topicRenderers = map[string]func() string{}

// Look-alike: F captures the key topic and the parameter body, which only the closure keeps.
func registerTopicRenderer(topic string, body []byte) {
	topicRenderers[topic] = func() string { return topic + string(body) } // want MEM004
}
