package mail_test

import (
	"bytes"
	"context"
	"fmt"
	"log/slog"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"clinic"
	"clinic/internal/mail"
	"clinic/internal/mail/mailtest"
)

// syncBuffer is a log that several workers may write at once.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// fixture is a queue, a clock, a log and a worker sending to srv.
type fixture struct {
	outbox *memOutbox
	clock  *clock
	log    *syncBuffer
}

func newFixture() *fixture {
	return &fixture{outbox: newOutbox(), clock: newClock(), log: &syncBuffer{}}
}

func (f *fixture) worker(t *testing.T, cfg mail.Config) *mail.Worker {
	return &mail.Worker{Outbox: f.outbox, Sender: newSender(t, cfg), Now: f.clock.Now,
		Logger: slog.New(slog.NewTextHandler(f.log, nil)), Batch: 5, Lease: 5 * time.Minute,
		Backoff: func(n int) time.Duration { return time.Duration(n) * time.Minute }, MaxAttempts: 3}
}

// queue queues n reminders, due now, and returns their ids.
func (f *fixture) queue(t *testing.T, n int) []int64 {
	t.Helper()
	var ids []int64
	for i := range n {
		m := reminder(0)
		m.Body = fmt.Sprintf("Termin am Montag, Nachricht %d\n", i)
		m.CreatedAt = f.clock.Now()
		if err := f.outbox.QueueMail(context.Background(), m); err != nil {
			t.Fatal(err)
		}
		ids = append(ids, m.ID)
	}
	return ids
}

func runOnce(t *testing.T, w *mail.Worker) (sent, failed int) {
	t.Helper()
	sent, failed, err := w.RunOnce(context.Background())
	if err != nil {
		t.Fatalf("RunOnce: %v", err)
	}
	return sent, failed
}

func TestWorkerRetriesWhenTheServerIsDownAndSendsOnceItIsUp(t *testing.T) {
	f := newFixture()
	down := mailtest.Start(t)
	addr, cfg := down.Addr(), config(down, "none")
	down.Close()
	w := f.worker(t, cfg)
	ids := f.queue(t, 2)

	if sent, failed := runOnce(t, w); sent != 0 || failed != 2 {
		t.Fatalf("RunOnce with the server down = %d sent, %d failed; want 0, 2", sent, failed)
	}
	for _, id := range ids {
		m := f.outbox.get(id)
		if m.State() != clinic.MailQueued || m.Attempts != 1 || !m.NextTryAt.Equal(f.clock.Now().Add(time.Minute)) ||
			!strings.Contains(m.LastError, "connection refused") {
			t.Errorf("message %d: %s, %d attempts, next try %v, last error %q; want queued, 1, in a minute, connection refused",
				id, m.State(), m.Attempts, m.NextTryAt, m.LastError)
		}
	}
	if sent, failed := runOnce(t, w); sent+failed != 0 {
		t.Errorf("RunOnce before the next try = %d sent, %d failed; want nothing tried", sent, failed)
	}

	up := mailtest.Start(t, mailtest.Listen(addr))
	f.clock.Add(time.Minute)
	if sent, failed := runOnce(t, w); sent != 2 || failed != 0 {
		t.Fatalf("RunOnce with the server up = %d sent, %d failed; want 2, 0", sent, failed)
	}
	runOnce(t, w)
	if got := up.Wait(t, 2, wait); len(got) != 2 {
		t.Errorf("server received %d messages, want 2", len(got))
	}
	if diff := cmp.Diff(map[string]int{clinic.MailSent: 2}, f.outbox.states()); diff != "" {
		t.Errorf("outbox states (-want +got):\n%s", diff)
	}
	assertNoPHI(t, "log", f.log.String())
}

