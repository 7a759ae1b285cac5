package mem002

import (
	"bytes"
	"fmt"
	"strings"
	"sync"
)

// Pool declaration forms. Every pool used by a positive here has at least one Get
// that is not followed by a reset, so reset-on-Get never applies.

// plainPool is declared `var p sync.Pool` (zero value); New is set in init.
var plainPool sync.Pool

func init() {
	plainPool.New = func() any { return new(bytes.Buffer) }
}

// Pool form `var p sync.Pool`: the *bytes.Buffer from Get is filled and put back unreset, so the next Get starts with "hello <name>".
func greetPlain(name string) string {
	b := plainPool.Get().(*bytes.Buffer)
	b.WriteString("hello ")
	b.WriteString(name)
	s := b.String()
	plainPool.Put(b) // want MEM002
	return s
}

// Pool form `var p sync.Pool`, negative: b.Reset() runs before the Put in the same function.
func greetPlainReset(name string) string {
	b := plainPool.Get().(*bytes.Buffer)
	b.WriteString("hi ")
	b.WriteString(name)
	s := b.String()
	b.Reset()
	plainPool.Put(b) // ok MEM002
	return s
}

// valuePool is declared `var p = sync.Pool{New: ...}`.
var valuePool = sync.Pool{New: func() any { return new(strings.Builder) }}

// Pool form `var p = sync.Pool{New: ...}`: the *strings.Builder keeps the joined words when put back.
func joinWords(words []string) string {
	sb := valuePool.Get().(*strings.Builder)
	for i, w := range words {
		if i > 0 {
			sb.WriteByte(' ')
		}
		sb.WriteString(w)
	}
	s := sb.String()
	valuePool.Put(sb) // want MEM002
	return s
}

// Pool form `var p = sync.Pool{New: ...}`, negative: sb.Reset() before the Put.
func joinWordsReset(words []string) string {
	sb := valuePool.Get().(*strings.Builder)
	for _, w := range words {
		sb.WriteString(w)
	}
	s := sb.String()
	sb.Reset()
	valuePool.Put(sb) // ok MEM002
	return s
}

// ptrPool is declared `var p = &sync.Pool{...}`.
var ptrPool = &sync.Pool{New: func() any { return new(bytes.Buffer) }}

// Pool form `var p = &sync.Pool{...}`: the hex dump stays in the buffer that goes back to the pool.
func hexDump(data []byte) string {
	b := ptrPool.Get().(*bytes.Buffer)
	for _, c := range data {
		fmt.Fprintf(b, "%02x", c)
	}
	s := b.String()
	ptrPool.Put(b) // want MEM002
	return s
}

// Pool form `var p = &sync.Pool{...}`, negative: b.Reset() before the Put.
func hexDumpReset(data []byte) string {
	b := ptrPool.Get().(*bytes.Buffer)
	for _, c := range data {
		fmt.Fprintf(b, "%02x", c)
	}
	s := b.String()
	b.Reset()
	ptrPool.Put(b) // ok MEM002
	return s
}

// encoder holds its pool as a struct field of type sync.Pool.
type encoder struct {
	scratch sync.Pool
}

func newEncoder() *encoder {
	e := &encoder{}
	e.scratch.New = func() any { return new(bytes.Buffer) }
	return e
}

// Pool form: struct field `scratch sync.Pool`; the quoted string stays in the pooled buffer.
func (e *encoder) quote(s string) string {
	b := e.scratch.Get().(*bytes.Buffer)
	b.WriteByte('"')
	b.WriteString(s)
	b.WriteByte('"')
	q := b.String()
	e.scratch.Put(b) // want MEM002
	return q
}

// Pool form: struct field `scratch sync.Pool`, negative: b.Reset() before the Put.
func (e *encoder) quoteReset(s string) string {
	b := e.scratch.Get().(*bytes.Buffer)
	b.WriteByte('\'')
	b.WriteString(s)
	b.WriteByte('\'')
	q := b.String()
	b.Reset()
	e.scratch.Put(b) // ok MEM002
	return q
}

// formatter holds its pool as a struct field of type *sync.Pool.
type formatter struct {
	builders *sync.Pool
}

func newFormatter() *formatter {
	return &formatter{builders: &sync.Pool{New: func() any { return new(strings.Builder) }}}
}

// Pool form: struct field `builders *sync.Pool`; the bracketed list stays in the pooled builder.
func (f *formatter) bracket(items []string) string {
	sb := f.builders.Get().(*strings.Builder)
	sb.WriteByte('[')
	for _, it := range items {
		sb.WriteString(it)
	}
	sb.WriteByte(']')
	s := sb.String()
	f.builders.Put(sb) // want MEM002
	return s
}

// Pool form: struct field `builders *sync.Pool`, negative: sb.Reset() before the Put.
func (f *formatter) bracketReset(items []string) string {
	sb := f.builders.Get().(*strings.Builder)
	sb.WriteByte('(')
	for _, it := range items {
		sb.WriteString(it)
	}
	sb.WriteByte(')')
	s := sb.String()
	sb.Reset()
	f.builders.Put(sb) // ok MEM002
	return s
}

// Pool form: local `var lp sync.Pool`; each iteration gets back the previous line's builder, so lengths accumulate.
func lineLengths(lines []string) []int {
	var lp sync.Pool
	lp.New = func() any { return new(strings.Builder) }
	out := make([]int, 0, len(lines))
	for _, l := range lines {
		sb := lp.Get().(*strings.Builder)
		sb.WriteString(l)
		out = append(out, sb.Len())
		lp.Put(sb) // want MEM002
	}
	return out
}

// Pool form: local `lp := new(sync.Pool)` (type from new); the buffer keeps each record when put back.
func recordLengths(recs []string) []int {
	lp := new(sync.Pool)
	lp.New = func() any { return new(bytes.Buffer) }
	out := make([]int, 0, len(recs))
	for _, r := range recs {
		b := lp.Get().(*bytes.Buffer)
		b.WriteString(r)
		out = append(out, b.Len())
		lp.Put(b) // want MEM002
	}
	return out
}

// Pool form: local `lp := &sync.Pool{...}`, negative: the builder is reset before every Put.
func lineLengthsReset(lines []string) []int {
	lp := &sync.Pool{New: func() any { return new(strings.Builder) }}
	out := make([]int, 0, len(lines))
	for _, l := range lines {
		sb := lp.Get().(*strings.Builder)
		sb.WriteString(l)
		out = append(out, sb.Len())
		sb.Reset()
		lp.Put(sb) // ok MEM002
	}
	return out
}

// Pool form: a *sync.Pool parameter; the buffer taken from it in the same function is put back filled.
func renderWith(p *sync.Pool, name string) string {
	b := p.Get().(*bytes.Buffer)
	b.WriteString("name=")
	b.WriteString(name)
	s := b.String()
	p.Put(b) // want MEM002
	return s
}
