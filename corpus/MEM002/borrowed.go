package mem002

import (
	"errors"
	"sync"
)

// A field borrowed across a pair of calls: an unexported method sets it, and
// every caller clears it again through the matching method before returning.
// Reduced from json-iterator's Iterator.captured (startCapture ... stopCapture).

type scanner struct {
	buf        []byte
	head       int
	captured  []byte
	captureAt int
}

func (s *scanner) loadMore(more []byte) {
	if s.captured != nil {
		s.captured = append(s.captured, s.buf[s.captureAt:]...)
		s.captureAt = 0
	}
	s.buf = more
	s.head = 0
}

func (s *scanner) startCaptureTo(dst []byte, at int) {
	if s.captured != nil {
		panic("already capturing")
	}
	s.captureAt = at
	s.captured = dst
}

func (s *scanner) startCapture(at int) { s.startCaptureTo(make([]byte, 0, 32), at) }

func (s *scanner) stopCapture() []byte {
	if s.captured == nil {
		panic("not capturing")
	}
	out := append(s.captured, s.buf[s.captureAt:s.head]...)
	s.captured = nil
	s.captureAt = -1
	return out
}

func (s *scanner) skipToken() { s.head = len(s.buf) }

// RawToken captures one token: set and cleared within the call pair.
func (s *scanner) RawToken() []byte {
	s.startCapture(s.head)
	s.skipToken()
	return s.stopCapture()
}

// AppendToken captures into the caller's slice, cleared the same way.
func (s *scanner) AppendToken(dst []byte) []byte {
	s.startCaptureTo(dst, s.head)
	s.skipToken()
	return s.stopCapture()
}

var scannerPool = sync.Pool{New: func() any { return new(scanner) }}

func borrowScanner(data []byte) *scanner {
	s := scannerPool.Get().(*scanner)
	s.buf = data
	s.head = 0
	return s
}

// captured is only ever borrowed between startCapture and stopCapture; buf is
// not appended to. Nothing to reset.
func returnScanner(s *scanner) {
	s.buf = nil
	scannerPool.Put(s) // ok MEM002
}

// The look-alike: recording starts in an unexported method whose exported caller
// leaves it set; it is only stopped by another exported method, so a tape put
// back mid-recording keeps its bytes.
type tape struct {
	src        []byte
	recording  []byte
	recordFrom int
}

func (t *tape) startRecording(at int) {
	t.recordFrom = at
	t.recording = append(t.recording, t.src[at:]...)
}

func (t *tape) Record(at int) { t.startRecording(at) }

func (t *tape) StopRecording() ([]byte, error) {
	if t.recording == nil {
		return nil, errors.New("not recording")
	}
	out := t.recording
	t.recording = nil
	return out, nil
}

var tapePool = sync.Pool{New: func() any { return new(tape) }}

// recording may still hold the previous user's bytes.
func returnTape(t *tape) {
	t.src = nil
	tapePool.Put(t) // want MEM002
}
