package mem005

import (
	"sync/atomic"
	"unsafe"
)

var (
	current uintptr
	counter uintptr
)

// ring keeps its head address in a uintptr updated atomically.
type ring struct {
	head uintptr
}

// atomic.StoreUintptr of a pointer-derived value.
func publish(p *node) {
	atomic.StoreUintptr(&current, uintptr(unsafe.Pointer(p))) // want MEM005
}

// atomic.SwapUintptr of a pointer-derived value.
func swapCurrent(p *node) uintptr {
	return atomic.SwapUintptr(&current, uintptr(unsafe.Pointer(p))) // want MEM005
}

// atomic.CompareAndSwapUintptr whose new value is pointer-derived.
func casCurrent(old uintptr, p *node) bool {
	return atomic.CompareAndSwapUintptr(&current, old, uintptr(unsafe.Pointer(p))) // want MEM005
}

// atomic.StoreUintptr of a local holding a pointer-derived value, into a field.
func (r *ring) setHead(p *node) {
	a := uintptr(unsafe.Pointer(p))
	atomic.StoreUintptr(&r.head, a) // want MEM005
}

// atomic.StoreUintptr of a plain integer.
func resetCounter() {
	atomic.StoreUintptr(&counter, 0) // ok MEM005
}

// atomic.SwapUintptr of a plain integer derived from an int.
func swapCounter(n int) uintptr {
	return atomic.SwapUintptr(&counter, uintptr(n)) // ok MEM005
}

// atomic.CompareAndSwapUintptr with plain integers.
func bumpCounter(old uintptr) bool {
	return atomic.CompareAndSwapUintptr(&counter, old, old+1) // ok MEM005
}
