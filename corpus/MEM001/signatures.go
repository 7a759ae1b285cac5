package mem001

// Handlers are recognised by signature: an http.ResponseWriter followed by an
// *http.Request (router signatures add parameters around the pair), gin, echo,
// fasthttp and fiber handler types. A function that merely takes a request is
// not a handler: server plumbing and client code pass requests around too.

import (
	"context"
	"net/http"
	"strings"

	fiberv3 "github.com/gofiber/fiber/v3"
	"github.com/gin-gonic/gin"
)

// routeParams stands for httprouter.Params.
type routeParams []struct{ Key, Value string }

// Handler by signature with a router's extra parameter (httprouter's Handle).
func exportReport(w http.ResponseWriter, r *http.Request, ps routeParams) {
	go func() { // want MEM001
		process(r)
	}()
	w.WriteHeader(http.StatusAccepted)
	_ = ps
}

// Handler by signature inside a longer parameter list (docker's APIFunc shape).
func (s *server) postContainersExport(ctx context.Context, w http.ResponseWriter, r *http.Request, vars map[string]string) error {
	go s.record(r) // want MEM001
	w.WriteHeader(http.StatusAccepted)
	_, _ = ctx, vars
	return nil
}

// httpConn stands for a server connection that runs handlers.
type httpConn struct{ handler http.Handler }

func (c *httpConn) runHandler(req *http.Request) { _ = req }

// Not a handler: server plumbing that starts the handler goroutine for an
// upgraded request (x/net/http2's serverConn.upgradeRequest). It takes the
// request but has no ResponseWriter and serves nobody itself.
func (c *httpConn) upgradeRequest(req *http.Request) {
	req.Header.Del("Upgrade")
	go c.runHandler(req) // ok MEM001
}

// Not a handler: the pair in the wrong order is not net/http's signature.
func logReversed(r *http.Request, w http.ResponseWriter) {
	go func() { // ok MEM001
		process(r)
	}()
	_ = w
}

// Not a handler: a *gin.Context with an extra parameter is a gin helper, and no
// handler calls it here.
func ginAuditHelper(c *gin.Context, action string) {
	go func() { // ok MEM001
		audit(action + c.Param("id"))
	}()
}

// Look-alike: the same gin helper, called by a handler with its c, is analysed as a handler.
func ginAuditedHelper(c *gin.Context, action string) {
	go func() { // want MEM001
		audit(action + c.Param("id"))
	}()
}

func ginDeleteUser(c *gin.Context) {
	ginAuditedHelper(c, "delete")
	c.Status(http.StatusNoContent)
}

// Handler fiber v3 `(c fiber.Ctx) error`: Ctx is an interface taken by value, still pooled.
func fiberV3Capture(c fiberv3.Ctx) error {
	go func() { // want MEM001
		_ = c.SendString("late")
	}()
	return nil
}

// Handler fiber v3: the ctx passed as an argument.
func fiberV3PassCtx(c fiberv3.Ctx) error {
	go use(c) // want MEM001
	return c.SendString("accepted")
}

// Not tainted: a fiber v3 param cloned before the goroutine starts.
func fiberV3ClonedParam(c fiberv3.Ctx) error {
	id := strings.Clone(c.Params("id"))
	go audit(id) // ok MEM001
	return c.SendString("accepted")
}

// Handler fiber v3: a function literal registered with app.Get.
func registerFiberV3(app *fiberv3.App) {
	app.Get("/export", func(c fiberv3.Ctx) error {
		go func() { // want MEM001
			_ = c.JSON(map[string]string{"status": "late"})
		}()
		return nil
	})
}

// Not tainted: fiber v3's c.Context() is the user context (context.Background
// unless set), not the pooled request context.
func fiberV3UserContext(c fiberv3.Ctx) error {
	go work(c.Context()) // ok MEM001
	return c.SendString("accepted")
}
