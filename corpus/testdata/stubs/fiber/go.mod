module github.com/gofiber/fiber/v2

go 1.19

require github.com/valyala/fasthttp v0.0.0

replace github.com/valyala/fasthttp => ../fasthttp
