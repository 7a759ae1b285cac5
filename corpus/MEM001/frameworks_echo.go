package mem001

// echo v4 (github.com/labstack/echo/v4): echo.Context handlers, .Request()/.Response() taint.

import (
	"net/http"

	"github.com/labstack/echo/v4"
)

// Handler echo.Context (v4); literal capture: the context is pooled and reset after the handler.
func echoCaptureContext(c echo.Context) error {
	go func() { // want MEM001
		_ = c.String(http.StatusOK, "late")
	}()
	return c.NoContent(http.StatusAccepted)
}

// Taint echo's .Request() passed as an argument.
func echoRequestArgument(c echo.Context) error {
	go process(c.Request()) // want MEM001
	return c.NoContent(http.StatusAccepted)
}

// Taint echo's .Response() through a local captured by the literal.
func echoResponseCaptured(c echo.Context) error {
	resp := c.Response()
	go func() { // want MEM001
		_, _ = resp.Write([]byte("late"))
	}()
	return nil
}

// Taint .Context() of echo's .Request().
func echoRequestContext(c echo.Context) error {
	go work(c.Request().Context()) // want MEM001
	return c.NoContent(http.StatusAccepted)
}

// Taint .Body of echo's .Request().
func echoRequestBody(c echo.Context) error {
	go drain(c.Request().Body) // want MEM001
	return c.NoContent(http.StatusAccepted)
}

// Handler = function literal returned by an echo middleware factory.
func echoAsyncAudit(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		go process(c.Request()) // want MEM001
		return next(c)
	}
}

// Handler = function literal passed to (*echo.Echo).GET inside a non-handler function.
func registerEcho(e *echo.Echo) {
	e.GET("/report", func(c echo.Context) error {
		go work(c.Request().Context()) // want MEM001
		return nil
	})
}

// Not tainted: c.Param(..) is a plain string.
func echoParam(c echo.Context) error {
	id := c.Param("id")
	go audit(id) // ok MEM001
	return c.NoContent(http.StatusAccepted)
}
