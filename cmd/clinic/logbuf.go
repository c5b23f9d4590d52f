package main

import (
	"bufio"
	"context"
	"io"
	"sync"
	"time"
)

// logFlushEvery bounds how late a log line reaches its destination.
const logFlushEvery = 100 * time.Millisecond

// logBuffer gathers log lines and writes them out together, so that a busy
// server makes one write call per flush rather than one per request, the
// way a web server's buffered access log does.
type logBuffer struct {
	mu sync.Mutex
	w  *bufio.Writer
}

func newLogBuffer(w io.Writer) *logBuffer {
	return &logBuffer{w: bufio.NewWriterSize(w, 64<<10)}
}

func (b *logBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.w.Write(p)
}

// Flush writes out what the buffer holds.
func (b *logBuffer) Flush() error {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.w.Flush()
}

// run flushes the buffer at every tick (in the server, every
// logFlushEvery) until ctx ends, then once more.
func (b *logBuffer) run(ctx context.Context, ticks <-chan time.Time) {
	for {
		select {
		case <-ticks:
			b.Flush()
		case <-ctx.Done():
			b.Flush()
			return
		}
	}
}
