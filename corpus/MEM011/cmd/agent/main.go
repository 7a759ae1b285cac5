// Command agent reports host metrics; its loops run for the life of the process.
package main

import (
	"context"
	"log"
	"os"
	"os/signal"
	"runtime"
	"time"
)

func reportMemory() {
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	log.Printf("heap=%d goroutines=%d", m.HeapAlloc, runtime.NumGoroutine())
}

// startReporter: `for range time.Tick` with no way out.
func startReporter(every time.Duration) {
	go func() { // want MEM011
		for range time.Tick(every) {
			reportMemory()
		}
	}()
}

// startGC: the same with a labeled loop.
func startGC(every time.Duration) {
	go func() { // want MEM011
	tick:
		for range time.Tick(every) {
			if runtime.NumGoroutine() > 10000 {
				continue tick
			}
			runtime.GC()
		}
	}()
}

// startReporterCtx: the tick loop returns on cancellation.
func startReporterCtx(ctx context.Context, every time.Duration) {
	go func() { // ok MEM011
		for range time.Tick(every) {
			if ctx.Err() != nil {
				return
			}
			reportMemory()
		}
	}()
}

// startLimited: breaks out after a fixed number of reports.
func startLimited(every time.Duration, n int) {
	go func() { // ok MEM011
		count := 0
		for range time.Tick(every) {
			reportMemory()
			count++
			if count == n {
				break
			}
		}
	}()
}

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	startReporter(time.Minute)
	startGC(time.Hour)
	startReporterCtx(ctx, time.Minute)
	startLimited(time.Second, 3)
	<-ctx.Done()
}
