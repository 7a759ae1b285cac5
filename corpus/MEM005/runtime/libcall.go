// Package runtime is a user package that happens to be named runtime (like
// k8s.io/apimachinery/pkg/runtime): only the Go runtime itself (module std) is
// exempt, so its uintptr stores are reported as anywhere else.
package runtime

import "unsafe"

// libcall packs a foreign call the way the Go runtime does on Solaris and AIX.
type libcall struct {
	fn   uintptr
	n    uintptr
	args uintptr
}

var libcWrite uintptr

// Looks like runtime/syscall_solaris.go, but it is not the runtime.
func write(fd uintptr, buf []byte) libcall {
	return libcall{
		fn:   uintptr(unsafe.Pointer(&libcWrite)), // want MEM005
		n:    3,
		args: uintptr(unsafe.Pointer(&buf[0])), // want MEM005
	}
}
