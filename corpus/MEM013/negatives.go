package mem013

import (
	"net/http"
	"os"
	"strings"
	"sync"
	"time"
)

// Shapes the contract says cannot grow a package map without bound.

// Filled in init: package initialisation runs once.
var envDefaults = map[string]string{}

func init() {
	for _, kv := range os.Environ() {
		if k, v, ok := strings.Cut(kv, "="); ok && strings.HasPrefix(k, "APP_") {
			envDefaults[k] = v // ok MEM013
		}
	}
}

// Filled by a package-level variable's initialiser.
var mimeByExt = func() map[string]string {
	m := map[string]string{}
	for _, e := range []string{".html", ".css", ".js"} {
		m[e] = "text/" + strings.TrimPrefix(e, ".")
	}
	return m
}()

var statusText = map[int]string{}

var _ = func() bool {
	for code := 100; code < 600; code++ {
		statusText[code] = http.StatusText(code) // ok MEM013
	}
	return true
}()

// Constant keys overwrite one slot.
var (
	lastRun      = map[string]time.Time{}
	healthChecks sync.Map
)

const keyCompaction = "compaction"

func markRuns() {
	lastRun["gc"] = time.Now()           // ok MEM013
	lastRun[keyCompaction] = time.Now()  // ok MEM013
	healthChecks.Store("db", true)       // ok MEM013
	lastRun[http.MethodGet] = time.Now() // ok MEM013
}

// Cleanup paths: delete, clear (clear.go), Delete, LoadAndDelete, reassignment.
var (
	activeSessions = map[string]*Session{}
	tokenCache     sync.Map
	pendingAcks    sync.Map
	hotKeys        = map[string]int{}
	peerScores     = map[string]int{}
	aliasedIndex   = map[string]*Client{}
)

func startSession(s *Session) {
	activeSessions[s.Token] = s // ok MEM013
}

func endSession(token string) {
	delete(activeSessions, token)
}

func cacheToken(token string, p *Profile) {
	tokenCache.Store(token, p) // ok MEM013
}

func revoke(token string) {
	tokenCache.Delete(token)
}

func expectAck(id string, ch chan struct{}) {
	pendingAcks.Store(id, ch) // ok MEM013
}

func ack(id string) {
	if ch, ok := pendingAcks.LoadAndDelete(id); ok {
		close(ch.(chan struct{}))
	}
}

func bumpHotKey(key string) {
	hotKeys[key]++ // ok MEM013
}

// The whole table is replaced every minute.
func rotateHotKeys() {
	hotKeys = map[string]int{}
}

func scorePeer(addr string, score int) {
	peerScores[addr] = score // ok MEM013
}

func indexClient(c *Client) {
	aliasedIndex[c.ID] = c // ok MEM013
}

// Cleanup through a local alias of the package map.
func dropClient(id string) {
	idx := aliasedIndex
	delete(idx, id)
}

// Not package-level: a local map, and a struct field.
type Server struct {
	conns map[string]*Client
}

func (s *Server) track(c *Client) {
	s.conns[c.ID] = c // ok MEM013
}

func countWords(text string) map[string]int {
	counts := map[string]int{}
	for _, w := range strings.Fields(text) {
		counts[w]++ // ok MEM013
	}
	return counts
}

// A local that shadows a package map's name.
var wordIndex = map[string]int{}

func indexLine(line string) int {
	wordIndex := map[string]int{}
	for _, w := range strings.Fields(line) {
		wordIndex[w] = len(w) // ok MEM013
	}
	return len(wordIndex)
}

// A local function literal that init calls in place fills the table
// (cmd/internal/obj's DWARF register maps).
var dwarfRegisters = map[int16]int16{}

func init() {
	fill := func(from, to, base int16) {
		for r := from; r <= to; r++ {
			dwarfRegisters[r] = base + (r - from) // ok MEM013
		}
	}
	fill(0, 15, 0)
	fill(32, 47, 64)
}

// Look-alike: init installs a handler that calls the local later, once per request.
var pathHits = map[string]int{}

func init() {
	hit := func(path string) {
		pathHits[path]++ // want MEM013
	}
	http.HandleFunc("/hits", func(w http.ResponseWriter, r *http.Request) { hit(r.URL.Path) })
}

// Look-alike: a goroutine started from init runs for the life of the program.
var probeResults = map[string]bool{}

func init() {
	go func() {
		for addr := range probeQueue {
			probeResults[addr] = true // want MEM013
		}
	}()
}

var probeQueue = make(chan string)
