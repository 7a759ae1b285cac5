package mem002

import (
	"bytes"
	"strings"
	"sync"

	"golint-mem.example/corpus/MEM002/internal/extbuf"
)

// Put-value types and the sources that resolve the type of x. The struct types
// come from structs.go. Every pool here has a Get that is not followed by a reset.

// bytePool holds []byte values.
var bytePool = sync.Pool{New: func() any { return make([]byte, 0, 1024) }}

// Slice put back with its contents (type from the `.([]byte)` assertion): MEM002, and the non-pointer Put is MEM009.
func appendLine(line string) int {
	buf := bytePool.Get().([]byte)
	buf = append(buf, line...)
	buf = append(buf, '\n')
	n := len(buf)
	bytePool.Put(buf) // want MEM002,MEM009
	return n
}

// slicePtrPool holds *[]byte values.
var slicePtrPool = sync.Pool{New: func() any { b := make([]byte, 0, 512); return &b }}

// Pointer to a slice put back without `*bp = (*bp)[:0]`: the next user appends after the old data.
func fillScratch(data string) int {
	bp := slicePtrPool.Get().(*[]byte)
	*bp = append(*bp, data...)
	n := len(*bp)
	slicePtrPool.Put(bp) // want MEM002
	return n
}

// recordPool holds *record (slice + map fields; the map is never nil).
var recordPool = sync.Pool{New: func() any { return &record{index: make(map[string]int)} }}

// getRecord hands out pooled records without resetting them.
func getRecord() *record { return recordPool.Get().(*record) }

// Type from a same-package function's declared result (getRecord): parts and index keep the words.
func countDistinct(words []string) int {
	r := getRecord()
	for i, w := range words {
		r.parts = append(r.parts, w)
		r.index[w] = i
	}
	n := len(r.index)
	recordPool.Put(r) // want MEM002
	return n
}

// Type from the `.(*record)` assertion: struct with slice and map fields put back unreset.
func indexWords(words []string) int {
	r := recordPool.Get().(*record)
	for i, w := range words {
		r.index[w] = i
	}
	r.id++
	n := len(r.index)
	recordPool.Put(r) // want MEM002
	return n
}

// framePool holds *frame (bytes.Buffer and strings.Builder fields by value).
var framePool = sync.Pool{New: func() any { return new(frame) }}

// Struct with bytes.Buffer/strings.Builder value fields (defined in structs.go), from a Get assertion, put back filled.
func frameSize(seq uint32, body string) int {
	f := framePool.Get().(*frame)
	f.seq = seq
	f.hdr.WriteString("FRAME ")
	f.body.WriteString(body)
	n := f.hdr.Len() + f.body.Len()
	framePool.Put(f) // want MEM002
	return n
}

// Type from the composite literal &frame{}: the freshly filled frame is donated to the pool with its contents.
func donateFrame(seq uint32, body string) int {
	f := &frame{seq: seq}
	f.hdr.WriteString("FRAME ")
	f.body.WriteString(body)
	n := f.hdr.Len() + f.body.Len()
	framePool.Put(f) // want MEM002
	return n
}

// chunkPool holds *chunk (one slice field).
var chunkPool = sync.Pool{New: func() any { return new(chunk) }}

// getChunk hands out pooled chunks without resetting them.
func getChunk() *chunk { return chunkPool.Get().(*chunk) }

// Type from new(chunk): the data appended here goes into the pool with the chunk.
func donateChunk(s string) int {
	c := new(chunk)
	c.data = append(c.data, s...)
	n := len(c.data)
	chunkPool.Put(c) // want MEM002
	return n
}

// packetPool holds *packet (pointer-to-buffer fields and a map, all non-nil).
var packetPool = sync.Pool{New: func() any {
	return &packet{payload: new(bytes.Buffer), text: new(strings.Builder), tags: make(map[string]string)}
}}

// Struct with *bytes.Buffer, *strings.Builder and map fields put back unreset: all three keep old data.
func tagPacket(msg, kind string) int {
	p := packetPool.Get().(*packet)
	p.payload.WriteString(msg)
	p.text.WriteString(kind)
	p.tags["kind"] = kind
	n := p.payload.Len()
	packetPool.Put(p) // want MEM002
	return n
}

// Type from the explicit parameter declaration `sb *strings.Builder`: a release helper that never resets.
func releaseBuilder(sb *strings.Builder) {
	valuePool.Put(sb) // want MEM002
}

// Type from the explicit `var b *bytes.Buffer` declaration (the initialiser is another package's function): filled and put back.
func stampExternal(s string) int {
	var b *bytes.Buffer = extbuf.New()
	b.WriteString(s)
	n := b.Len()
	plainPool.Put(b) // want MEM002
	return n
}

// lineWriterPool backs lineWriter.buf.
var lineWriterPool = sync.Pool{New: func() any { return new(bytes.Buffer) }}

func newLineWriter() *lineWriter {
	return &lineWriter{buf: lineWriterPool.Get().(*bytes.Buffer)}
}

// WriteLine appends one line.
func (w *lineWriter) WriteLine(s string) {
	w.buf.WriteString(s)
	w.buf.WriteByte('\n')
}

// Type from the struct field declaration (`b := w.buf`, field `buf *bytes.Buffer`): the written lines go back to the pool.
func (w *lineWriter) Close() {
	b := w.buf
	w.buf = nil
	lineWriterPool.Put(b) // want MEM002
}

// envelopePool holds *envelope.
var envelopePool = sync.Pool{New: func() any { return new(envelope) }}

// Struct with a Reset method that is never called: the body buffer keeps the message.
func sendEnvelope(to, body string) int {
	e := envelopePool.Get().(*envelope)
	e.to = to
	e.body.WriteString(body)
	n := e.body.Len()
	envelopePool.Put(e) // want MEM002
	return n
}
