package mem004

// Local maps that escape: returned, or stored into a struct field (via a
// constructor's composite literal, which is not a reassignment of that field).

// Local map returned; F captures the parameter dir, stored under the caller's name.
func buildCommands(name, dir string) map[string]func() string {
	cmds := make(map[string]func() string)
	cmds[name] = func() string { return dir } // want MEM004
	return cmds
}

// The same local map, but under a constant key: one slot, not a sink.
func buildPwdCommand(dir string) map[string]func() string {
	cmds := make(map[string]func() string)
	cmds["pwd"] = func() string { return dir } // ok MEM004
	return cmds
}

// Local map returned as the first of two results; F is a method value binding w, keyed by w.name.
func buildActions(w *Worker) (map[string]func(), error) {
	actions := map[string]func(){}
	actions[w.name] = w.Run // want MEM004
	return actions, nil
}

// Map-literal entries assigned to a local that is returned: a map composite literal is a
// fixed table, never a sink, even though "join" captures sep.
func buildFormatters(sep string) map[string]func(a, b string) string {
	formatters := map[string]func(a, b string) string{
		"join":  func(a, b string) string { return a + sep + b }, // ok MEM004
		"first": func(a, _ string) string { return a },           // ok MEM004
	}
	return formatters
}

// Map-literal entry with a method value, in a local that is returned: a fixed table.
func buildClosers(c *Conn) map[string]func() error {
	closers := map[string]func() error{
		"close": c.Close, // ok MEM004
	}
	return closers
}

// Registry.entries is only ever set in a constructor composite literal.
type Registry struct {
	entries map[string]func()
}

// Local map stored into the struct field Registry.entries; F captures the parameter p.
func newRegistry(name string, p *payload) *Registry {
	regTable := map[string]func(){}
	regTable[name] = func() { process(p) } // want MEM004
	return &Registry{entries: regTable}
}

// evaluator is returned by its constructor.
type evaluator struct {
	ops map[string]func() int
}

// The same shapes as evalStruct (negatives.go), but the struct is returned: the store under
// the caller's op is a sink; the map literal is a fixed table.
func newEvaluator(op string, x int) *evaluator {
	e := &evaluator{ops: map[string]func() int{
		"double": func() int { return x * 2 }, // ok MEM004
	}}
	e.ops[op] = func() int { return x * 3 } // want MEM004
	return e
}
