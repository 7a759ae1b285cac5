package mem010

import (
	"log"
	"os"
	rt "runtime"
	"runtime"
	"sync/atomic"
	"syscall"
)

// SetFinalizer(obj, fn) where the literal fn references the variable obj from
// the enclosing function: obj stays reachable from its own finalizer.

// The literal closes the descriptor through the captured variable, not its (blank) parameter.
func openRaw(path string) (*rawFile, error) {
	fd, err := syscall.Open(path, syscall.O_RDONLY, 0)
	if err != nil {
		return nil, err
	}
	f := &rawFile{fd: fd, path: path}
	runtime.SetFinalizer(f, func(_ *rawFile) { // want MEM010
		syscall.Close(f.fd)
	})
	return f, nil
}

// An unnamed parameter: the only way to the object is the captured variable.
func openLog(name string) (*logFile, error) {
	file, err := os.OpenFile(name, os.O_APPEND|os.O_WRONLY|os.O_CREATE, 0o644)
	if err != nil {
		return nil, err
	}
	l := &logFile{f: file, name: name}
	runtime.SetFinalizer(l, func(*logFile) { // want MEM010
		reportLeak("log file", l.name)
		l.f.Close()
	})
	return l, nil
}

// The parameter is named but the body still uses the captured variable.
func (p *connPool) checkout(id uint64, fd int) *pooledConn {
	pc := &pooledConn{id: id, fd: fd, pool: p}
	atomic.AddInt64(&p.live, 1)
	runtime.SetFinalizer(pc, func(conn *pooledConn) { // want MEM010
		p.forget(pc)
	})
	return pc
}

// The object is a parameter of the enclosing function: still captured.
func trackSession(s *session) {
	runtime.SetFinalizer(s, func(*session) { // want MEM010
		log.Printf("session %s finalized", s.id)
	})
}

// A reference in a deferred literal inside the finalizer is a capture too.
func newSession(id string, lf *logFile) *session {
	s := &session{id: id, log: lf}
	runtime.SetFinalizer(s, func(_ *session) { // want MEM010
		defer func() {
			s.expireLease()
		}()
		log.Printf("expiring lease of %s", id)
	})
	return s
}

// A reference in a goroutine started by the finalizer: the closure still holds the variable.
func newLeasedSession(id string) *session {
	s := &session{id: id}
	runtime.SetFinalizer(s, func(*session) { // want MEM010
		go s.expireLease()
	})
	return s
}

// The finalizer literal is bound to a local first (staticcheck follows this too).
func openTracked(path string, fd int) *rawFile {
	h := &rawFile{fd: fd, path: path}
	atomic.AddInt64(&openHandles, 1)
	release := func(_ *rawFile) {
		forgetHandle(h)
	}
	runtime.SetFinalizer(h, release) // want MEM010
	return h
}

// A renamed runtime import.
func openWatched(path string) *watcher {
	w := newWatcher(path)
	if w == nil {
		return nil
	}
	rt.SetFinalizer(w, func(*watcher) { w.stop() }) // want MEM010
	return w
}

// The captured object is only passed to a helper: still a reference.
func (c *entryCache) add(key string, size int64) *cacheEntry {
	e := &cacheEntry{key: key, size: size}
	atomic.AddInt64(&c.bytes, size)
	runtime.SetFinalizer(e, func(*cacheEntry) { // want MEM010
		c.evicted(e.key, e.size)
	})
	return e
}

// Entries created in a loop (one variable per iteration): each finalizer holds its own entry.
func (c *entryCache) preload(keys []string) []*cacheEntry {
	out := make([]*cacheEntry, 0, len(keys))
	for _, k := range keys {
		e := &cacheEntry{key: k}
		runtime.SetFinalizer(e, func(_ *cacheEntry) { c.evicted(e.key, 0) }) // want MEM010
		out = append(out, e)
	}
	return out
}

// A var declaration holding the object.
func mapRegion(fd, size int) (*mapping, error) {
	data, err := syscall.Mmap(fd, 0, size, syscall.PROT_READ, syscall.MAP_SHARED)
	if err != nil {
		return nil, err
	}
	var m = &mapping{data: data, size: size}
	runtime.SetFinalizer(m, func(*mapping) { // want MEM010
		syscall.Munmap(m.data)
	})
	return m, nil
}

// Taking the address of a field of the captured object.
func (c *entryCache) pin(key string) *cacheEntry {
	e := &cacheEntry{key: key, refs: 1}
	runtime.SetFinalizer(e, func(*cacheEntry) { // want MEM010
		if atomic.AddInt32(&e.refs, -1) != 0 {
			log.Printf("cache: %s collected while pinned", key)
		}
	})
	return e
}

// The literal calls a method of the captured object (Close only closes an *os.File).
func reopenLog(l *logFile) {
	runtime.SetFinalizer(l, func(*logFile) { l.Close() }) // want MEM010
}

// The finalizer is set inside a function literal; the object is a variable of the outer function.
func startWatch(path string, onReady func(func())) *watcher {
	w := newWatcher(path)
	onReady(func() {
		runtime.SetFinalizer(w, func(*watcher) { syscall.Close(w.fd) }) // want MEM010
	})
	return w
}

// A literal that shadows an unrelated name but still reads the object variable.
func (p *connPool) adopt(fd int) *pooledConn {
	conn := &pooledConn{fd: fd, pool: p}
	runtime.SetFinalizer(conn, func(p *pooledConn) { // want MEM010
		atomic.AddInt64(&droppedConns, 1)
		syscall.Close(conn.fd)
	})
	return conn
}
