package mem005

import (
	"encoding/binary"
	"errors"
	"syscall"
	"unsafe"
)

// Argument blocks for the kernel: a struct whose uintptr field points at a Go
// buffer, passed by address to an ioctl/bpf/getsockopt syscall. Only the
// syscall's own arguments get the compiler's keep-alive, so the buffer must be
// used again after the call (as runtime.KeepAlive would) or it may be freed
// while the kernel reads or fills it.

const (
	ifNameSize     = 16
	siocEthtool    = 0x8946
	ethtoolGMsglvl = 0x00000007
	ethtoolGStats  = 0x0000001d
)

type ifreq struct {
	name [ifNameSize]byte
	data uintptr
}

type ethtoolValue struct {
	cmd  uint32
	data uint32
}

type NICTool struct {
	fd int
}

func ifName(intf string) (name [ifNameSize]byte) {
	copy(name[:], intf)
	return name
}

// From safchain/ethtool (MsglvlGet): the kernel fills edata, which the function
// reads after the ioctl, so it stays alive across the call.
func (t *NICTool) MessageLevel(intf string) (uint32, error) {
	edata := ethtoolValue{cmd: ethtoolGMsglvl}
	ifr := ifreq{
		name: ifName(intf),
		data: uintptr(unsafe.Pointer(&edata)), // ok MEM005
	}
	if _, _, errno := syscall.Syscall(syscall.SYS_IOCTL, uintptr(t.fd), siocEthtool, uintptr(unsafe.Pointer(&ifr))); errno != 0 {
		return 0, errno
	}
	return edata.data, nil
}

// From vishvananda/netlink (veth peer stats): the field is set by assignment and
// the buffer is decoded after the ioctl.
func (t *NICTool) PeerIndex(intf string, req []byte) (uint32, error) {
	ifr := &ifreq{name: ifName(intf)}
	binary.LittleEndian.PutUint32(req, ethtoolGStats)
	ifr.data = uintptr(unsafe.Pointer(&req[0])) // ok MEM005
	if _, _, errno := syscall.Syscall(syscall.SYS_IOCTL, uintptr(t.fd), siocEthtool, uintptr(unsafe.Pointer(ifr))); errno != 0 {
		return 0, errno
	}
	return binary.LittleEndian.Uint32(req[8:]), nil
}

type connectxArgs struct {
	count int32
	addrs uintptr
}

func getsockopt(fd, opt int, val, vallen uintptr) error {
	_, _, errno := syscall.Syscall6(syscall.SYS_GETSOCKOPT, uintptr(fd), 132, uintptr(opt), val, vallen, 0)
	if errno != 0 {
		return errno
	}
	return nil
}

// The sctp shape without its fallback: addrs is not used after the call, so
// nothing keeps it alive while the kernel reads it.
func connectAddrs(fd int, addrs []byte) error {
	arg := connectxArgs{
		count: int32(len(addrs)),
		addrs: uintptr(unsafe.Pointer(&addrs[0])), // want MEM005
	}
	size := unsafe.Sizeof(arg)
	return getsockopt(fd, 110, uintptr(unsafe.Pointer(&arg)), uintptr(unsafe.Pointer(&size)))
}

type progLoadAttr struct {
	progType uint32
	insnCnt  uint32
	insns    uintptr
	license  uintptr
}

// From vishvananda/netlink (loadSimpleBpf): insns and license are dead after the
// literal, so the GC may free them during the bpf syscall.
func loadProgram(progType uint32, insns []uint64) (int, error) {
	license := []byte("ASL2\x00")
	attr := progLoadAttr{
		progType: progType,
		insnCnt:  uint32(len(insns)),
		insns:    uintptr(unsafe.Pointer(&insns[0])),  // want MEM005
		license:  uintptr(unsafe.Pointer(&license[0])), // want MEM005
	}
	fd, _, errno := syscall.Syscall(321, 5, uintptr(unsafe.Pointer(&attr)), unsafe.Sizeof(attr))
	if errno != 0 {
		return 0, errno
	}
	return int(fd), nil
}

// The buffer is read only before the syscall: that does not keep it alive
// across the call.
func (t *NICTool) sendRequest(intf string, req []byte) error {
	if len(req) < 4 {
		return errors.New("short ethtool request")
	}
	ifr := ifreq{name: ifName(intf)}
	ifr.data = uintptr(unsafe.Pointer(&req[0])) // want MEM005
	binary.LittleEndian.PutUint32(req, ethtoolGStats)
	_, _, errno := syscall.Syscall(syscall.SYS_IOCTL, uintptr(t.fd), siocEthtool, uintptr(unsafe.Pointer(&ifr)))
	if errno != 0 {
		return errno
	}
	return nil
}

// The block is handed back to the caller, not to a call here (copy only fills
// its name): still reported, as in vishvananda/netlink's newIocltStringSetReq.
func statsRequest(intf string, stats *ethtoolValue) (*ifreq, *ethtoolValue) {
	r := &ifreq{data: uintptr(unsafe.Pointer(stats))} // want MEM005
	copy(r.name[:ifNameSize-1], intf)
	return r, stats
}

// From ishidawataru/sctp (SCTPConnect): the fallback path passes addrs again
// after the first call, so addrs is live across it on every path.
func connectAddrsCompat(fd int, addrs []byte) error {
	arg := connectxArgs{
		count: int32(len(addrs)),
		addrs: uintptr(unsafe.Pointer(&addrs[0])), // ok MEM005
	}
	size := unsafe.Sizeof(arg)
	err := getsockopt(fd, 110, uintptr(unsafe.Pointer(&arg)), uintptr(unsafe.Pointer(&size)))
	if err == nil || err != syscall.ENOPROTOOPT {
		return err
	}
	return getsockopt(fd, 107, uintptr(unsafe.Pointer(&addrs[0])), uintptr(len(addrs)))
}