func TestWorkerGivesUpAPermanentFailureWithTheReason(t *testing.T) {
	f := newFixture()
	srv := mailtest.Start(t, mailtest.RefuseRecipients(550))
	w := f.worker(t, config(srv, "none"))
	id := f.queue(t, 1)[0]
	if sent, failed := runOnce(t, w); sent != 0 || failed != 1 {
		t.Fatalf("RunOnce = %d sent, %d failed; want 0, 1", sent, failed)
	}
	m := f.outbox.get(id)
	if m.State() != clinic.MailFailed || m.Attempts != 1 || !strings.Contains(m.LastError, "550 5.1.1 mailbox unavailable") {
		t.Errorf("message: %s after %d attempts, reason %q; want failed after 1, 550 mailbox unavailable",
			m.State(), m.Attempts, m.LastError)
	}
	assertNoPHI(t, "reason", m.LastError)
	if !strings.Contains(f.log.String(), "mail given up") || !strings.Contains(f.log.String(), "class=rejected") {
		t.Errorf("log does not say the message was given up as rejected:\n%s", f.log)
	}
	assertNoPHI(t, "log", f.log.String())
}

func TestWorkerGivesUpAfterMaxAttempts(t *testing.T) {
	f := newFixture()
	srv := mailtest.Start(t, mailtest.RefuseRecipients(451))
	w := f.worker(t, config(srv, "none"))
	id := f.queue(t, 1)[0]
	var states []string
	for range 4 {
		runOnce(t, w)
		states = append(states, f.outbox.get(id).State())
		f.clock.Add(time.Hour)
	}
	want := []string{clinic.MailQueued, clinic.MailQueued, clinic.MailFailed, clinic.MailFailed}
	if diff := cmp.Diff(want, states); diff != "" {
		t.Errorf("states after each run (-want +got):\n%s", diff)
	}
	if m := f.outbox.get(id); m.Attempts != 3 || !strings.Contains(m.LastError, "451") {
		t.Errorf("message: %d attempts, reason %q; want 3, a 451", m.Attempts, m.LastError)
	}
}

func TestTwoWorkersOnOneQueueSendEachMessageOnce(t *testing.T) {
	f := newFixture()
	srv := mailtest.Start(t)
	ids := f.queue(t, 40)
	var wg sync.WaitGroup
	for range 2 {
		w := f.worker(t, config(srv, "none"))
		wg.Go(func() { drain(t, w) })
	}
	wg.Wait()
	got := srv.Wait(t, len(ids), wait)
	perID := map[string]int{}
	for _, r := range got {
		perID[r.Header.Get("Message-Id")]++
	}
	if len(got) != len(ids) || len(perID) != len(ids) {
		t.Errorf("server received %d messages with %d distinct ids, want %d of each", len(got), len(perID), len(ids))
	}
	if diff := cmp.Diff(map[string]int{clinic.MailSent: len(ids)}, f.outbox.states()); diff != "" {
		t.Errorf("outbox states (-want +got):\n%s", diff)
	}
}

func TestWorkerWithoutMailConfiguredLeavesTheQueueAlone(t *testing.T) {
	f := newFixture()
	w := f.worker(t, mail.Config{})
	id := f.queue(t, 1)[0]
	for range 3 {
		if sent, failed := runOnce(t, w); sent+failed != 0 {
			t.Fatalf("RunOnce = %d sent, %d failed; want nothing", sent, failed)
		}
	}
	if m := f.outbox.get(id); m.State() != clinic.MailQueued || m.Attempts != 0 {
		t.Errorf("message: %s after %d attempts, want queued and untried", m.State(), m.Attempts)
	}
	if n := strings.Count(f.log.String(), "not configured"); n != 1 {
		t.Errorf("log says %d times that mail is not configured, want once:\n%s", n, f.log)
	}
}

func TestWorkerStoppedMidBatchHandsBackWhatItDidNotTry(t *testing.T) {
	f := newFixture()
	srv := mailtest.Start(t)
	ids := f.queue(t, 3)
	ctx, cancel := context.WithCancel(context.Background())
	w := f.worker(t, config(srv, "none"))
	w.Sender = cancelAfterFirst{s: w.Sender, cancel: cancel}
	sent, failed, err := w.RunOnce(ctx)
	if err != nil || sent != 1 || failed != 0 {
		t.Fatalf("RunOnce = %d sent, %d failed, %v; want 1 sent", sent, failed, err)
	}
	var states []string
	for _, id := range ids {
		m := f.outbox.get(id)
		states = append(states, fmt.Sprintf("%s due %v", m.State(), !m.NextTryAt.After(f.clock.Now())))
	}
	want := []string{"sent due true", "queued due true", "queued due true"}
	if diff := cmp.Diff(want, states); diff != "" {
		t.Errorf("messages after the stop (-want +got):\n%s", diff)
	}
}

