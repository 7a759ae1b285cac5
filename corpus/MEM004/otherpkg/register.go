// Package otherpkg is a separate analysis unit: its cleanup of pluginHooks must not
// silence the finding on mem004's own pluginHooks (cleanup paths are per package).
package otherpkg

import "fmt"

// pluginHooks has the same name as the package var in ../pkgvar.go; it is deleted in remove.go.
var pluginHooks = map[string]func(){}

// Capturing closure, but this package deletes from pluginHooks (remove.go): no finding.
func Register(name string, data []byte) {
	pluginHooks[name] = func() { fmt.Println(len(data)) } // ok MEM004
}
