// Package mem004 is the golint-mem corpus for MEM004 map-stored-closure.
//
// Every sink the rule must report carries a trailing want annotation (see
// ../README.md) on the line where the reported node starts: the assignment or the
// Store call. Negatives may carry an ok annotation. Stores under a constant key and
// map composite literals are never sinks (constant_keys.go).
// Loop-variable cases have a "level: error" / "level: warning" comment on the line
// above the sink.
//
// This package is in the corpus module (go 1.21), so a captured for/range loop
// variable makes the finding level error. ./go122 is a nested go 1.22 module with
// the same shapes at level warning; ./otherpkg checks that cleanup is per package.
//
// Map and field names are unique across the package on purpose: the cleanup check
// is package-wide, so a shared name would silence a case. The only shared field
// name is `jobs` (Scheduler vs Janitor), which tests the same-struct-type rule.
package mem004
