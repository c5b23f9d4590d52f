package main

import (
	"bytes"
	"context"
	"log/slog"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/emersion/go-ical"

	"clinic"
	"clinic/content"
	"clinic/internal/mail"
	"clinic/internal/mail/mailtest"
	"clinic/internal/seal"
	"clinic/internal/store"
	"clinic/internal/web"
)

// mailClinic is a demo clinic on SQLite whose clock the test moves, with
// its mail going to an SMTP server in the test.
type mailClinic struct {
	db     *store.DB
	srv    *web.Server
	now    atomic.Int64
	worker *mail.Worker
	smtp   *mailtest.Server
}

func newMailClinic(t *testing.T, start time.Time) *mailClinic {
	t.Helper()
	ctx := context.Background()
	c := &mailClinic{smtp: mailtest.Start(t)}
	c.now.Store(start.UnixNano())
	clock := func() time.Time { return time.Unix(0, c.now.Load()).UTC() }
	sealer, _ := seal.New(bytes.Repeat([]byte{3}, seal.KeySize))
	db, err := store.Open(ctx, filepath.Join(t.TempDir(), "clinic.db"), store.Options{Sealer: sealer, Now: clock})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	b, _ := content.Read(content.Demo())
	if _, err := db.Import(ctx, b); err != nil {
		t.Fatal(err)
	}
	c.db = db
	if c.srv, err = web.New(web.Config{BaseURL: "https://clinic.example", Content: db, Intake: db, Schedule: db, Booking: db, Waitlist: db,
		LinkKey: bytes.Repeat([]byte{1}, 32), Now: clock}); err != nil {
		t.Fatal(err)
	}
	err = db.SaveMailSettings(ctx, &clinic.MailSettings{Host: c.smtp.Host(), Port: c.smtp.Port(), Security: mail.SecurityNone, From: "Clinic <noreply@clinic.example>"})
	if err != nil {
		t.Fatal(err)
	}
	c.worker = &mail.Worker{Outbox: db, Sender: &outboxSender{settings: db, compose: c.srv.ComposeMail}, Now: clock,
		Logger: slog.New(slog.DiscardHandler), Backoff: func(int) time.Duration { return time.Minute }}
	return c
}

func (c *mailClinic) advance(d time.Duration) { c.now.Add(int64(d)) }

