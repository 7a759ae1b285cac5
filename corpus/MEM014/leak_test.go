package mem014

// The runtime proof of the corpus labels: every `// want MEM014` function is
// run down its abandoning path and must leave a goroutine parked forever on a
// channel; every `// ok MEM014` function is run down the same kind of path and
// must leave no goroutine behind. tests/test_mem014_runtime.py runs this test
// and checks that `positives` and `negatives` name exactly the annotated
// functions.

import (
	"context"
	"errors"
	"fmt"
	"runtime"
	"strings"
	"testing"
	"time"
)

// stubBackend answers after delay (ignoring cancellation, as many clients
// do), or fails.
type stubBackend struct {
	delay time.Duration
	fail  bool
}

func (b stubBackend) Get(ctx context.Context, key string) (string, error) {
	time.Sleep(b.delay)
	if b.fail {
		return "", errors.New("backend unavailable: " + key)
	}
	return "v:" + key, nil
}

var (
	fast    = stubBackend{}
	slow    = stubBackend{delay: 30 * time.Millisecond}
	failing = stubBackend{fail: true}
	keys    = []string{"alpha", "beta", "gamma"}
	lines   = []string{"a b", "c d e"}
)

const shortTimeout = 5 * time.Millisecond

func resolver(b Backend) *Resolver { return &Resolver{backend: b, timeout: shortTimeout} }

func replicated(b Backend) *Replicated { return &Replicated{replicas: []Backend{b, b, b}} }

func job(b Backend) *Job { return &Job{backend: b, kill: func() {}} }

func exporter(b Backend) *Exporter { return &Exporter{backend: b, workers: 2} }

func indexer() *Indexer { return &Indexer{backend: fast, workers: 2} }

// hub holds n sessions that take a moment to close.
func hub(n int) *SessionHub {
	h := &SessionHub{sessions: map[string]*Session{}}
	for i := 0; i < n; i++ {
		id := string(rune('a' + i))
		h.sessions[id] = &Session{id: id, flush: 10 * time.Millisecond}
	}
	return h
}

// cancelled is a context that has already ended.
func cancelled() context.Context {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	return ctx
}

type labelCase struct {
	name string
	run  func()
}

var positives = []labelCase{
	{"Resolver.LookupTimeout", func() { _, _ = resolver(slow).LookupTimeout("k") }},
	{"Resolver.LookupCtx", func() { _, _ = resolver(slow).LookupCtx(cancelled(), "k") }},
	{"Resolver.LookupVia", func() { _, _ = resolver(slow).LookupVia("k") }},
	{"Resolver.LookupParam", func() { _, _ = resolver(slow).LookupParam(cancelled(), "k") }},
	{"Resolver.LookupGrace", func() { _ = resolver(slow).LookupGrace("k") }},
	{"Resolver.CollectPages", func() { _, _ = resolver(slow).CollectPages(keys) }},
	{"Resolver.Describe", func() { _, _ = resolver(fast).Describe("bad key") }},
	{"Resolver.MustDescribe", func() {
		defer func() { _ = recover() }()
		_ = resolver(fast).MustDescribe("")
	}},
	{"Resolver.WatchUntil", func() { _ = resolver(slow).WatchUntil(cancelled(), keys) }},
	{"Resolver.Probe", func() { _, _ = resolver(slow).Probe("k") }},
	{"Replicated.Fastest", func() { _, _ = replicated(fast).Fastest(context.Background(), "k") }},
	{"Replicated.FastestOneSlot", func() { _ = replicated(fast).FastestOneSlot(context.Background(), "k") }},
	{"Replicated.FastestOfThree", func() { _ = replicated(fast).FastestOfThree(context.Background(), "k") }},
	{"Replicated.WriteAll", func() { _ = replicated(failing).WriteAll(context.Background(), "k") }},
	{"Replicated.WriteVia", func() { _ = replicated(failing).WriteVia(context.Background(), "k") }},
	{"Replicated.WriteRange", func() { _ = replicated(failing).WriteRange(context.Background(), "k") }},
	{"Replicated.GatherCancel", func() { _, _ = replicated(slow).GatherCancel(cancelled(), "k") }},
	{"Indexer.IndexAll", func() { _ = indexer().IndexAll(context.Background(), keys) }},
	{"Indexer.IndexVia", func() { _ = indexer().IndexVia(context.Background(), keys) }},
	{"Indexer.Tail", func() { _ = indexer().Tail(lines) }},
	{"CountWords", func() { _ = CountWords(lines) }},
	{"Job.RunUntilKilled", func() { _, _ = job(slow).RunUntilKilled("k", shortTimeout) }},
	{"Job.CloseHalf", func() { _ = job(fast).CloseHalf(context.Background(), keys) }},
	{"Job.PollUpdates", func() { _ = job(fast).PollUpdates(context.Background(), keys) }},
	{"Exporter.ExportBoth", func() { _ = exporter(fast).ExportBoth(context.Background(), "") }},
	{"Exporter.OpenEveryPartition", func() {
		_ = exporter(failing).OpenEveryPartition(context.Background(), keys)
	}},
	{"Exporter.LogAllShort", func() { _ = exporter(slow).LogAllShort(cancelled(), lines) }},
	{"Job.SuperviseUnbuffered", func() { _ = job(fast).SuperviseUnbuffered(context.Background(), keys, 4) }},
	{"Exporter.WriteEveryFailure", func() { _ = exporter(failing).WriteEveryFailure(cancelled(), keys) }},
	{"SessionHub.ShutdownTwice", func() { _ = hub(4).ShutdownTwice(cancelled()) }},
}

