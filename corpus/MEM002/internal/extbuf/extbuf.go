// Package extbuf is another package for the mem002 corpus: the results of its
// functions are not resolved from mem002's source (only same-package function
// results are), so values built from them have an unknown type there.
package extbuf

import "bytes"

// Token is a scalar-only value.
type Token struct {
	ID   int
	Name string
}

// New returns an empty buffer.
func New() *bytes.Buffer { return new(bytes.Buffer) }

// NewToken returns a fresh token.
func NewToken(id int) *Token { return &Token{ID: id} }