func (c *mailClinic) runOnce(t *testing.T) (sent, failed int) {
	t.Helper()
	sent, failed, err := c.worker.RunOnce(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return sent, failed
}

func TestAppointmentMailArrives(t *testing.T) {
	t.Parallel()
	whole := t
	now := time.Date(2027, 3, 10, 17, 0, 0, 0, time.UTC) // Wednesday before the clocks change
	c := newMailClinic(t, now)
	ctx := context.Background()
	start := time.Date(2027, 3, 15, 16, 0, 0, 0, time.UTC) // Monday 9:00 PDT
	a := &clinic.Appointment{Type: "new-consultation", Provider: "dr-maya-lindqvist", Location: "seattle", Start: start,
		End: start.Add(45 * time.Minute), Buffer: 15 * time.Minute,
		Patient: clinic.PatientDetails{Name: "Rosa Díaz", DateOfBirth: "1961-07-04", Phone: "555-0142", Email: "rosa@example.com"}}
	if _, err := c.db.Book(ctx, a); err != nil {
		t.Fatal(err)
	}
	t.Run("the confirmation carries the time and an invitation that parses", func(t *testing.T) {
		if sent, _ := c.runOnce(t); sent != 1 {
			t.Fatalf("sent %d, want the confirmation only", sent)
		}
		got := c.smtp.Wait(t, 1, 10*time.Second)[0]
		if got.To[0] != "rosa@example.com" || !strings.Contains(got.Subject, "Monday, March 15 at 9:00 AM PDT") || !strings.Contains(got.Text, "Dear Rosa Díaz") {
			t.Errorf("to %v, subject %q", got.To, got.Subject)
		}
		part, ok := got.Part("text/calendar")
		if !ok || part.Params["method"] != "REQUEST" {
			t.Fatalf("no invitation: %+v", got.Parts)
		}
		cal, err := ical.NewDecoder(bytes.NewReader(part.Data)).Decode()
		if err != nil {
			t.Fatal(err)
		}
		dt, err := cal.Events()[0].DateTimeStart(nil)
		if err != nil || !dt.Equal(start) {
			t.Errorf("DTSTART %v, %v", dt, err)
		}
	})
	t.Run("a relay that is down leaves the reminder queued for a retry", func(t *testing.T) {
		c.advance(start.Add(-48*time.Hour).Sub(now) + time.Minute)
		c.smtp.Close()
		if sent, failed := c.runOnce(t); sent != 0 || failed != 1 {
			t.Fatalf("sent %d failed %d", sent, failed)
		}
		ms, _ := c.db.AppointmentMail(ctx, a.ID)
		r := ms[1]
		if r.Kind != clinic.MailReminder || r.State() != clinic.MailQueued || r.Attempts != 1 || r.LastError == "" || strings.Contains(r.LastError, "rosa") {
			t.Errorf("after a failed try: %+v", r)
		}
	})
	t.Run("the retry reaches a relay that is back", func(t *testing.T) {
		back := mailtest.Start(whole, mailtest.Listen(c.smtp.Addr()))
		c.advance(2 * time.Minute)
		if sent, _ := c.runOnce(t); sent != 1 {
			t.Fatalf("sent %d", sent)
		}
		got := back.Wait(t, 1, 10*time.Second)[0]
		if !strings.HasPrefix(got.Subject, "Reminder:") {
			t.Errorf("subject %q", got.Subject)
		}
		c.smtp = back
	})
	t.Run("a cancellation withdraws the last reminder and sends a CANCEL", func(t *testing.T) {
		if _, err := c.db.SetStatus(ctx, a.ID, 0, clinic.ApptCancelled, "Patient called"); err != nil {
			t.Fatal(err)
		}
		c.advance(47 * time.Hour)
		if sent, _ := c.runOnce(t); sent != 1 {
			t.Fatalf("sent %d, want the cancellation only: %s", sent, describeMail(t, c.db, a.ID))
		}
		got := c.smtp.Wait(t, 2, 10*time.Second)[1] // after the reminder
		if part, ok := got.Part("text/calendar"); !ok || part.Params["method"] != "CANCEL" || !strings.Contains(got.Subject, "cancelled") {
			t.Errorf("cancellation: %q %v", got.Subject, ok)
		}
		for _, m := range mustMail(t, c.db, a.ID) {
			if m.State() == clinic.MailQueued {
				t.Errorf("%s still queued", m.Kind)
			}
		}
	})
}

func mustMail(t *testing.T, db *store.DB, id int64) []*clinic.OutboxMessage {
	t.Helper()
	ms, err := db.AppointmentMail(context.Background(), id)
	if err != nil {
		t.Fatal(err)
	}
	return ms
}

func TestMailTestCommand(t *testing.T) {
	t.Parallel()
	smtp := mailtest.Start(t)
	dir := newDataDir(t)
	ctx := context.Background()
	cfg := Config{DataDir: dir}
	var out bytes.Buffer
	if err := mailCommand(ctx, cfg, slog.New(slog.DiscardHandler), []string{"test", "me@example.com"}, &out); err == nil || !strings.Contains(err.Error(), "not configured") {
		t.Errorf("without settings: %v", err)
	}
	db, err := openStore(ctx, cfg, slog.New(slog.DiscardHandler))
	if err != nil {
		t.Fatal(err)
	}
	db.SaveMailSettings(ctx, &clinic.MailSettings{Host: smtp.Host(), Port: smtp.Port(), Security: mail.SecurityNone, From: "Clinic <noreply@clinic.example>"})
	db.Close()
	if err := mailCommand(ctx, cfg, slog.New(slog.DiscardHandler), []string{"test", "me@example.com"}, &out); err != nil {
		t.Fatal(err)
	}
	if got := smtp.Wait(t, 1, 10*time.Second); got[0].To[0] != "me@example.com" {
		t.Errorf("to %v", got[0].To)
	}
	smtp.Close()
	if err := mailCommand(ctx, cfg, slog.New(slog.DiscardHandler), []string{"test", "me@example.com"}, &out); err == nil {
		t.Error("a relay that is down: no error")
	}
	if err := mailCommand(ctx, cfg, slog.New(slog.DiscardHandler), []string{"send"}, &out); err == nil {
		t.Error("bad usage: no error")
	}
}

func describeMail(t *testing.T, db *store.DB, id int64) string {
	var b strings.Builder
	for _, m := range mustMail(t, db, id) {
		b.WriteString(m.Kind + " " + m.State() + " " + m.NextTryAt.String() + " " + m.LastError + "; ")
	}
	return b.String()
}

func TestParseReminders(t *testing.T) {
	t.Parallel()
	got, err := parseReminders("72h, 2h,30m")
	if err != nil || len(got) != 3 || got[0] != 72*time.Hour || got[2] != 30*time.Minute {
		t.Errorf("%v, %v", got, err)
	}
	if got, err := parseReminders("none"); err != nil || len(got) != 0 || got == nil {
		t.Errorf("none: %v, %v", got, err)
	}
	for _, bad := range []string{"", "48", "48h,,2h", "-2h", "400h", "1h,2h,3h,4h,5h,6h"} {
		if _, err := parseReminders(bad); err == nil {
			t.Errorf("%q accepted", bad)
		}
	}
}
