package mem012

import (
	"bytes"
	"io"
	"strings"
	"sync"
)

// Puts that cannot pin an unbounded buffer: a size check skips large ones, or
// the capacity is released before the Put.

const maxPooledBuf = 64 << 10

// printer mirrors fmt's pp: free() drops buffers above 64 KiB.
type printer struct {
	buf []byte
	arg any
}

var printerPool = sync.Pool{New: func() any { return new(printer) }}

func (p *printer) printf(format string, a ...any) {
	p.buf = append(p.buf, format...)
	p.arg = a
}

// fmt's guard: a capacity check that returns before the Put.
func (p *printer) free() {
	if cap(p.buf) > maxPooledBuf {
		return
	}
	p.buf = p.buf[:0]
	p.arg = nil
	printerPool.Put(p) // ok MEM012
}

// A Put wrapped in the size check.
func renderCapped(w io.Writer, s string) error {
	b := respBufPool.Get().(*bytes.Buffer)
	b.Reset()
	b.WriteString(s)
	_, err := w.Write(b.Bytes())
	b.Reset()
	if b.Cap() <= maxPooledBuf {
		respBufPool.Put(b) // ok MEM012
	}
	return err
}

// A Len check that returns early is a guard too.
func renderLenChecked(w io.Writer, s string) error {
	b := respBufPool.Get().(*bytes.Buffer)
	b.Reset()
	b.WriteString(s)
	_, err := w.Write(b.Bytes())
	if b.Len() > maxPooledBuf {
		return err
	}
	b.Reset()
	respBufPool.Put(b) // ok MEM012
	return err
}

// The Put in the else branch of a size check.
func logCapped(w io.Writer, msg string) {
	bp := lineBufPool.Get().(*[]byte)
	*bp = append((*bp)[:0], msg...)
	_, _ = w.Write(*bp)
	if cap(*bp) > maxPooledBuf {
		bp = nil
	} else {
		*bp = (*bp)[:0]
		lineBufPool.Put(bp) // ok MEM012
	}
}

// A size check with an initializer.
func logCappedInit(w io.Writer, msg string) {
	bp := lineBufPool.Get().(*[]byte)
	*bp = append((*bp)[:0], msg...)
	_, _ = w.Write(*bp)
	if n := cap(*bp); n > maxPooledBuf {
		return
	}
	*bp = (*bp)[:0]
	lineBufPool.Put(bp) // ok MEM012
}

// A worker that skips oversized buffers with continue.
func drainCapped(jobs <-chan []byte, out io.Writer) {
	for job := range jobs {
		b := respBufPool.Get().(*bytes.Buffer)
		b.Reset()
		b.Write(job)
		_, _ = out.Write(b.Bytes())
		if b.Cap() > maxPooledBuf {
			continue
		}
		b.Reset()
		respBufPool.Put(b) // ok MEM012
	}
}

// strings.Builder.Reset drops the storage (it sets the buffer to nil).
var builderPool = sync.Pool{New: func() any { return new(strings.Builder) }}

func joinLabels(labels []string) string {
	sb := builderPool.Get().(*strings.Builder)
	sb.Reset()
	for i, l := range labels {
		if i > 0 {
			sb.WriteByte(',')
		}
		sb.WriteString(l)
	}
	s := sb.String()
	sb.Reset()
	builderPool.Put(sb) // ok MEM012
	return s
}

// A request context whose buffers are set to nil before the Put.
type reqCtx struct {
	body   []byte
	params map[string]string
	path   string
}

var reqCtxPool = sync.Pool{New: func() any { return new(reqCtx) }}

func (c *reqCtx) read(r io.Reader) error {
	data, err := io.ReadAll(r)
	c.body = append(c.body[:0], data...)
	return err
}

func (c *reqCtx) setParam(k, v string) {
	if c.params == nil {
		c.params = map[string]string{}
	}
	c.params[k] = v
}

// Every buffer field set to nil: nothing is pinned.
func serveNil(r io.Reader, path string) error {
	c := reqCtxPool.Get().(*reqCtx)
	c.path = path
	c.setParam("path", path)
	err := c.read(r)
	c.body = nil
	c.params = nil
	reqCtxPool.Put(c) // ok MEM012
	return err
}

// A zero value: `*c = reqCtx{}` drops every buffer.
func serveZero(r io.Reader, path string) error {
	c := reqCtxPool.Get().(*reqCtx)
	c.path = path
	c.setParam("path", path)
	err := c.read(r)
	*c = reqCtx{}
	reqCtxPool.Put(c) // ok MEM012
	return err
}

// A fresh make for each field: the old backing arrays are dropped.
func serveFresh(r io.Reader, path string) error {
	c := reqCtxPool.Get().(*reqCtx)
	c.setParam("path", path)
	err := c.read(r)
	c.body = make([]byte, 0, 512)
	c.params = make(map[string]string)
	reqCtxPool.Put(c) // ok MEM012
	return err
}

// A Reset method whose body releases the buffers.
func (c *reqCtx) Reset() {
	c.body = nil
	c.params = nil
	c.path = ""
}

func serveReset(r io.Reader, path string) error {
	c := reqCtxPool.Get().(*reqCtx)
	c.Reset()
	c.setParam("path", path)
	err := c.read(r)
	c.Reset()
	reqCtxPool.Put(c) // ok MEM012
	return err
}

// A same-package release helper that zeroes the value.
func releaseReqCtx(c *reqCtx) {
	*c = reqCtx{}
}

func serveHelper(r io.Reader, path string) error {
	c := reqCtxPool.Get().(*reqCtx)
	c.setParam("path", path)
	err := c.read(r)
	releaseReqCtx(c)
	reqCtxPool.Put(c) // ok MEM012
	return err
}

// A fixed-length scratch buffer read into by index never grows.
var copyBufPool = sync.Pool{New: func() any { b := make([]byte, 32<<10); return &b }}

func copyStream(dst io.Writer, src io.Reader) (int64, error) {
	bp := copyBufPool.Get().(*[]byte)
	n, err := io.CopyBuffer(dst, src, *bp)
	copyBufPool.Put(bp) // ok MEM012
	return n, err
}

// A struct with only scalar fields holds no buffer.
type counters struct {
	hits, misses int64
	name         string
}

var countersPool = sync.Pool{New: func() any { return new(counters) }}

func recordHit(name string) int64 {
	c := countersPool.Get().(*counters)
	*c = counters{name: name}
	c.hits++
	h := c.hits
	countersPool.Put(c) // ok MEM012
	return h
}

// A fresh value holds no capacity.
func primeBuffers(n int) {
	for i := 0; i < n; i++ {
		respBufPool.Put(new(bytes.Buffer)) // ok MEM012
	}
}

// A strings.Builder field reset in the struct's reset method is released.
type lineWriter struct {
	sb   strings.Builder
	seen int
}

func (l *lineWriter) reset() {
	l.sb.Reset()
	l.seen = 0
}

var lineWriterPool = sync.Pool{New: func() any { return new(lineWriter) }}

func formatRow(cols []string) string {
	l := lineWriterPool.Get().(*lineWriter)
	l.reset()
	for _, c := range cols {
		l.sb.WriteString(c)
		l.sb.WriteByte('\t')
	}
	s := l.sb.String()
	l.reset()
	lineWriterPool.Put(l) // ok MEM012
	return s
}
