package mem010

import (
	"log"
	"os"
	"sync/atomic"
	"syscall"
)

// Resource wrappers whose finalizers or cleanups release what they own. Every
// finalizer here is short and non-blocking (closing files and descriptors,
// atomics, logging): only MEM010's question, what the finalizer holds on to,
// is exercised.

// rawFile owns a raw descriptor.
type rawFile struct {
	fd   int
	path string
}

func (f *rawFile) release() {
	if f.fd >= 0 {
		syscall.Close(f.fd)
		f.fd = -1
	}
}

// finalize is the finalizer for files that were never closed.
func (f *rawFile) finalize() {
	log.Printf("rawFile %s: closed by finalizer", f.path)
	f.release()
}

// logFile owns an *os.File.
type logFile struct {
	f    *os.File
	name string
}

func (l *logFile) Close() error { return l.f.Close() }

// mapping owns a memory mapping.
type mapping struct {
	data []byte
	size int
}

// pooledConn is a connection slot handed out by a pool.
type pooledConn struct {
	id   uint64
	fd   int
	pool *connPool
}

// connPool counts the connections it handed out that are still alive.
type connPool struct {
	name string
	live int64
}

func (p *connPool) forget(c *pooledConn) {
	atomic.AddInt64(&p.live, -1)
	syscall.Close(c.fd)
}

// cacheEntry is a value in a cache whose index is trimmed when entries die.
type cacheEntry struct {
	key  string
	size int64
	refs int32
}

// entryCache counts bytes held by live entries.
type entryCache struct {
	bytes int64
}

func (c *entryCache) evicted(key string, size int64) {
	atomic.AddInt64(&c.bytes, -size)
	log.Printf("cache: entry %s collected", key)
}

// session is a client session with a server-side lease.
type session struct {
	id    string
	lease int64
	log   *logFile
}

func (s *session) expireLease() {
	atomic.StoreInt64(&s.lease, 0)
}

// watcher follows a file through inotify.
type watcher struct {
	path string
	fd   int
}

func newWatcher(path string) *watcher {
	fd, err := syscall.InotifyInit()
	if err != nil {
		return nil
	}
	return &watcher{path: path, fd: fd}
}

func (w *watcher) stop() { syscall.Close(w.fd) }

// closeFD closes a descriptor of the watcher's.
func (w *watcher) closeFD(fd int) { syscall.Close(fd) }

var (
	openHandles  int64
	droppedConns int64
	defaultCache = &entryCache{}
)

func forgetHandle(h *rawFile) {
	atomic.AddInt64(&openHandles, -1)
	h.release()
}

// reportLeak records a leaked handle by name.
func reportLeak(kind, name string) {
	log.Printf("%s %s was never closed", kind, name)
}
