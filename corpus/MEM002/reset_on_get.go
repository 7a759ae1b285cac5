package mem002

import (
	"bytes"
	"sync"
)

// Reset-on-Get: a reset right after every Get from the same pool in the package
// makes an unreset Put harmless. Each pool here is used only in this file.

// scratchPool: every Get (getScratch, scratchLen) is immediately followed by Reset.
var scratchPool = sync.Pool{New: func() any { return new(bytes.Buffer) }}

func getScratch() *bytes.Buffer {
	b := scratchPool.Get().(*bytes.Buffer)
	b.Reset()
	return b
}

// Reset-on-Get: scratchPool resets after every Get, so putting the used buffer back unreset is fine.
func renderScratch(s string) string {
	b := getScratch()
	b.WriteString(s)
	out := b.String()
	scratchPool.Put(b) // ok MEM002
	return out
}

// Reset-on-Get: a release helper with no reset of its own, covered by scratchPool's reset-on-Get.
func putScratch(b *bytes.Buffer) {
	scratchPool.Put(b) // ok MEM002
}

// Reset-on-Get: a second Get site of scratchPool, also resetting right after the Get.
func scratchLen(s string) int {
	b := scratchPool.Get().(*bytes.Buffer)
	b.Reset()
	b.WriteString(s)
	n := b.Len()
	putScratch(b)
	return n
}

// scratchPool2 holds the same type as scratchPool but its getter never resets.
var scratchPool2 = sync.Pool{New: func() any { return new(bytes.Buffer) }}

func getScratch2() *bytes.Buffer { return scratchPool2.Get().(*bytes.Buffer) }

// Reset-on-Get is per pool: scratchPool's resets do not cover scratchPool2, whose Get is never reset.
func renderScratch2(s string) string {
	b := getScratch2()
	b.WriteString(s)
	out := b.String()
	scratchPool2.Put(b) // want MEM002
	return out
}

// mixedPool: one Get site resets, the other does not.
var mixedPool = sync.Pool{New: func() any { return new(bytes.Buffer) }}

func getMixedClean() *bytes.Buffer {
	b := mixedPool.Get().(*bytes.Buffer)
	b.Reset()
	return b
}

func getMixedRaw() *bytes.Buffer { return mixedPool.Get().(*bytes.Buffer) }

// Reset-on-Get on only some Gets: getMixedRaw hands out whatever this dirty Put returns.
func useMixedClean(s string) string {
	b := getMixedClean()
	b.WriteString(s)
	out := b.String()
	mixedPool.Put(b) // want MEM002
	return out
}

// Reset-on-Get on only some Gets: the buffer from the non-resetting getter is put back dirty.
func useMixedRaw(s string) int {
	b := getMixedRaw()
	b.WriteString(s)
	n := b.Len()
	mixedPool.Put(b) // want MEM002
	return n
}

// sessionPool: its only Get (acquireSession) calls s.reset() right after.
var sessionPool = sync.Pool{New: func() any { return &session{attrs: make(map[string]string)} }}

func acquireSession(user string) *session {
	s := sessionPool.Get().(*session)
	s.reset()
	s.user = user
	return s
}

// Reset-on-Get with a struct (reset method right after the Get): releasing the session unreset is fine.
func releaseSession(s *session) {
	sessionPool.Put(s) // ok MEM002
}

// linePool: its only Get (acquireLine) truncates with `*bp = (*bp)[:0]` right after.
var linePool = sync.Pool{New: func() any { b := make([]byte, 0, 256); return &b }}

func acquireLine() *[]byte {
	bp := linePool.Get().(*[]byte)
	*bp = (*bp)[:0]
	return bp
}

// Reset-on-Get with a pointer to a slice: releasing it unreset is fine.
func releaseLine(bp *[]byte) {
	linePool.Put(bp) // ok MEM002
}

// sharedBufPool: the package onget declares a pool with the same name that resets on Get;
// that other package does not cover this one, whose getter never resets.
var sharedBufPool = sync.Pool{New: func() any { return new(bytes.Buffer) }}

func getShared() *bytes.Buffer { return sharedBufPool.Get().(*bytes.Buffer) }

// Reset-on-Get is per package: onget.sharedBufPool's resets do not cover this pool.
func useShared(s string) string {
	b := getShared()
	b.WriteString(s)
	out := b.String()
	sharedBufPool.Put(b) // want MEM002
	return out
}
