package mem002

import (
	"bytes"
	"sync"
)

// Reset forms (negatives), and broken resets (positives). Types come from
// structs.go, helpers from helpers.go, pools from values.go unless declared here.

// Slice reset `buf = buf[:0]` before the Put: no MEM002, but the slice Put is still MEM009.
func appendLineReset(line string) int {
	buf := bytePool.Get().([]byte)
	buf = append(buf, line...)
	n := len(buf)
	buf = buf[:0]
	bytePool.Put(buf) // want MEM009
	return n
}

// Slice reset in the Put argument `Put(buf[:0])`: no MEM002, but the slice Put is still MEM009.
func appendLineResetArg(line string) int {
	buf := bytePool.Get().([]byte)
	buf = append(buf, line...)
	n := len(buf)
	bytePool.Put(buf[:0]) // want MEM009
	return n
}

// Pointer-to-slice reset `*bp = (*bp)[:0]` before the Put: truncated, no finding.
func fillScratchReset(data string) int {
	bp := slicePtrPool.Get().(*[]byte)
	*bp = append(*bp, data...)
	n := len(*bp)
	*bp = (*bp)[:0]
	slicePtrPool.Put(bp) // ok MEM002
	return n
}

// twoPool holds *twoBufs.
var twoPool = sync.Pool{New: func() any { return new(twoBufs) }}

// Whole-struct reset `*t = twoBufs{}` before the Put: no finding.
func transcodeZero(in string) int {
	t := twoPool.Get().(*twoBufs)
	t.in = append(t.in, in...)
	t.out = append(t.out, t.in...)
	n := len(t.out)
	*t = twoBufs{}
	twoPool.Put(t) // ok MEM002
	return n
}

// Whole-struct reset `*r = record{...}` with a fresh map (parts left nil) before the Put: no finding.
func indexWordsLiteral(words []string) int {
	r := recordPool.Get().(*record)
	for i, w := range words {
		r.index[w] = i
	}
	n := len(r.index)
	*r = record{index: make(map[string]int)}
	recordPool.Put(r) // ok MEM002
	return n
}

// Every buffer field reset: `r.parts = r.parts[:0]` and `r.index = make(...)`: no finding.
func indexWordsFields(words []string) int {
	r := recordPool.Get().(*record)
	for i, w := range words {
		r.parts = append(r.parts, w)
		r.index[w] = i
	}
	n := len(r.index)
	r.parts = r.parts[:0]
	r.index = make(map[string]int)
	recordPool.Put(r) // ok MEM002
	return n
}

// Every buffer field reset: `r.parts = nil` and a `for k := range r.index { delete(r.index, k) }` loop: no finding.
func indexWordsDelete(words []string) int {
	r := recordPool.Get().(*record)
	for i, w := range words {
		r.parts = append(r.parts, w)
		r.index[w] = i
	}
	n := len(r.parts)
	r.parts = nil
	for k := range r.index {
		delete(r.index, k)
	}
	recordPool.Put(r) // ok MEM002
	return n
}

// Every buffer field reset with `x.f.Reset()` on the bytes.Buffer and strings.Builder value fields: no finding.
func frameSizeReset(seq uint32, body string) int {
	f := framePool.Get().(*frame)
	f.seq = seq
	f.hdr.WriteString("FRAME ")
	f.body.WriteString(body)
	n := f.hdr.Len() + f.body.Len()
	f.hdr.Reset()
	f.body.Reset()
	framePool.Put(f) // ok MEM002
	return n
}

// Every buffer field of packet reset (pointer fields via `.Reset()`, the map via a delete loop): no finding.
func tagPacketReset(msg, kind string) int {
	p := packetPool.Get().(*packet)
	p.payload.WriteString(msg)
	p.text.WriteString(kind)
	p.tags["kind"] = kind
	n := p.payload.Len()
	p.payload.Reset()
	p.text.Reset()
	for k := range p.tags {
		delete(p.tags, k)
	}
	packetPool.Put(p) // ok MEM002
	return n
}

// Field reset `c.data = make(...)` (the only buffer field) before the Put: no finding.
func chunkReplace(s string) int {
	c := getChunk()
	c.data = append(c.data, s...)
	n := len(c.data)
	c.data = make([]byte, 0, 64)
	chunkPool.Put(c) // ok MEM002
	return n
}

// Method named Reset called on x before the Put: no finding.
func sendEnvelopeReset(to, body string) int {
	e := envelopePool.Get().(*envelope)
	e.to = to
	e.body.WriteString(body)
	n := e.body.Len()
	e.Reset()
	envelopePool.Put(e) // ok MEM002
	return n
}

