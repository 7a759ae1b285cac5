package mem006

// Test files: a test binary exits when its tests end, so a context it never
// cancels costs nothing. go vet's lostcancel still reports these (a deliberate
// difference, see the doc).

import (
	"context"
	"testing"
	"time"
)

func TestPublishTimesOut(t *testing.T) {
	ctx, _ := context.WithTimeout(context.Background(), time.Millisecond) // ok MEM006 differs: lostcancel
	p := &Publisher{timeout: time.Millisecond}
	<-ctx.Done()
	if err := p.Publish(ctx, []byte("late")); err == nil {
		t.Fatal("expected an error after the deadline")
	}
}
