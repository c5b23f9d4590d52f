package main

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"sync"
	"time"

	"clinic"
	"clinic/internal/mail"
	"clinic/internal/metrics"
	"clinic/internal/store"
)

// outboxSender sends outbox messages through the relay of the mail
// settings stored now, so that a change in the back office takes effect
// on every instance without a restart. Messages about appointments are
// written by compose first.
type outboxSender struct {
	settings clinic.MailSettingsService
	compose  func(context.Context, *clinic.OutboxMessage) error

	mu      sync.Mutex
	loaded  time.Time // the UpdatedAt of the settings sender was built from
	sender  *mail.Sender
	checked time.Time
}

// current returns a sender for the stored settings, rebuilt when they
// changed; it reads them at most every few seconds.
func (o *outboxSender) current(ctx context.Context) (*mail.Sender, error) {
	o.mu.Lock()
	defer o.mu.Unlock()
	if o.sender != nil && time.Since(o.checked) < 5*time.Second {
		return o.sender, nil
	}
	m, err := o.settings.MailSettings(ctx)
	if err != nil {
		return nil, err
	}
	o.checked = time.Now()
	if o.sender == nil || !m.UpdatedAt.Equal(o.loaded) {
		s, err := mail.New(mail.FromSettings(m))
		if err != nil {
			return nil, err
		}
		o.sender, o.loaded = s, m.UpdatedAt
	}
	return o.sender, nil
}

// Configured reports whether a relay is set, so that the worker leaves
// the outbox alone until one is.
func (o *outboxSender) Configured() bool {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	s, err := o.current(ctx)
	return err == nil && s.Configured()
}

func (o *outboxSender) Send(ctx context.Context, m *clinic.OutboxMessage) error {
	s, err := o.current(ctx)
	if err != nil {
		return err
	}
	if err := o.compose(ctx, m); err != nil {
		return err
	}
	return s.Send(ctx, m)
}

// runMailWorker drains the outbox until ctx ends. Every instance runs
// one; the outbox's claims keep each message to one of them.
func runMailWorker(ctx context.Context, db *store.DB, compose func(context.Context, *clinic.OutboxMessage) error, reg *metrics.Registry, log *slog.Logger) {
	w := &mail.Worker{Outbox: db, Sender: countSends(&outboxSender{settings: db, compose: compose}, reg), Logger: log}
	w.Run(ctx, 10*time.Second)
}

// mailCommand runs "clinic mail test ADDRESS": it sends a test message at
// once through the stored settings.
func mailCommand(ctx context.Context, cfg Config, log *slog.Logger, args []string, out io.Writer) error {
	if len(args) != 2 || args[0] != "test" {
		return fmt.Errorf("usage: clinic mail test you@example.com")
	}
	db, err := openExisting(ctx, cfg, log)
	if err != nil {
		return err
	}
	defer db.Close()
	m, err := db.MailSettings(ctx)
	if err != nil {
		return err
	}
	s, err := mail.New(mail.FromSettings(m))
	if err != nil {
		return err
	}
	if err := mail.Test(ctx, s, args[1]); err != nil {
		return err
	}
	fmt.Fprintf(out, "sent a test message through %s\n", s.Addr())
	return nil
}
