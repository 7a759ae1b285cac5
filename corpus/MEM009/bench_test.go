package mem009

import (
	"sync"
	"testing"
)

// Test code: a benchmark that measures what boxing a slice on Put costs ends with
// the test binary; the allocation it shows is the point of it.
func BenchmarkPutSliceValue(b *testing.B) {
	var scratch = sync.Pool{New: func() any { return make([]byte, 0, 64) }}
	for i := 0; i < b.N; i++ {
		buf := scratch.Get().([]byte)
		scratch.Put(buf[:0]) // ok MEM009 differs: SA6002
	}
}
