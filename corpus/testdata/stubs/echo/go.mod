module github.com/labstack/echo

go 1.19
