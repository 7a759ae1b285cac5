// Package gin is a compile-only stub of github.com/gin-gonic/gin for the golint-mem corpus.
//
// Only the API surface the corpus uses is declared; signatures follow gin v1.9.
// Bodies return zero values: nothing here is meant to run.
package gin

import (
	"net/http"
	"time"
)

// H is a shortcut for map[string]any.
type H map[string]any

// Param is a single URL parameter.
type Param struct {
	Key   string
	Value string
}

// Params is a Param-slice, as returned by the router.
type Params []Param

// Get returns the value of the first Param whose key matches name.
func (ps Params) Get(name string) (string, bool) { return "", false }

// ByName returns the value of the first Param whose key matches name.
func (ps Params) ByName(name string) (va string) { return "" }

// ResponseWriter is gin's response writer.
type ResponseWriter interface {
	http.ResponseWriter
	http.Flusher

	Status() int
	Size() int
	WriteString(string) (int, error)
	Written() bool
	WriteHeaderNow()
}

// HandlerFunc defines the handler used by gin middleware as return value.
type HandlerFunc func(*Context)

// HandlersChain defines a HandlerFunc slice.
type HandlersChain []HandlerFunc

// Context is the most important part of gin.
type Context struct {
	Request *http.Request
	Writer  ResponseWriter

	Params Params

	// Keys is a key/value pair exclusively for the context of each request.
	Keys map[string]any
}

// Copy returns a copy of the current context that can be safely used outside the request's scope.
func (c *Context) Copy() *Context { return &Context{} }

// Next executes the pending handlers in the chain.
func (c *Context) Next() {}

// Abort prevents pending handlers from being called.
func (c *Context) Abort() {}

// AbortWithStatus calls Abort() and writes the headers with the specified status code.
func (c *Context) AbortWithStatus(code int) {}

// Set stores a new key/value pair exclusively for this context.
func (c *Context) Set(key string, value any) {}

// Get returns the value for the given key.
func (c *Context) Get(key string) (value any, exists bool) { return nil, false }

// Param returns the value of the URL param.
func (c *Context) Param(key string) string { return "" }

// Query returns the keyed url query value if it exists.
func (c *Context) Query(key string) (value string) { return "" }

// DefaultQuery returns the keyed url query value if it exists, otherwise defaultValue.
func (c *Context) DefaultQuery(key, defaultValue string) string { return "" }

// GetHeader returns value from request headers.
func (c *Context) GetHeader(key string) string { return "" }

// Status sets the HTTP response code.
func (c *Context) Status(code int) {}

// JSON serializes the given struct as JSON into the response body.
func (c *Context) JSON(code int, obj any) {}

// String writes the given string into the response body.
func (c *Context) String(code int, format string, values ...any) {}

// Deadline implements context.Context.
func (c *Context) Deadline() (deadline time.Time, ok bool) { return }

// Done implements context.Context.
func (c *Context) Done() <-chan struct{} { return nil }

// Err implements context.Context.
func (c *Context) Err() error { return nil }

// Value implements context.Context.
func (c *Context) Value(key any) any { return nil }

// IRoutes defines all router handle interface.
type IRoutes interface {
	Use(...HandlerFunc) IRoutes
	GET(string, ...HandlerFunc) IRoutes
	POST(string, ...HandlerFunc) IRoutes
}

// RouterGroup is used internally to configure router.
type RouterGroup struct {
	Handlers HandlersChain
}

// Use adds middleware to the group.
func (group *RouterGroup) Use(middleware ...HandlerFunc) IRoutes { return group }

// GET is a shortcut for router.Handle("GET", path, handlers).
func (group *RouterGroup) GET(relativePath string, handlers ...HandlerFunc) IRoutes { return group }

// POST is a shortcut for router.Handle("POST", path, handlers).
func (group *RouterGroup) POST(relativePath string, handlers ...HandlerFunc) IRoutes { return group }

// Engine is the framework's instance.
type Engine struct {
	RouterGroup
}

// New returns a new blank Engine instance without any middleware attached.
func New() *Engine { return &Engine{} }

// Default returns an Engine instance with the Logger and Recovery middleware already attached.
func Default() *Engine { return &Engine{} }

// Run attaches the router to a http.Server and starts listening and serving HTTP requests.
func (engine *Engine) Run(addr ...string) (err error) { return nil }

// ServeHTTP conforms to the http.Handler interface.
func (engine *Engine) ServeHTTP(w http.ResponseWriter, req *http.Request) {}
