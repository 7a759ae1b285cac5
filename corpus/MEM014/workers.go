package mem014

import (
	"context"
	"strings"
	"sync"
)

// Indexer fans documents out to a fixed pool of workers.
type Indexer struct {
	backend Backend
	workers int
}

// --- abandoned receive: workers range over a channel nobody closes

// IndexAll: the workers' `for range jobs` waits forever after the last job.
func (x *Indexer) IndexAll(ctx context.Context, docs []string) int {
	jobs := make(chan string)
	done := make(chan int, len(docs))
	for i := 0; i < x.workers; i++ {
		go func() { // want MEM014
			for doc := range jobs {
				v, _ := x.backend.Get(ctx, doc)
				done <- len(v)
			}
		}()
	}
	for _, d := range docs {
		jobs <- d
	}
	total := 0
	for range docs {
		total += <-done
	}
	return total
}

// indexWorker is started with `go x.indexWorker(ctx, jobs, sizes)`.
func (x *Indexer) indexWorker(ctx context.Context, jobs <-chan string, sizes chan<- int) {
	for doc := range jobs {
		v, _ := x.backend.Get(ctx, doc)
		sizes <- len(v)
	}
}

// IndexVia: the same leak through a same-package method.
func (x *Indexer) IndexVia(ctx context.Context, docs []string) int {
	jobs := make(chan string)
	sizes := make(chan int)
	for i := 0; i < x.workers; i++ {
		go x.indexWorker(ctx, jobs, sizes) // want MEM014
	}
	go func() { // ok MEM014
		for _, d := range docs {
			jobs <- d
		}
	}()
	total := 0
	for range docs {
		total += <-sizes
	}
	return total
}

// Tail: a receive loop with no way out.
func (x *Indexer) Tail(lines []string) []string {
	feed := make(chan string)
	out := make(chan string, len(lines))
	go func() { // want MEM014
		for {
			line := <-feed
			out <- strings.ToUpper(line)
		}
	}()
	for _, l := range lines {
		feed <- l
	}
	var got []string
	for range lines {
		got = append(got, <-out)
	}
	return got
}

// CountWords: a pipeline whose producer never closes its output, so the
// counting stage waits forever on it.
func CountWords(lines []string) int {
	in := make(chan string)
	counts := make(chan int)
	go func() { // ok MEM014
		for _, l := range lines {
			in <- l
		}
	}()
	go func() { // want MEM014
		for l := range in {
			counts <- len(strings.Fields(l))
		}
	}()
	total := 0
	for range lines {
		total += <-counts
	}
	return total
}

// --- negatives

// IndexClosed: jobs is closed after the last send; workers are joined.
func (x *Indexer) IndexClosed(ctx context.Context, docs []string) int {
	jobs := make(chan string)
	sizes := make(chan int, len(docs))
	var wg sync.WaitGroup
	for i := 0; i < x.workers; i++ {
		wg.Add(1)
		go func() { // ok MEM014
			defer wg.Done()
			for doc := range jobs {
				v, _ := x.backend.Get(ctx, doc)
				sizes <- len(v)
			}
		}()
	}
	for _, d := range docs {
		jobs <- d
	}
	close(jobs)
	wg.Wait()
	close(sizes)
	total := 0
	for n := range sizes {
		total += n
	}
	return total
}

// IndexDeferClose: `defer close(jobs)` ends the workers when the spawner returns.
func (x *Indexer) IndexDeferClose(ctx context.Context, docs []string) int {
	jobs := make(chan string)
	defer close(jobs)
	sizes := make(chan int)
	for i := 0; i < x.workers; i++ {
		go x.indexWorker(ctx, jobs, sizes) // ok MEM014
	}
	go func() { // ok MEM014
		for _, d := range docs {
			jobs <- d
		}
	}()
	total := 0
	for range docs {
		total += <-sizes
	}
	return total
}

// CountWordsClosed: the producer closes its output when done.
func CountWordsClosed(lines []string) int {
	in := make(chan string)
	counts := make(chan int)
	go func() { // ok MEM014
		defer close(in)
		for _, l := range lines {
			in <- l
		}
	}()
	go func() { // ok MEM014
		defer close(counts)
		for l := range in {
			counts <- len(strings.Fields(l))
		}
	}()
	total := 0
	for n := range counts {
		total += n
	}
	return total
}

// TailCancel: the receive loop also waits for ctx.Done() and returns.
func (x *Indexer) TailCancel(ctx context.Context, lines []string) []string {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	feed := make(chan string)
	out := make(chan string, len(lines))
	go func() { // ok MEM014
		for {
			select {
			case line := <-feed:
				out <- strings.ToUpper(line)
			case <-ctx.Done():
				return
			}
		}
	}()
	for _, l := range lines {
		feed <- l
	}
	var got []string
	for range lines {
		got = append(got, <-out)
	}
	return got
}
