package mem009

import (
	"bytes"
	"encoding/binary"
	"io"
	"net"
	"strconv"
	"sync"
	"time"
)

// Non-pointer values put into a sync.Pool: each Put boxes the value into an
// interface and allocates (staticcheck SA6002). The values are reset first,
// so MEM002 has nothing to say about them.

// packetBufPool holds []byte directly: the classic SA6002 shape.
var packetBufPool = sync.Pool{New: func() any { return make([]byte, 0, 1500) }}

// A UDP reader that recycles its datagram buffers as plain slices.
func readDatagram(conn net.PacketConn) ([]byte, net.Addr, error) {
	buf := packetBufPool.Get().([]byte)[:1500]
	n, addr, err := conn.ReadFrom(buf)
	if err != nil {
		packetBufPool.Put(buf[:0]) // want MEM009
		return nil, nil, err
	}
	out := append([]byte(nil), buf[:n]...)
	packetBufPool.Put(buf[:0]) // want MEM009
	return out, addr, nil
}

// A framing encoder that hands the truncated slice back after each frame.
func writeFrame(w io.Writer, payload []byte) error {
	frame := packetBufPool.Get().([]byte)[:0]
	frame = binary.BigEndian.AppendUint32(frame, uint32(len(payload)))
	frame = append(frame, payload...)
	_, err := w.Write(frame)
	frame = frame[:0]
	packetBufPool.Put(frame) // want MEM009
	return err
}

// A fresh slice literal or make() is a slice too: it allocates on Put as well.
func primePacketPool(n int) {
	for i := 0; i < n; i++ {
		packetBufPool.Put(make([]byte, 0, 1500)) // want MEM009
	}
	packetBufPool.Put([]byte{}) // want MEM009
}

// lineBufPool: a named slice type is still a slice.
type lineBuf []byte

var lineBufPool sync.Pool

// A log formatter that pools a named slice type by value.
func formatLine(level string, msg string) string {
	lb, _ := lineBufPool.Get().(lineBuf)
	lb = append(lb[:0], level...)
	lb = append(lb, ' ')
	lb = append(lb, msg...)
	s := string(lb)
	lineBufPool.Put(lb[:0]) // want MEM009
	return s
}

// idScratchPool holds fixed-size arrays by value: copied on every Put.
var idScratchPool = sync.Pool{New: func() any { return [16]byte{} }}

// A request-ID generator reusing a 16-byte array from the pool.
func newRequestID(seq uint64, at time.Time) string {
	id := idScratchPool.Get().([16]byte)
	binary.BigEndian.PutUint64(id[:8], seq)
	binary.BigEndian.PutUint64(id[8:], uint64(at.UnixNano()))
	s := strconv.FormatUint(binary.BigEndian.Uint64(id[:8]), 16)
	idScratchPool.Put(id) // want MEM009
	return s
}

// spanPool holds a scalar-only struct by value.
type span struct {
	traceID uint64
	spanID  uint64
	start   int64
	end     int64
}

var spanPool = sync.Pool{New: func() any { return span{} }}

// A tracer that recycles span records by value.
func finishSpan(traceID, spanID uint64, start time.Time) int64 {
	sp := spanPool.Get().(span)
	sp.traceID, sp.spanID = traceID, spanID
	sp.start, sp.end = start.UnixNano(), time.Now().UnixNano()
	d := sp.end - sp.start
	spanPool.Put(sp) // want MEM009
	return d
}

// Zero values of a struct type are values too.
func resetSpanPool() {
	spanPool.Put(span{}) // want MEM009
}

// keyPool holds strings: a string header is two words, boxed on Put.
var keyPool = sync.Pool{New: func() any { return "" }}

// A cache-key builder that parks the last key in a pool.
func cacheKey(tenant, name string) string {
	k := tenant + "/" + name
	keyPool.Put(k) // want MEM009
	return k
}

// counterPool holds integers: boxed on Put (values above 255 allocate).
var counterPool sync.Pool

// A retry budget that parks its counter in a pool between attempts.
func nextAttempt(prev int) int {
	n := prev + 1
	counterPool.Put(n) // want MEM009
	return n
}

// A poller that pools its deadline as a number of nanoseconds.
func parkDeadline(d time.Duration) {
	var ns int64 = int64(d)
	counterPool.Put(ns) // want MEM009
}

// statsPool is a struct field of type *sync.Pool on a metrics collector.
type collector struct {
	samples *sync.Pool
	enabled bool
}

type sample struct {
	name  string
	value float64
}

// A metrics collector that pools sample structs by value.
func (c *collector) observe(name string, v float64) float64 {
	s := sample{name: name, value: v}
	out := s.value * 2
	c.samples.Put(s) // want MEM009
	return out
}

// A boolean flag through a pool (cheap to box, but still not pointer-like).
func (c *collector) parkFlag() {
	c.samples.Put(c.enabled) // want MEM009
}

// A parameter of slice type put straight back.
func releaseChunk(chunk []byte) {
	packetBufPool.Put(chunk[:0]) // want MEM009
}

// bufHolder returns the buffer it gives out by value: a same-package result type.
func chunkFor(n int) []byte { return make([]byte, 0, n) }

// A same-package function's declared slice result, put into the pool.
func warmChunks() {
	packetBufPool.Put(chunkFor(4096)) // want MEM009
}

// A multi-value declaration of a struct value still resolves.
func recycleSpans(a, b span) {
	var first, second span = a, b
	spanPool.Put(first)  // want MEM009
	spanPool.Put(second) // want MEM009
}

// A bytes.Buffer value (not a pointer) copied into the pool.
var bufValuePool sync.Pool

func flushValue(w io.Writer, b bytes.Buffer) error {
	_, err := w.Write(b.Bytes())
	b.Reset()
	bufValuePool.Put(b) // want MEM009
	return err
}
