package mem005

import "fmt"

// node is an intrusive list node whose link is (wrongly) kept as a uintptr.
type node struct {
	next uintptr
	val  int
}

// slot holds an address word and a plain integer.
type slot struct {
	addr uintptr
	gen  int64
}

func logLine(a ...interface{}) { fmt.Println(a...) }
