package mem005

import (
	at "sync/atomic"
	u "unsafe"
)

// Renamed imports of unsafe and sync/atomic resolve through the file's imports.

var lastSeen uintptr

// uintptr(u.Pointer(p)) into a package variable.
func recordSeen(p *node) {
	lastSeen = uintptr(u.Pointer(p)) // want MEM005
}

// at.StoreUintptr of a pointer-derived value.
func publishRenamed(p *node) {
	at.StoreUintptr(&lastSeen, uintptr(u.Pointer(p))) // want MEM005
}

// A *uintptr view built with the renamed package, over a pointer.
func forceRenamed(p *node, raw uintptr) *node {
	*(*uintptr)(u.Pointer(&p)) = raw // want MEM005
	return p
}

// Arithmetic and conversion back within one expression, renamed.
func valPtrRenamed(p *node) *int {
	return (*int)(u.Pointer(uintptr(u.Pointer(p)) + u.Offsetof(p.val))) // ok MEM005
}
