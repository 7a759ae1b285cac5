package mem001

// fasthttp and fiber: both pool their request contexts, so any use after the
// handler returns touches another request's data.

import (
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"
	"github.com/valyala/fasthttp"
)

// Handler *fasthttp.RequestCtx; literal capture writes to a recycled ctx.
func fasthttpCapture(ctx *fasthttp.RequestCtx) {
	go func() { // want MEM001
		ctx.SetBodyString("late")
	}()
}

// Flag form `go f(ctx)`: *fasthttp.RequestCtx passed as a context.Context argument.
func fasthttpAsContext(ctx *fasthttp.RequestCtx) {
	go work(ctx) // want MEM001
	ctx.SetStatusCode(202)
}

// Taint via alias of the fasthttp ctx, captured by the literal.
func fasthttpAlias(ctx *fasthttp.RequestCtx) {
	rc := ctx
	go func() { // want MEM001
		_, _ = rc.WriteString("late")
	}()
}

// Handler = function literal of type fasthttp.RequestHandler in a package variable.
var fasthttpPackageHandler fasthttp.RequestHandler = func(ctx *fasthttp.RequestCtx) {
	go work(ctx) // want MEM001
}

// Not tainted: string(ctx.Path()) is a plain copied value.
func fasthttpCopiedPath(ctx *fasthttp.RequestCtx) {
	path := string(ctx.Path())
	go audit(path) // ok MEM001
	ctx.SetStatusCode(202)
}

// Not tainted: string(ctx.QueryArgs().Peek(..)) is a plain copied value, captured by the literal.
func fasthttpCopiedArg(ctx *fasthttp.RequestCtx) {
	id := string(ctx.QueryArgs().Peek("id"))
	go func() { // ok MEM001
		audit(id)
	}()
	ctx.SetStatusCode(202)
}

// Handler *fiber.Ctx; literal capture sends on a recycled ctx.
func fiberCapture(c *fiber.Ctx) error {
	go func() { // want MEM001
		_ = c.SendString("late")
	}()
	return nil
}

// Taint .Context() of *fiber.Ctx (the pooled *fasthttp.RequestCtx) as an argument.
func fiberContextArgument(c *fiber.Ctx) error {
	go work(c.Context()) // want MEM001
	return c.SendString("accepted")
}

// Flag form `go f(c)` with *fiber.Ctx as the argument.
func fiberPassCtx(c *fiber.Ctx) error {
	go fiberAfter(c) // want MEM001
	return nil
}

// Handler = function literal passed to (*fiber.App).Get inside a non-handler function.
func registerFiber(app *fiber.App) {
	app.Get("/report", func(c *fiber.Ctx) error {
		go func() { // want MEM001
			_ = c.JSON(map[string]string{"status": "late"})
		}()
		return nil
	})
}

// Not tainted: strings.Clone(c.Params(..)) is a plain copied string (fiber's own strings are only valid in the handler).
func fiberClonedParam(c *fiber.Ctx) error {
	id := strings.Clone(c.Params("id"))
	go audit(id) // ok MEM001
	return c.SendString("accepted")
}

// fiberAfter uses a fiber ctx (a handler by type, but without a go statement).
func fiberAfter(c *fiber.Ctx) { _ = c.Params("id") }

// Join through fasthttp's TimeoutError: when the report is late, the handler
// calls ctx.TimeoutError, after which fasthttp neither reuses ctx nor sends
// what the goroutine writes (fasthttp's ExampleRequestCtx_TimeoutError).
func fasthttpReportWithTimeout(ctx *fasthttp.RequestCtx) {
	doneCh := make(chan struct{})
	go func() { // ok MEM001
		_, _ = ctx.WriteString("report body")
		close(doneCh)
	}()
	select {
	case <-doneCh:
		ctx.SetStatusCode(200)
	case <-time.After(time.Second):
		ctx.TimeoutError("report timed out")
	}
}

// Look-alike: the timeout case returns without TimeoutError, so fasthttp
// recycles ctx while the goroutine still writes to it.
func fasthttpReportTimeoutNoGuard(ctx *fasthttp.RequestCtx) {
	doneCh := make(chan struct{})
	go func() { // want MEM001
		_, _ = ctx.WriteString("report body")
		close(doneCh)
	}()
	select {
	case <-doneCh:
		ctx.SetStatusCode(200)
	case <-time.After(time.Second):
		ctx.SetStatusCode(504)
	}
}
