package mem002

import (
	"bytes"
	"io"
	"strconv"
	"sync"
)

// Negatives reduced from real code (Go standard library, /usr/share/gocode):
// each was a false alarm of an earlier version of MEM002.

// From io.discard.ReadFrom, net/http (copyBufPool), h2_bundle (http2fhBytes):
// a fixed-length scratch buffer (`make([]byte, N)`) read into by index is never
// appended to; there is nothing a reset would remove, and `(*bufp)[:0]` would break it.
var readBufPool = sync.Pool{New: func() any { b := make([]byte, 8192); return &b }}

// Fixed-length *[]byte scratch buffer, filled by Read and put back as it is: no finding.
func discardAll(r io.Reader) (n int64, err error) {
	bufp := readBufPool.Get().(*[]byte)
	for {
		k, err := r.Read(*bufp)
		n += int64(k)
		if err != nil {
			readBufPool.Put(bufp) // ok MEM002
			if err == io.EOF {
				return n, nil
			}
			return n, err
		}
	}
}

// From h2_bundle's http2dataChunkPools: an array of pools of fixed-length chunks and a release helper.
var chunkSizePools = [...]sync.Pool{
	{New: func() any { return make([]byte, 1<<10) }},
	{New: func() any { return make([]byte, 4<<10) }},
}

// Fixed-length []byte chunk released by a helper (the []byte Put itself is MEM009): no MEM002.
func putSizedChunk(p []byte) {
	if len(p) == 1<<10 {
		chunkSizePools[0].Put(p) // want MEM009
		return
	}
	chunkSizePools[1].Put(p) // want MEM009
}

// From encoding/json's newEncodeState: the Get's untyped value is asserted inside
// `if v := pool.Get(); v != nil { e := v.(*T); e.Reset(); ... }`, and every user puts back unreset.
type encState struct {
	bytes.Buffer
	seen map[any]struct{}
}

var encStatePool sync.Pool

func newEncState() *encState {
	if v := encStatePool.Get(); v != nil {
		e := v.(*encState)
		e.Reset()
		return e
	}
	return &encState{seen: make(map[any]struct{})}
}

// Reset-on-Get through `v := P.Get(); e := v.(*T); e.Reset()`: no finding.
func marshalName(name string) []byte {
	e := newEncState()
	e.WriteString(strconv.Quote(name))
	e.seen[name] = struct{}{}
	out := append([]byte(nil), e.Bytes()...)
	encStatePool.Put(e) // ok MEM002
	return out
}

// From net/http's headerSorter: the field is truncated into a local and assigned back
// right after the Get (before anything reads its old contents); the getter returns two values.
type kvSorter struct {
	kvs []string
}

var kvSorterPool = sync.Pool{New: func() any { return new(kvSorter) }}

func sortedKeys(h map[string]string) (kvs []string, ks *kvSorter) {
	ks = kvSorterPool.Get().(*kvSorter)
	if cap(ks.kvs) < len(h) {
		ks.kvs = make([]string, 0, len(h))
	}
	kvs = ks.kvs[:0]
	for k := range h {
		kvs = append(kvs, k)
	}
	ks.kvs = kvs
	return kvs, ks
}

// Reset-on-Get: sortedKeys overwrites kvs before reading it, so the unreset Put is fine.
func writeKeys(w io.Writer, h map[string]string) error {
	kvs, sorter := sortedKeys(h)
	for _, k := range kvs {
		if _, err := io.WriteString(w, k); err != nil {
			kvSorterPool.Put(sorter) // ok MEM002
			return err
		}
	}
	kvSorterPool.Put(sorter) // ok MEM002
	return nil
}

// From regexp's bitState: an unexported getter returns the pooled value and its caller
// resets it (`b.reset(...)`) after touching only a field that holds no buffer.
type backtracker struct {
	end    int
	jobs   []int
	inputs struct{ pos int }
}

func (b *backtracker) reset(end int) {
	b.end = end
	b.jobs = b.jobs[:0]
}

func (b *backtracker) push(j int) { b.jobs = append(b.jobs, j) }

var backtrackerPool sync.Pool

func newBacktracker() *backtracker {
	b, ok := backtrackerPool.Get().(*backtracker)
	if !ok {
		b = new(backtracker)
	}
	return b
}

func freeBacktracker(b *backtracker) {
	backtrackerPool.Put(b) // ok MEM002
}

// Reset-on-Get through the getter newBacktracker: every call is followed by b.reset.
func backtrack(n int) int {
	b := newBacktracker()
	b.inputs.pos = 0
	b.reset(n)
	for i := 0; i < n; i++ {
		b.push(i)
	}
	k := len(b.jobs)
	freeBacktracker(b)
	return k
}

// From regexp's onePassMachine and zap's stacktrace: a slice field that is only ever
// `make`d or resliced (never appended to) is fixed-size scratch the next user overwrites.
type capMachine struct {
	matchcap []int
}

var capMachinePool = sync.Pool{New: func() any { return new(capMachine) }}

// Fixed-size scratch field (only make/reslice, then filled by index): no finding.
func firstMatch(ncap int) int {
	m := capMachinePool.Get().(*capMachine)
	if cap(m.matchcap) < ncap {
		m.matchcap = make([]int, ncap)
	} else {
		m.matchcap = m.matchcap[:ncap]
	}
	for i := range m.matchcap {
		m.matchcap[i] = -1
	}
	v := m.matchcap[0]
	capMachinePool.Put(m) // ok MEM002
	return v
}

// From h2_bundle's responseWriterState: a field that holds no buffer is saved, then
// the whole struct is zeroed right after the Get.
type respState struct {
	w      io.Writer
	header map[string]string
	body   bytes.Buffer
}

