// Package mem013 is the golint-mem corpus for MEM013 unbounded-global-map (off by
// default; the corpus harness runs it over this directory only).
//
// Every write the rule must report carries a trailing want annotation on the line
// where the write starts (the assignment, the ++ statement or the sync.Map call).
// Package variable names are unique across the package on purpose: cleanup is
// looked up by name, package-wide, so a shared name would silence a case.
package mem013
