// Package mem005 is the golint-mem corpus for MEM005 unsafe-pointer-write-barrier-bypass.
//
// Every store the rule must report carries a trailing want annotation (see
// ../README.md) on the line where the reported node starts: the assignment, the
// composite-literal field entry, the atomic call, or, for a local converted back
// later, the local's assignment. Negatives may carry an ok annotation. MEM005
// findings are level error.
//
// `go vet`'s unsafeptr check objects to several of these on purpose; the corpus is
// checked with `go vet -asmdecl` only.
package mem005
