// Package fiber is a compile-only stub of github.com/gofiber/fiber/v3 for the golint-mem corpus.
//
// Only the API surface the corpus uses is declared; signatures follow fiber v3.
// In v3 Ctx is an interface and handlers take it by value. Bodies return zero
// values: nothing here is meant to run.
package fiber

import "context"

// Ctx represents the Context which hold the HTTP request and response.
// It is pooled: it must not be used after the handler returns.
type Ctx interface {
	// Params is used to get the route parameters.
	Params(key string, defaultValue ...string) string
	// Query returns the query string parameter in the url.
	Query(key string, defaultValue ...string) string
	// Context returns a context implementation that was set by user earlier
	// or returns a non-nil, empty context, if it was not set earlier.
	Context() context.Context
	// SendString sets the HTTP response body for string types.
	SendString(body string) error
	// JSON converts any interface or string to JSON.
	JSON(data any, ctype ...string) error
}

// Handler defines a function to serve HTTP requests.
type Handler = func(Ctx) error

// Router defines all router handle interface.
type Router interface {
	Get(path string, handler Handler, middleware ...Handler) Router
}

// App denotes the Fiber application.
type App struct{}

// New creates a new Fiber named instance.
func New() *App { return &App{} }

// Get registers a route for GET methods.
func (app *App) Get(path string, handler Handler, middleware ...Handler) Router { return nil }
