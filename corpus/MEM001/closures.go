package mem001

// Nesting: go statements at any depth inside a handler, and literals whose own
// declarations shadow the request.

import (
	"net/http"
)

// Nested: the go statement sits in a non-handler func literal inside the handler and captures r.
func nestedInLiteral(w http.ResponseWriter, r *http.Request) {
	spawn := func() {
		go process(r) // want MEM001
	}
	spawn()
	w.WriteHeader(http.StatusAccepted)
}

// Nested deeper: literal -> for -> if -> go, the goroutine literal captures r.
func nestedDeep(w http.ResponseWriter, r *http.Request) {
	each := func(items []string) {
		for _, it := range items {
			if it != "" {
				go func(s string) { // want MEM001
					audit(s)
					process(r)
				}(it)
			}
		}
	}
	each([]string{"a", "b"})
	w.WriteHeader(http.StatusAccepted)
}

// Nested: go inside go; both literals reference r declared outside them, so both are flagged.
func nestedGoInGo(w http.ResponseWriter, r *http.Request) {
	go func() { // want MEM001
		go func() { // want MEM001
			process(r)
		}()
	}()
	w.WriteHeader(http.StatusAccepted)
}

// Nested in plain blocks: go inside if/switch in the handler body.
func nestedInBlocks(w http.ResponseWriter, r *http.Request) {
	if r.Method == http.MethodPost {
		switch r.URL.Path {
		case "/async":
			go process(r) // want MEM001
		}
	}
	w.WriteHeader(http.StatusAccepted)
}

// Nested: a tainted alias declared in an outer literal, captured by a go literal inside it.
func nestedAliasInLiteral(w http.ResponseWriter, r *http.Request) {
	run := func() {
		ctx := r.Context()
		go func() { // want MEM001
			work(ctx)
		}()
	}
	run()
	w.WriteHeader(http.StatusAccepted)
}

// Not tainted: the literal's own parameter r shadows the request; the argument r.URL.Path is a plain value.
func nestedParamShadow(w http.ResponseWriter, r *http.Request) {
	go func(r string) { // ok MEM001
		audit(r)
	}(r.URL.Path)
	w.WriteHeader(http.StatusAccepted)
}

// Not tainted: the goroutine declares its own r inside the literal (an outgoing request), not the handler's.
func nestedLocalShadow(w http.ResponseWriter, req *http.Request) {
	id := req.Header.Get("X-Request-Id")
	go func() { // ok MEM001
		r, err := http.NewRequest(http.MethodGet, "http://audit.invalid/"+id, nil)
		if err == nil {
			process(r)
		}
	}()
	w.WriteHeader(http.StatusAccepted)
}

// A closure that captures the request holds it too: starting it as a
// goroutine keeps the request alive just like a literal in the go statement.
func closureVariableStarted(w http.ResponseWriter, r *http.Request) {
	audit := func() { process(r) }
	go audit() // want MEM001
	w.WriteHeader(http.StatusAccepted)
}
