package mem002

import (
	"errors"
	"strings"
	"sync"
)

// A Put that returns the value no dirtier than its Get in the same function
// handed it out: no code that fills the named field can run in between. Stale
// contents, if any, come from another Put, which is the one to flag. Reduced
// from go-playground/validator (includeExclude, filled only by StructPartial /
// StructExcept, which re-make it) and echo's router benchmark.

type validation struct {
	ns             []byte
	errs           []error
	includeExclude map[string]struct{}
	partial        bool
}

type Validator struct {
	pool *sync.Pool
}

func NewValidator() *Validator {
	return &Validator{pool: &sync.Pool{New: func() any {
		return &validation{includeExclude: map[string]struct{}{}}
	}}}
}

func (vd *validation) check(name, value string) {
	vd.ns = append(vd.ns[:0], name...)
	if vd.partial {
		if _, ok := vd.includeExclude[string(vd.ns)]; !ok {
			return
		}
	}
	if value == "" {
		vd.errs = append(vd.errs, errors.New(string(vd.ns)+" is required"))
	}
}

func (vd *validation) takeErrs() error {
	var err error
	if len(vd.errs) > 0 {
		err = vd.errs[0]
	}
	vd.errs = nil
	return err
}

// Struct never fills includeExclude, and nothing it calls does.
func (v *Validator) Struct(fields map[string]string) error {
	vd := v.pool.Get().(*validation)
	vd.partial = false
	for k, val := range fields {
		vd.check(k, val)
	}
	err := vd.takeErrs()
	v.pool.Put(vd) // ok MEM002
	return err
}

// StructPartial re-makes includeExclude before filling it: reset before the Put.
func (v *Validator) StructPartial(fields map[string]string, only ...string) error {
	vd := v.pool.Get().(*validation)
	vd.partial = true
	vd.includeExclude = make(map[string]struct{})
	for _, k := range only {
		vd.includeExclude[k] = struct{}{}
	}
	for k, val := range fields {
		vd.check(k, val)
	}
	err := vd.takeErrs()
	v.pool.Put(vd) // ok MEM002
	return err
}

// markOnly fills includeExclude without re-making it.
func (vd *validation) markOnly(keys []string) {
	vd.partial = true
	for _, k := range keys {
		vd.includeExclude[k] = struct{}{}
	}
}

// StructOnly calls a function that fills includeExclude between Get and Put.
func (v *Validator) StructOnly(fields map[string]string, only ...string) error {
	vd := v.pool.Get().(*validation)
	vd.markOnly(only)
	for k, val := range fields {
		vd.check(k, val)
	}
	err := vd.takeErrs()
	v.pool.Put(vd) // want MEM002
	return err
}

// StructExcept fills includeExclude itself, in the Put's function.
func (v *Validator) StructExcept(fields map[string]string, except ...string) error {
	vd := v.pool.Get().(*validation)
	vd.partial = true
	for _, k := range except {
		vd.includeExclude[strings.ToLower(k)] = struct{}{}
	}
	for k, val := range fields {
		vd.check(k, val)
	}
	err := vd.takeErrs()
	v.pool.Put(vd) // want MEM002
	return err
}

// A value that did not come from a Get in this function may be dirty.
func (v *Validator) release(vd *validation) {
	v.pool.Put(vd) // want MEM002
}
