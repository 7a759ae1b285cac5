package mem013

import (
	"bufio"
	"os"
	"strings"
	"sync"
)

// Lazy initialisation under sync.Once (net's readProtocols, mime's initMime): the
// table is filled once, from a file or a fixed list, then only read.

var (
	protocolsOnce sync.Once
	protocols     = map[string]int{}
	servicesOnce  sync.Once
	services      = map[string]int{}
	countriesOnce sync.Once
	countries     sync.Map
	hostAliases   = map[string]string{}
)

// Filled in a function literal that Once.Do runs.
func lookupProtocol(name string) (int, bool) {
	protocolsOnce.Do(func() {
		f, err := os.Open("/etc/protocols")
		if err != nil {
			return
		}
		defer f.Close()
		s := bufio.NewScanner(f)
		for n := 0; s.Scan(); n++ {
			if fields := strings.Fields(s.Text()); len(fields) > 1 {
				protocols[fields[0]] = n // ok MEM013
			}
		}
	})
	p, ok := protocols[name]
	return p, ok
}

// Filled by a named function whose only use is as Once.Do's argument.
func readServices() {
	for i, name := range []string{"http", "https", "ssh"} {
		services[name] = i // ok MEM013
	}
}

func lookupService(name string) int {
	servicesOnce.Do(readServices)
	return services[name]
}

// The same with a sync.Map.
func loadCountries() {
	for _, c := range []string{"DE", "FR", "US"} {
		countries.Store(c, strings.ToLower(c)) // ok MEM013
	}
}

func countryName(code string) string {
	countriesOnce.Do(loadCountries)
	v, _ := countries.Load(code)
	s, _ := v.(string)
	return s
}

// Look-alike: Once.Do runs it, but a request path calls it again with user input.
func addHostAlias(alias, host string) {
	hostAliases[alias] = host // want MEM013
}

func loadHostAliases() {
	addHostAlias("localhost", "127.0.0.1")
}

func resolveAlias(alias, fallback string) string {
	servicesOnce.Do(loadHostAliases)
	if h, ok := hostAliases[alias]; ok {
		return h
	}
	addHostAlias(alias, fallback)
	return fallback
}
