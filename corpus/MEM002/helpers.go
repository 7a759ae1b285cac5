package mem002

import "bytes"

// Same-package helpers called with x before a Put (used from resets.go).

// resetBuffer really resets its argument.
func resetBuffer(b *bytes.Buffer) { b.Reset() }

// resetRecordFields resets every buffer field of r (slice and map).
func resetRecordFields(r *record) {
	r.parts = r.parts[:0]
	for k := range r.index {
		delete(r.index, k)
	}
}

// zeroTwoBufs resets the whole struct with a zero value.
func zeroTwoBufs(t *twoBufs) { *t = twoBufs{} }

// bufferSize only reads its argument: it does not reset anything.
func bufferSize(b *bytes.Buffer) int { return b.Len() }

// bumpRecord only touches the scalar field: parts and index stay filled.
func bumpRecord(r *record) { r.id++ }
