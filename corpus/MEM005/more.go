package mem005

import "unsafe"

// More places and shapes.

var anchor node

// A package variable initialised with a pointer-derived uintptr.
var anchorAddr = uintptr(unsafe.Pointer(&anchor)) // want MEM005

// A package-level struct literal with a pointer-derived field.
var anchorEntry = entry{ref: uintptr(unsafe.Pointer(&anchor))} // want MEM005

// A positional struct literal names its field by position.
func positional(p *node) entry {
	return entry{uintptr(unsafe.Pointer(p)), 8} // want MEM005
}

// A slice literal element kept in a variable.
func keepAll(a, b *node) []uintptr {
	addrs := []uintptr{uintptr(unsafe.Pointer(a)), 0} // want MEM005
	return addrs
}

// A map literal's value.
func addrTable(p *node) map[string]uintptr {
	return map[string]uintptr{"p": uintptr(unsafe.Pointer(p))} // want MEM005
}

// Taint through two locals and + arithmetic, converted back later: reported at the
// converted local's assignment.
func twoHops(p *node) *int {
	base := uintptr(unsafe.Pointer(p))
	field := base + unsafe.Offsetof(p.val) // want MEM005
	return (*int)(unsafe.Pointer(field))
}

// Converted back later inside a closure.
func convertedInClosure(p *node) func() *node {
	addr := uintptr(unsafe.Pointer(p)) // want MEM005
	return func() *node { return (*node)(unsafe.Pointer(addr)) }
}

// A local assigned twice before the conversion back: one finding, at the first.
func reassigned(p, q *node, second bool) *node {
	addr := uintptr(unsafe.Pointer(p)) // want MEM005
	if second {
		addr = uintptr(unsafe.Pointer(q))
	}
	return (*node)(unsafe.Pointer(addr))
}

// A pointer-derived local stored into a slice element through op-assignment `+=`.
func accumulate(slots []uintptr, p *node) {
	slots[0] += uintptr(unsafe.Pointer(p)) // want MEM005
}

// The difference of two addresses is an offset, not an address.
func spanOf(e *entry, b []byte) {
	e.size = uintptr(unsafe.Pointer(&b[len(b)-1])) - uintptr(unsafe.Pointer(&b[0])) // ok MEM005
}

// The same difference through locals.
func spanVia(e *entry, b []byte) {
	lo := uintptr(unsafe.Pointer(&b[0]))        // ok MEM005
	hi := uintptr(unsafe.Pointer(&b[len(b)-1])) // ok MEM005
	span := hi - lo
	e.size = span // ok MEM005
}

// An address used as a map key (identity), not stored as a value.
func markSeen(seen map[uintptr]bool, p *node) {
	seen[uintptr(unsafe.Pointer(p))] = true // ok MEM005
}

// A hash of the address stored in a field.
func hashInto(e *entry, p *node) {
	e.size = uintptr(unsafe.Pointer(p)) >> 3 // ok MEM005
}

// A local whose conversion back comes before its assignment in the source.
func convertedBefore(p *node) *node {
	var addr uintptr
	q := (*node)(unsafe.Pointer(addr))
	addr = uintptr(unsafe.Pointer(p)) // ok MEM005
	logLine(addr)
	return q
}

// A local array element (arrays are not listed by the contract).
func arrayElem(p *node) [2]uintptr {
	var words [2]uintptr
	words[0] = uintptr(unsafe.Pointer(p)) // ok MEM005
	return words
}

// A *uintptr view over a uintptr word with a plain value, a parameter of pointer type
// viewed as uintptr for reading only.
func readWord(p *node) uintptr {
	return *(*uintptr)(unsafe.Pointer(&p)) // ok MEM005
}

// A view over a struct with only integer fields.
func clearSlot(s *slot) {
	*(*uintptr)(unsafe.Pointer(s)) = 0 // ok MEM005
}
