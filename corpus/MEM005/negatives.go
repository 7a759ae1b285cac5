package mem005

import "unsafe"

// Plain integers (not pointer-derived) stored into the same kinds of places that
// are flagged for pointer-derived values.

var (
	lastSize   uintptr
	sizeByName = map[string]uintptr{}
)

// Package variable set to a size.
func recordSize(p *node) {
	lastSize = unsafe.Sizeof(*p) // ok MEM005
}

// Struct field set to a length.
func setSize(e *entry, b []byte) {
	e.size = uintptr(len(b)) // ok MEM005
}

// Map element set to a size.
func rememberSize(name string, b []byte) {
	sizeByName[name] = uintptr(cap(b)) // ok MEM005
}

// Slice elements set to indexes.
func fillIndexes(slots []uintptr) {
	for i := range slots {
		slots[i] = uintptr(i) // ok MEM005
	}
}

// Struct field set to an offset (a constant, not an address).
func setValOffset(e *entry) {
	e.ref = unsafe.Offsetof(node{}.val) // ok MEM005
}
