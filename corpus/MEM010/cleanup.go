//go:build go1.24

package mem010

import (
	"runtime"
	"syscall"
)

// runtime.AddCleanup(ptr, fn, arg) (Go 1.24): ptr stays alive when arg is ptr or fn captures it.

// arg is the object itself.
func openRawCleanupSelf(fd int) *rawFile {
	f := &rawFile{fd: fd}
	runtime.AddCleanup(f, func(x *rawFile) { x.release() }, f) // want MEM010
	return f
}

// The cleanup literal captures ptr.
func openRawCleanupCapture(fd int) *rawFile {
	f := &rawFile{fd: fd}
	runtime.AddCleanup(f, func(int) { syscall.Close(f.fd) }, 0) // want MEM010
	return f
}

// A method value on ptr binds it.
func watchCleanupMethod(path string) *watcher {
	w := newWatcher(path)
	runtime.AddCleanup(w, w.closeFD, w.fd) // want MEM010
	return w
}

// The cleanup gets the descriptor as arg: the recommended form.
func openRawCleanupArg(fd int) *rawFile {
	f := &rawFile{fd: fd}
	runtime.AddCleanup(f, func(fd int) { syscall.Close(fd) }, f.fd) // ok MEM010
	return f
}

// The arg is another object (the pool), and the cleanup captures only the pool's name.
func (p *connPool) checkoutCleanup(fd int) *pooledConn {
	pc := &pooledConn{fd: fd, pool: p}
	name := p.name
	runtime.AddCleanup(pc, func(fd int) { syscall.Close(fd); reportLeak("conn", name) }, pc.fd) // ok MEM010
	return pc
}
