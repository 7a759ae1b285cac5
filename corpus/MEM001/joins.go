package mem001

// Join exemptions (negatives) and their look-alikes (positives).

import (
	"net/http"
	"sync"
	"time"
)

// Join exemption: goroutine calls wg.Done() directly; handler runs wg.Wait() after the go statement.
func joinWaitGroupDirect(w http.ResponseWriter, r *http.Request) {
	var wg sync.WaitGroup
	wg.Add(1)
	go func() { // ok MEM001
		process(r)
		wg.Done()
	}()
	wg.Wait()
	w.WriteHeader(http.StatusOK)
}

// Join exemption: goroutine defers wg.Done(); handler runs wg.Wait() after the go statement.
func joinWaitGroupDeferred(w http.ResponseWriter, r *http.Request) {
	var wg sync.WaitGroup
	wg.Add(1)
	go func() { // ok MEM001
		defer wg.Done()
		process(r)
	}()
	wg.Wait()
	w.WriteHeader(http.StatusOK)
}

// Join exemption: two goroutines both defer wg.Done(); one wg.Wait() after both joins both.
func joinWaitGroupFanOut(w http.ResponseWriter, r *http.Request) {
	var wg sync.WaitGroup
	wg.Add(2)
	go func() { // ok MEM001
		defer wg.Done()
		process(r)
	}()
	go func() { // ok MEM001
		defer wg.Done()
		work(r.Context())
	}()
	wg.Wait()
	w.WriteHeader(http.StatusOK)
}

// Join exemption: goroutine sends on ch; handler receives with `v := <-ch` after the go statement.
func joinChannelSendAssign(w http.ResponseWriter, r *http.Request) {
	ch := make(chan int, 1)
	go func() { // ok MEM001
		ch <- score(r)
	}()
	v := <-ch
	use(v)
	w.WriteHeader(http.StatusOK)
}

// Join exemption: goroutine closes done (deferred); handler receives with a `<-done` statement.
func joinChannelCloseDeferred(w http.ResponseWriter, r *http.Request) {
	done := make(chan struct{})
	go func() { // ok MEM001
		defer close(done)
		process(r)
	}()
	<-done
	w.WriteHeader(http.StatusOK)
}

// Join exemption: goroutine closes done directly; handler receives with a `<-done` statement.
func joinChannelCloseDirect(w http.ResponseWriter, r *http.Request) {
	done := make(chan struct{})
	go func() { // ok MEM001
		process(r)
		close(done)
	}()
	<-done
	w.WriteHeader(http.StatusOK)
}

// Join exemption: goroutine sends and closes; handler drains with `for range ch` after the go statement.
func joinRangeChannel(w http.ResponseWriter, r *http.Request) {
	values := make(chan string)
	go func() { // ok MEM001
		defer close(values)
		for _, v := range r.Header.Values("X-Item") {
			values <- v
		}
	}()
	for v := range values {
		audit(v)
	}
	w.WriteHeader(http.StatusOK)
}

// Look-alike: the only receive is a select case with a time.After timeout, so the goroutine can outlive the handler.
func joinSelectTimeout(w http.ResponseWriter, r *http.Request) {
	done := make(chan struct{})
	go func() { // want MEM001
		defer close(done)
		process(r)
	}()
	select {
	case <-done:
	case <-time.After(time.Second):
	}
	w.WriteHeader(http.StatusOK)
}

// Look-alike: the only receive is a select case next to a default, so the handler may return first.
func joinSelectDefault(w http.ResponseWriter, r *http.Request) {
	ch := make(chan int, 1)
	go func() { // want MEM001
		ch <- score(r)
	}()
	select {
	case v := <-ch:
		use(v)
	default:
	}
	w.WriteHeader(http.StatusOK)
}

// Look-alike: the goroutine sends on a buffered channel that the handler never receives from.
func joinSendNeverReceived(w http.ResponseWriter, r *http.Request) {
	errs := make(chan int, 1)
	go func() { // want MEM001
		errs <- score(r)
	}()
	w.WriteHeader(http.StatusAccepted)
}

// Look-alike: wg.Done() is deferred but the handler never calls wg.Wait().
func joinMissingWait(w http.ResponseWriter, r *http.Request) {
	var wg sync.WaitGroup
	wg.Add(1)
	go func() { // want MEM001
		defer wg.Done()
		process(r)
	}()
	w.WriteHeader(http.StatusAccepted)
}

// Look-alike: wg.Wait() runs before the go statement, so it does not join the goroutine.
func joinWaitBeforeGo(w http.ResponseWriter, r *http.Request) {
	var wg sync.WaitGroup
	wg.Wait()
	wg.Add(1)
	go func() { // want MEM001
		defer wg.Done()
		process(r)
	}()
	w.WriteHeader(http.StatusAccepted)
}

// Look-alike: wg.Wait() runs in another goroutine, not as a plain statement of the handler.
func joinWaitInsideGoroutine(w http.ResponseWriter, r *http.Request) {
	var wg sync.WaitGroup
	wg.Add(1)
	go func() { // want MEM001
		defer wg.Done()
		process(r)
	}()
	go func() { // ok MEM001
		wg.Wait()
		audit("all done")
	}()
	w.WriteHeader(http.StatusAccepted)
}

// Look-alike: the handler waits, but the goroutine holding r never calls wg.Done(); only an untainted one does.
func joinDoneInOtherGoroutine(w http.ResponseWriter, r *http.Request) {
	var wg sync.WaitGroup
	wg.Add(1)
	go func() { // ok MEM001
		defer wg.Done()
		audit("warm cache")
	}()
	go func() { // want MEM001
		process(r)
	}()
	wg.Wait()
	w.WriteHeader(http.StatusOK)
}

// Nested: the outer goroutine is joined by wg, but the go statement inside it is not.
func joinOuterOnly(w http.ResponseWriter, r *http.Request) {
	var wg sync.WaitGroup
	wg.Add(1)
	go func() { // ok MEM001
		defer wg.Done()
		go process(r) // want MEM001
	}()
	wg.Wait()
	w.WriteHeader(http.StatusOK)
}
