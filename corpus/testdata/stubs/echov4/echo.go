// Package echo is a compile-only stub of github.com/labstack/echo/v4 for the golint-mem corpus.
//
// Only the API surface the corpus uses is declared; signatures follow echo v4.
// Bodies return zero values: nothing here is meant to run.
package echo

import (
	"net/http"
	"net/url"
)

// Context represents the context of the current HTTP request.
type Context interface {
	// Request returns `*http.Request`.
	Request() *http.Request
	// SetRequest sets `*http.Request`.
	SetRequest(r *http.Request)
	// Response returns `*Response`.
	Response() *Response
	// Path returns the registered path for the handler.
	Path() string
	// Param returns path parameter by name.
	Param(name string) string
	// QueryParam returns the query param for the provided name.
	QueryParam(name string) string
	// QueryParams returns the query parameters as `url.Values`.
	QueryParams() url.Values
	// FormValue returns the form field value for the provided name.
	FormValue(name string) string
	// Get retrieves data from the context.
	Get(key string) interface{}
	// Set saves data in the context.
	Set(key string, val interface{})
	// Bind binds the request body into provided type `i`.
	Bind(i interface{}) error
	// JSON sends a JSON response with status code.
	JSON(code int, i interface{}) error
	// String sends a string response with status code.
	String(code int, s string) error
	// NoContent sends a response with no body and a status code.
	NoContent(code int) error
}

// Response wraps an http.ResponseWriter and implements its interface.
type Response struct {
	Writer    http.ResponseWriter
	Status    int
	Size      int64
	Committed bool
}

// Header returns the header map for the writer.
func (r *Response) Header() http.Header { return nil }

// WriteHeader sends an HTTP response header with status code.
func (r *Response) WriteHeader(code int) {}

// Write writes the data to the connection as part of an HTTP reply.
func (r *Response) Write(b []byte) (n int, err error) { return 0, nil }

// Flush implements the http.Flusher interface.
func (r *Response) Flush() {}

// HandlerFunc defines a function to serve HTTP requests.
type HandlerFunc func(c Context) error

// MiddlewareFunc defines a function to process middleware.
type MiddlewareFunc func(next HandlerFunc) HandlerFunc

// Route contains a handler and information for matching against requests.
type Route struct {
	Method string
	Path   string
	Name   string
}

// Echo is the top-level framework instance.
type Echo struct{}

// New creates an instance of Echo.
func New() (e *Echo) { return &Echo{} }

// Use adds middleware to the chain which is run after router.
func (e *Echo) Use(middleware ...MiddlewareFunc) {}

// GET registers a new GET route for a path with matching handler in the router.
func (e *Echo) GET(path string, h HandlerFunc, m ...MiddlewareFunc) *Route { return &Route{} }

// POST registers a new POST route for a path with matching handler in the router.
func (e *Echo) POST(path string, h HandlerFunc, m ...MiddlewareFunc) *Route { return &Route{} }

// Start starts an HTTP server.
func (e *Echo) Start(address string) error { return nil }
