package mem003

import (
	"context"
	"database/sql"
	"log"
	"net"
	"net/http"
	"net/url"
	"os/exec"
	"runtime"
	"strings"
	"time"
)

// Function-literal finalizers doing network, database and process I/O.

// http.Get in the finalizer: a network round trip with no deadline.
func newReleasingSession(u string) *remote {
	r := &remote{url: u}
	runtime.SetFinalizer(r, func(x *remote) { // want MEM003
		resp, err := http.Get(x.url + "/release")
		if err == nil {
			resp.Body.Close()
		}
	})
	return r
}

// http.Head in the finalizer: still a full network round trip.
func newProbedSession(u string) *remote {
	r := &remote{url: u}
	runtime.SetFinalizer(r, func(x *remote) { // want MEM003
		resp, err := http.Head(x.url)
		if err == nil {
			resp.Body.Close()
		}
	})
	return r
}

// http.Post in the finalizer: sends a request and waits for the response.
func newReportingSession(u string) *remote {
	r := &remote{url: u}
	runtime.SetFinalizer(r, func(x *remote) { // want MEM003
		resp, err := http.Post(x.url+"/gone", "text/plain", strings.NewReader("bye"))
		if err == nil {
			resp.Body.Close()
		}
	})
	return r
}

// http.PostForm in the finalizer: sends a form and waits for the response.
func newFormSession(u string) *remote {
	r := &remote{url: u}
	runtime.SetFinalizer(r, func(x *remote) { // want MEM003
		resp, err := http.PostForm(x.url, url.Values{"event": {"gc"}})
		if err == nil {
			resp.Body.Close()
		}
	})
	return r
}

// (*http.Client).Do on a resolved field `client *http.Client`: a network round trip.
func newDeletingSession(c *http.Client, u string) *remote {
	r := &remote{client: c, url: u}
	runtime.SetFinalizer(r, func(x *remote) { // want MEM003
		req, err := http.NewRequest(http.MethodDelete, x.url, nil)
		if err != nil {
			return
		}
		resp, err := x.client.Do(req)
		if err == nil {
			resp.Body.Close()
		}
	})
	return r
}

// (*http.Client).Get on a resolved field: a network round trip, even with a client timeout.
func newClientGetSession(u string) *remote {
	r := &remote{client: &http.Client{Timeout: 5 * time.Second}, url: u}
	runtime.SetFinalizer(r, func(x *remote) { // want MEM003
		resp, err := x.client.Get(x.url + "/release")
		if err == nil {
			resp.Body.Close()
		}
	})
	return r
}

// net.Dial in the finalizer: connection setup blocks on the network.
func newUnregisteringPeer(addr string) *remote {
	r := &remote{addr: addr}
	runtime.SetFinalizer(r, func(x *remote) { // want MEM003
		c, err := net.Dial("tcp", x.addr)
		if err == nil {
			c.Close()
		}
	})
	return r
}

// net.DialTimeout in the finalizer: bounded, but still blocks the finalizer goroutine up to the timeout.
func newTimedPeer(addr string) *remote {
	r := &remote{addr: addr}
	runtime.SetFinalizer(r, func(x *remote) { // want MEM003
		c, err := net.DialTimeout("tcp", x.addr, time.Second)
		if err == nil {
			c.Close()
		}
	})
	return r
}

// net.Listen in the finalizer: listed as blocking network setup.
func newPortProbe(addr string) *remote {
	r := &remote{addr: addr}
	runtime.SetFinalizer(r, func(x *remote) { // want MEM003
		ln, err := net.Listen("tcp", x.addr)
		if err == nil {
			ln.Close()
		}
	})
	return r
}

// Close on a resolved net.Conn field: a TLS or lingering connection can block on Close.
func newConnOwner(c net.Conn) *remote {
	r := &remote{conn: c}
	runtime.SetFinalizer(r, func(x *remote) { x.conn.Close() }) // want MEM003
	return r
}

