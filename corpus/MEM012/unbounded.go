package mem012

import (
	"bytes"
	"encoding/json"
	"io"
	"log"
	"net/http"
	"strconv"
	"sync"
)

// Buffers put back with whatever capacity the last user grew them to, and no
// size check: one huge request pins a huge buffer in the pool (golang/go#23199).
// Every value here is reset for reuse (MEM002 is satisfied); only the capacity stays.

var respBufPool = sync.Pool{New: func() any { return new(bytes.Buffer) }}

// A JSON handler encoding into a pooled buffer: Reset keeps the grown capacity.
func writeJSON(w http.ResponseWriter, v any) {
	b := respBufPool.Get().(*bytes.Buffer)
	b.Reset()
	if err := json.NewEncoder(b).Encode(v); err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
		b.Reset()
		respBufPool.Put(b) // want MEM012
		return
	}
	w.Header().Set("Content-Type", "application/json")
	_, _ = w.Write(b.Bytes())
	b.Reset()
	respBufPool.Put(b) // want MEM012
}

// A release helper that resets and puts back, with no size check.
func putRespBuf(b *bytes.Buffer) {
	b.Reset()
	respBufPool.Put(b) // want MEM012
}

// A deferred reset-and-put in a log shipper.
func shipBatch(w io.Writer, lines []string) error {
	b := respBufPool.Get().(*bytes.Buffer)
	defer func() {
		b.Reset()
		respBufPool.Put(b) // want MEM012
	}()
	b.Reset()
	for _, l := range lines {
		b.WriteString(l)
		b.WriteByte('\n')
	}
	_, err := w.Write(b.Bytes())
	return err
}

// A size check on the input, not on the pooled buffer, guards nothing.
func encodeLimited(w io.Writer, payload []byte) error {
	if len(payload) > 1<<20 {
		return io.ErrShortBuffer
	}
	b := respBufPool.Get().(*bytes.Buffer)
	b.Reset()
	b.Write(payload)
	_, err := w.Write(b.Bytes())
	b.Reset()
	respBufPool.Put(b) // want MEM012
	return err
}

// A size check that only logs does not skip the Put.
func encodeLogged(w io.Writer, payload []byte) error {
	b := respBufPool.Get().(*bytes.Buffer)
	b.Reset()
	b.Write(payload)
	_, err := w.Write(b.Bytes())
	if b.Cap() > 1<<20 {
		log.Printf("large response buffer: %d bytes", b.Cap())
	}
	b.Reset()
	respBufPool.Put(b) // want MEM012
	return err
}

// A check after the Put comes too late.
func encodeLateCheck(w io.Writer, payload []byte) (int, error) {
	b := respBufPool.Get().(*bytes.Buffer)
	b.Reset()
	n, err := w.Write(append(b.Bytes(), payload...))
	b.Reset()
	respBufPool.Put(b) // want MEM012
	if b.Cap() > 1<<20 {
		return n, err
	}
	return n, err
}

// lineBufPool holds *[]byte; the slice is appended to, so it can grow without bound.
var lineBufPool = sync.Pool{New: func() any { b := make([]byte, 0, 256); return &b }}

// An access logger appending into a pooled *[]byte, truncated before the Put.
func logAccess(w io.Writer, method, path string, status int) {
	bp := lineBufPool.Get().(*[]byte)
	buf := append((*bp)[:0], method...)
	buf = append(buf, ' ')
	buf = append(buf, path...)
	buf = append(buf, ' ')
	buf = strconv.AppendInt(buf, int64(status), 10)
	buf = append(buf, '\n')
	_, _ = w.Write(buf)
	*bp = buf[:0]
	lineBufPool.Put(bp) // want MEM012
}

// encoder state with a growing scratch slice and a map, reset by truncation.
type encodeState struct {
	scratch []byte
	seen    map[uintptr]struct{}
	depth   int
}

func (e *encodeState) reset() {
	e.scratch = e.scratch[:0]
	for k := range e.seen {
		delete(e.seen, k)
	}
	e.depth = 0
}

func (e *encodeState) writeString(s string) {
	e.scratch = append(e.scratch, '"')
	e.scratch = append(e.scratch, s...)
	e.scratch = append(e.scratch, '"')
}

func (e *encodeState) mark(p uintptr) { e.seen[p] = struct{}{} }

