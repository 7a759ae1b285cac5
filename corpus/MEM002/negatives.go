package mem002

import (
	"bytes"
	"sync"

	"golint-mem.example/corpus/MEM002/internal/extbuf"
)

// Negatives: nothing that needs a reset, an unknown type, or not a sync.Pool.

// pointPool holds *point (scalar-only struct).
var pointPool = sync.Pool{New: func() any { return new(point) }}

// Scalar-only struct (ints, a string, a bool): every field is overwritten by the next user, no buffer to reset.
func midpoint(ax, ay, bx, by int) (int, int) {
	p := pointPool.Get().(*point)
	p.x = (ax + bx) / 2
	p.y = (ay + by) / 2
	p.label = "mid"
	p.valid = true
	x, y := p.x, p.y
	pointPool.Put(p) // ok MEM002
	return x, y
}

// Scalar-only struct from a composite literal: nothing to reset.
func donatePoint(x, y int) {
	pointPool.Put(&point{x: x, y: y, label: "seed"}) // ok MEM002
}

// tokenPool holds tokens from another package.
var tokenPool = sync.Pool{New: func() any { return extbuf.NewToken(0) }}

// Unknown type: extbuf.NewToken's result is another package's (not resolved), and Token is scalar-only anyway.
func recycleToken(id int) {
	t := extbuf.NewToken(id)
	tokenPool.Put(t) // ok MEM002
}

// Unknown type (exempt by contract): extbuf.New is another package's function, so b's type is not resolved.
func stampUnresolved(s string) int {
	b := extbuf.New()
	b.WriteString(s)
	n := b.Len()
	plainPool.Put(b) // ok MEM002
	return n
}

// Unknown type: Get without a type assertion yields an unresolved value, moved between two pools untouched.
func rebalance(from, to *sync.Pool) {
	v := from.Get()
	to.Put(v) // ok MEM002
}

// freeList is a user type with a Put method, not a sync.Pool.
type freeList struct {
	items []*bytes.Buffer
}

// Put keeps the buffer for later.
func (f *freeList) Put(b *bytes.Buffer) { f.items = append(f.items, b) }

var spare freeList

// Not a sync.Pool: spare.Put is a user method, so MEM002 does not apply.
func keepSpare(s string) {
	b := new(bytes.Buffer)
	b.WriteString(s)
	spare.Put(b) // ok MEM002
}
