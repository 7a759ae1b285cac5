package mem001

// Goroutines that the end of the request ends: request-end hooks (the first
// thing they do is wait for a request-lifetime channel) and request-bound
// workers (every wait they do can be cut short by the request's end, after
// which they return). Look-alikes wait on something that may outlive the
// request, or keep going after it ends.

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"sync/atomic"
	"time"

	"github.com/gin-gonic/gin"
	"github.com/valyala/fasthttp"
)

// upgradeProxy switches protocols for a proxied connection.
type upgradeProxy struct{ dial func() (io.ReadWriteCloser, error) }

// Request-end hook (httputil.ReverseProxy.handleUpgradeResponse): close the
// backend when the request's context ends or the handler returns.
func (p *upgradeProxy) handleUpgrade(rw http.ResponseWriter, req *http.Request, res *http.Response) {
	backConn, err := p.dial()
	if err != nil {
		rw.WriteHeader(http.StatusBadGateway)
		return
	}
	backConnCloseCh := make(chan bool)
	go func() { // ok MEM001
		select {
		case <-req.Context().Done():
		case <-backConnCloseCh:
		}
		backConn.Close()
	}()
	defer close(backConnCloseCh)
	_, _ = io.Copy(rw, res.Body)
}

// maintenance is a service an admin endpoint can freeze.
type maintenance struct{ frozen atomic.Bool }

// Request-end hook: the admin handler freezes the service for as long as the
// request is open and unfreezes it when the request's context ends.
func (m *maintenance) handleFreeze(w http.ResponseWriter, r *http.Request) {
	m.frozen.Store(true)
	ctx := r.Context()
	go func() { // ok MEM001
		<-ctx.Done()
		m.frozen.Store(false)
		audit("unfrozen by " + r.RemoteAddr)
	}()
	w.WriteHeader(http.StatusOK)
	if f, ok := w.(http.Flusher); ok {
		f.Flush()
	}
	<-ctx.Done()
}

// Request-end hook in a same-package function: its first statement waits for the ctx it is given.
func (m *maintenance) unfreezeWhenDone(ctx context.Context, who string) {
	<-ctx.Done()
	m.frozen.Store(false)
	audit("unfrozen by " + who)
}

func (m *maintenance) handleFreezeAsync(w http.ResponseWriter, r *http.Request) {
	m.frozen.Store(true)
	go m.unfreezeWhenDone(r.Context(), r.RemoteAddr) // ok MEM001
	w.WriteHeader(http.StatusOK)
}

// Look-alike: the same-package function sleeps before it looks at the ctx.
func (m *maintenance) unfreezeLater(ctx context.Context, d time.Duration) {
	time.Sleep(d)
	if ctx.Err() != nil {
		m.frozen.Store(false)
	}
}

func (m *maintenance) handleFreezeFor(w http.ResponseWriter, r *http.Request) {
	m.frozen.Store(true)
	go m.unfreezeLater(r.Context(), time.Minute) // want MEM001
	w.WriteHeader(http.StatusOK)
}

// Request-bound worker (ReverseProxy.ServeHTTP's CloseNotify watcher): its only
// select ends when the context, cancelled by the deferred cancel, is done.
func proxyWithCloseNotify(rw http.ResponseWriter, req *http.Request) {
	ctx := req.Context()
	if cn, ok := rw.(http.CloseNotifier); ok {
		var cancel context.CancelFunc
		ctx, cancel = context.WithCancel(ctx)
		defer cancel()
		notifyChan := cn.CloseNotify()
		go func() { // ok MEM001
			select {
			case <-notifyChan:
				cancel()
			case <-ctx.Done():
			}
		}()
	}
	process(req.WithContext(ctx))
}

// Request-bound worker (etcd's httpproxy): the handler signals completeCh in a
// deferred call, and the watcher's select ends on it.
func proxyCompleteSignal(rw http.ResponseWriter, clientreq *http.Request) {
	var requestClosed int32
	completeCh := make(chan bool, 1)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	if closeNotifier, ok := rw.(http.CloseNotifier); ok {
		closeCh := closeNotifier.CloseNotify()
		go func() { // ok MEM001
			select {
			case <-closeCh:
				atomic.StoreInt32(&requestClosed, 1)
				audit("client closed request prematurely: " + clientreq.RemoteAddr)
				cancel()
			case <-completeCh:
			}
		}()
		defer func() {
			completeCh <- true
		}()
	}
	work(ctx)
}

