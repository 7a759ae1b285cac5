package mem002

import (
	"bytes"
	"io"
	"strconv"
	"sync"
	"unsafe"
)

// Buffers whose stale contents can never be read: used only truncated, refilled
// from their truncation before every read, grown with zeros to a requested
// length, or truncated on first use. Reduced from msgp, VictoriaMetrics,
// klauspost/pgzip and a B-tree's node pool.

// A metric encoder whose key scratch is only ever refilled from `[:0]`.
type metricEncoder struct {
	key  []byte
	line []byte
	n    int
}

func (m *metricEncoder) encodeKey(name string, id int) []byte {
	m.key = strconv.AppendInt(append(m.key[:0], name...), int64(id), 10)
	return nil
}

// line is refilled from line[:0] and read right after, in the same function.
func (m *metricEncoder) writeLine(w io.Writer, v float64) error {
	m.line = strconv.AppendFloat(m.line[:0], v, 'g', -1, 64)
	_, err := w.Write(m.line)
	return err
}

var metricEncoderPool = sync.Pool{New: func() any { return new(metricEncoder) }}

// Both slice fields are truncated before any read: nothing stale is ever seen.
func putMetricEncoder(m *metricEncoder) {
	m.n = 0
	metricEncoderPool.Put(m) // ok MEM002
}

// A reader whose token buffer is refilled by a multi-value call (`r.tok, err = read(r.tok[:0])`).
type tokenReader struct {
	src *bytes.Reader
	tok []byte
}

func (t *tokenReader) readInto(dst []byte) ([]byte, error) {
	b, err := t.src.ReadByte()
	return append(dst, b), err
}

func (t *tokenReader) next(w io.Writer) error {
	var err error
	t.tok, err = t.readInto(t.tok[:0])
	if err != nil {
		return err
	}
	_, err = w.Write(t.tok)
	return err
}

var tokenReaderPool = sync.Pool{New: func() any { return new(tokenReader) }}

// tok is refilled from its truncation before each read.
func putTokenReader(t *tokenReader) {
	t.src = nil
	tokenReaderPool.Put(t) // ok MEM002
}

// A look-alike whose buffer is also read without a refill in another method.
type frameDecoder struct {
	payload []byte
}

func (d *frameDecoder) decode(r io.Reader) error {
	var hdr [2]byte
	if _, err := io.ReadFull(r, hdr[:]); err != nil {
		return err
	}
	d.payload = append(d.payload[:0], hdr[:]...)
	return nil
}

func (d *frameDecoder) last() []byte { return d.payload }

var frameDecoderPool = sync.Pool{New: func() any { return new(frameDecoder) }}

// payload is read by last() without a refill: its stale bytes can leak.
func putFrameDecoder(d *frameDecoder) {
	frameDecoderPool.Put(d) // want MEM002
}

// VictoriaMetrics' sized getters: the slice is grown with zeros to the requested
// length and every element is overwritten by index; no data is appended.
type int64s struct {
	A []int64
}

var int64sPool sync.Pool

func getInt64s(size int) *int64s {
	v := int64sPool.Get()
	if v == nil {
		return &int64s{A: make([]int64, size)}
	}
	is := v.(*int64s)
	if n := size - cap(is.A); n > 0 {
		is.A = append(is.A[:cap(is.A)], make([]int64, n)...)
	}
	is.A = is.A[:size]
	return is
}

func deltas(src []int64) int64 {
	is := getInt64s(len(src))
	var sum int64
	for i := range src {
		is.A[i] = src[i] - src[0]
		sum += is.A[i]
	}
	putInt64s(is)
	return sum
}

// A fixed-length scratch slice (grown with zeros only) holds no appended data.
func putInt64s(is *int64s) {
	int64sPool.Put(is) // ok MEM002
}

// The look-alike appends values, so old ones stay in front for the next user.
type samples struct {
	vals []int64
}

var samplesPool sync.Pool

func collect(src []int64) int {
	s, _ := samplesPool.Get().(*samples)
	if s == nil {
		s = &samples{}
	}
	s.vals = append(s.vals, src...)
	n := len(s.vals)
	putSamples(s)
	return n
}

// vals is appended to and never reset.
func putSamples(s *samples) {
	samplesPool.Put(s) // want MEM002
}

// A B-tree's node pool: items/children are cleared by their own truncate(0).
type treeItems []*int

func (s *treeItems) truncate(index int) {
	var toClear treeItems
	*s, toClear = (*s)[:index], (*s)[index:]
	for i := range toClear {
		toClear[i] = nil
	}
}

type treeNode struct {
	items treeItems
}

var treeNodePool = sync.Pool{New: func() any { return new(treeNode) }}

func (n *treeNode) insert(v *int) { n.items = append(n.items, v) }

// A `truncate(0)` method on the field is a reset.
func freeTreeNode(n *treeNode) {
	n.items.truncate(0)
	treeNodePool.Put(n) // ok MEM002
}

// A parallel compressor: every Get truncates on first use (`bytes.NewBuffer((*bp)[:0])`).
var blockPool = sync.Pool{New: func() any { b := make([]byte, 0, 64<<10); return &b }}

func compressBlock(w io.Writer, src []byte) error {
	bp := blockPool.Get().(*[]byte)
	dest := bytes.NewBuffer((*bp)[:0])
	dest.Write(src)
	_, err := w.Write(dest.Bytes())
	*bp = dest.Bytes()
	releaseBlock(bp)
	return err
}

func appendBlock(src []byte) *[]byte {
	bp := blockPool.Get().(*[]byte)
	*bp = append((*bp)[:0], src...)
	return bp
}

// Every Get of blockPool truncates before use: the release Put is covered.
func releaseBlock(bp *[]byte) {
	blockPool.Put(bp) // ok MEM002
}

// A storage engine's per-P free list: the slice holds pointers to C-allocated
// entries that another method frees; truncating it would leak them, so the
// finding names the field and asks for a reset or a comment, never `[:0]`.
type cacheEntry struct {
	key unsafe.Pointer
}

type entryFreeList struct {
	entries []*cacheEntry
	hits    []byte
}

func (f *entryFreeList) push(e *cacheEntry) { f.entries = append(f.entries, e) }

func (f *entryFreeList) note(b byte) { f.hits = append(f.hits, b) }

var freeListPool = sync.Pool{New: func() any { return new(entryFreeList) }}

// entries is a free list of pointers: the message does not suggest truncating it.
func releaseFreeList(f *entryFreeList) {
	f.hits = f.hits[:0]
	freeListPool.Put(f) // want MEM002
}
