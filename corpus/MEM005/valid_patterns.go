package mem005

import (
	"reflect"
	"syscall"
	"unsafe"
)

// The valid unsafe.Pointer patterns of the Go spec: nothing is kept as a uintptr
// beyond one expression.

// Arithmetic and conversion back within one expression (field offset).
func valPtr(p *node) *int {
	return (*int)(unsafe.Pointer(uintptr(unsafe.Pointer(p)) + unsafe.Offsetof(p.val))) // ok MEM005
}

// Arithmetic and conversion back within one expression (element index).
func elemPtr(buf []uint32, i int) *uint32 {
	return (*uint32)(unsafe.Pointer(uintptr(unsafe.Pointer(&buf[0])) + uintptr(i)*unsafe.Sizeof(buf[0]))) // ok MEM005
}

// unsafe.Add keeps the value an unsafe.Pointer throughout.
func valPtrAdd(p *node) *int {
	return (*int)(unsafe.Add(unsafe.Pointer(p), unsafe.Offsetof(p.val))) // ok MEM005
}

// uintptr(unsafe.Pointer(&buf[0])) written directly in syscall.Syscall's argument list.
func writeRaw(fd int, buf []byte) (int, error) {
	n, _, errno := syscall.Syscall(syscall.SYS_WRITE, uintptr(fd), uintptr(unsafe.Pointer(&buf[0])), uintptr(len(buf))) // ok MEM005
	if errno != 0 {
		return 0, errno
	}
	return int(n), nil
}

// Same, for a read into buf.
func readRaw(fd int, buf []byte) (int, error) {
	n, _, errno := syscall.Syscall(syscall.SYS_READ, uintptr(fd), uintptr(unsafe.Pointer(&buf[0])), uintptr(len(buf))) // ok MEM005
	if errno != 0 {
		return 0, errno
	}
	return int(n), nil
}

// reflect.Value.Pointer() converted back in the same expression.
func reflectPointer(v reflect.Value) *int {
	return (*int)(unsafe.Pointer(v.Pointer())) // ok MEM005
}

// reflect.Value.UnsafeAddr() converted back in the same expression.
func reflectAddr(v reflect.Value) *int64 {
	return (*int64)(unsafe.Pointer(v.UnsafeAddr())) // ok MEM005
}
