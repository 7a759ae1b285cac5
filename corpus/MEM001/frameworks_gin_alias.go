package mem001

// gin through a renamed import `ginpkg "github.com/gin-gonic/gin"`.

import (
	ginpkg "github.com/gin-gonic/gin"
)

// Handler via renamed import *ginpkg.Context; .Request of c passed to the goroutine.
func ginAliasRequest(c *ginpkg.Context) {
	go process(c.Request) // want MEM001
	c.Status(202)
}

// Handler via renamed import; alias of c captured by the literal.
func ginAliasCaptured(c *ginpkg.Context) {
	ctx := c
	go func() { // want MEM001
		ctx.String(200, "late")
	}()
}

// Not tainted: c.Copy() through the renamed import, passed as an argument.
func ginAliasCopy(c *ginpkg.Context) {
	cp := c.Copy()
	go ginAfterResponse(cp) // ok MEM001
	c.Status(202)
}

// ginAfterResponse works on a copied context (a handler by type, but without a go statement).
func ginAfterResponse(c *ginpkg.Context) { _ = c.Param("id") }