var negatives = []labelCase{
	{"SessionHub.Shutdown", func() { _ = hub(4).Shutdown(cancelled(), make(chan struct{}, 4)) }},
	{"SessionHub.ShutdownFixed", func() { _ = hub(4).ShutdownFixed(cancelled(), 4) }},
	{"Resolver.LookupBuffered", func() { _, _ = resolver(slow).LookupBuffered("k") }},
	{"Resolver.LookupSelectSend", func() { _, _ = resolver(slow).LookupSelectSend(context.Background(), "k") }},
	{"Resolver.LookupDrop", func() { _, _ = resolver(slow).LookupDrop("k") }},
	{"Resolver.LookupQuit", func() { _, _ = resolver(slow).LookupQuit("k") }},
	{"Resolver.DescribeChecked", func() {
		_, _ = resolver(fast).DescribeChecked("bad key")
		_, _ = resolver(fast).DescribeChecked("k")
	}},
	{"Resolver.DescribeEither", func() {
		_, _ = resolver(fast).DescribeEither("")
		_, _ = resolver(fast).DescribeEither("k")
	}},
	{"Resolver.WaitLogged", func() { _, _ = resolver(slow).WaitLogged("k") }},
	{"Resolver.StreamUntilDone", func() { _ = resolver(fast).StreamUntilDone(keys) }},
	{"Replicated.FastestBuffered", func() { _, _ = replicated(fast).FastestBuffered(context.Background(), "k") }},
	{"Replicated.FastestConst", func() { _ = replicated(fast).FastestConst(context.Background(), "k") }},
	{"Replicated.FastestSpare", func() { _ = replicated(fast).FastestSpare(context.Background(), "k") }},
	{"Replicated.FastestCounted", func() { _ = replicated(fast).FastestCounted(context.Background(), "k") }},
	{"Replicated.WriteAllDrained", func() { _ = replicated(failing).WriteAllDrained(context.Background(), "k") }},
	{"Replicated.WriteAllBuffered", func() { _ = replicated(failing).WriteAllBuffered(context.Background(), "k") }},
	{"Replicated.CollectAll", func() { _, _ = replicated(failing).CollectAll(context.Background(), "k") }},
	{"Replicated.FetchEach", func() { _ = replicated(fast).FetchEach(context.Background(), "k") }},
	{"Indexer.IndexClosed", func() { _ = indexer().IndexClosed(context.Background(), keys) }},
	{"Indexer.IndexDeferClose", func() { _ = indexer().IndexDeferClose(context.Background(), keys) }},
	{"CountWordsClosed", func() { _ = CountWordsClosed(lines) }},
	{"Indexer.TailCancel", func() { _ = indexer().TailCancel(context.Background(), lines) }},
	{"Feed.Subscribe", func() { _ = <-(&Feed{backend: fast}).Subscribe("k") }},
	{"Feed.Start", func() {
		f := &Feed{backend: fast}
		f.Start("k")
		_ = f.Next()
	}},
	{"Feed.LookupAwait", func() { _, _ = (&Feed{backend: fast}).LookupAwait("k") }},
	{"Feed.LookupDrain", func() { _, _ = (&Feed{backend: slow}).LookupDrain("k", shortTimeout) }},
	{"Job.RunWithDeadline", func() { _, _ = job(slow).RunWithDeadline("k", shortTimeout) }},
	{"Job.RunAll", func() { _ = job(failing).RunAll(context.Background(), keys) }},
	{"Job.CloseAll", func() { _ = job(fast).CloseAll(context.Background(), keys) }},
	{"Job.PollReady", func() { _ = job(fast).PollReady(context.Background(), keys) }},
	{"Job.DrainThenCheck", func() { _ = job(fast).DrainThenCheck(context.Background(), keys) }},
	{"Job.LastOneSignals", func() { job(fast).LastOneSignals(context.Background(), keys) }},
	{"Job.MustResolve", func() { _ = job(fast).MustResolve("k", time.Second) }},
	{"Exporter.ExportEither", func() {
		_ = exporter(fast).ExportEither(context.Background(), "k", true)
		_ = exporter(fast).ExportEither(context.Background(), "", false)
	}},
	{"Exporter.UploadParts", func() { _ = exporter(failing).UploadParts(context.Background(), lines) }},
	{"Exporter.OpenPartitions", func() { _ = exporter(failing).OpenPartitions(context.Background(), keys) }},
	{"Exporter.GatherAll", func() { _ = exporter(fast).GatherAll(context.Background(), keys) }},
	{"Exporter.LogAll", func() { _ = exporter(slow).LogAll(cancelled(), lines) }},
	{"Job.RetryUntil", func() { _, _ = job(slow).RetryUntil(cancelled(), "k") }},
	{"Job.Supervise", func() { _ = job(fast).Supervise(context.Background(), keys, 4) }},
	{"Exporter.WriteUntilFailure", func() { _ = exporter(failing).WriteUntilFailure(cancelled(), keys) }},
	{"Exporter.ReadUntilEnd", func() { _ = exporter(fast).ReadUntilEnd(keys, make(chan struct{})) }},
}