// cancelAfterFirst sends through s and then stops the worker, as a signal
// arriving mid-batch would.
type cancelAfterFirst struct {
	s interface {
		Send(context.Context, *clinic.OutboxMessage) error
	}
	cancel context.CancelFunc
}

func (c cancelAfterFirst) Send(ctx context.Context, m *clinic.OutboxMessage) error {
	defer c.cancel()
	return c.s.Send(ctx, m)
}

func TestRunSendsUntilStopped(t *testing.T) {
	f := newFixture()
	srv := mailtest.Start(t)
	f.queue(t, 12) // more than one batch
	w := f.worker(t, config(srv, "none"))
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { w.Run(ctx, time.Hour); close(done) }()
	srv.Wait(t, 12, wait)
	cancel()
	<-done
	if diff := cmp.Diff(map[string]int{clinic.MailSent: 12}, f.outbox.states()); diff != "" {
		t.Errorf("outbox states (-want +got):\n%s", diff)
	}
}

func TestDefaultBackoff(t *testing.T) {
	tests := []struct {
		attempt  int
		low, top time.Duration
	}{
		{1, 48 * time.Second, 72 * time.Second},
		{2, 96 * time.Second, 144 * time.Second},
		{5, 16 * 48 * time.Second, 16 * 72 * time.Second},
		{9, 256 * 48 * time.Second, 6 * time.Hour},
		{50, 6 * time.Hour * 8 / 10, 6 * time.Hour},
	}
	for _, tt := range tests {
		t.Run(fmt.Sprintf("attempt %d waits %v to %v", tt.attempt, tt.low, tt.top), func(t *testing.T) {
			for range 200 {
				if d := mail.DefaultBackoff(tt.attempt); d < tt.low || d > tt.top {
					t.Fatalf("DefaultBackoff(%d) = %v", tt.attempt, d)
				}
			}
		})
	}
}

func TestTheTestQueueGivesUpAClaimThatRunsOut(t *testing.T) {
	f := newFixture()
	id := f.queue(t, 1)[0]
	ctx := context.Background()
	first, _ := f.outbox.ClaimMail(ctx, f.clock.Now(), 5, time.Minute)
	again, _ := f.outbox.ClaimMail(ctx, f.clock.Now(), 5, time.Minute)
	f.clock.Add(time.Minute)
	late, _ := f.outbox.ClaimMail(ctx, f.clock.Now(), 5, time.Minute)
	if len(first) != 1 || len(again) != 0 || len(late) != 0 || f.outbox.get(id).State() != clinic.MailFailed {
		t.Errorf("claims %d, %d, %d and state %s; want 1, 0, 0 and failed", len(first), len(again), len(late),
			f.outbox.get(id).State())
	}
}

// wrapped hides its Sender's Configured method, as a Sender that writes
// each message's text before sending it would.
type wrapped struct{ s *mail.Sender }

func (w wrapped) Send(ctx context.Context, m *clinic.OutboxMessage) error { return w.s.Send(ctx, m) }

func TestWorkerNeverGivesUpBecauseMailIsNotConfigured(t *testing.T) {
	f := newFixture()
	w := f.worker(t, mail.Config{})
	w.Sender = wrapped{newSender(t, mail.Config{})}
	ids := f.queue(t, 3)
	for range 5 { // more runs than MaxAttempts
		if _, failed := runOnce(t, w); failed > 1 {
			t.Fatalf("RunOnce tried %d messages after finding mail off, want 1", failed)
		}
		f.clock.Add(time.Hour)
	}
	for _, id := range ids {
		if m := f.outbox.get(id); m.State() != clinic.MailQueued {
			t.Errorf("message %d: %s (%q), want queued", id, m.State(), m.LastError)
		}
	}
}
