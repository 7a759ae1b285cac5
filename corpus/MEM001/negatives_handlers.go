package mem001

// Handlers whose goroutines get only untainted values.

import (
	"net/http"
)

// Not tainted: r.FormValue(..) is a plain string.
func plainFormValue(w http.ResponseWriter, r *http.Request) {
	id := r.FormValue("id")
	go audit(id) // ok MEM001
	w.WriteHeader(http.StatusAccepted)
}

// Not tainted: r.URL.Query().Get(..) is a plain string, captured by the literal.
func plainQueryGet(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query().Get("q")
	go func() { // ok MEM001
		audit(q)
	}()
	w.WriteHeader(http.StatusAccepted)
}

// Not tainted: r.Header.Get(..) is a plain string.
func plainHeaderGet(w http.ResponseWriter, r *http.Request) {
	ua := r.Header.Get("User-Agent")
	go audit(ua) // ok MEM001
	w.WriteHeader(http.StatusAccepted)
}

// Not tainted: r.URL.Path is a plain string, captured by the literal.
func plainURLPath(w http.ResponseWriter, r *http.Request) {
	path := r.URL.Path
	go func() { // ok MEM001
		audit(path)
	}()
	w.WriteHeader(http.StatusAccepted)
}

// Not tainted: plain values as direct call arguments.
func plainValueArguments(w http.ResponseWriter, r *http.Request) {
	go audit(r.URL.Path + r.Header.Get("X-Request-Id")) // ok MEM001
	w.WriteHeader(http.StatusAccepted)
}

// No request-scoped value at all: the goroutine only touches package state.
func noCapture(w http.ResponseWriter, r *http.Request) {
	go func() { // ok MEM001
		requestsSeen.Add(1)
	}()
	go audit("static") // ok MEM001
	_ = r
	w.WriteHeader(http.StatusAccepted)
}

// Look-alike text only: the string literal below contains annotation-like text and must not count.
func stringLookalike(w http.ResponseWriter, r *http.Request) {
	go audit("go process(r) // want MEM001") // ok MEM001
	_ = r.Method
	w.WriteHeader(http.StatusAccepted)
}

// fakeAnnotation is a string constant that looks like an annotation: no finding is expected on its line.
const fakeAnnotation = "// want MEM001"

// Look-alike text only: a commented-out go statement is not code.
func commentLookalike(w http.ResponseWriter, r *http.Request) {
	// go process(r)
	/* go func() { process(r) }() */
	audit(fakeAnnotation)
	_ = r
	w.WriteHeader(http.StatusAccepted)
}
