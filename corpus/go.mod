module golint-mem.example/corpus

go 1.21

require (
	github.com/gin-gonic/gin v0.0.0
	github.com/gofiber/fiber/v2 v2.0.0
	github.com/gofiber/fiber/v3 v3.0.0
	github.com/labstack/echo v0.0.0
	github.com/labstack/echo/v4 v4.0.0
	github.com/valyala/fasthttp v0.0.0
)

// Compile-only stubs: the corpus type-checks with `go vet` and no network.
replace (
	github.com/gin-gonic/gin => ./testdata/stubs/gin
	github.com/gofiber/fiber/v2 => ./testdata/stubs/fiber
	github.com/gofiber/fiber/v3 => ./testdata/stubs/fiberv3
	github.com/labstack/echo => ./testdata/stubs/echo
	github.com/labstack/echo/v4 => ./testdata/stubs/echov4
	github.com/valyala/fasthttp => ./testdata/stubs/fasthttp
)
