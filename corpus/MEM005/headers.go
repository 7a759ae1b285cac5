package mem005

import (
	"reflect"
	"unsafe"
)

// reflect.SliceHeader / StringHeader values (not views of a real header), after
// golang.org/x/tools' unsafeptr testdata (issue40701.go).

// A variable of type reflect.SliceHeader: its Data field is a plain struct field.
func headerVar(p *byte, n int) []byte {
	var sh reflect.SliceHeader
	sh.Data = uintptr(unsafe.Pointer(p)) // want MEM005
	sh.Len = n
	sh.Cap = n
	return *(*[]byte)(unsafe.Pointer(&sh))
}

// An implicitly allocated reflect.SliceHeader literal.
func headerLiteral(p *byte, n int) []byte {
	return *(*[]byte)(unsafe.Pointer(&reflect.SliceHeader{
		Data: uintptr(unsafe.Pointer(p)), // want MEM005
		Len:  n,
		Cap:  n,
	}))
}

// A reflect.StringHeader literal assigned through a header view.
func headerAssigned(p *byte, n int) []byte {
	var res []byte
	*(*reflect.StringHeader)(unsafe.Pointer(&res)) = reflect.StringHeader{
		Data: uintptr(unsafe.Pointer(p)), // want MEM005
		Len:  n,
	}
	return res
}

// A positional reflect.StringHeader literal.
func headerPositional(p *byte, n int) string {
	h := reflect.StringHeader{uintptr(unsafe.Pointer(p)), n} // want MEM005
	return *(*string)(unsafe.Pointer(&h))
}
