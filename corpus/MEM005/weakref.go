package mem005

import (
	"runtime"
	"sync"
	"sync/atomic"
	"unsafe"
)

// The weak-reference idiom: an address hidden from the GC on purpose, with a
// finalizer on the same variable that drops it before the object is freed.

// interned is a value handed out by an interning table.
type interned struct {
	key         string
	resurrected bool
}

var (
	internMu   sync.Mutex
	internWeak = map[string]uintptr{}
)

// From the Go standard library (internal/intern.get): the finalizer set on v just
// before removes the map entry, so the table never keeps a dead address.
func internLookup(k string) *interned {
	internMu.Lock()
	defer internMu.Unlock()
	if addr, ok := internWeak[k]; ok {
		v := (*interned)(unsafe.Pointer(addr))
		v.resurrected = true
		return v
	}
	v := &interned{key: k}
	runtime.SetFinalizer(v, finalizeInterned)
	internWeak[k] = uintptr(unsafe.Pointer(v)) // ok MEM005
	return v
}

func finalizeInterned(v *interned) {
	internMu.Lock()
	defer internMu.Unlock()
	if v.resurrected {
		v.resurrected = false
		runtime.SetFinalizer(v, finalizeInterned)
		return
	}
	delete(internWeak, v.key)
}

// The finalizer is set on another object (the table entry's owner), not on the
// value whose address is hidden: nothing removes the dead address.
func internLookupOwner(owner *interned, k string) *interned {
	internMu.Lock()
	defer internMu.Unlock()
	v := &interned{key: k}
	runtime.SetFinalizer(owner, finalizeInterned)
	internWeak[k] = uintptr(unsafe.Pointer(v)) // want MEM005
	return v
}

// No finalizer at all: a plain hidden address.
func internLookupPlain(k string) *interned {
	v := &interned{key: k}
	internWeak[k] = uintptr(unsafe.Pointer(v)) // want MEM005
	return v
}

// From the Go standard library (sync/atomic hammer tests): the author marked the
// function //go:nocheckptr, declaring that the words are counters, not pointers.
//
//go:nocheckptr
func hammerCounterWord(slot *unsafe.Pointer) {
	v := uintptr(*slot)
	next := uintptr(unsafe.Pointer(&v)) + 1 // ok MEM005
	*slot = unsafe.Pointer(next)
}

// Another directive (//go:noinline) declares nothing about pointers: reported.
//
//go:noinline
func hammerCounterWordInline(slot *unsafe.Pointer) {
	next := uintptr(unsafe.Pointer(&slot)) + 1 // want MEM005
	*slot = unsafe.Pointer(next)
}

// copyChecker holds its own address (from sync.Cond): an identity that cannot
// dangle, since reading it requires the object itself.
type copyChecker uintptr

func (c *copyChecker) check() {
	if uintptr(*c) != uintptr(unsafe.Pointer(c)) &&
		!atomic.CompareAndSwapUintptr((*uintptr)(c), 0, uintptr(unsafe.Pointer(c))) && // ok MEM005
		uintptr(*c) != uintptr(unsafe.Pointer(c)) {
		panic("object is copied")
	}
}

// cursorRing keeps a cursor into its own array: the address points into the holder.
type cursorRing struct {
	next uintptr
	buf  [64]uintptr
}

func (r *cursorRing) reset() {
	r.next = uintptr(unsafe.Pointer(&r.buf[0])) // ok MEM005
}

// The cursor points into another ring's array: that ring can be freed first.
func (r *cursorRing) follow(other *cursorRing) {
	r.next = uintptr(unsafe.Pointer(&other.buf[0])) // want MEM005
}

// The address of the holder stored in a different holder: reported.
func (c *copyChecker) adopt(owner *copyChecker) {
	atomic.StoreUintptr((*uintptr)(owner), uintptr(unsafe.Pointer(c))) // want MEM005
}
