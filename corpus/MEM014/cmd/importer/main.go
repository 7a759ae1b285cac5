// Command importer copies series into a server and exits. Its flag help names the
// server's -httpListenAddr and it reads a notification socket, but it serves
// nothing itself: a worker it strands ends with the process.
package main

import (
	"errors"
	"flag"
	"fmt"
	"net"
	"os"
)

var addr = flag.String("addr", "http://localhost:8428", "should be the same as the server's -httpListenAddr")

func push(s string) error {
	if s == "" {
		return errors.New("empty series")
	}
	return nil
}

func notifySocket(path string) (*net.UnixConn, error) {
	return net.ListenUnixgram("unixgram", &net.UnixAddr{Name: path, Net: "unixgram"})
}

func importAll(series []string) error {
	errCh := make(chan error)
	go func() { // ok MEM014
		for _, s := range series {
			if err := push(s); err != nil {
				errCh <- err
				return
			}
		}
		close(errCh)
	}()
	if len(series) > 100 {
		return fmt.Errorf("too many series for %s", *addr)
	}
	return <-errCh
}

func main() {
	flag.Parse()
	if c, err := notifySocket(os.TempDir() + "/importer.sock"); err == nil {
		c.Close()
	}
	if err := importAll(flag.Args()); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}
