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
	go func() { b.run(ctx); close(done) }()
	fmt.Fprintln(b, "first")
	if out.String() != "" {
		t.Fatalf("a line was written at once: %q", out.String())
	}
	for deadline := time.Now().Add(5 * time.Second); out.String() == "" && time.Now().Before(deadline); {
		time.Sleep(10 * time.Millisecond)
	}
	if out.String() != "first\n" {
		t.Fatalf("after a flush interval: %q", out.String())
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
