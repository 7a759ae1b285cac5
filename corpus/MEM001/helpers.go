package mem001

// Helpers shared by the MEM001 cases. None of them contains a `go` statement, so
// none of them is a case: the ones taking a request-scoped parameter are handlers
// per RULES.md, but a handler without a `go` statement has nothing to report.

import (
	"context"
	"io"
	"net/http"
	"sync/atomic"
)

var requestsSeen atomic.Int64

// process stands for any work done with a request.
func process(r *http.Request) { _ = r }

// work stands for any work done under a context.
func work(ctx context.Context) { _ = ctx }

// workThenCancel takes ownership of cancel and releases it when done.
func workThenCancel(ctx context.Context, cancel context.CancelFunc) {
	defer cancel()
	work(ctx)
}

// audit records a plain string.
func audit(s string) { _ = s }

// use consumes any value.
func use(v any) { _ = v }

// drain reads a body to the end.
func drain(body io.ReadCloser) { _, _ = io.Copy(io.Discard, body) }

// streamTo writes to a response.
func streamTo(w http.ResponseWriter) { _, _ = w.Write([]byte("chunk")) }

// retryWrite calls a writer function, e.g. a method value w.Write.
func retryWrite(write func([]byte) (int, error), p []byte) { _, _ = write(p) }

// inspectCopy takes a request by value (a shallow copy sharing Body and ctx).
func inspectCopy(req http.Request) { _ = req.Method }

// score computes something from a request.
func score(r *http.Request) int { return len(r.URL.Path) }

// server is a type whose methods serve requests.
type server struct{ name string }

// process stands for work done under a request's context.
func (s *server) process(ctx context.Context) { _ = ctx }

// record stands for work done with a request.
func (s *server) record(r *http.Request) { _ = r }

// requestJob holds a request: a composite literal of it with req set is tainted.
type requestJob struct {
	req *http.Request
	id  int
}

func (j *requestJob) run() { _ = j.req }

// payload holds a context: a composite literal of it with ctx set is tainted.
type payload struct {
	ctx context.Context
	id  int
}

func handlePayload(p payload) { _ = p.ctx }

func processAll(reqs []*http.Request) { _ = reqs }

// auditJob holds only plain values read from a request.
type auditJob struct {
	id   string
	path string
}

func (j *auditJob) run() { audit(j.id + j.path) }

// traceKey is a context key.
type traceKey struct{}
