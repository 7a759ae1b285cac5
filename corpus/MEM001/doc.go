// Package mem001 is the golint-mem corpus for MEM001 goroutine-captures-request.
//
// Every go statement the rule must report is annotated on its line with the rule
// ID; negatives may carry an "ok" annotation. See ../README.md for the syntax.
package mem001
