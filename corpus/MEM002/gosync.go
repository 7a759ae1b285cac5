package mem002

import (
	"bytes"
	gosync "sync"
)

// Pools declared through the renamed import `gosync "sync"`.

// renamedPool is `var p = gosync.Pool{...}`.
var renamedPool = gosync.Pool{New: func() any { return new(bytes.Buffer) }}

// Renamed import: renamedPool is a sync.Pool; the concatenated parts stay in the buffer when put back.
func renamedConcat(parts []string) int {
	b := renamedPool.Get().(*bytes.Buffer)
	for _, p := range parts {
		b.WriteString(p)
	}
	n := b.Len()
	renamedPool.Put(b) // want MEM002
	return n
}

// renamedPtrPool is `var p = &gosync.Pool{...}`.
var renamedPtrPool = &gosync.Pool{New: func() any { return new(bytes.Buffer) }}

// Renamed import, negative: the buffer is reset before the Put.
func renamedConcatReset(parts []string) int {
	b := renamedPtrPool.Get().(*bytes.Buffer)
	for _, p := range parts {
		b.WriteString(p)
	}
	n := b.Len()
	b.Reset()
	renamedPtrPool.Put(b) // ok MEM002
	return n
}

// Renamed import, local `var lp gosync.Pool`: every iteration reuses the previous key's bytes.
func renamedLocal(keys []string) []int {
	var lp gosync.Pool
	lp.New = func() any { return new(bytes.Buffer) }
	out := make([]int, 0, len(keys))
	for _, k := range keys {
		b := lp.Get().(*bytes.Buffer)
		b.WriteString(k)
		out = append(out, b.Len())
		lp.Put(b) // want MEM002
	}
	return out
}
