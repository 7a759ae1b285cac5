package mem001

// Composite literals holding tainted values, dereferences of a tainted pointer, and
// the `go job.run()` receiver form.

import (
	"net/http"
)

// Flag form `go job.run()`: job is `&T{...}` holding the request in a field.
func compositePointerReceiver(w http.ResponseWriter, r *http.Request) {
	job := &requestJob{req: r, id: 1}
	go job.run() // want MEM001
	w.WriteHeader(http.StatusAccepted)
}

// Taint composite literal `T{...}` with r.Context() in a field, passed as argument.
func compositeValueArgument(w http.ResponseWriter, r *http.Request) {
	go handlePayload(payload{ctx: r.Context(), id: 2}) // want MEM001
	w.WriteHeader(http.StatusAccepted)
}

// Taint composite literal holding r as a slice element.
func compositeSliceElement(w http.ResponseWriter, r *http.Request) {
	reqs := []*http.Request{r}
	go processAll(reqs) // want MEM001
	w.WriteHeader(http.StatusAccepted)
}

// Taint composite literal `T{...}` in a local captured by the literal.
func compositeCaptured(w http.ResponseWriter, r *http.Request) {
	p := payload{ctx: r.Context()}
	go func() { // want MEM001
		handlePayload(p)
	}()
	w.WriteHeader(http.StatusAccepted)
}

// Taint dereference `*r`: the shallow copy shares Body, ctx and TLS state.
func derefLocal(w http.ResponseWriter, r *http.Request) {
	snapshot := *r
	go inspectCopy(snapshot) // want MEM001
	w.WriteHeader(http.StatusAccepted)
}

// Taint dereference `*r` directly as the argument.
func derefArgument(w http.ResponseWriter, r *http.Request) {
	go inspectCopy(*r) // want MEM001
	w.WriteHeader(http.StatusAccepted)
}

// Taint dereference of a tainted alias pointer.
func derefAlias(w http.ResponseWriter, r *http.Request) {
	p := r
	go inspectCopy(*p) // want MEM001
	w.WriteHeader(http.StatusAccepted)
}

// Not tainted: the composite literal holds only plain values (r.FormValue, r.URL.Path).
func compositeOfPlainValues(w http.ResponseWriter, r *http.Request) {
	job := &auditJob{id: r.FormValue("id"), path: r.URL.Path}
	go job.run() // ok MEM001
	w.WriteHeader(http.StatusAccepted)
}
