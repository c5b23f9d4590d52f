package main

import (
	"bytes"
	"context"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"
)

// lockedBuffer is a bytes.Buffer safe to read while the flusher writes.
type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

func TestLogBufferFlushesOnTimeAndAtTheEnd(t *testing.T) {
	t.Parallel()
	var out lockedBuffer
	b := newLogBuffer(&out)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	ticks := make(chan time.Time) // unbuffered: a send returns once the loop took it
	go func() { b.run(ctx, ticks); close(done) }()
	fmt.Fprintln(b, "first")
	if out.String() != "" {
		t.Fatalf("a line was written at once: %q", out.String())
	}
	ticks <- time.Time{}
	ticks <- time.Time{} // the first tick's flush has ended when the loop takes the second
	if out.String() != "first\n" {
		t.Fatalf("after a tick: %q", out.String())
	}
	var wg sync.WaitGroup
	for i := range 50 {
		wg.Add(1)
		go func() { defer wg.Done(); fmt.Fprintf(b, "line %d\n", i) }()
	}
	wg.Wait()
	cancel()
	<-done
	if n := strings.Count(out.String(), "\n"); n != 51 {
		t.Errorf("%d lines after shutdown, want 51", n)
	}
}
