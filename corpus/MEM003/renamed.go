package mem003

import (
	nethttp "net/http"
	rt "runtime"
	"time"
)

// Renamed imports: `rt "runtime"` for SetFinalizer and `nethttp "net/http"` for requests.

// Renamed runtime import: rt.SetFinalizer with a literal that sleeps.
func newRenamedSleeper() *pipe {
	p := &pipe{done: make(chan struct{})}
	rt.SetFinalizer(p, func(x *pipe) { // want MEM003
		time.Sleep(time.Second)
		close(x.done)
	})
	return p
}

// Renamed runtime and net/http imports: the literal calls nethttp.Post.
func newRenamedReporter(u string) *remote {
	r := &remote{url: u}
	rt.SetFinalizer(r, func(x *remote) { // want MEM003
		resp, err := nethttp.Post(x.url, "text/plain", nil)
		if err == nil {
			resp.Body.Close()
		}
	})
	return r
}

// Renamed runtime import with a same-package function name that sends on a channel (closePipe, named.go).
func newRenamedNamedPipe() *pipe {
	p := &pipe{ch: make(chan int)}
	rt.SetFinalizer(p, closePipe) // want MEM003
	return p
}

// Renamed runtime import, nil finalizer: clears the finalizer, never flagged.
func (h *fileHandle) detach() {
	rt.SetFinalizer(h, nil) // ok MEM003
}

// Renamed runtime import with a literal that only closes a channel: not blocking.
func newRenamedCloser() *pipe {
	p := &pipe{done: make(chan struct{})}
	rt.SetFinalizer(p, func(x *pipe) { close(x.done) }) // ok MEM003
	return p
}
