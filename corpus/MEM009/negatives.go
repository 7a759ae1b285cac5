package mem009

import (
	"bufio"
	"bytes"
	"io"
	"strings"
	"sync"
	"unsafe"
)

// Pointer-shaped values fit in the interface word: Put does not allocate.

// frameBufPool holds *[]byte: the fix SA6002 asks for.
var frameBufPool = sync.Pool{New: func() any { b := make([]byte, 0, 4096); return &b }}

// A TCP framer pooling *[]byte and truncating before the Put.
func encodeFrame(w io.Writer, payload []byte) error {
	bp := frameBufPool.Get().(*[]byte)
	buf := append((*bp)[:0], byte(len(payload)>>8), byte(len(payload)))
	buf = append(buf, payload...)
	_, err := w.Write(buf)
	*bp = buf[:0]
	frameBufPool.Put(bp) // ok MEM009
	return err
}

// Putting the address of a local slice variable: a pointer.
func encodeHeader(w io.Writer, name string) error {
	buf := make([]byte, 0, 64)
	buf = append(buf, name...)
	_, err := w.Write(buf)
	buf = buf[:0]
	frameBufPool.Put(&buf) // ok MEM009
	return err
}

// writerPool holds *bufio.Writer values from another package: pointers.
var writerPool = sync.Pool{New: func() any { return bufio.NewWriterSize(nil, 4096) }}

// An HTTP response writer wrapper pooling *bufio.Writer.
func writeBody(dst io.Writer, body []byte) error {
	bw := writerPool.Get().(*bufio.Writer)
	bw.Reset(dst)
	_, err := bw.Write(body)
	if ferr := bw.Flush(); err == nil {
		err = ferr
	}
	bw.Reset(nil)
	writerPool.Put(bw) // ok MEM009
	return err
}

// bufferPool holds *bytes.Buffer.
var bufferPool = sync.Pool{New: func() any { return new(bytes.Buffer) }}

// A template renderer pooling *bytes.Buffer.
func renderGreeting(name string) string {
	b := bufferPool.Get().(*bytes.Buffer)
	b.Reset()
	b.WriteString("hello, ")
	b.WriteString(name)
	s := b.String()
	b.Reset()
	bufferPool.Put(b) // ok MEM009
	return s
}

// builderPool holds *strings.Builder, put back as new(...) and &T{}.
var builderPool sync.Pool

// Priming a pool with fresh pointers: new(T) and &T{} are pointers.
func primeBuilders() {
	builderPool.Put(new(strings.Builder)) // ok MEM009
	builderPool.Put(&strings.Builder{})   // ok MEM009
}

// sessionPool holds *session values.
type session struct {
	user  string
	token string
	hits  int
}

var sessionPool = sync.Pool{New: func() any { return new(session) }}

// A session cache that recycles *session.
func endSession(s *session) {
	*s = session{}
	sessionPool.Put(s) // ok MEM009
}

// Taking the address of a struct value is a pointer too.
func endSessionValue(s session) {
	s = session{}
	sessionPool.Put(&s) // ok MEM009
}

// headerPool holds maps: a map is one pointer word.
var headerPool = sync.Pool{New: func() any { return make(map[string]string, 8) }}

// A proxy recycling header maps (emptied first).
func releaseHeaders(h map[string]string) {
	for k := range h {
		delete(h, k)
	}
	headerPool.Put(h) // ok MEM009
}

// signalPool holds channels: one pointer word.
var signalPool = sync.Pool{New: func() any { return make(chan struct{}, 1) }}

// A request coordinator recycling its one-shot done channels.
func releaseSignal(ch chan struct{}) {
	select {
	case <-ch:
	default:
	}
	signalPool.Put(ch) // ok MEM009
}

// callbackPool holds funcs: one pointer word.
var callbackPool sync.Pool

// A dispatcher parking a completion callback.
func parkCallback(done func(error)) {
	callbackPool.Put(done) // ok MEM009
}

// An interface value is already boxed: putting it back allocates nothing.
func recycleAny(v any) {
	callbackPool.Put(v) // ok MEM009
}

// An io.Writer interface value from a Get, put straight back.
func recycleWriter(w io.Writer) {
	writerPool.Put(w) // ok MEM009
}

// unsafe.Pointer is pointer-like.
func recycleRaw(p unsafe.Pointer) {
	callbackPool.Put(p) // ok MEM009
}

// A type with its own Put method is not a sync.Pool: SA6002 and MEM009 only
// look at (*sync.Pool).Put.
type slabAllocator struct {
	mu   sync.Mutex
	free [][]byte
}

func (a *slabAllocator) Put(b []byte) {
	a.mu.Lock()
	a.free = append(a.free, b[:0])
	a.mu.Unlock()
}

// A slab allocator's own Put takes a slice by value: no boxing happens.
func releaseSlab(a *slabAllocator, b []byte) {
	a.Put(b) // ok MEM009
}

// The value a Get returned, asserted to a pointer, goes back as it came.
func roundTrip() {
	s := sessionPool.Get().(*session)
	*s = session{}
	sessionPool.Put(s) // ok MEM009
}

// The Get result itself, unasserted, is an interface value.
func passThrough() {
	v := sessionPool.Get()
	sessionPool.Put(v) // ok MEM009
}

// A Put already waived for staticcheck's SA6002: the author has ruled on it.
var datagramPool = sync.Pool{New: func() any { return make([]byte, 2048) }}

func releaseDatagramIgnored(b []byte) {
	//lint:ignore SA6002 the slice header allocation is measured and accepted
	datagramPool.Put(b[:cap(b)]) // ok MEM009
}
