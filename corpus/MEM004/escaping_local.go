package mem004

// Local maps that escape: returned, or stored into a struct field (via a
// constructor's composite literal, which is not a reassignment of that field).

// Local map returned; F captures the parameter dir.
func buildCommands(dir string) map[string]func() string {
	cmds := make(map[string]func() string)
	cmds["pwd"] = func() string { return dir } // want MEM004
	return cmds
}

// Local map returned as the first of two results; F is a method value binding w.
func buildActions(w *Worker) (map[string]func(), error) {
	actions := map[string]func(){}
	actions["run"] = w.Run // want MEM004
	return actions, nil
}

// Map-literal entries assigned to a local that is returned: "join" captures sep (finding), "first" captures nothing.
func buildFormatters(sep string) map[string]func(a, b string) string {
	formatters := map[string]func(a, b string) string{
		"join":  func(a, b string) string { return a + sep + b }, // want MEM004
		"first": func(a, _ string) string { return a },           // ok MEM004
	}
	return formatters
}

// Map-literal entry with a method value, in a local that is returned.
func buildClosers(c *Conn) map[string]func() error {
	closers := map[string]func() error{
		"close": c.Close, // want MEM004
	}
	return closers
}

// Registry.entries is only ever set in a constructor composite literal.
type Registry struct {
	entries map[string]func()
}

// Local map stored into the struct field Registry.entries; F captures the parameter p.
func newRegistry(p *payload) *Registry {
	regTable := map[string]func(){}
	regTable["dump"] = func() { process(p) } // want MEM004
	return &Registry{entries: regTable}
}

// evaluator is returned by its constructor.
type evaluator struct {
	ops map[string]func() int
}

// The same shapes as evalStruct (negatives.go), but the struct is returned: both sinks are long-lived.
func newEvaluator(x int) *evaluator {
	e := &evaluator{ops: map[string]func() int{
		"double": func() int { return x * 2 }, // want MEM004
	}}
	e.ops["triple"] = func() int { return x * 3 } // want MEM004
	return e
}