// parked counts this package's goroutines (test goroutines excluded) that
// wait on a channel (chan send/receive, select) or, with sync, also on a
// WaitGroup or mutex.
func parked(sync bool) int {
	buf := make([]byte, 4<<20)
	buf = buf[:runtime.Stack(buf, true)]
	n := 0
	for _, g := range strings.Split(string(buf), "\n\n") {
		if strings.Contains(g, "testing.") || !strings.Contains(g, "/MEM014.") {
			continue
		}
		header := g[:strings.Index(g+"\n", "\n")]
		if strings.Contains(header, "[chan send") || strings.Contains(header, "[chan receive") ||
			strings.Contains(header, "[select") || (sync && strings.Contains(header, "[semacquire")) {
			n++
		}
	}
	return n
}

const settleLimit = 3 * time.Second

// leaksForever: after run returns, its new goroutines all end up parked (older
// ones settling meanwhile may add to the parked count) and
// at least one stays parked on a channel for three polls in a row.
func leaksForever(run func()) (bool, string) {
	baseLive, baseChan, baseAll := runtime.NumGoroutine(), parked(false), parked(true)
	run()
	stable := 0
	for deadline := time.Now().Add(settleLimit); time.Now().Before(deadline); time.Sleep(10 * time.Millisecond) {
		live := runtime.NumGoroutine() - baseLive
		onChan := parked(false) - baseChan
		all := parked(true) - baseAll
		if onChan >= 1 && all >= live {
			stable++
			if stable == 3 {
				return true, ""
			}
		} else {
			stable = 0
		}
	}
	return false, "no goroutine stayed blocked on a channel"
}

