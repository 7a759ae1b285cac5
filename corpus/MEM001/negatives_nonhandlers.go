package mem001

// Functions that are not handlers: no parameter of a request-scoped type, or a
// look-alike type that is not one of the framework types.

import (
	"context"
	"net"
	"net/http"
	"time"
)

// Not a handler: a context.Context parameter is not request-scoped by type.
func startWorker(ctx context.Context) {
	go work(ctx) // ok MEM001
}

// Not a handler: an outgoing request built in a client function.
func clientSide(url string) {
	req, err := http.NewRequest(http.MethodGet, url, nil)
	if err != nil {
		return
	}
	go process(req) // ok MEM001
}

// Not a handler: *http.Response (client side) is not a request-scoped type.
func consumeResponse(resp *http.Response) {
	go drain(resp.Body) // ok MEM001
}

// Not a handler: a non-pointer http.Request value parameter is not one of the handler types.
func describeRequestValue(req http.Request) {
	go func() { // ok MEM001
		audit(req.Method)
	}()
}

// Not a handler: http.Header is not a request-scoped type.
func headerOnly(h http.Header) {
	go func() { // ok MEM001
		audit(h.Get("X-Request-Id"))
	}()
}

// Request is a same-package type that merely shares the net/http name.
type Request struct{ Body []byte }

// Not a handler: *Request is the local type, not *http.Request.
func localRequestType(r *Request) {
	go func() { // ok MEM001
		use(r.Body)
	}()
}

// Context is a same-package type that merely shares the gin/echo name.
type Context struct{ ID string }

// Not a handler: *Context is the local type, not *gin.Context.
func localContextType(c *Context) {
	go use(c) // ok MEM001
}

// Not a handler: http.Handler is not a request-scoped type; serving in the background is fine.
func serveInBackground(h http.Handler) {
	go func() { // ok MEM001
		_ = http.ListenAndServe("localhost:0", h)
	}()
}

// Not a handler: a RoundTripper's RoundTrip takes the outgoing *http.Request
// (client side); the goroutine holding it is the transport's business.
type asyncTransport struct{ next http.RoundTripper }

func (t *asyncTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	type result struct {
		resp *http.Response
		err  error
	}
	ch := make(chan result, 1)
	go func() { // ok MEM001
		resp, err := t.next.RoundTrip(req)
		ch <- result{resp, err}
	}()
	select {
	case res := <-ch:
		return res.resp, res.err
	case <-req.Context().Done():
		return nil, req.Context().Err()
	}
}

// Not a handler: a client helper that sends the request it is given with
// Client.Do (seen in etcd's snapshot sender).
func sendWithTimeout(client *http.Client, req *http.Request) error {
	errc := make(chan error, 1)
	go func() { // ok MEM001
		resp, err := client.Do(req)
		if err == nil {
			resp.Body.Close()
		}
		errc <- err
	}()
	select {
	case err := <-errc:
		return err
	case <-time.After(time.Second):
		return nil
	}
}

// Not a capture: a handler literal stored in a variable refers only to its own
// parameters, so starting a server with it in a goroutine holds no request
// (seen in fasthttp's examples/fileserver and client benchmarks).
func serveInGoroutine(ln net.Listener) {
	h := func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/plain")
		_ = r.URL.Path
	}
	go func() { // ok MEM001
		_ = http.Serve(ln, http.HandlerFunc(h))
	}()
	go http.Serve(ln, http.HandlerFunc(h)) // ok MEM001
}
