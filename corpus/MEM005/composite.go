package mem005

import (
	"reflect"
	"unsafe"
)

// entry keeps an address and a size as uintptr fields.
type entry struct {
	ref  uintptr
	size uintptr
}

// Struct field in a &T{...} composite literal: the field entry is the store.
func newEntry(p *node) *entry {
	return &entry{
		ref:  uintptr(unsafe.Pointer(p)), // want MEM005
		size: unsafe.Sizeof(*p),          // ok MEM005
	}
}

// Struct field in a T{...} composite literal on one line.
func makeEntry(p *node) entry {
	return entry{ref: uintptr(unsafe.Pointer(p)), size: 16} // want MEM005
}

// Composite literal field from a local holding a pointer-derived uintptr.
func makeEntryVia(p *node) entry {
	a := uintptr(unsafe.Pointer(p))
	return entry{
		ref: a, // want MEM005
	}
}

// reflect.SliceHeader built as a plain struct: Data does not keep the array alive.
func bytesFrom(p *byte, n int) []byte {
	hdr := reflect.SliceHeader{
		Data: uintptr(unsafe.Pointer(p)), // want MEM005
		Len:  n,
		Cap:  n,
	}
	return *(*[]byte)(unsafe.Pointer(&hdr))
}

// reflect.StringHeader built as a plain struct: Data does not keep b's array alive.
func stringFrom(b []byte) string {
	hdr := reflect.StringHeader{
		Data: uintptr(unsafe.Pointer(&b[0])), // want MEM005
		Len:  len(b),
	}
	return *(*string)(unsafe.Pointer(&hdr))
}

// Composite literal whose uintptr fields hold plain sizes only.
func sizeEntry(b []byte) entry {
	return entry{size: uintptr(len(b))} // ok MEM005
}