// leavesNone: after run returns, the goroutine count falls back to where it was.
func leavesNone(run func()) (bool, string) {
	base := runtime.NumGoroutine()
	run()
	for deadline := time.Now().Add(settleLimit); time.Now().Before(deadline); time.Sleep(5 * time.Millisecond) {
		if runtime.NumGoroutine() <= base {
			return true, ""
		}
	}
	return false, "goroutines still alive after " + settleLimit.String()
}

// awaitReply fails the test on timeout: a goroutine it leaves behind then
// cannot matter (the failure path of Go's own timeout tests).
func awaitReply(t testing.TB, b Backend, key string) string {
	ch := make(chan string)
	go func() { // ok MEM014
		v, _ := b.Get(context.Background(), key)
		ch <- v
	}()
	select {
	case v := <-ch:
		return v
	case <-time.After(time.Second):
		t.Fatalf("no reply for %s", key)
		return ""
	}
}

// collectReplies: every receive is a select whose other case fails the test,
// then a default probe checks that nothing extra arrived (syncthing's tests).
func collectReplies(t testing.TB, b Backend, keys []string) []string {
	replies := make(chan string)
	go func() { // ok MEM014
		for _, k := range keys {
			v, _ := b.Get(context.Background(), k)
			replies <- v
		}
	}()
	timeout := time.After(time.Second)
	var out []string
	for range keys {
		select {
		case v := <-replies:
			out = append(out, v)
		case <-timeout:
			t.Fatalf("only %d replies", len(out))
		}
	}
	select {
	case v := <-replies:
		t.Fatalf("unexpected reply %q", v)
	default:
	}
	return out
}

// checkValues: errs only carries failures to t.Fatal (v2ray's tests).
func checkValues(t testing.TB, b Backend, keys []string) {
	errs := make(chan string)
	done := make(chan struct{})
	go func() { // ok MEM014
		for _, k := range keys {
			if v, _ := b.Get(context.Background(), k); v != "v:"+k {
				errs <- "unexpected value " + v
			}
		}
		close(done)
	}()
	select {
	case e := <-errs:
		t.Fatal(e)
	case <-done:
	}
}

// fetchWithin reports a timeout to its caller, which fails the test.
func fetchWithin(b Backend, key string, d time.Duration) (string, error) {
	ch := make(chan string)
	go func() { // ok MEM014
		v, _ := b.Get(context.Background(), key)
		ch <- v
	}()
	select {
	case v := <-ch:
		return v, nil
	case <-time.After(d):
		return "", fmt.Errorf("no reply for %s after %s", key, d)
	}
}

// The test helpers' own goroutines leave nothing behind on the passing path.
func TestHelpersLeaveNone(t *testing.T) {
	for name, run := range map[string]func(){
		"awaitReply":     func() { _ = awaitReply(t, fast, "k") },
		"collectReplies": func() { _ = collectReplies(t, fast, keys) },
		"checkValues":    func() { checkValues(t, fast, keys) },
		"fetchWithin":    func() { _, _ = fetchWithin(fast, "k", time.Second) },
	} {
		if ok, why := leavesNone(run); !ok {
			t.Errorf("%s: %s", name, why)
		}
	}
}

func TestMEM014Labels(t *testing.T) {
	for _, c := range positives {
		run := c.run
		t.Run("want/"+c.name, func(t *testing.T) {
			if ok, why := leaksForever(run); !ok {
				t.Fatal(why)
			}
		})
	}
	for _, c := range negatives {
		run := c.run
		t.Run("ok/"+c.name, func(t *testing.T) {
			if ok, why := leavesNone(run); !ok {
				t.Fatal(why)
			}
		})
	}
}
