package mem001

// net/http handlers: handler detection (functions, methods, function literals) and
// the basic taint sources (.Context(), .Body, .WithContext, method values).

import (
	"context"
	"io"
	"net/http"
)

// Handler (*http.Request param) + flag form "func literal capture": the goroutine keeps r after the handler returns.
func literalCapturesRequest(w http.ResponseWriter, r *http.Request) {
	go func() { // want MEM001
		process(r)
	}()
	w.WriteHeader(http.StatusAccepted)
}

// Flag form `go f(r)`: the tainted parameter is a call argument.
func goCallWithRequest(w http.ResponseWriter, r *http.Request) {
	go process(r) // want MEM001
	w.WriteHeader(http.StatusAccepted)
}

// Flag form: a func literal taking the request as its argument; the argument r is tainted.
func literalWithRequestArgument(w http.ResponseWriter, r *http.Request) {
	go func(req *http.Request) { // want MEM001
		process(req)
	}(r)
	w.WriteHeader(http.StatusAccepted)
}

// Helper of a handler: not a handler by signature, but writeLater passes it its
// w, so its goroutine writes to a response that is finished once writeLater returns.
func writerOnlyHelper(w http.ResponseWriter, msg string) {
	go func() { // want MEM001
		_, _ = io.WriteString(w, msg)
	}()
}

func writeLater(w http.ResponseWriter, r *http.Request) {
	writerOnlyHelper(w, r.URL.Path)
}

// Handler = method; flag form `go s.process(r.Context())`: .Context() of a tainted value is tainted.
func (s *server) handle(w http.ResponseWriter, r *http.Request) {
	go s.process(r.Context()) // want MEM001
	w.WriteHeader(http.StatusAccepted)
}

// Handler = ServeHTTP method; the request is passed to a method call in the goroutine.
func (s *server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	go s.record(r) // want MEM001
	w.WriteHeader(http.StatusAccepted)
}

// Taint .Context(): a local assigned from r.Context() is captured by the literal.
func contextLocalCaptured(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	go func() { // want MEM001
		work(ctx)
	}()
	w.WriteHeader(http.StatusAccepted)
}

// Taint .Body as a call argument: the server closes the body once the handler returns.
func bodyAsArgument(w http.ResponseWriter, r *http.Request) {
	go io.Copy(io.Discard, r.Body) // want MEM001
	w.WriteHeader(http.StatusAccepted)
}

// Taint .Body through a local captured by the literal.
func bodyLocalCaptured(w http.ResponseWriter, r *http.Request) {
	body := r.Body
	go func() { // want MEM001
		drain(body)
	}()
	w.WriteHeader(http.StatusAccepted)
}

// Taint .WithContext(...): the shallow copy still shares the body and connection state.
func withContextCopy(w http.ResponseWriter, r *http.Request) {
	r2 := r.WithContext(context.Background())
	go process(r2) // want MEM001
	w.WriteHeader(http.StatusAccepted)
}

// Flag form: the call's receiver w is tainted; the write lands on a finished response.
func receiverIsWriter(w http.ResponseWriter, r *http.Request) {
	data := []byte(r.URL.Path)
	go w.Write(data) // want MEM001
}

// Taint method value w.Write passed as an argument: it binds w.
func methodValueArgument(w http.ResponseWriter, r *http.Request) {
	go retryWrite(w.Write, []byte("late")) // want MEM001
	_ = r
}

// Taint method value w.Write through a local captured by the literal.
func methodValueLocal(w http.ResponseWriter, r *http.Request) {
	write := w.Write
	go func() { // want MEM001
		_, _ = write([]byte("late"))
	}()
	_ = r
}

// Literal capture: reading a plain value inside the goroutine still captures r itself (and parses the body late).
func formValueReadInsideGoroutine(w http.ResponseWriter, r *http.Request) {
	go func() { // want MEM001
		audit(r.FormValue("id"))
	}()
	w.WriteHeader(http.StatusAccepted)
}

// Handler = function literal inside a non-handler: its go is flagged, the registering function's own go is not.
func registerRoutes(mux *http.ServeMux) {
	go work(context.Background()) // ok MEM001
	mux.HandleFunc("/jobs", func(w http.ResponseWriter, r *http.Request) {
		go process(r) // want MEM001
		w.WriteHeader(http.StatusAccepted)
	})
}

// Handler = function literal converted to http.HandlerFunc in a middleware; w and r are call arguments.
func withAsyncNext(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		go next.ServeHTTP(w, r) // want MEM001
	})
}

// Handler = function literal assigned to a package variable.
var packageLevelHandler = func(w http.ResponseWriter, r *http.Request) {
	go process(r) // want MEM001
	w.WriteHeader(http.StatusAccepted)
}

// Handler = function literal registered with http.HandleFunc inside a non-handler function.
func registerDefault() {
	http.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		go func() { // want MEM001
			streamTo(w)
		}()
	})
}

// Handler literal whose goroutine gets only an untainted variable of the enclosing non-handler function.
func registerWithState(mux *http.ServeMux, prefix string) {
	mux.HandleFunc("/state", func(w http.ResponseWriter, r *http.Request) {
		go audit(prefix) // ok MEM001
		w.WriteHeader(http.StatusAccepted)
	})
}
