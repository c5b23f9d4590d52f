package mail_test

import (
	"context"
	"log/slog"
	"sync"
	"testing"
	"time"

	"clinic"
	"clinic/internal/mail"
	"clinic/internal/mail/mailtest"
	"clinic/internal/store"
)

// TestWorkersOnTheStoreSendEachMessageOnce runs two workers on the real
// outbox, a SQLite file, against the test SMTP server.
func TestWorkersOnTheStoreSendEachMessageOnce(t *testing.T) {
	ctx := context.Background()
	clk := newClock()
	db, err := store.Open(ctx, "", store.Options{DataDir: t.TempDir(), Now: clk.Now})
	if err != nil {
		t.Fatalf("open store: %v", err)
	}
	t.Cleanup(func() { db.Close() })
	const n = 20
	for range n {
		m := reminder(0)
		if err := db.QueueMail(ctx, m); err != nil {
			t.Fatalf("queue: %v", err)
		}
	}
	srv := mailtest.Start(t)
	var wg sync.WaitGroup
	for range 2 {
		w := &mail.Worker{Outbox: db, Sender: newSender(t, config(srv, "none")), Now: clk.Now,
			Logger: slog.New(slog.DiscardHandler), Batch: 3, Lease: time.Minute}
		wg.Go(func() { drain(t, w) })
	}
	wg.Wait()
	perID := map[string]int{}
	for _, r := range srv.Wait(t, n, wait) {
		perID[r.Header.Get("Message-Id")]++
	}
	if len(perID) != n || len(srv.Messages()) != n {
		t.Errorf("server received %d messages with %d distinct ids, want %d", len(srv.Messages()), len(perID), n)
	}
	if left, err := db.OutboxPending(ctx, n); err != nil || len(left) != 0 {
		t.Errorf("%d messages left pending (%v), want none", len(left), err)
	}
}

// drain runs w until a run finds nothing to send.
func drain(t *testing.T, w *mail.Worker) {
	for {
		sent, failed, err := w.RunOnce(context.Background())
		if err != nil || failed != 0 {
			t.Errorf("RunOnce: %d failed, %v", failed, err)
			return
		}
		if sent == 0 {
			return
		}
	}
}

var _ clinic.Outbox = (*store.DB)(nil)
