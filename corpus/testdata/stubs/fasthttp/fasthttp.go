// Package fasthttp is a compile-only stub of github.com/valyala/fasthttp for the golint-mem corpus.
//
// Only the API surface the corpus uses is declared; signatures follow fasthttp v1.5x.
// Bodies return zero values: nothing here is meant to run.
package fasthttp

import "time"

// RequestCtx contains incoming request and manages outgoing response.
// It is pooled: it must not be used after the RequestHandler returns.
type RequestCtx struct {
	// Incoming request.
	Request Request
	// Outgoing response.
	Response Response
}

// Path returns requested path. The returned bytes are valid until the handler returns.
func (ctx *RequestCtx) Path() []byte { return nil }

// Method returns request method. The returned bytes are valid until the handler returns.
func (ctx *RequestCtx) Method() []byte { return nil }

// PostBody returns POST request body. The returned bytes are valid until the handler returns.
func (ctx *RequestCtx) PostBody() []byte { return nil }

// QueryArgs returns query arguments from RequestURI.
func (ctx *RequestCtx) QueryArgs() *Args { return &Args{} }

// UserValue returns the value stored via SetUserValue* under the given key.
func (ctx *RequestCtx) UserValue(key any) any { return nil }

// SetUserValue stores the given value (arbitrary object) under the given key in ctx.
func (ctx *RequestCtx) SetUserValue(key any, value any) {}

// SetStatusCode sets response status code.
func (ctx *RequestCtx) SetStatusCode(statusCode int) {}

// SetBodyString sets response body to the given value.
func (ctx *RequestCtx) SetBodyString(body string) {}

// Write writes p into response body.
func (ctx *RequestCtx) Write(p []byte) (int, error) { return len(p), nil }

// WriteString appends s to response body.
func (ctx *RequestCtx) WriteString(s string) (int, error) { return len(s), nil }

// TimeoutError sets response status code to StatusRequestTimeout and sets body to msg.
// All response modifications after TimeoutError call are ignored. TimeoutError MUST be
// called before returning from RequestHandler if there are references to ctx and/or
// its members in other goroutines remain.
func (ctx *RequestCtx) TimeoutError(msg string) {}

// Deadline implements context.Context.
func (ctx *RequestCtx) Deadline() (deadline time.Time, ok bool) { return }

// Done implements context.Context.
func (ctx *RequestCtx) Done() <-chan struct{} { return nil }

// Err implements context.Context.
func (ctx *RequestCtx) Err() error { return nil }

// Value implements context.Context.
func (ctx *RequestCtx) Value(key any) any { return nil }

// Args represents query arguments.
type Args struct{}

// Peek returns query arg value for the given key. The returned bytes are valid until the next Args call.
func (a *Args) Peek(key string) []byte { return nil }

// Has returns true if the given key exists in Args.
func (a *Args) Has(key string) bool { return false }

// Request represents HTTP request.
type Request struct{}

// Body returns request body.
func (req *Request) Body() []byte { return nil }

// SetBodyString sets request body.
func (req *Request) SetBodyString(body string) {}

// Response represents HTTP response.
type Response struct{}

// Body returns response body.
func (resp *Response) Body() []byte { return nil }

// SetBodyString sets response body.
func (resp *Response) SetBodyString(body string) {}

// SetStatusCode sets response status code.
func (resp *Response) SetStatusCode(statusCode int) {}

// RequestHandler must process incoming requests.
type RequestHandler func(ctx *RequestCtx)

// ListenAndServe serves HTTP requests from the given TCP4 addr using the given handler.
func ListenAndServe(addr string, handler RequestHandler) error { return nil }
