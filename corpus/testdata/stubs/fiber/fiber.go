// Package fiber is a compile-only stub of github.com/gofiber/fiber/v2 for the golint-mem corpus.
//
// Only the API surface the corpus uses is declared; signatures follow fiber v2.5x.
// Bodies return zero values: nothing here is meant to run.
package fiber

import (
	"context"

	"github.com/valyala/fasthttp"
)

// Ctx represents the Context which hold the HTTP request and response.
// It is pooled: it must not be used after the handler returns, and the strings it
// returns are only valid inside the handler unless Config.Immutable is set.
type Ctx struct{}

// Handler defines a function to serve HTTP requests.
type Handler = func(*Ctx) error

// Params is used to get the route parameters.
func (c *Ctx) Params(key string, defaultValue ...string) string { return "" }

// Query returns the query string parameter in the url.
func (c *Ctx) Query(key string, defaultValue ...string) string { return "" }

// Get returns the HTTP request header specified by field.
func (c *Ctx) Get(key string, defaultValue ...string) string { return "" }

// Path returns the path part of the request URL.
func (c *Ctx) Path(override ...string) string { return "" }

// Body contains the raw body submitted in a POST request.
func (c *Ctx) Body() []byte { return nil }

// Context returns *fasthttp.RequestCtx that carries a deadline, a cancellation signal,
// and other values across API boundaries.
func (c *Ctx) Context() *fasthttp.RequestCtx { return &fasthttp.RequestCtx{} }

// UserContext returns a context implementation that was set by user earlier
// or returns a non-nil, empty context, if it was not set earlier.
func (c *Ctx) UserContext() context.Context { return context.Background() }

// SetUserContext sets a context implementation by user.
func (c *Ctx) SetUserContext(ctx context.Context) {}

// Locals makes it possible to pass interface{} values under keys scoped to the request.
func (c *Ctx) Locals(key interface{}, value ...interface{}) interface{} { return nil }

// Status sets the HTTP status for the response.
func (c *Ctx) Status(status int) *Ctx { return c }

// SendString sets the HTTP response body for string types.
func (c *Ctx) SendString(body string) error { return nil }

// JSON converts any interface or string to JSON.
func (c *Ctx) JSON(data interface{}, ctype ...string) error { return nil }

// Next executes the next method in the stack that matches the current route.
func (c *Ctx) Next() error { return nil }

// Config is a struct holding the server settings.
type Config struct {
	// Immutable makes the values returned by context methods immutable.
	Immutable bool
}

// Router defines all router handle interface, including app and group router.
type Router interface {
	Use(args ...interface{}) Router
	Get(path string, handlers ...Handler) Router
	Post(path string, handlers ...Handler) Router
}

// App denotes the Fiber application.
type App struct{}

// New creates a new Fiber named instance.
func New(config ...Config) *App { return &App{} }

// Use registers a middleware route.
func (app *App) Use(args ...interface{}) Router { return app }

// Get registers a route for GET methods.
func (app *App) Get(path string, handlers ...Handler) Router { return app }

// Post registers a route for POST methods.
func (app *App) Post(path string, handlers ...Handler) Router { return app }

// Listen serves HTTP requests from the given addr.
func (app *App) Listen(addr string) error { return nil }
