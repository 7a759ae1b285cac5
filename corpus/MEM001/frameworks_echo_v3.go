package mem001

// echo v3 (import path github.com/labstack/echo without /v4).

import (
	"net/http"

	"github.com/labstack/echo"
)

// Handler echo.Context from the v3 path; .Request() passed as an argument.
func echoV3Request(c echo.Context) error {
	go process(c.Request()) // want MEM001
	return c.NoContent(http.StatusAccepted)
}

// Handler echo.Context from the v3 path; .Response() alias captured by the literal.
func echoV3Response(c echo.Context) error {
	resp := c.Response()
	go func() { // want MEM001
		resp.WriteHeader(http.StatusNoContent)
	}()
	return nil
}

// Handler echo.Context from the v3 path; the context itself captured.
func echoV3Capture(c echo.Context) error {
	go func() { // want MEM001
		_ = c.JSON(http.StatusOK, map[string]string{"status": "late"})
	}()
	return nil
}

// Not tainted: c.Param(..) (v3) is a plain string, captured by the literal.
func echoV3Param(c echo.Context) error {
	id := c.Param("id")
	go func() { // ok MEM001
		audit(id)
	}()
	return c.NoContent(http.StatusAccepted)
}