// Write on a resolved *net.TCPConn field: blocks when the peer's window is full.
func newTCPOwner(c *net.TCPConn) *remote {
	r := &remote{tcp: c}
	runtime.SetFinalizer(r, func(x *remote) { // want MEM003
		x.tcp.Write([]byte("QUIT\r\n"))
	})
	return r
}

// Read on a resolved *net.UDPConn field: blocks until a datagram arrives.
func newUDPOwner(c *net.UDPConn) *remote {
	r := &remote{udp: c}
	runtime.SetFinalizer(r, func(x *remote) { // want MEM003
		buf := make([]byte, 512)
		x.udp.Read(buf)
	})
	return r
}

// (*sql.Tx).Rollback in the finalizer: a database round trip for an abandoned transaction.
func newTxGuard(tx *sql.Tx) *store {
	s := &store{tx: tx}
	runtime.SetFinalizer(s, func(x *store) { x.tx.Rollback() }) // want MEM003
	return s
}

// (*sql.Tx).Commit in the finalizer: a database round trip.
func newAutoCommit(tx *sql.Tx) *store {
	s := &store{tx: tx}
	runtime.SetFinalizer(s, func(x *store) { x.tx.Commit() }) // want MEM003
	return s
}

// (*sql.DB).Exec in the finalizer: deletes a temp table over the network.
func newTempTable(db *sql.DB, table string) *store {
	s := &store{db: db, table: table}
	runtime.SetFinalizer(s, func(x *store) { // want MEM003
		x.db.Exec("DROP TABLE IF EXISTS " + x.table)
	})
	return s
}

// (*sql.DB).Ping in the finalizer: waits for a connection and a round trip.
func newPingingStore(db *sql.DB) *store {
	s := &store{db: db}
	runtime.SetFinalizer(s, func(x *store) { x.db.Ping() }) // want MEM003
	return s
}

// (*sql.DB).BeginTx in the finalizer: waits for a pooled connection.
func newBeginningStore(db *sql.DB) *store {
	s := &store{db: db}
	runtime.SetFinalizer(s, func(x *store) { // want MEM003
		tx, err := x.db.BeginTx(context.Background(), nil)
		if err == nil {
			tx.Rollback()
		}
	})
	return s
}

// (*sql.Conn).QueryContext in the finalizer: a query round trip.
func newConnStore(c *sql.Conn) *store {
	s := &store{conn: c}
	runtime.SetFinalizer(s, func(x *store) { // want MEM003
		rows, err := x.conn.QueryContext(context.Background(), "SELECT 1")
		if err == nil {
			rows.Close()
		}
	})
	return s
}

// (*sql.Stmt).Exec in the finalizer: a statement round trip.
func newStmtStore(st *sql.Stmt) *store {
	s := &store{stmt: st}
	runtime.SetFinalizer(s, func(x *store) { x.stmt.Exec("gc") }) // want MEM003
	return s
}

// (*exec.Cmd).Wait in the finalizer: waits for the child process to exit.
func newReapedChild(cmd *exec.Cmd) *process {
	p := &process{cmd: cmd}
	runtime.SetFinalizer(p, func(x *process) { x.cmd.Wait() }) // want MEM003
	return p
}

// (*exec.Cmd).Run in the finalizer: starts a process and waits for it.
func newCleanupScript(cmd *exec.Cmd) *process {
	p := &process{cmd: cmd}
	runtime.SetFinalizer(p, func(x *process) { x.cmd.Run() }) // want MEM003
	return p
}

// (*exec.Cmd).Output in the finalizer: runs a process and reads all its output.
func newOutputChild(cmd *exec.Cmd) *process {
	p := &process{cmd: cmd}
	runtime.SetFinalizer(p, func(x *process) { // want MEM003
		if out, err := x.cmd.Output(); err == nil {
			log.Printf("cleanup output: %s", out)
		}
	})
	return p
}

// (*exec.Cmd).CombinedOutput in the finalizer: runs a process to completion.
func newCombinedChild(cmd *exec.Cmd) *process {
	p := &process{cmd: cmd}
	runtime.SetFinalizer(p, func(x *process) { // want MEM003
		x.cmd.CombinedOutput()
	})
	return p
}
