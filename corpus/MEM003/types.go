package mem003

import (
	"database/sql"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"sync"
)

// Types whose values get finalizers in the other files of this package (same-package
// lookups span all files, so field types resolve from literal.go, io.go, ...).

// pipe owns channels.
type pipe struct {
	ch      chan int
	done    chan struct{}
	results chan string
	hi, lo  chan int
}

// guarded owns locks, a wait group and a condition variable. Its mu and rw are
// held across slow work in locks_held.go, so taking them can block.
type guarded struct {
	mu    sync.Mutex
	rw    sync.RWMutex
	wg    sync.WaitGroup
	cond  *sync.Cond
	n     int
	live  int64
	items []string
}

// remote owns network clients and connections.
type remote struct {
	client *http.Client
	url    string
	addr   string
	conn   net.Conn
	tcp    *net.TCPConn
	udp    *net.UDPConn
}

// store owns database/sql handles.
type store struct {
	db    *sql.DB
	tx    *sql.Tx
	conn  *sql.Conn
	stmt  *sql.Stmt
	table string
}

// process owns a child process.
type process struct {
	cmd *exec.Cmd
}

// fileHandle owns an OS file, a raw descriptor and an opaque closer.
type fileHandle struct {
	f    *os.File
	fd   int
	c    io.Closer
	name string
}
