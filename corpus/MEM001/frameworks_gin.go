package mem001

// gin: *gin.Context handlers, .Request/.Writer taint, c.Copy() and c.Param(..) negatives.

import (
	"net/http"

	"github.com/gin-gonic/gin"
)

// Handler *gin.Context; literal capture: c is recycled by gin after the handler returns.
func ginCaptureContext(c *gin.Context) {
	go func() { // want MEM001
		c.String(http.StatusOK, "done")
	}()
}

// Flag form `go f(c)`: *gin.Context passed as a context.Context argument.
func ginContextAsArgument(c *gin.Context) {
	go work(c) // want MEM001
	c.Status(http.StatusAccepted)
}

// Taint gin's .Request: a local holding c.Request is passed.
func ginRequestField(c *gin.Context) {
	req := c.Request
	go process(req) // want MEM001
	c.Status(http.StatusAccepted)
}

// Taint gin's .Writer passed as an argument: the goroutine writes to a finished response.
func ginWriterField(c *gin.Context) {
	go streamTo(c.Writer) // want MEM001
}

// Taint .Context() of gin's .Request.
func ginRequestContext(c *gin.Context) {
	go work(c.Request.Context()) // want MEM001
	c.Status(http.StatusAccepted)
}

// Handler = method with a *gin.Context parameter.
func (s *server) ginShow(c *gin.Context) {
	go s.record(c.Request) // want MEM001
	c.Status(http.StatusAccepted)
}

// Handler = function literal passed to (*gin.Engine).GET inside a non-handler function.
func registerGin(router *gin.Engine) {
	router.GET("/report", func(c *gin.Context) {
		go func() { // want MEM001
			c.JSON(http.StatusOK, gin.H{"status": "late"})
		}()
	})
}

// Not tainted: gin's c.Copy() is the documented way to use the context in a goroutine.
func ginCopyCaptured(c *gin.Context) {
	cp := c.Copy()
	go func() { // ok MEM001
		audit(cp.Request.URL.Path)
	}()
	c.Status(http.StatusAccepted)
}

// Not tainted: c.Param(..) is a plain string.
func ginParam(c *gin.Context) {
	id := c.Param("id")
	go audit(id) // ok MEM001
	c.Status(http.StatusAccepted)
}
