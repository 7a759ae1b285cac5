// Package mem004go122 is the go 1.22 half of the MEM004 loop-variable corpus: the
// nearest go.mod says go 1.22, so each iteration has its own loop variable and a
// captured loop variable is an ordinary capture (level warning, not error).
package mem004go122

import (
	"fmt"
	"sync"
)

type payload struct {
	data []byte
}

func process(p *payload) { fmt.Println(len(p.data)) }

var (
	retryFuncs   = map[int]func() int{}
	stepFuncs    = map[string]func(){}
	shardLoaders sync.Map
	doneFuncs    = map[string]func(){}
	plainFuncs   = map[string]func(string){}
)

// Three-clause for loop: F captures i and backoff; go 1.22 gives each iteration its own i (level warning).
func registerRetries(n, backoff int) {
	for i := 0; i < n; i++ {
		// level: warning
		retryFuncs[i] = func() int { return i * backoff } // want MEM004
	}
}

// Range value variable and the parameter prefix captured by F (go 1.22: level warning).
func registerSteps(prefix string, steps []string) {
	for _, step := range steps {
		// level: warning
		stepFuncs[step] = func() { fmt.Println(prefix, step) } // want MEM004
	}
}

var echoFuncs = map[string]func(){}

// F captures only its own key step: at go 1.22 each closure has its own step, and the map
// already holds step as the key, so the closure keeps nothing else alive.
func registerEchoes(steps []string) {
	for _, step := range steps {
		echoFuncs[step] = func() { fmt.Println(step) } // ok MEM004
	}
}

// Range key and value captured by F stored with sync.Map.Store (go 1.22: level warning).
func registerShards(shards map[string]*payload) {
	for key, p := range shards {
		// level: warning
		shardLoaders.Store(key, func() { fmt.Println(key); process(p) }) // want MEM004
	}
}

// Fleet.builders is a field with no cleanup anywhere.
type Fleet struct {
	builders map[int]func() string
}

// Field sink inside a range loop; F captures the range value name (go 1.22: level warning).
func (f *Fleet) Build(names []string) {
	for i, name := range names {
		// level: warning
		f.builders[i] = func() string { return name } // want MEM004
	}
}

// Loop variable captured, but the local map does not escape: never flagged.
func runSteps(steps []string) {
	local := map[string]func(){}
	for _, s := range steps {
		local[s] = func() { fmt.Println(s) } // ok MEM004
	}
	for _, fn := range local {
		fn()
	}
}

// Loop variable captured, but doneFuncs has a delete (finish below): cleanup path, no finding.
func registerDone(ids []string) {
	for _, id := range ids {
		doneFuncs[id] = func() { fmt.Println(id) } // ok MEM004
	}
}

// Cleanup path for doneFuncs.
func finish(id string) {
	delete(doneFuncs, id)
}

// Inside a loop, F references only its own parameter: no finding.
func registerPlain(names []string) {
	for _, name := range names {
		plainFuncs[name] = func(s string) { fmt.Println(s) } // ok MEM004
	}
}

type worker struct{ name string }

func (w *worker) run() { fmt.Println(w.name) }

var workerLoops = map[string]func(){}

// Method value w.run with a pointer receiver on the range variable w: per-iteration in go 1.22 (level warning).
func registerWorkerLoop(workers []worker) {
	for _, w := range workers {
		// level: warning
		workerLoops[w.name] = w.run // want MEM004
	}
}
