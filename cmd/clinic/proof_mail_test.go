package main

import (
	"context"
	"database/sql"
	"log/slog"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"clinic"
	"clinic/internal/mail"
	"clinic/internal/mail/mailtest"
	"clinic/internal/web"
)

// sendAllDue sends everything the outbox of the database at dsn holds, as
// three instances' mail workers would over the coming weeks: a clock
// jumps to the time the next message is due (or to the end of the claim
// on one that a killed server held) and the three workers run at once
// until none finds more. No wall-clock time passes but the sending.
func sendAllDue(t *testing.T, dsn, key string) {
	t.Helper()
	var now atomic.Int64
	now.Store(time.Now().UnixNano())
	clock := func() time.Time { return time.Unix(0, now.Load()).UTC() }
	workers := make([]*mail.Worker, 3)
	for i := range workers {
		workers[i] = clockedWorker(t, dsn, key, clock, slog.New(slog.DiscardHandler))
	}
	raw, err := sql.Open("pgx", dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer raw.Close()
	for range 1000 {
		var next sql.NullTime
		err := raw.QueryRow(`SELECT MIN(COALESCE(claimed_until, next_try_at)) FROM outbox
			WHERE sent_at IS NULL AND failed_at IS NULL`).Scan(&next)
		if err != nil {
			t.Fatal(err)
		}
		if !next.Valid {
			return
		}
		if at := next.Time.Add(time.Second); at.After(clock()) {
			now.Store(at.UnixNano())
		}
		for runWorkers(t, workers) > 0 {
		}
	}
	t.Fatal("the outbox still holds messages after 1000 jumps of the clock")
}

// clockedWorker is a mail worker with its own connection to the database,
// the clock given and the default retries, writing each message as a
// server would and logging to log.
func clockedWorker(t *testing.T, dsn, key string, clock func() time.Time, log *slog.Logger) *mail.Worker {
	t.Helper()
	db := openWithClock(t, dsn, key, clock)
	links, err := linkKey(Config{SecretKey: key})
	if err != nil {
		t.Fatal(err)
	}
	srv, err := web.New(web.Config{BaseURL: "https://clinic.example", Content: db, Intake: db, Schedule: db, Booking: db,
		Waitlist: db, Reviews: db, LinkKey: links, Now: clock})
	if err != nil {
		t.Fatal(err)
	}
	return &mail.Worker{Outbox: db, Sender: &outboxSender{settings: db, compose: srv.ComposeMail}, Now: clock, Logger: log}
}

// runWorkers runs one batch of each worker at once and returns how many
// messages they tried.
func runWorkers(t *testing.T, ws []*mail.Worker) int {
	var tried atomic.Int64
	var wg sync.WaitGroup
	for _, w := range ws {
		wg.Go(func() {
			sent, failed, err := w.RunOnce(context.Background())
			if err != nil {
				t.Error(err)
			}
			tried.Add(int64(sent + failed))
		})
	}
	wg.Wait()
	if t.Failed() {
		t.FailNow()
	}
	return int(tried.Load())
}

// checkMailOnce checks what the relay received against the outbox: no
// Message-ID twice; each appointment's patient received the messages
// about it that the outbox marks sent (and perhaps one that a server
// died holding, sent just before), at most two of them reminders; and
// every message is sent, or was given up because a server died while it
// held it.
func checkMailOnce(t *testing.T, dsn, key string, relay *mailtest.Server, due dueWork, acks []ack) {
	t.Helper()
	received := relay.Messages()
	perID, perTo := map[string]int{}, map[string]int{}
	for _, m := range received {
		perID[m.Header.Get("Message-Id")]++
		for _, to := range m.To {
			perTo[to]++
		}
	}
	for id, n := range perID {
		if n != 1 {
			t.Errorf("message %s was received %d times", id, n)
		}
	}
	db := openWithClock(t, dsn, key, time.Now)
	interrupted := 0
	for _, a := range storedAppointments(t, dsn, "", key) {
		ms, err := db.AppointmentMail(context.Background(), a.ID)
		if err != nil {
			t.Fatal(err)
		}
		sent, reminders, cut := 0, 0, 0
		for _, m := range ms {
			switch {
			case m.State() == clinic.MailSent:
				sent++
				if m.Kind == clinic.MailReminder {
					reminders++
				}
			case m.State() == clinic.MailFailed && m.LastError == "interrupted while sending; not tried again, so that it is never sent twice":
				cut++
			default:
				t.Errorf("appointment %d: a %s message is %s (%s)", a.ID, m.Kind, m.State(), m.LastError)
			}
		}
		// A message the killed server had sent but not yet marked sent
		// was received and is given up: never sent twice.
		if got := perTo[a.Patient.Email]; got < sent || got > sent+cut || reminders > 2 {
			t.Errorf("appointment %d: its patient received %d messages; the outbox sent %d, %d of them reminders, and gave up %d a killed server held", a.ID, got, sent, reminders, cut)
		}
		interrupted += cut
	}
	for _, p := range due.patients {
		if perTo[p] == 0 {
			t.Errorf("%s, whose reminders were due when the servers started, received nothing", p)
		}
	}
	for _, a := range acks {
		if perTo[a.email] == 0 {
			t.Errorf("the patient of the confirmed booking at %v received nothing", a.start)
		}
	}
	t.Logf("%d messages received, once each; %d given up because the killed server held them", len(received), interrupted)
}
