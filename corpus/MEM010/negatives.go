package mem010

import (
	"log"
	"runtime"
	"sync/atomic"
	"syscall"
)

// Finalizers that do not keep their own object alive.

// The literal works on its parameter: the runtime hands the object back once it is unreachable.
func openRawParam(path string, fd int) *rawFile {
	f := &rawFile{fd: fd, path: path}
	runtime.SetFinalizer(f, func(f *rawFile) { syscall.Close(f.fd) }) // ok MEM010
	return f
}

// A parameter with another name than the variable.
func openLogParam(l *logFile) {
	runtime.SetFinalizer(l, func(lf *logFile) { // ok MEM010
		reportLeak("log file", lf.name)
		lf.f.Close()
	})
}

// The literal captures a copy of the descriptor taken before, not the object.
func openRawCopy(path string, fd int) *rawFile {
	f := &rawFile{fd: fd, path: path}
	raw := f.fd
	runtime.SetFinalizer(f, func(*rawFile) { syscall.Close(raw) }) // ok MEM010
	return f
}

// A method expression binds nothing.
func openRawMethodExpr(fd int) *rawFile {
	f := &rawFile{fd: fd}
	runtime.SetFinalizer(f, (*rawFile).finalize) // ok MEM010
	return f
}

// A same-package function name binds nothing.
func openRawFunc(fd int) *rawFile {
	f := &rawFile{fd: fd}
	atomic.AddInt64(&openHandles, 1)
	runtime.SetFinalizer(f, forgetHandle) // ok MEM010
	return f
}

// A method value of another object (the pool), not of the finalized connection.
func (p *connPool) checkoutForget(id uint64, fd int) *pooledConn {
	pc := &pooledConn{id: id, fd: fd, pool: p}
	runtime.SetFinalizer(pc, p.forget) // ok MEM010
	return pc
}

// nil clears a finalizer on an explicit Close.
func (l *logFile) closeExplicitly() error {
	runtime.SetFinalizer(l, nil) // ok MEM010
	return l.f.Close()
}

// The literal captures the pool, and reaches the connection through its parameter.
func (p *connPool) checkoutParam(id uint64, fd int) *pooledConn {
	pc := &pooledConn{id: id, fd: fd}
	runtime.SetFinalizer(pc, func(c *pooledConn) { p.forget(c) }) // ok MEM010
	return pc
}

// The parameter shadows the object's name: every use inside is the parameter.
func newSessionShadowed(id string) *session {
	s := &session{id: id}
	runtime.SetFinalizer(s, func(s *session) { s.expireLease() }) // ok MEM010
	return s
}

// A package-level object: no local variable is captured (a package variable keeps it alive anyway).
func watchDefaultCache() {
	runtime.SetFinalizer(defaultCache, func(c *entryCache) { // ok MEM010
		log.Printf("cache with %d bytes collected", atomic.LoadInt64(&c.bytes))
	})
}

// A local bound to a literal that uses its parameter.
func openTrackedParam(path string, fd int) *rawFile {
	h := &rawFile{fd: fd, path: path}
	release := func(x *rawFile) { forgetHandle(x) }
	runtime.SetFinalizer(h, release) // ok MEM010
	return h
}

// The local held a capturing literal once, but is reassigned before the call (as in staticcheck's tests).
func openTrackedReassigned(path string, fd int) *rawFile {
	h := &rawFile{fd: fd, path: path}
	release := func(_ *rawFile) { forgetHandle(h) }
	release(h)
	release = func(x *rawFile) { x.release() }
	runtime.SetFinalizer(h, release) // ok MEM010
	return h
}

// The literal declares its own local with the object's name.
func (c *entryCache) addShadowLocal(key string) *cacheEntry {
	e := &cacheEntry{key: key}
	runtime.SetFinalizer(e, func(x *cacheEntry) { // ok MEM010
		e := x
		c.evicted(e.key, e.size)
	})
	return e
}

// One finalizer per loop iteration, each working on its parameter.
func (c *entryCache) preloadParam(keys []string) []*cacheEntry {
	out := make([]*cacheEntry, 0, len(keys))
	for _, k := range keys {
		e := &cacheEntry{key: k}
		runtime.SetFinalizer(e, func(x *cacheEntry) { c.evicted(x.key, x.size) }) // ok MEM010
		out = append(out, e)
	}
	return out
}

// A method named SetFinalizer of another type is not runtime's.
type finalizerRegistry struct{ n int }

func (r *finalizerRegistry) SetFinalizer(obj *rawFile, fn func(*rawFile)) { r.n++ }

func registerElsewhere(reg *finalizerRegistry, f *rawFile) {
	reg.SetFinalizer(f, func(*rawFile) { f.release() }) // ok MEM010
}

// The object is re-wrapped: the finalizer is set on the wrapper and captures only the inner file.
func wrapLog(inner *logFile) *session {
	s := &session{id: inner.name, log: inner}
	runtime.SetFinalizer(s, func(*session) { inner.Close() }) // ok MEM010
	return s
}

// A mapping whose finalizer captures the data slice copied out before, not the mapping.
func mapRegionParam(fd, size int) (*mapping, error) {
	data, err := syscall.Mmap(fd, 0, size, syscall.PROT_READ, syscall.MAP_SHARED)
	if err != nil {
		return nil, err
	}
	m := &mapping{data: data, size: size}
	runtime.SetFinalizer(m, func(*mapping) { syscall.Munmap(data) }) // ok MEM010
	return m, nil
}
