package mail_test

import (
	"cmp"
	"context"
	"slices"
	"sync"
	"time"

	"clinic"
)

// memOutbox is an outbox queue in memory with the semantics that
// clinic.Outbox documents and the store implements: a claim counts an
// attempt and holds a message for one worker until it is marked, and a
// claim that runs out gives the message up.
type memOutbox struct {
	mu   sync.Mutex
	next int64
	msgs map[int64]*queued
}

type queued struct {
	m         clinic.OutboxMessage
	held      bool
	heldUntil time.Time
}

var _ clinic.Outbox = (*memOutbox)(nil)

func newOutbox() *memOutbox { return &memOutbox{msgs: map[int64]*queued{}} }

func (o *memOutbox) QueueMail(_ context.Context, m *clinic.OutboxMessage) error {
	o.mu.Lock()
	defer o.mu.Unlock()
	o.next++
	m.ID = o.next
	if m.NextTryAt.IsZero() {
		m.NextTryAt = m.CreatedAt
	}
	o.msgs[m.ID] = &queued{m: *m}
	return nil
}

func (o *memOutbox) ClaimMail(_ context.Context, now time.Time, n int, lease time.Duration) ([]*clinic.OutboxMessage, error) {
	o.mu.Lock()
	defer o.mu.Unlock()
	o.expire(now)
	var due []*queued
	for _, q := range o.msgs {
		if q.m.State() == clinic.MailQueued && !q.held && !q.m.NextTryAt.After(now) {
			due = append(due, q)
		}
	}
	slices.SortFunc(due, func(a, b *queued) int {
		return cmp.Or(a.m.NextTryAt.Compare(b.m.NextTryAt), cmp.Compare(a.m.ID, b.m.ID))
	})
	var out []*clinic.OutboxMessage
	for _, q := range due[:min(n, len(due))] {
		q.held, q.heldUntil = true, now.Add(lease)
		q.m.Attempts++ // as the store does: a claim is an attempt
		m := q.m
		out = append(out, &m)
	}
	return out, nil
}

// expire gives up the messages whose claim ran out: the worker may have
// sent them before it stopped, and a message must not go twice.
func (o *memOutbox) expire(now time.Time) {
	for _, q := range o.msgs {
		if q.held && !q.heldUntil.After(now) {
			q.held = false
			q.m.FailedAt = q.heldUntil
			q.m.LastError = "the claim ran out while sending"
		}
	}
}

// MailSent marks a message sent, also one whose claim ran out meanwhile:
// it did go out.
func (o *memOutbox) MailSent(_ context.Context, id int64, at time.Time) error {
	o.mu.Lock()
	defer o.mu.Unlock()
	q, ok := o.msgs[id]
	if !ok || !q.m.SentAt.IsZero() {
		return clinic.Errorf(clinic.EConflict, "outbox message %d is not held for sending", id)
	}
	q.held, q.m.SentAt, q.m.FailedAt, q.m.LastError = false, at, time.Time{}, ""
	return nil
}

func (o *memOutbox) MailFailed(_ context.Context, id int64, at, retry time.Time, reason string) error {
	o.mu.Lock()
	defer o.mu.Unlock()
	q, err := o.claimed(id)
	if err != nil {
		return err
	}
	q.held = false
	q.m.LastError = reason
	if retry.IsZero() {
		q.m.FailedAt = at
	} else {
		q.m.NextTryAt = retry
	}
	return nil
}

func (o *memOutbox) claimed(id int64) (*queued, error) {
	q, ok := o.msgs[id]
	switch {
	case !ok:
		return nil, clinic.Errorf(clinic.ENotFound, "no outbox message %d", id)
	case !q.held:
		return nil, clinic.Errorf(clinic.EConflict, "outbox message %d is not claimed", id)
	}
	return q, nil
}

// get returns a copy of message id as it stands.
func (o *memOutbox) get(id int64) *clinic.OutboxMessage {
	o.mu.Lock()
	defer o.mu.Unlock()
	m := o.msgs[id].m
	return &m
}

// states counts the messages in each state.
func (o *memOutbox) states() map[string]int {
	o.mu.Lock()
	defer o.mu.Unlock()
	out := map[string]int{}
	for _, q := range o.msgs {
		out[q.m.State()]++
	}
	return out
}

// clock is a time that tests move by hand.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func newClock() *clock { return &clock{t: time.Date(2025, 3, 10, 9, 0, 0, 0, time.UTC)} }

func (c *clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *clock) Add(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}
