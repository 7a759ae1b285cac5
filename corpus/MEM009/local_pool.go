package mem009

import (
	"encoding/binary"
	"io"
	"sync"
)

// A batch encoder that pools its scratch buffer for the length of one batch:
// the pool is local, so its New, its Get and its Put change together (MEM009
// offers the `*[]byte` rewrite as a fix).
func EncodeBatch(w io.Writer, records [][]byte) error {
	scratch := sync.Pool{New: func() any { return make([]byte, 0, 512) }}
	for _, rec := range records {
		buf := scratch.Get().([]byte)[:0]
		buf = binary.AppendUvarint(buf, uint64(len(rec)))
		buf = append(buf, rec...)
		_, err := w.Write(buf)
		scratch.Put(buf[:0]) // want MEM009
		if err != nil {
			return err
		}
	}
	return nil
}
