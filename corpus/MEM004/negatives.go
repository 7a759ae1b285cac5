package mem004

import (
	"runtime"
	"sync"
)

// F forms that bind nothing, and local maps that do not escape. Every package var
// below is long-lived with no cleanup path, so only the F form (or the map's
// lifetime) decides.

var (
	startHooks    = map[string]func(){}
	stopHooks     = map[string]func(){}
	runByExpr     = map[string]func(*Worker){}
	nameByExpr    = map[string]func(Worker) string{}
	namedFuncs    = map[string]func(){}
	gcHooks       = map[string]func(){}
	pureFuncs     = map[string]func(int) int{}
	counterHooks  = map[string]func(){}
	counterMakers = map[string]func(int) func() int{}
	constFuncs    = map[string]func() int{}
	shadowFuncs   = map[string]func(string) string{}
	optionalHooks = map[string]func(){}
)

// Package-scope map literal: its function literals have no enclosing function, so they capture nothing.
var builtinCommands = map[string]func(){
	"gc":    func() { runtime.GC() }, // ok MEM004
	"reset": resetCounters,           // ok MEM004
}

// F is h.OnStart, a func-typed field of the resolved same-package struct type Hooks: binds nothing new.
func registerStartHook(name string, h Hooks) {
	startHooks[name] = h.OnStart // ok MEM004
}

// F is h.OnStop through a pointer to the same-package struct Hooks: a field value, binds nothing new.
func registerStopHook(name string, h *Hooks) {
	stopHooks[name] = h.OnStop // ok MEM004
}

// F is the method expression (*Worker).Run: binds no receiver.
func registerRunExpr(name string) {
	runByExpr[name] = (*Worker).Run // ok MEM004
}

// F is the method expression Worker.Name (value receiver): binds no receiver.
func registerNameExpr(name string) {
	nameByExpr[name] = Worker.Name // ok MEM004
}

// F is a plain same-package function name: binds nothing.
func registerNamedFunc(name string) {
	namedFuncs[name] = resetCounters // ok MEM004
}

// F is a package-qualified function name (runtime.GC): binds nothing.
func registerGC(name string) {
	gcHooks[name] = runtime.GC // ok MEM004
}

// F references only its own parameter x and its own local y.
func registerPure(name string) {
	pureFuncs[name] = func(x int) int { y := x * 2; return y } // ok MEM004
}

// F references only package-level names (hookCalls, defaultLabel, logLine).
func registerCounter(name string) {
	counterHooks[name] = func() { hookCalls++; logLine(defaultLabel) } // ok MEM004
}

// F's inner literal captures n, a local of F itself; F captures nothing of registerCounterMaker.
func registerCounterMaker(name string) {
	counterMakers[name] = func(start int) func() int { // ok MEM004
		n := start
		return func() int { n++; return n }
	}
}

// F references a constant declared in the enclosing function: a constant is not a variable, nothing is captured.
func registerConst(name string) {
	const answer = 42
	constFuncs[name] = func() int { return answer } // ok MEM004
}

// F's own parameter prefix shadows the enclosing parameter prefix: F references only its own parameter.
func registerShadowed(name, prefix string) {
	logLine(prefix)
	shadowFuncs[name] = func(prefix string) string { return prefix + "!" } // ok MEM004
}

// F is nil: nothing is stored.
func unsetOptional(name string) {
	optionalHooks[name] = nil // ok MEM004
}

// Local map that does not escape (only looked up and called): never flagged.
func dispatchOnce(op string, p *payload) {
	ops := map[string]func(){}
	ops["dump"] = func() { process(p) } // ok MEM004
	if fn, ok := ops[op]; ok {
		fn()
	}
}

// Map-literal entry in a local map that does not escape: never flagged.
func evalLocal(x int) int {
	calc := map[string]func() int{
		"double": func() int { return x * 2 }, // ok MEM004
	}
	return calc["double"]()
}

// Method value in a local map that is only ranged over: never flagged.
func runLocalWorker(w *Worker) {
	runners := make(map[string]func())
	runners[w.name] = w.Run // ok MEM004
	for _, r := range runners {
		r()
	}
}

// sync.Map local that does not escape (only ranged over): never flagged.
func storeLocalSyncMap(id string, c *Conn) int {
	var local sync.Map
	local.Store(id, func() { logLine(c.id) }) // ok MEM004
	n := 0
	local.Range(func(_, _ interface{}) bool { n++; return true })
	return n
}

// defaultWorker is a package variable: a method value on it binds a package-level name.
var defaultWorker = &Worker{name: "default"}

var defaultRuns = map[string]func(){}

// F is a method value on a package variable: it binds nothing the package does not already keep.
func registerDefaultWorker(name string) {
	defaultRuns[name] = defaultWorker.Run // ok MEM004
}

// Console.commands holds functions bound to the Console itself.
type Console struct {
	prompt   string
	commands map[string]func() string
}

// Prompt returns the console's prompt.
func (c *Console) Prompt() string { return c.prompt }

// F binds only the map's owner c (a method value on it, or a closure capturing only c): it keeps
// nothing alive that c does not already keep (self-reference, e.g. godoc's p.funcMap["x"] = p.URLForSrc).
func (c *Console) Install() {
	c.commands["prompt"] = c.Prompt                               // ok MEM004
	c.commands["upper"] = func() string { return c.prompt + "!" } // ok MEM004
}

// calc is built and used inside one function call.
type calc struct {
	ops map[string]func() int
}

// A struct built in the function (&calc{...}) that never leaves it: its field map dies with it,
// like a local map that does not escape.
func evalStruct(x int) int {
	c := &calc{ops: map[string]func() int{
		"double": func() int { return x * 2 }, // ok MEM004
	}}
	c.ops["triple"] = func() int { return x * 3 } // ok MEM004
	return c.ops["double"]() + c.ops["triple"]()
}
