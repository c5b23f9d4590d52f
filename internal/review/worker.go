package review

import (
	"context"
	"time"

	"clinic"
)

// ingestLease is how long a reader holds an upload before another may
// take it over.
const ingestLease = 10 * time.Minute

// Run reads completed uploads until ctx ends, with workers readers at
// once. A value on wake says an upload completed; without one the
// readers look every half minute, for uploads that another instance, or
// a reader that died, left.
func (g *Ingest) Run(ctx context.Context, workers int, wake <-chan struct{}) {
	done := make(chan struct{})
	for range max(workers, 1) {
		go func() {
			defer func() { done <- struct{}{} }()
			g.loop(ctx, wake)
		}()
	}
	for range max(workers, 1) {
		<-done
	}
}

func (g *Ingest) loop(ctx context.Context, wake <-chan struct{}) {
	tick := time.NewTicker(30 * time.Second)
	defer tick.Stop()
	for ctx.Err() == nil {
		if g.Next(ctx, time.Now()) {
			continue
		}
		select {
		case <-ctx.Done():
		case <-wake:
		case <-tick.C:
		}
	}
}

// Next reads one upload waiting to be read, if there is one, and reports
// whether there was. Once its request has no upload left to come, it
// draws the request's thumbnails.
func (g *Ingest) Next(ctx context.Context, now time.Time) bool {
	u, err := g.DB.ClaimIngest(ctx, now, ingestLease)
	if clinic.ErrorKind(err) == clinic.ENotFound {
		return false
	}
	if err != nil {
		g.logError(ctx, "claim an upload to read", err)
		return false
	}
	if err := g.Read(ctx, u); err != nil {
		g.logError(ctx, "read an upload", err)
		return true // the lease lets another try later
	}
	if g.settled(ctx, u.RequestID) {
		if err := g.Thumbnails(ctx, u.RequestID); err != nil {
			g.logError(ctx, "draw thumbnails", err)
		}
	}
	return true
}

// settled reports whether every upload of a request is complete and read.
func (g *Ingest) settled(ctx context.Context, requestID int64) bool {
	n, err := g.DB.PendingUploads(ctx, requestID)
	return err == nil && n == 0
}

// logError logs a failure without anything the patient sent: the errors
// of the readers name sizes and offsets, never names or values.
func (g *Ingest) logError(ctx context.Context, what string, err error) {
	if g.Log != nil && ctx.Err() == nil {
		g.Log.ErrorContext(ctx, "mri review: "+what, "err", err)
	}
}
