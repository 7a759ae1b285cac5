package mem005

import (
	"os"
	"syscall"
	"unsafe"
)

// Memory the Go collector does not manage: an mmap'd file viewed through a
// pointer to a huge array (the idiom for memory Go did not allocate, as bolt and
// bbolt do), exported as an address. Nothing is hidden from the collector.

const maxMapSize = 0xFFFFFFFFFFFF // 256 TB: only a view of foreign memory has this type

type mappedDB struct {
	file *os.File
	data *[maxMapSize]byte
	size int
}

// RawInfo is for C callers that read the mapping directly.
type RawInfo struct {
	Data     uintptr
	PageSize int
}

func openMapped(f *os.File, size int) (*mappedDB, error) {
	b, err := syscall.Mmap(int(f.Fd()), 0, size, syscall.PROT_READ, syscall.MAP_SHARED)
	if err != nil {
		return nil, err
	}
	return &mappedDB{file: f, data: (*[maxMapSize]byte)(unsafe.Pointer(&b[0])), size: size}, nil
}

func (db *mappedDB) Info() *RawInfo {
	return &RawInfo{uintptr(unsafe.Pointer(&db.data[0])), 4096} // ok MEM005
}

func viewCString(p unsafe.Pointer) *RawInfo {
	var view *[1 << 30]byte = (*[1 << 30]byte)(p)
	return &RawInfo{Data: uintptr(unsafe.Pointer(&view[0]))} // ok MEM005
}

// A pointer to a small array is Go memory like any other: still reported.
type frame struct {
	payload *[64]byte
}

func (f *frame) Info() *RawInfo {
	return &RawInfo{uintptr(unsafe.Pointer(&f.payload[0])), 64} // want MEM005
}

// A request block returned together with the buffer it points at: the caller
// holds both, as it holds any result (netlink's ioctl string-set request).
type ssetRequest struct {
	cmd   uint32
	count uint32
}

type ssetIoctl struct {
	name [16]byte
	data uintptr
}

func newSsetReq(link string) (*ssetIoctl, *ssetRequest) {
	s := &ssetRequest{cmd: 0x37}
	req := &ssetIoctl{data: uintptr(unsafe.Pointer(s))} // ok MEM005
	copy(req.name[:15], link)
	return req, s
}

// The same block returned without its buffer: the buffer can be freed while
// the caller still uses the address. Reported.
func newSsetReqOnly(link string) *ssetIoctl {
	s := &ssetRequest{cmd: 0x37}
	req := &ssetIoctl{data: uintptr(unsafe.Pointer(s))} // want MEM005
	copy(req.name[:15], link)
	return req
}
