package mem002

import (
	"bytes"
	"strings"
)

// Struct types used by the cases in the other files of this package (same-package
// lookups span all files, so these resolve from decls.go, values.go, resets.go...).

// record mixes a scalar with a slice and a map field: parts and index need a reset.
type record struct {
	id    int
	parts []string
	index map[string]int
}

// frame holds a bytes.Buffer and a strings.Builder by value: hdr and body need a reset.
type frame struct {
	seq  uint32
	hdr  bytes.Buffer
	body strings.Builder
}

// packet holds pointers to buffers plus a map: payload, text and tags need a reset.
type packet struct {
	payload *bytes.Buffer
	text    *strings.Builder
	tags    map[string]string
}

// twoBufs holds two byte-slice buffers: in and out both need a reset.
type twoBufs struct {
	in  []byte
	out []byte
}

// chunk holds one byte-slice buffer.
type chunk struct {
	data []byte
}

// point has only scalar fields (numbers, a string, a bool): nothing to reset.
type point struct {
	x, y  int
	label string
	valid bool
}

// envelope has a buffer field and an exported Reset method that empties it.
type envelope struct {
	to   string
	body bytes.Buffer
}

// Reset empties the envelope.
func (e *envelope) Reset() {
	e.to = ""
	e.body.Reset()
}

// session has a map field and an unexported reset method that empties it.
type session struct {
	user  string
	attrs map[string]string
}

func (s *session) reset() {
	s.user = ""
	for k := range s.attrs {
		delete(s.attrs, k)
	}
}

// batch has a slice field and an exported Clear method that truncates it.
type batch struct {
	items []int
}

// Clear truncates the batch.
func (b *batch) Clear() { b.items = b.items[:0] }

// trace has a slice field and an unexported clear method that truncates it.
type trace struct {
	events []string
}

func (t *trace) clear() { t.events = t.events[:0] }

// lineWriter keeps a pooled *bytes.Buffer in a struct field.
type lineWriter struct {
	buf *bytes.Buffer
}