var respStatePool = sync.Pool{New: func() any { return new(respState) }}

func newRespState(w io.Writer) *respState {
	rs := respStatePool.Get().(*respState)
	saved := rs.w
	*rs = respState{}
	if saved != nil {
		rs.w = saved
	}
	return rs
}

// Reset-on-Get (`*rs = respState{}` after saving a non-buffer field): no finding.
func respond(w io.Writer, msg string) {
	rs := newRespState(w)
	rs.header = map[string]string{"k": "v"}
	rs.header["len"] = strconv.Itoa(len(msg))
	rs.body.WriteString(msg)
	respStatePool.Put(rs) // ok MEM002
}

// From klauspost/compress zstd (`r.dec.Reset(nil)`) and echo (`c.Reset(r, w)`):
// a method named Reset that takes arguments is still a reset.
type streamDecoder struct {
	src    io.Reader
	window []byte
}

// Reset points the decoder at a new source and empties its window.
func (d *streamDecoder) Reset(r io.Reader) {
	d.src = r
	d.window = d.window[:0]
}

func (d *streamDecoder) feed(p []byte) { d.window = append(d.window, p...) }

var decoderPool = sync.Pool{New: func() any { return new(streamDecoder) }}

type pooledDecoder struct {
	dec *streamDecoder
}

// A Reset(arg) method called on x (here the field path r.dec) before the Put: no finding.
func (r *pooledDecoder) Close() {
	if r.dec != nil {
		r.dec.feed([]byte("tail"))
		r.dec.Reset(nil)
		decoderPool.Put(r.dec) // ok MEM002
		r.dec = nil
	}
}

// From nats-server's subscription: slice fields that are only assigned references
// (never appended to, never filled in place) are not growing buffers.
type subRef struct {
	subject []byte
	queue   []byte
}

var subRefPool = &sync.Pool{New: func() any { return &subRef{} }}

// Reference-only slice fields (subject is reassigned on every use, queue never set here): no finding.
func deliverTo(subject []byte, fn func(*subRef)) {
	sub := subRefPool.Get().(*subRef)
	sub.subject = subject
	fn(sub)
	subRefPool.Put(sub) // ok MEM002
}

// From logrus's defaultPool: a type with Get and Put methods that wrap a sync.Pool is a
// pool of its own; its callers own the reset, as they would with sync.Pool itself.
type wrappedBufferPool struct {
	pool *sync.Pool
}

// Put hands the buffer to the wrapped pool.
func (p *wrappedBufferPool) Put(buf *bytes.Buffer) {
	p.pool.Put(buf) // ok MEM002
}

// Get takes a buffer from the wrapped pool.
func (p *wrappedBufferPool) Get() *bytes.Buffer {
	return p.pool.Get().(*bytes.Buffer)
}

// From prometheus/common expfmt (numBufPool): every Get truncates and refills in one
// statement, `*bp = strconv.AppendInt((*bp)[:0], i, 10)`, before reading the buffer.
var numScratchPool = sync.Pool{New: func() any { b := make([]byte, 0, 24); return &b }}

// Reset-on-Get by a truncating refill right after the Get: no finding.
func writeNumber(w io.Writer, i int64) (int, error) {
	bp := numScratchPool.Get().(*[]byte)
	*bp = strconv.AppendInt((*bp)[:0], i, 10)
	n, err := w.Write(*bp)
	numScratchPool.Put(bp) // ok MEM002
	return n, err
}

// From fasthttp/fasthttputil (byteBufferPool): an unexported getter, then
// `b.b = append(b.b[:0], p...)` right after each call of it.
type pipeChunk struct {
	b []byte
}

var pipeChunkPool = &sync.Pool{New: func() any { return &pipeChunk{b: make([]byte, 0, 1024)} }}

func acquirePipeChunk() *pipeChunk { return pipeChunkPool.Get().(*pipeChunk) }

func releasePipeChunk(c *pipeChunk) {
	if c != nil {
		pipeChunkPool.Put(c) // ok MEM002
	}
}

// Reset-on-Get through the getter: the chunk is truncated and refilled right after acquirePipeChunk.
func pipeWrite(ch chan<- *pipeChunk, p []byte) {
	c := acquirePipeChunk()
	c.b = append(c.b[:0], p...)
	select {
	case ch <- c:
	default:
		releasePipeChunk(c)
	}
}

// From sirupsen/logrus (Logger.releaseEntry): the entry's Buffer field only
// borrows a buffer for the length of one call: every function that sets it
// sets it back to nil before returning, so a pooled entry never holds one.
type logEntry struct {
	Buffer *bytes.Buffer
	Level  int
}

var logEntryPool = sync.Pool{New: func() any { return new(logEntry) }}
var logBufferPool = sync.Pool{New: func() any { return new(bytes.Buffer) }}

func (e *logEntry) write(level int) {
	buf := logBufferPool.Get().(*bytes.Buffer)
	buf.Reset()
	defer logBufferPool.Put(buf)
	e.Buffer = buf
	e.Level = level
	e.Buffer.WriteString("msg")
	e.Buffer = nil
}

func releaseLogEntry(e *logEntry) {
	e.Level = 0
	logEntryPool.Put(e) // ok MEM002
}

// The same shape, but one writer keeps the borrowed buffer: the field can be
// left holding it when the entry goes back to the pool.
type keptEntry struct {
	Out *bytes.Buffer
}

var keptEntryPool = sync.Pool{New: func() any { return new(keptEntry) }}

func (e *keptEntry) write(buf *bytes.Buffer) {
	e.Out = buf
	e.Out.WriteString("msg")
}

func releaseKeptEntry(e *keptEntry) {
	keptEntryPool.Put(e) // want MEM002
}
