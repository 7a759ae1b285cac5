package mem013

import (
	"fmt"
	"sync"
)

// Registries found on real code (database/sql.Register, docker's reexec.Register,
// influxdb's RegisterEngine, v2ray's RegisterConfig, rclone's registerPolicy):
// entries are added by code at start-up, one per implementation, so the key set
// is bounded by the program text.

var (
	codecs       = map[string]Codec{}
	codecsMu     sync.Mutex
	drivers      = map[string]func() Codec{}
	storePlugins sync.Map
	policies     = map[string]string{}
	authSchemes  = map[string]func(string) bool{}
)

// An exported Register function: other packages call it from their init.
func RegisterCodec(name string, c Codec) {
	codecsMu.Lock()
	defer codecsMu.Unlock()
	if _, dup := codecs[name]; dup {
		panic("codec registered twice: " + name)
	}
	codecs[name] = c // ok MEM013
}

// MustRegister is the same convention.
func MustRegisterStorePlugin(name string, open func(dsn string) error) {
	if _, loaded := storePlugins.LoadOrStore(name, open); loaded { // ok MEM013
		panic(fmt.Sprintf("store plugin %q already registered", name))
	}
}

// An unexported helper that only this package's init functions call.
func registerDriver(name string, open func() Codec) {
	drivers[name] = open // ok MEM013
}

func init() {
	registerDriver("json", func() Codec { return nil })
	registerDriver("gob", func() Codec { return nil })
}

// Called only from a package-level variable's initialiser.
func addPolicy(name, rule string) bool {
	policies[name] = rule // ok MEM013
	return true
}

var _ = addPolicy("ff", "first found")

// Look-alike: an unexported register function that a request path calls too.
func registerAuthScheme(name string, check func(string) bool) {
	authSchemes[name] = check // want MEM013
}

func init() {
	registerAuthScheme("basic", func(string) bool { return true })
}

func enableSchemeFromHeader(scheme string) {
	registerAuthScheme(scheme, func(string) bool { return false })
}
