package mem002

import (
	"bytes"
	"io"
	"net/http"
	"strconv"
	"sync"
)

// Reset-on-Get through a same-package function that receives the Get result
// (or the value asserted from it) and resets it before any use; release-only
// Puts of such a pool are covered. Shapes from web frameworks' context pools
// (gin/echo: `c := engine.pool.Get().(*Context); c.reset()`) and an Ethereum
// client's encoder pool (`valueBuf := pool.Get(); encodeForDerive(list, i, valueBuf)`).

type routeCtx struct {
	req     *http.Request
	params  []string
	keys    map[string]string
	written bytes.Buffer
	index   int8
}

func (c *routeCtx) reset() {
	c.params = c.params[:0]
	c.keys = nil
	c.written.Reset()
	c.index = -1
}

func (c *routeCtx) Set(k, v string) {
	if c.keys == nil {
		c.keys = map[string]string{}
	}
	c.keys[k] = v
	c.params = append(c.params, k)
	c.written.WriteString(v)
}

type router struct {
	ctxPool sync.Pool
	handle  func(*routeCtx)
}

// prepareCtx resets the context before it touches it.
func prepareCtx(c *routeCtx, req *http.Request) {
	c.reset()
	c.req = req
}

// The Get result goes straight into prepareCtx, which resets it first.
func (rt *router) ServeHTTP(w http.ResponseWriter, req *http.Request) {
	c := rt.ctxPool.Get().(*routeCtx)
	prepareCtx(c, req)
	rt.handle(c)
	rt.release(c)
}

// acquireFrom takes the unasserted Get result and resets what it asserts.
func acquireFrom(v any, req *http.Request) *routeCtx {
	c := v.(*routeCtx)
	c.reset()
	c.req = req
	return c
}

// `prepare(p.Get(), ...)`: the Get result is the helper's argument.
func (rt *router) HandleContext(req *http.Request) {
	c := acquireFrom(rt.ctxPool.Get(), req)
	rt.handle(c)
	rt.release(c)
}

// A method on the context that resets its receiver first (gin's `c.reset()` after
// a few writes that do not read the old contents).
func (c *routeCtx) init(req *http.Request) {
	c.reset()
	c.req = req
}

func (rt *router) serveInit(w http.ResponseWriter, req *http.Request) {
	c := rt.ctxPool.Get().(*routeCtx)
	c.index = 0
	c.init(req)
	rt.handle(c)
	rt.release(c)
}

// Every Get of rt.ctxPool resets through a helper: the release-only Put is covered.
func (rt *router) release(c *routeCtx) {
	rt.ctxPool.Put(c) // ok MEM002
}

// A second router whose one Get passes the context to a helper that reads it first.
type legacyRouter struct {
	ctxPool sync.Pool
}

// logCtx reads the stale params before resetting.
func logCtx(c *routeCtx, w io.Writer) {
	for _, p := range c.params {
		io.WriteString(w, p)
	}
	c.reset()
}

func (lr *legacyRouter) ServeHTTP(w http.ResponseWriter, req *http.Request) {
	c := lr.ctxPool.Get().(*routeCtx)
	logCtx(c, w)
	c.Set("path", req.URL.Path)
	lr.release(c)
}

// A helper that reads before it resets does not make its Get reset-on-Get.
func (lr *legacyRouter) release(c *routeCtx) {
	lr.ctxPool.Put(c) // want MEM002
}

// encodeBufPool: a hashing loop hands the buffer to an encoder that resets it first.
var encodeBufPool = sync.Pool{New: func() any { return new(bytes.Buffer) }}

func encodeForDerive(items []string, i int, buf *bytes.Buffer) []byte {
	buf.Reset()
	buf.WriteString(items[i])
	return append([]byte(nil), buf.Bytes()...)
}

// Every use inside the loop is the resetting encoder.
func deriveDigest(items []string) int {
	valueBuf := encodeBufPool.Get().(*bytes.Buffer)
	sum := 0
	for i := range items {
		sum += len(encodeForDerive(items, i, valueBuf))
	}
	putEncodeBuf(valueBuf)
	return sum
}

// The pool's other Get resets right away.
func encodeOne(s string) []byte {
	b := encodeBufPool.Get().(*bytes.Buffer)
	b.Reset()
	b.WriteString(s)
	out := append([]byte(nil), b.Bytes()...)
	putEncodeBuf(b)
	return out
}

// Both Gets of encodeBufPool reset before use: the release helper is fine.
func putEncodeBuf(b *bytes.Buffer) {
	encodeBufPool.Put(b) // ok MEM002
}

// digestBufPool: the loop also writes the buffer directly, before the encoder runs.
var digestBufPool = sync.Pool{New: func() any { return new(bytes.Buffer) }}

func digestAll(items []string) int {
	buf := digestBufPool.Get().(*bytes.Buffer)
	sum := 0
	for i := range items {
		buf.WriteString(strconv.Itoa(i))
		sum += len(encodeForDerive(items, i, buf))
	}
	putDigestBuf(buf)
	return sum
}

// A loop that uses the buffer other than through the resetting encoder is no reset-on-Get.
func putDigestBuf(b *bytes.Buffer) {
	digestBufPool.Put(b) // want MEM002
}
