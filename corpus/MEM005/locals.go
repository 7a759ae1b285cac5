package mem005

import (
	"encoding/binary"
	"fmt"
	"hash/fnv"
	"unsafe"
)

// Locals holding a pointer-derived uintptr. Flagged only when a later statement
// converts the local back to unsafe.Pointer (reported at the local's assignment).

// Converted back later with unsafe.Pointer(addr): p may be collected between the two statements.
func roundTrip(p *node) *node {
	addr := uintptr(unsafe.Pointer(p)) // want MEM005
	return (*node)(unsafe.Pointer(addr))
}

// Converted back later with unsafe.Pointer(base + off).
func fieldAt(p *node, off uintptr) *int {
	base := uintptr(unsafe.Pointer(p)) // want MEM005
	return (*int)(unsafe.Pointer(base + off))
}

// Converted back two statements later with unsafe.Pointer(start + 1).
func secondByte(buf []byte) *byte {
	start := uintptr(unsafe.Pointer(&buf[0])) // want MEM005
	logLine("len", len(buf))
	return (*byte)(unsafe.Pointer(start + 1))
}

// Local used only for printing.
func debugAddr(p *node) {
	addr := uintptr(unsafe.Pointer(p)) // ok MEM005
	fmt.Println("node at", addr)
}

// Local used only for formatting.
func addrString(p *node) string {
	addr := uintptr(unsafe.Pointer(p)) // ok MEM005
	return fmt.Sprintf("%#x", addr)
}

// Local used only for hashing into a bucket index.
func bucketOf(p *node, nbuckets uintptr) uintptr {
	addr := uintptr(unsafe.Pointer(p)) // ok MEM005
	return (addr >> 4) % nbuckets
}

// Local used only as hash input.
func hashAddr(p *node) uint64 {
	addr := uintptr(unsafe.Pointer(p)) // ok MEM005
	var b [8]byte
	binary.LittleEndian.PutUint64(b[:], uint64(addr))
	h := fnv.New64a()
	_, _ = h.Write(b[:])
	return h.Sum64()
}

// Locals used only for comparison (lock ordering by address); never converted back.
func lockFirst(a, b *node) bool {
	pa := uintptr(unsafe.Pointer(a)) // ok MEM005
	pb := uintptr(unsafe.Pointer(b)) // ok MEM005
	return pa < pb
}

// Local used only for an alignment test.
func isAligned8(p *node) bool {
	addr := uintptr(unsafe.Pointer(p)) // ok MEM005
	return addr&7 == 0
}

// Local used only for alignment math (padding to the next multiple of align).
func paddingFor(p *byte, align uintptr) uintptr {
	addr := uintptr(unsafe.Pointer(p)) // ok MEM005
	return (align - addr%align) % align
}
