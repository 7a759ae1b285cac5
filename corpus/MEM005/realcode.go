package mem005

import (
	"reflect"
	"unsafe"
)

// Reductions of code from real projects the rule must stay silent on.

// ioDesc mirrors golang.org/x/sys/unix.PtraceIoDesc.
type ioDesc struct {
	Op   int32
	Offs uintptr
	Addr uintptr
	Len  uint64
}

// From golang.org/x/sys/unix/syscall_freebsd_amd64.go (PtraceIO): addr is already an
// integer (an address in another process), so uintptr(unsafe.Pointer(addr)) is no
// Go pointer.
func ptraceOffs(req int, addr uintptr, n int) ioDesc {
	return ioDesc{Op: int32(req), Offs: uintptr(unsafe.Pointer(addr)), Len: uint64(n)} // ok MEM005
}

// callLe stands for runtime.CallLeFuncByPtr(fn, args []uintptr) on z/OS.
func callLe(fn uintptr, args []uintptr) uintptr { return fn + uintptr(len(args)) }

// From golang.org/x/sys/unix/syscall_zos_s390x.go (fdToPath): a []uintptr literal written
// directly as a call's argument list is a temporary, like syscall arguments.
func fdToPath(fd int) uintptr {
	var buffer [1024]byte
	ret := callLe(1, []uintptr{uintptr(fd), 17, 1024, uintptr(unsafe.Pointer(&buffer[0]))}) // ok MEM005
	return ret + uintptr(buffer[0])
}

// Same, spread into a variadic parameter.
func callLeVariadic(fn uintptr, args ...uintptr) uintptr { return fn + uintptr(len(args)) }

func fdToPathVariadic(fd int) uintptr {
	var buffer [16]byte
	return callLeVariadic(1, []uintptr{uintptr(fd), uintptr(unsafe.Pointer(&buffer[0]))}...) + uintptr(buffer[0]) // ok MEM005
}

// From github.com/fsnotify/fsnotify/backend_windows.go: hdr.Data through a
// *reflect.SliceHeader that points at a real slice is the unsafe package's valid pattern (6).
func utf16At(p *uint16, size int) []uint16 {
	var buf []uint16
	sh := (*reflect.SliceHeader)(unsafe.Pointer(&buf))
	sh.Data = uintptr(unsafe.Pointer(p)) // ok MEM005
	sh.Len = size
	sh.Cap = size
	return buf
}

// Same for a string header, written through the conversion directly.
func stringAt(p *byte, n int) string {
	var s string
	(*reflect.StringHeader)(unsafe.Pointer(&s)).Data = uintptr(unsafe.Pointer(p)) // ok MEM005
	(*reflect.StringHeader)(unsafe.Pointer(&s)).Len = n
	return s
}