var encodeStatePool = sync.Pool{New: func() any { return &encodeState{seen: map[uintptr]struct{}{}} }}

// A reset method that truncates keeps every byte of capacity it ever grew.
func encodeName(w io.Writer, name string) error {
	e := encodeStatePool.Get().(*encodeState)
	e.reset()
	e.writeString(name)
	e.mark(uintptr(len(name)))
	_, err := w.Write(e.scratch)
	e.reset()
	encodeStatePool.Put(e) // want MEM012
	return err
}

// Field-by-field truncation keeps the capacity too.
func encodeTag(w io.Writer, tag string) error {
	e := encodeStatePool.Get().(*encodeState)
	e.reset()
	e.writeString(tag)
	_, err := w.Write(e.scratch)
	e.scratch = e.scratch[:0]
	for k := range e.seen {
		delete(e.seen, k)
	}
	encodeStatePool.Put(e) // want MEM012
	return err
}

// Dropping the map but truncating the slice still keeps the slice's capacity.
func encodeKey(w io.Writer, key string) error {
	e := encodeStatePool.Get().(*encodeState)
	e.reset()
	e.writeString(key)
	_, err := w.Write(e.scratch)
	e.scratch = e.scratch[:0]
	e.seen = nil
	encodeStatePool.Put(e) // want MEM012
	return err
}

// A struct with a bytes.Buffer field whose Reset keeps the storage.
type responseRecorder struct {
	status int
	body   bytes.Buffer
}

func (r *responseRecorder) Reset() {
	r.status = 0
	r.body.Reset()
}

func (r *responseRecorder) Write(p []byte) (int, error) { return r.body.Write(p) }

type recorderCache struct {
	pool sync.Pool
}

// A pool held in a struct field; the recorder's Reset keeps the body's capacity.
func (c *recorderCache) replay(w io.Writer, chunks [][]byte) error {
	r, _ := c.pool.Get().(*responseRecorder)
	if r == nil {
		r = new(responseRecorder)
	}
	r.Reset()
	for _, ch := range chunks {
		_, _ = r.Write(ch)
	}
	_, err := w.Write(r.body.Bytes())
	r.Reset()
	c.pool.Put(r) // want MEM012
	return err
}

// A worker loop that returns its buffer on every iteration.
func drainJobs(jobs <-chan []byte, out io.Writer) {
	for job := range jobs {
		b := respBufPool.Get().(*bytes.Buffer)
		b.Reset()
		b.Write(job)
		_, _ = out.Write(b.Bytes())
		b.Reset()
		respBufPool.Put(b) // want MEM012
	}
}

// A *[]byte from a release helper: truncated by the caller convention, unguarded here.
func putLineBuf(bp *[]byte) {
	*bp = (*bp)[:0]
	lineBufPool.Put(bp) // want MEM012
}

// The slice passed back through a helper after use.
func logLine(w io.Writer, msg string) {
	bp := lineBufPool.Get().(*[]byte)
	*bp = append((*bp)[:0], msg...)
	*bp = append(*bp, '\n')
	_, _ = w.Write(*bp)
	putLineBuf(bp)
}

// A gzip-style writer pool: the compressed output buffer lives in a field.
type compressJob struct {
	out  []byte
	name string
}

var compressJobPool = sync.Pool{New: func() any { return new(compressJob) }}

// The job's output slice is appended to and only truncated before the Put.
func compressAndSend(w io.Writer, name string, data []byte) error {
	j := compressJobPool.Get().(*compressJob)
	j.name = name
	j.out = append(j.out[:0], data...)
	_, err := w.Write(j.out)
	j.out = j.out[:0]
	j.name = ""
	compressJobPool.Put(j) // want MEM012
	return err
}

// A size check on another pooled value does not guard this one.
func copyBetween(w io.Writer, data []byte) error {
	src := respBufPool.Get().(*bytes.Buffer)
	dst := respBufPool.Get().(*bytes.Buffer)
	src.Reset()
	dst.Reset()
	src.Write(data)
	dst.Write(src.Bytes())
	_, err := w.Write(dst.Bytes())
	src.Reset()
	dst.Reset()
	if src.Cap() <= 64<<10 {
		respBufPool.Put(src) // ok MEM012
	}
	respBufPool.Put(dst) // want MEM012
	return err
}
