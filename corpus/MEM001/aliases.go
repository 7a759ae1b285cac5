package mem001

// Renamed net/http import and taint flowing through local variables.

import (
	nethttp "net/http"
)

// Handler via renamed import `nethttp "net/http"`; taint via short variable alias `req := r`.
func aliasShortVar(w nethttp.ResponseWriter, r *nethttp.Request) {
	req := r
	go process(req) // want MEM001
	w.WriteHeader(nethttp.StatusAccepted)
}

// Taint via `var x = r`, captured by the literal.
func aliasVarDecl(w nethttp.ResponseWriter, r *nethttp.Request) {
	var x = r
	go func() { // want MEM001
		process(x)
	}()
	w.WriteHeader(nethttp.StatusAccepted)
}

// Taint via multi-assignment `a, b := r, 1`: a is tainted.
func aliasMultiAssign(w nethttp.ResponseWriter, r *nethttp.Request) {
	a, b := r, 1
	go process(a) // want MEM001
	_ = b
	w.WriteHeader(nethttp.StatusAccepted)
}

// Taint via plain assignment `x = r` to a declared variable.
func aliasPlainAssign(w nethttp.ResponseWriter, r *nethttp.Request) {
	var x *nethttp.Request
	x = r
	go process(x) // want MEM001
	w.WriteHeader(nethttp.StatusAccepted)
}

// Taint through a chain of aliases and .Context() of an alias.
func aliasChainToContext(w nethttp.ResponseWriter, r *nethttp.Request) {
	a := r
	b := a
	ctx := b.Context()
	go work(ctx) // want MEM001
	w.WriteHeader(nethttp.StatusAccepted)
}

// Helper of a handler via renamed import (aliasStatus passes it w); an alias of w is captured.
func aliasWriterOnly(w nethttp.ResponseWriter, status int) {
	out := w
	go func() { // want MEM001
		out.WriteHeader(status)
	}()
}

func aliasStatus(w nethttp.ResponseWriter, r *nethttp.Request) {
	aliasWriterOnly(w, nethttp.StatusAccepted)
}

// Not tainted: r.FormValue(..) is a plain string value (renamed import).
func aliasFormValue(w nethttp.ResponseWriter, r *nethttp.Request) {
	id := r.FormValue("id")
	go audit(id) // ok MEM001
	w.WriteHeader(nethttp.StatusAccepted)
}
