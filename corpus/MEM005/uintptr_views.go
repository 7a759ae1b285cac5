package mem005

import "unsafe"

// Stores through a *uintptr view: *(*uintptr)(unsafe.Pointer(E)) = V.

// V is pointer-derived (contains uintptr(unsafe.Pointer(p))): the address is written as a plain word.
func publishViaView(s *slot, p *node) {
	*(*uintptr)(unsafe.Pointer(&s.addr)) = uintptr(unsafe.Pointer(p)) // want MEM005
}

// V is a local holding a pointer-derived uintptr (taint flows through locals).
func publishViaViewLocal(s *slot, p *node) {
	a := uintptr(unsafe.Pointer(p))
	*(*uintptr)(unsafe.Pointer(&s.addr)) = a // want MEM005
}

// E is &p with p of resolved pointer type *node: a pointer slot overwritten without a write barrier.
func forcePointer(p *node, raw uintptr) *node {
	*(*uintptr)(unsafe.Pointer(&p)) = raw // want MEM005
	return p
}

// E is &up with up of resolved type unsafe.Pointer (var declaration).
func forceUnsafePointer(raw uintptr) unsafe.Pointer {
	var up unsafe.Pointer
	*(*uintptr)(unsafe.Pointer(&up)) = raw // want MEM005
	return up
}

// E is &m with m of resolved map type: the map header pointer is overwritten.
func forceMap(m map[string]int, raw uintptr) map[string]int {
	*(*uintptr)(unsafe.Pointer(&m)) = raw // want MEM005
	return m
}

// E is &ch with ch of resolved chan type.
func forceChan(ch chan int, raw uintptr) chan int {
	*(*uintptr)(unsafe.Pointer(&ch)) = raw // want MEM005
	return ch
}

// E is &fn with fn of resolved func type: the funcval pointer is overwritten.
func forceFunc(fn func(), raw uintptr) func() {
	*(*uintptr)(unsafe.Pointer(&fn)) = raw // want MEM005
	return fn
}

// E is &b with b of resolved slice type: the data-pointer word of the slice header is overwritten.
func forceSliceData(b []byte, raw uintptr) []byte {
	*(*uintptr)(unsafe.Pointer(&b)) = raw // want MEM005
	return b
}

// E is &s with s of resolved string type: the data-pointer word of the string header is overwritten.
func forceStringData(s string, raw uintptr) string {
	*(*uintptr)(unsafe.Pointer(&s)) = raw // want MEM005
	return s
}

// E is &v with v of resolved interface type: the interface's type/itab word is overwritten.
func forceInterface(v interface{}, raw uintptr) interface{} {
	*(*uintptr)(unsafe.Pointer(&v)) = raw // want MEM005
	return v
}

// E is &n with n an int64 and V a plain number: no pointer is written or overwritten.
func viewIntoInt64() int64 {
	var n int64
	*(*uintptr)(unsafe.Pointer(&n)) = 42 // ok MEM005
	return n
}

// E is &u with u of type uintptr and V a plain number derived from u: no pointer involved.
func viewIntoUintptr(u uintptr) uintptr {
	*(*uintptr)(unsafe.Pointer(&u)) = u + 1 // ok MEM005
	return u
}

// E is &s.addr, a uintptr field, and V is a plain number (a parameter, not pointer-derived).
func setAddrWord(s *slot, raw uintptr) {
	*(*uintptr)(unsafe.Pointer(&s.addr)) = raw // ok MEM005
}

// E is &s.gen, an int64 field, and V is a length: plain integer into a non-pointer word.
func setGenViaView(s *slot, b []byte) {
	*(*uintptr)(unsafe.Pointer(&s.gen)) = uintptr(len(b)) // ok MEM005
}
