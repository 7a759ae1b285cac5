package mem004

import "fmt"

// Worker is a same-package type with a pointer method (Run) and a value method (Name),
// used for method values (which bind the receiver) and method expressions (which do not).
type Worker struct {
	name  string
	queue []string
}

// Run processes the worker's queue.
func (w *Worker) Run() {
	for _, q := range w.queue {
		fmt.Println(w.name, q)
	}
}

// Name returns the worker's name.
func (w Worker) Name() string { return w.name }

// Hooks is a same-package struct with func-typed fields: h.OnStart is a field value,
// not a method value.
type Hooks struct {
	OnStart func()
	OnStop  func()
}

// payload stands for the large object a closure keeps alive.
type payload struct {
	data []byte
}

// Conn is a same-package connection type with a Close method.
type Conn struct {
	id  string
	buf []byte
}

// Close releases the connection's buffer.
func (c *Conn) Close() error {
	c.buf = nil
	return nil
}

func process(p *payload) { fmt.Println(len(p.data)) }

func logLine(s string) { fmt.Println(s) }

// defaultLabel and hookCalls are package-level names: referencing them captures nothing.
const defaultLabel = "default"

var hookCalls int

func resetCounters() { hookCalls = 0 }
