package mail

import (
	"context"
	"errors"
	"log/slog"
	"math/rand/v2"
	"sync"
	"time"

	"clinic"
)

// Worker defaults, used where the Worker's field is zero.
const (
	DefaultBatch       = 10
	DefaultLease       = 10 * time.Minute
	DefaultMaxAttempts = 12 // about a day of retries with DefaultBackoff
)

// storeTimeout bounds marking a message sent or failed, which happens even
// while the worker is being stopped.
const storeTimeout = 10 * time.Second

// Worker drains the outbox: it claims due messages, sends them, and marks
// each sent or failed. Several workers, in one process or many, may share
// one outbox; the outbox's claims keep each message to one of them. The
// outbox counts an attempt when it claims a message, so a claimed
// message's Attempts includes the attempt being made.
type Worker struct {
	Outbox clinic.Outbox
	Sender interface {
		Send(context.Context, *clinic.OutboxMessage) error
	}
	Now    func() time.Time // defaults to time.Now
	Logger *slog.Logger     // defaults to one that discards
	Batch  int              // messages claimed at once; DefaultBatch when 0
	// Lease is how long a claim holds; it must outlast sending a whole
	// batch, since a claim that runs out is given up, not sent again.
	Lease time.Duration
	// Backoff is the wait before the next try after failed attempt n
	// (1 for the first failure); DefaultBackoff when nil.
	Backoff     func(attempt int) time.Duration
	MaxAttempts int // attempts before giving up; DefaultMaxAttempts when 0

	offLogged sync.Once
}

// DefaultBackoff waits 1 minute after the first failure, doubling each
// time up to 6 hours, give or take a fifth so that retries spread out.
func DefaultBackoff(attempt int) time.Duration {
	d := time.Minute
	for i := 1; i < attempt && d < 6*time.Hour; i++ {
		d *= 2
	}
	d = time.Duration(float64(d) * (0.8 + 0.4*rand.Float64()))
	return min(d, 6*time.Hour)
}

// RunOnce sends the messages due now, up to one batch, and counts those
// sent and those that failed. err reports trouble with the outbox itself;
// a message that could not be sent is recorded on the message instead.
// When the Sender is not configured, RunOnce leaves the outbox alone.
func (w *Worker) RunOnce(ctx context.Context) (sent, failed int, err error) {
	if !w.senderConfigured() {
		w.offLogged.Do(func() {
			w.logger().Warn("mail: not configured; outbox messages stay queued")
		})
		return 0, 0, nil
	}
	ms, err := w.Outbox.ClaimMail(ctx, w.now(), w.batch(), w.lease())
	if err != nil {
		return 0, 0, err
	}
	var errs []error
	for i, m := range ms {
		if ctx.Err() != nil {
			now := w.now()
			errs = append(errs, w.release(ctx, ms[i:], now, "not tried: the worker stopped"))
			break
		}
		sendErr, err := w.sendOne(ctx, m)
		errs = append(errs, err)
		if sendErr == nil {
			sent++
			continue
		}
		failed++
		if errors.Is(sendErr, ErrNotConfigured) {
			// A Sender wrapped in another shows this only now.
			retry := w.now().Add(w.backoff(1))
			errs = append(errs, w.release(ctx, ms[i+1:], retry, "not tried: mail is not configured"))
			break
		}
	}
	return sent, failed, errors.Join(errs...)
}

// sendOne sends m and records the outcome. It returns the error sending,
// nil when m was sent, and any error recording it.
func (w *Worker) sendOne(ctx context.Context, m *clinic.OutboxMessage) (sendErr, err error) {
	attempt := max(m.Attempts, 1) // the outbox counts the attempt when it claims
	sendErr = w.Sender.Send(ctx, m)
	store, cancel := context.WithTimeout(context.WithoutCancel(ctx), storeTimeout)
	defer cancel()
	at := w.now()
	if sendErr == nil {
		w.logger().Info("mail sent", "id", m.ID, "kind", m.Kind, "attempt", attempt)
		return nil, w.Outbox.MailSent(store, m.ID, at)
	}
	retry := w.retryAt(at, attempt, sendErr)
	w.logFailure(m, attempt, sendErr, retry, at)
	return sendErr, w.Outbox.MailFailed(store, m.ID, at, retry, sendErr.Error())
}

// retryAt is when to try again after failed attempt n, or zero to give up.
func (w *Worker) retryAt(now time.Time, attempt int, err error) time.Time {
	if errors.Is(err, ErrNotConfigured) {
		return now.Add(w.backoff(1)) // not the message's fault: never give up
	}
	if Permanent(err) || attempt >= w.maxAttempts() {
		return time.Time{}
	}
	return now.Add(w.backoff(attempt))
}

func (w *Worker) logFailure(m *clinic.OutboxMessage, attempt int, err error, retry, now time.Time) {
	args := []any{"id", m.ID, "kind", m.Kind, "attempt", attempt, "class", Class(err)}
	var e *Error
	if errors.As(err, &e) && e.Code != 0 {
		args = append(args, "code", e.Code)
	}
	if retry.IsZero() {
		w.logger().Warn("mail given up", args...)
		return
	}
	args = append(args, "retry_in", retry.Sub(now).Round(time.Second))
	w.logger().Info("mail failed, will retry", args...)
}

// release hands back messages claimed but not tried, due again at retry,
// so that their claims do not run out and give them up.
func (w *Worker) release(ctx context.Context, ms []*clinic.OutboxMessage, retry time.Time, reason string) error {
	store, cancel := context.WithTimeout(context.WithoutCancel(ctx), storeTimeout)
	defer cancel()
	now := w.now()
	var errs []error
	for _, m := range ms {
		errs = append(errs, w.Outbox.MailFailed(store, m.ID, now, retry, reason))
	}
	return errors.Join(errs...)
}

// Run calls RunOnce every interval until ctx is done, and at once again
// while batches come back full.
func (w *Worker) Run(ctx context.Context, every time.Duration) {
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		if w.runLogged(ctx) {
			continue // a full batch: more may be due
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}

// runLogged runs one batch and reports whether it was full, so that more
// may be due.
func (w *Worker) runLogged(ctx context.Context) bool {
	if ctx.Err() != nil {
		return false
	}
	sent, failed, err := w.RunOnce(ctx)
	if err != nil {
		w.logger().Error("mail: outbox", "err", err)
		return false
	}
	return sent+failed >= w.batch()
}

func (w *Worker) senderConfigured() bool {
	if w.Sender == nil {
		return false
	}
	if s, ok := w.Sender.(interface{ Configured() bool }); ok {
		return s.Configured()
	}
	return true
}

func (w *Worker) now() time.Time {
	if w.Now == nil {
		return time.Now()
	}
	return w.Now()
}

// discard is the logger of a worker given none.
var discard = slog.New(slog.DiscardHandler)

func (w *Worker) logger() *slog.Logger {
	if w.Logger == nil {
		return discard
	}
	return w.Logger
}

func (w *Worker) batch() int       { return orDefault(w.Batch, DefaultBatch) }
func (w *Worker) maxAttempts() int { return orDefault(w.MaxAttempts, DefaultMaxAttempts) }

func (w *Worker) lease() time.Duration {
	if w.Lease <= 0 {
		return DefaultLease
	}
	return w.Lease
}

func (w *Worker) backoff(attempt int) time.Duration {
	if w.Backoff == nil {
		return DefaultBackoff(attempt)
	}
	return w.Backoff(attempt)
}

// orDefault returns v, or def when v is not positive.
func orDefault(v, def int) int {
	if v <= 0 {
		return def
	}
	return v
}