// sessionScratch holds *session.
var sessionScratch = sync.Pool{New: func() any { return &session{attrs: make(map[string]string)} }}

// Method named reset called on x before the Put: no finding.
func describeSession(user, role string) int {
	s := sessionScratch.Get().(*session)
	s.user = user
	s.attrs["role"] = role
	n := len(s.attrs)
	s.reset()
	sessionScratch.Put(s) // ok MEM002
	return n
}

// batchPool holds *batch.
var batchPool = sync.Pool{New: func() any { return new(batch) }}

// Method named Clear called on x before the Put: no finding.
func sumBatch(vals []int) int {
	b := batchPool.Get().(*batch)
	b.items = append(b.items, vals...)
	total := 0
	for _, v := range b.items {
		total += v
	}
	b.Clear()
	batchPool.Put(b) // ok MEM002
	return total
}

// tracePool holds *trace.
var tracePool = sync.Pool{New: func() any { return new(trace) }}

// Method named clear called on x before the Put: no finding.
func countEvents(evs []string) int {
	t := tracePool.Get().(*trace)
	t.events = append(t.events, evs...)
	n := len(t.events)
	t.clear()
	tracePool.Put(t) // ok MEM002
	return n
}

// Reset in a same-package helper called with x before the Put (resetBuffer, helpers.go): no finding.
func greetViaHelper(name string) string {
	b := plainPool.Get().(*bytes.Buffer)
	b.WriteString(name)
	s := b.String()
	resetBuffer(b)
	plainPool.Put(b) // ok MEM002
	return s
}

// Field resets in a same-package helper called with x before the Put (resetRecordFields): no finding.
func indexWordsHelper(words []string) int {
	r := recordPool.Get().(*record)
	for i, w := range words {
		r.parts = append(r.parts, w)
		r.index[w] = i
	}
	n := len(r.parts)
	resetRecordFields(r)
	recordPool.Put(r) // ok MEM002
	return n
}

// `*t = twoBufs{}` inside a same-package helper called with x before the Put (zeroTwoBufs): no finding.
func transcodeHelper(in string) int {
	t := twoPool.Get().(*twoBufs)
	t.in = append(t.in, in...)
	n := len(t.in)
	zeroTwoBufs(t)
	twoPool.Put(t) // ok MEM002
	return n
}

// Partial reset: `in` is truncated but `out` keeps the transcoded bytes; the finding must name field out.
func transcodePartial(in string) int {
	t := twoPool.Get().(*twoBufs)
	t.in = append(t.in, in...)
	t.out = append(t.out, t.in...)
	n := len(t.out)
	t.in = t.in[:0]
	twoPool.Put(t) // want MEM002
	return n
}

// Partial reset: parts is truncated but the index map keeps every word; the finding must name field index.
func indexWordsPartial(words []string) int {
	r := recordPool.Get().(*record)
	for i, w := range words {
		r.parts = append(r.parts, w)
		r.index[w] = i
	}
	n := len(r.index)
	r.parts = r.parts[:0]
	recordPool.Put(r) // want MEM002
	return n
}

// Reset after the Put: the buffer is already back in the pool (and may be in another goroutine's hands) while dirty.
func greetResetLate(name string) string {
	b := plainPool.Get().(*bytes.Buffer)
	b.WriteString(name)
	s := b.String()
	plainPool.Put(b) // want MEM002
	b.Reset()
	return s
}

// A same-package helper called with x that does not reset it (bufferSize only reads): still a finding.
func greetMeasured(name string) int {
	b := plainPool.Get().(*bytes.Buffer)
	b.WriteString(name)
	n := bufferSize(b)
	plainPool.Put(b) // want MEM002
	return n
}

// A same-package helper that only bumps a scalar field (bumpRecord): parts and index stay filled.
func indexWordsBumped(words []string) int {
	r := recordPool.Get().(*record)
	for i, w := range words {
		r.parts = append(r.parts, w)
		r.index[w] = i
	}
	bumpRecord(r)
	n := len(r.parts)
	recordPool.Put(r) // want MEM002
	return n
}

// Deferred Put with no reset anywhere: the buffer goes back holding the rendered text.
func renderDeferred(name string) string {
	b := ptrPool.Get().(*bytes.Buffer)
	defer ptrPool.Put(b) // want MEM002
	b.WriteString("<")
	b.WriteString(name)
	b.WriteString(">")
	return b.String()
}