// Request-bound worker: a console-log streamer whose every wait returns when the request ends.
func streamConsole(w http.ResponseWriter, r *http.Request, lines <-chan string) {
	ctx := r.Context()
	flusher, _ := w.(http.Flusher)
	go func() { // ok MEM001
		for {
			select {
			case <-ctx.Done():
				return
			case line, ok := <-lines:
				if !ok {
					return
				}
				fmt.Fprintln(w, line)
				if flusher != nil {
					flusher.Flush()
				}
			}
		}
	}()
	<-ctx.Done()
}

// Request-bound worker: the ctx derived from the request's with a deferred
// cancel; the case breaks out of the labelled loop, the last statement.
func pollJobStatus(w http.ResponseWriter, r *http.Request, jobID string) {
	ctx, cancel := context.WithTimeout(r.Context(), time.Minute)
	defer cancel()
	ticker := time.NewTicker(time.Second)
	defer ticker.Stop()
	go func() { // ok MEM001
	poll:
		for {
			select {
			case <-ctx.Done():
				break poll
			case <-ticker.C:
				fmt.Fprintf(w, "job %s running\n", jobID)
			}
		}
	}()
	work(ctx)
}

// Look-alike: the handler closes `stop` at its end, but not in a deferred call,
// so the early return leaves the goroutine writing to a finished response.
func streamUntilStopped(w http.ResponseWriter, r *http.Request, lines <-chan string) {
	stop := make(chan struct{})
	go func() { // want MEM001
		for {
			select {
			case <-stop:
				return
			case line := <-lines:
				fmt.Fprintln(w, line)
			}
		}
	}()
	if r.Method != http.MethodGet {
		return
	}
	work(r.Context())
	close(stop)
}

// Look-alike: the first receive is from a timer, not a request-lifetime channel.
func notifyLater(w http.ResponseWriter, r *http.Request) {
	go func() { // want MEM001
		<-time.After(time.Minute)
		fmt.Fprintln(w, "still here")
	}()
	process(r)
}

// Look-alike: the select's request case does not end the goroutine: it falls
// through to a write after the select.
func writeAfterWait(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	go func() { // want MEM001
		select {
		case <-time.After(time.Second):
		case <-ctx.Done():
		}
		fmt.Fprintln(w, "late")
	}()
	work(ctx)
}

// Look-alike: a bare break in the request case only leaves the select; the loop goes on.
func tailLogs(w http.ResponseWriter, r *http.Request, lines <-chan string) {
	ctx := r.Context()
	go func() { // want MEM001
		for {
			select {
			case <-ctx.Done():
				break
			case line := <-lines:
				fmt.Fprintln(w, line)
			}
		}
	}()
	work(ctx)
}

// Look-alike: a time.Sleep outside the select: the worker keeps w across waits
// the request's end cannot cut short.
func heartbeat(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	go func() { // want MEM001
		for {
			time.Sleep(time.Second)
			select {
			case <-ctx.Done():
				return
			default:
				fmt.Fprintln(w, "beat")
			}
		}
	}()
	work(ctx)
}

// Look-alike: cancel is handed to the goroutine instead of deferred by the
// handler, so ctx is not bound to the request.
func detachedTimeout(w http.ResponseWriter, r *http.Request) {
	ctx, cancel := context.WithTimeout(context.Background(), time.Hour)
	go func() { // want MEM001
		defer cancel()
		<-ctx.Done()
		fmt.Fprintln(w, "timed out")
	}()
	process(r)
}

// Look-alike: gin's c.Done() is nil unless ContextWithFallback is set; it does
// not end with the request.
func ginWaitDone(c *gin.Context) {
	go func() { // want MEM001
		<-c.Done()
		c.String(http.StatusOK, "done")
	}()
}

// Request-end hook under gin: c.Request.Context() is net/http's request context.
func ginUnfreeze(c *gin.Context) {
	ctx := c.Request.Context()
	go func() { // ok MEM001
		<-ctx.Done()
		audit("released " + c.Param("id"))
	}()
	c.Status(http.StatusOK)
}

// Look-alike: fasthttp's ctx.Done() is closed when the server shuts down, not
// when the request ends.
func fasthttpWaitDone(ctx *fasthttp.RequestCtx) {
	go func() { // want MEM001
		<-ctx.Done()
		ctx.SetStatusCode(http.StatusServiceUnavailable)
	}()
}

// Look-alike: a fire-and-forget job capturing r and w that writes to w later.
func exportInBackground(w http.ResponseWriter, r *http.Request) {
	go func() { // want MEM001
		time.Sleep(5 * time.Second)
		fmt.Fprintf(w, "export of %s ready\n", r.URL.Path)
	}()
	w.WriteHeader(http.StatusAccepted)
}
