package mem004

import "sync"

// Loop-variable captures. The corpus module is go 1.21 (< 1.22), so a closure that
// captures a for/range loop variable shares the loop's last value: level error.
// ../MEM004/go122 has the same shapes at level warning.

var (
	retryFuncs   = map[int]func() int{}
	stepFuncs    = map[string]func(){}
	shardLoaders sync.Map
	copiedSteps  = map[string]func(){}
)

// Three-clause for loop: F captures i, the loop variable (go 1.21: level error).
func registerRetries(n int) {
	for i := 0; i < n; i++ {
		// level: error
		retryFuncs[i] = func() int { return i * 2 } // want MEM004
	}
}

// Range value variable captured by F (go 1.21: level error).
func registerSteps(steps []string) {
	for _, step := range steps {
		// level: error
		stepFuncs[step] = func() { logLine(step) } // want MEM004
	}
}

// Range key and value captured by F stored with sync.Map.Store (go 1.21: level error).
func registerShards(shards map[string]*payload) {
	for key, p := range shards {
		// level: error
		shardLoaders.Store(key, func() { logLine(key); process(p) }) // want MEM004
	}
}

// Fleet.builders is a field with no cleanup anywhere.
type Fleet struct {
	builders map[int]func() *Worker
}

// Field sink inside a range loop; F captures the range value name (go 1.21: level error).
func (f *Fleet) Build(names []string) {
	for i, name := range names {
		// level: error
		f.builders[i] = func() *Worker { return &Worker{name: name} } // want MEM004
	}
}

// Per-iteration copy `step := step`: F captures the copy (a local, not a loop variable) and the
// parameter label, so level warning even at go 1.21.
func registerCopiedSteps(label string, steps []string) {
	for _, step := range steps {
		step := step
		// level: warning
		copiedSteps[step] = func() { logLine(label + step) } // want MEM004
	}
}

var stepEchoes = map[string]func(){}

// F captures only the per-iteration copy step, which is also its key: the map holds step
// already, so the closure keeps nothing else alive (testscript's scriptCmds[name]).
func registerStepEchoes(steps []string) {
	for _, step := range steps {
		step := step
		stepEchoes[step] = func() { logLine(step) } // ok MEM004
	}
}

var workerLoops = map[string]func(){}

// Method value w.Run with a pointer receiver on the range variable w (a Worker value): it binds &w,
// the one loop variable before Go 1.22 (level error).
func registerWorkerLoop(workers []Worker) {
	for _, w := range workers {
		// level: error
		workerLoops[w.name] = w.Run // want MEM004
	}
}

var workerNames = map[string]func() string{}

// Method value w.Name with a value receiver binds a copy of w: not shared, level warning.
func registerWorkerNames(workers []Worker) {
	for _, w := range workers {
		// level: warning
		workerNames[w.name] = w.Name // want MEM004
	}
}
