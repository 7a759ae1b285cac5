package mem001

// echo v4 through a renamed import.

import (
	lecho "github.com/labstack/echo/v4"
)

// Handler via renamed import lecho.Context; alias of c passed to the goroutine.
func echoAliasCapture(c lecho.Context) error {
	ec := c
	go echoAfter(ec) // want MEM001
	return nil
}

// echoAfter uses an echo context (a handler by type, but without a go statement).
func echoAfter(c lecho.Context) { _ = c.Param("id") }
