package mem013

import (
	"fmt"
	"os"
	"reflect"
	"sync"
)

// Keys from a bounded domain: the map cannot outgrow the domain.

var (
	encoderCache sync.Map
	fieldIndex   = map[reflect.Type][]int{}
	levelCounts  = map[Level]int{}
	regionQuotas = map[Region]int{}
	flagCounts   = map[bool]int{}
	byteHisto    = map[byte]int{}
	typeNames    = map[string]int{}
	kindCounts   = map[reflect.Kind]int{}
)

// A per-type cache (encoding/json's encoderCache): the program has finitely many types.
func encoderFor(t reflect.Type) func(interface{}) string {
	if f, ok := encoderCache.Load(t); ok {
		return f.(func(interface{}) string)
	}
	f := func(v interface{}) string { return fmt.Sprint(v) }
	encoderCache.Store(t, f) // ok MEM013
	return f
}

// The type comes from reflect.TypeOf.
func indexFields(v interface{}) []int {
	t := reflect.TypeOf(v)
	idx := make([]int, 0, 4)
	fieldIndex[t] = idx // ok MEM013
	return idx
}

// The type of a reflect.Value (encoding/binary's structSize cache).
var sizeCache sync.Map

func sizeOf(v reflect.Value) int {
	t := v.Type()
	if n, ok := sizeCache.Load(t); ok {
		return n.(int)
	}
	n := int(t.Size())
	sizeCache.Store(t, n) // ok MEM013
	return n
}

// A counter per log level: Level is a same-package enum with named constants.
func countLevel(l Level) {
	levelCounts[l]++ // ok MEM013
}

// A quota per region: Region is a typed string with named constants.
func setQuota(r Region, n int) {
	regionQuotas[r] = n // ok MEM013
}

// bool and byte keys: two and 256 slots at most.
func countFlags(ok bool, b byte) {
	flagCounts[ok]++ // ok MEM013
	byteHisto[b]++   // ok MEM013
}

// reflect.Kind is a small enum of another package.
func countKind(k reflect.Kind) {
	kindCounts[k]++ // ok MEM013
}

// Signals are a small fixed set (go-daemon's SetSigHandler).
var signalHandlers = map[os.Signal]func(os.Signal) error{}

func SetSignalHandler(h func(os.Signal) error, signals ...os.Signal) {
	for _, sig := range signals {
		signalHandlers[sig] = h // ok MEM013
	}
}

// Look-alike: a type's printed name is any string (and per-instantiation for generics).
func countTypeName(v interface{}) {
	typeNames[fmt.Sprintf("%T", v)]++ // want MEM013
}

// Look-alike: a Region converted from user input is not one of the constants.
var regionHits = map[string]int{}

func hitRegion(r Region, suffix string) {
	regionHits[string(r)+suffix]++ // want MEM013
}

// Cleanup in a helper that receives the map's address (mime's clearSyncMap).
var (
	extTypes     sync.Map
	extLower     sync.Map
	tenantLimits = map[string]int{}
)

func clearSyncMap(m *sync.Map) {
	m.Range(func(k, _ interface{}) bool {
		m.Delete(k)
		return true
	})
}

func resetLimits(m map[string]int) {
	for k := range m {
		delete(m, k)
	}
}

func setExtensionTypes(types map[string]string) {
	clearSyncMap(&extTypes)
	for ext, typ := range types {
		extTypes.Store(ext, typ) // ok MEM013
	}
}

func setLimit(tenant string, n int) {
	tenantLimits[tenant] = n // ok MEM013
}

func reloadLimits() { resetLimits(tenantLimits) }

// Look-alike: the helper only reads the map; nothing removes entries from extLower.
func countSyncMap(m *sync.Map) int {
	n := 0
	m.Range(func(_, _ interface{}) bool { n++; return true })
	return n
}

func addLowerExtension(ext, typ string) int {
	extLower.Store(ext, typ) // want MEM013
	return countSyncMap(&extLower)
}
