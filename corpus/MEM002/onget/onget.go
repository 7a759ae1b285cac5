// Package onget is a separate analysis unit: its pools reset right after every
// Get, so its unreset Puts are fine. Its sharedBufPool has the same name as a
// pool in package mem002 that does not reset on Get.
package onget

import (
	"bytes"
	"strings"
	"sync"
)

// sharedBufPool: every Get (getBuf) is followed by Reset.
var sharedBufPool = sync.Pool{New: func() any { return new(bytes.Buffer) }}

func getBuf() *bytes.Buffer {
	b := sharedBufPool.Get().(*bytes.Buffer)
	b.Reset()
	return b
}

// Reset-on-Get: getBuf resets every buffer it hands out, so this Put needs no reset.
func Render(s string) string {
	b := getBuf()
	b.WriteString(s)
	out := b.String()
	sharedBufPool.Put(b) // ok MEM002
	return out
}

// builderPool: every Get is followed by Reset on the *strings.Builder.
var builderPool = &sync.Pool{New: func() any { return new(strings.Builder) }}

// Reset-on-Get at the Get site in the same function (Reset right after Get), Put unreset: no finding.
func Upper(words []string) string {
	sb := builderPool.Get().(*strings.Builder)
	sb.Reset()
	for _, w := range words {
		sb.WriteString(strings.ToUpper(w))
	}
	s := sb.String()
	builderPool.Put(sb) // ok MEM002
	return s
}

// msg has a slice and a map field.
type msg struct {
	fields []string
	meta   map[string]string
}

// msgPool: every Get is followed by `*m = msg{...}`.
var msgPool = sync.Pool{New: func() any { return new(msg) }}

func getMsg() *msg {
	m := msgPool.Get().(*msg)
	*m = msg{meta: make(map[string]string)}
	return m
}

// Reset-on-Get with a struct zeroed by `*m = msg{...}` right after the Get: releasing unreset is fine.
func Describe(kind string, fields []string) int {
	m := getMsg()
	m.fields = append(m.fields, fields...)
	m.meta["kind"] = kind
	n := len(m.fields)
	msgPool.Put(m) // ok MEM002
	return n
}

// Reset-on-Get: a release helper, covered by getMsg's reset.
func release(m *msg) {
	msgPool.Put(m) // ok MEM002
}
