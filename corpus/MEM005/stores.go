package mem005

import "unsafe"

// Pointer-derived uintptr stored where it outlives the expression.

var (
	lastFreed  uintptr
	lastLinked uintptr
	addrByName = map[string]uintptr{}
	addrByID   = map[int]uintptr{}
)

// Package variable: the node may be freed while lastFreed still holds its address.
func recordFree(p *node) {
	lastFreed = uintptr(unsafe.Pointer(p)) // want MEM005
}

// Struct field assignment: n.next hides the pointer from the GC.
func (n *node) link(next *node) {
	n.next = uintptr(unsafe.Pointer(next)) // want MEM005
}

// Struct field assignment of a pointer-derived value plus an offset.
func (n *node) linkVal(next *node) {
	n.next = uintptr(unsafe.Pointer(next)) + unsafe.Offsetof(next.val) // want MEM005
}

// Map element.
func remember(name string, p *node) {
	addrByName[name] = uintptr(unsafe.Pointer(p)) // want MEM005
}

// Slice element.
func fillSlots(slots []uintptr, nodes []*node) {
	for i, n := range nodes {
		slots[i] = uintptr(unsafe.Pointer(n)) // want MEM005
	}
}

// Taint through a local: a holds uintptr(unsafe.Pointer(next)) and is stored into a field.
func (n *node) linkVia(next *node) {
	a := uintptr(unsafe.Pointer(next))
	n.next = a // want MEM005
}

// Taint through a local into a package variable.
func recordLinked(p *node) {
	addr := uintptr(unsafe.Pointer(p))
	lastLinked = addr // want MEM005
}

// Taint through a local into a map element.
func rememberByID(id int, p *node) {
	addr := uintptr(unsafe.Pointer(p))
	addrByID[id] = addr // want MEM005
}
