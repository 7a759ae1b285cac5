//go:build go1.21

package mem002

import "sync"

// Cases using the Go 1.21 `clear` builtin (module go 1.21; excluded by older toolchains).

// clearPool holds *record.
var clearPool = sync.Pool{New: func() any { return &record{index: make(map[string]int)} }}

// Every buffer field reset: `clear(r.index)` on the map and `r.parts = r.parts[:0]` on the slice: no finding.
func tallyClear(words []string) int {
	r := clearPool.Get().(*record)
	for i, w := range words {
		r.parts = append(r.parts, w)
		r.index[w] = i
	}
	n := len(r.index)
	clear(r.index)
	r.parts = r.parts[:0]
	clearPool.Put(r) // ok MEM002
	return n
}

// Partial reset: `clear(r.index)` empties the map but parts keeps every word; the finding must name field parts.
func tallyClearPartial(words []string) int {
	r := clearPool.Get().(*record)
	for i, w := range words {
		r.parts = append(r.parts, w)
		r.index[w] = i
	}
	n := len(r.parts)
	clear(r.index)
	clearPool.Put(r) // want MEM002
	return n
}
