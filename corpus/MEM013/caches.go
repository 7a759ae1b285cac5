package mem013

import (
	"net"
	"net/http"
	"strings"
	"sync"
	"time"
)

// Package-level maps written with run-time keys, never cleaned anywhere in the
// package: each write is a finding.

var (
	profileCache   = map[string]*Profile{}
	profileMu      sync.Mutex
	rateLimits     = make(map[string]*rateLimiter)
	requestCounts  = map[string]int{}
	bytesByHost    = map[string]int64{}
	inflightByPeer = map[string]int{}
	dnsCache       = make(map[string][]net.IP)
	subscribers    = map[string][]chan []byte{}
	lastSeen       = map[string]time.Time{}
	statusCounts   = map[int]int{}
	userAgents     = map[string]struct{}{}
	tenantConns    = connIndex{}
)

// connIndex is a same-package named map type.
type connIndex map[string]*Client

// sessionStore, keyLocks and routeStats are sync.Maps (one through a pointer).
var (
	sessionStore sync.Map
	keyLocks     sync.Map
	routeStats   = &sync.Map{}
)

type rateLimiter struct {
	tokens int
	last   time.Time
}

// A read-through cache keyed by the caller's user ID.
func GetProfile(id string) *Profile {
	profileMu.Lock()
	defer profileMu.Unlock()
	if p, ok := profileCache[id]; ok {
		return p
	}
	p := fetchProfile(id)
	profileCache[id] = p // want MEM013
	return p
}

// One rate limiter per remote address, created on first sight.
func allow(r *http.Request) bool {
	host, _, _ := net.SplitHostPort(r.RemoteAddr)
	l, ok := rateLimits[host]
	if !ok {
		l = &rateLimiter{tokens: 10, last: time.Now()}
		rateLimits[host] = l // want MEM013
	}
	return l.tokens > 0
}

// A per-tenant request counter incremented with ++.
func countRequest(tenant string) {
	requestCounts[tenant]++ // want MEM013
}

// Bytes per host accumulated with +=.
func addTraffic(host string, n int64) {
	bytesByHost[host] += n // want MEM013
}

// A gauge kept with -- as well as ++: both insert the key.
func trackInflight(peer string, done bool) {
	if done {
		inflightByPeer[peer]-- // want MEM013
		return
	}
	inflightByPeer[peer]++ // want MEM013
}

// A DNS cache keyed by host name, never expired.
func resolve(hostname string) ([]net.IP, error) {
	if ips, ok := dnsCache[hostname]; ok {
		return ips, nil
	}
	ips, err := net.LookupIP(hostname)
	if err == nil {
		dnsCache[hostname] = ips // want MEM013
	}
	return ips, err
}

// Subscribers appended per topic; unsubscribing is never possible.
func subscribe(topic string) <-chan []byte {
	ch := make(chan []byte, 16)
	subscribers[topic] = append(subscribers[topic], ch) // want MEM013
	return ch
}

// Last-seen time per client, from a request header.
func touch(r *http.Request) {
	lastSeen[r.Header.Get("X-Client-ID")] = time.Now() // want MEM013
}

// Status-code histogram keyed by an int: not a small enum, any int can come in.
func observeStatus(code int) {
	statusCounts[code]++ // want MEM013
}

// A set of user agents seen, keyed by a normalised header value.
func recordAgent(r *http.Request) {
	userAgents[strings.ToLower(r.UserAgent())] = struct{}{} // want MEM013
}

// A named map type is still a map.
func trackTenantConn(tenant string, c *Client) {
	tenantConns[tenant+"/"+c.ID] = c // want MEM013
}

// A session store in a sync.Map, keyed by a fresh token.
func login(token string, u *Profile) {
	sessionStore.Store(token, &Session{Token: token, User: u, Expires: time.Now().Add(time.Hour)}) // want MEM013
}

// Per-key mutexes created with LoadOrStore: one per key, forever.
func lockFor(key string) *sync.Mutex {
	mu, _ := keyLocks.LoadOrStore(key, &sync.Mutex{}) // want MEM013
	return mu.(*sync.Mutex)
}

// Per-route statistics in a *sync.Map package variable.
func recordRoute(r *http.Request, d time.Duration) {
	routeStats.Store(r.URL.Path, d) // want MEM013
}

// A registration called at run time, per connection, from a handler: no
// unregister exists, so clients pile up.
var connectedClients = map[string]*Client{}

func registerClient(c *Client) {
	connectedClients[c.ID] = c // want MEM013
}

func serveClient(conn net.Conn) {
	c := &Client{ID: conn.RemoteAddr().String(), Conn: conn}
	registerClient(c)
}
