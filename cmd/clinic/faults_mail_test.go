package main

import (
	"context"
	"fmt"
	"log/slog"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"clinic"
	"clinic/internal/mail"
	"clinic/internal/mail/mailtest"
	"clinic/internal/pgtest"
)

// TestRelayDownForAnHourSendsEachMessageOnceWhenBack books five
// appointments while the SMTP relay is down and lets a simulated hour
// pass a minute at a time, two instances' mail workers running at each
// minute with the default retry schedule (1, 2, 4 … minutes apart). The
// confirmations stay queued, tried a handful of times each, never given
// up, and each failure is logged as "mail failed, will retry" with the
// class "connect". When the relay is back, the clock moves on until the
// outbox is empty: each patient gets the confirmation once. The worker's
// own retry rules are tested in internal/mail
// (TestWorkerRetriesWhenTheServerIsDownAndSendsOnceItIsUp and those after
// it); this is the same on the real store of both databases, with
// several instances, over an hour.
func TestRelayDownForAnHourSendsEachMessageOnceWhenBack(t *testing.T) {
	t.Parallel()
	for _, db := range []struct {
		name string
		dsn  func(t *testing.T) string
	}{
		{"on SQLite", func(t *testing.T) string { return filepath.Join(t.TempDir(), "clinic.db") }},
		{"on PostgreSQL", func(t *testing.T) string { return pgtest.NewDatabase(t) }},
	} {
		t.Run(db.name, func(t *testing.T) {
			t.Parallel()
			relayDownForAnHour(t, db.dsn(t))
		})
	}
}

func relayDownForAnHour(t *testing.T, dsn string) {
	ctx := context.Background()
	key := newSecretKey()
	var now atomic.Int64
	now.Store(time.Now().UTC().Truncate(time.Minute).UnixNano())
	clock := func() time.Time { return time.Unix(0, now.Load()).UTC() }
	relay := mailtest.Start(t)
	addr := relay.Addr()
	relay.Close()
	db := openWithClock(t, dsn, key, clock)
	if _, err := seedDemo(ctx, db, slog.New(slog.DiscardHandler)); err != nil {
		t.Fatal(err)
	}
	err := db.SaveMailSettings(ctx, &clinic.MailSettings{Host: relay.Host(), Port: relay.Port(), Security: mail.SecurityNone, From: "Clinic <noreply@clinic.example>"})
	if err != nil {
		t.Fatal(err)
	}
	var patients []string
	for i := range 5 {
		start := clock().Add(72*time.Hour + time.Duration(i)*followUpApart)
		email := fmt.Sprintf("relay+%d@example.com", i)
		a := &clinic.Appointment{Type: "follow-up", Provider: seattleDoctors[0], Location: "seattle", Start: start,
			End: start.Add(20 * time.Minute), Buffer: 10 * time.Minute,
			Patient: clinic.PatientDetails{Name: patientName(i), DateOfBirth: "1961-07-04", Phone: "555-0142", Email: email}}
		if _, err := db.Book(ctx, a); err != nil {
			t.Fatal(err)
		}
		patients = append(patients, email)
	}
	logs := &lockedBuffer{}
	log := slog.New(slog.NewTextHandler(logs, nil))
	workers := []*mail.Worker{clockedWorker(t, dsn, key, clock, log), clockedWorker(t, dsn, key, clock, log)}

	for range 60 {
		runWorkers(t, workers)
		now.Add(int64(time.Minute))
	}
	t.Run("after an hour down each confirmation is queued, tried a few times", func(t *testing.T) {
		for _, m := range outbox(t, db) {
			if m.State() != clinic.MailQueued || m.Attempts < 4 || m.Attempts > 8 || !strings.Contains(m.LastError, "connect") {
				t.Errorf("message %d: %s after %d attempts (%s)", m.ID, m.State(), m.Attempts, m.LastError)
			}
		}
		if line := `msg="mail failed, will retry"`; !strings.Contains(logs.String(), line) || !strings.Contains(logs.String(), "class=connect") {
			t.Errorf("the log has no line %s with class=connect:\n%s", line, logs.String())
		}
	})

	back := mailtest.Start(t, mailtest.Listen(addr))
	for range 6 * 60 {
		if due, later, err := db.OutboxDepth(ctx, clock()); err != nil || due+later == 0 {
			break
		}
		runWorkers(t, workers)
		now.Add(int64(time.Minute))
	}
	t.Run("once the relay is back each patient gets the confirmation once", func(t *testing.T) {
		perTo, perID := map[string]int{}, map[string]int{}
		for _, m := range back.Messages() {
			perID[m.Header.Get("Message-Id")]++
			for _, to := range m.To {
				perTo[to]++
			}
		}
		for _, p := range patients {
			if perTo[p] != 1 {
				t.Errorf("%s received %d messages, want 1", p, perTo[p])
			}
		}
		if len(perID) != len(patients) || len(back.Messages()) != len(patients) {
			t.Errorf("received %d messages with %d Message-IDs, want %d", len(back.Messages()), len(perID), len(patients))
		}
		for _, m := range outbox(t, db) {
			if m.State() != clinic.MailSent {
				t.Errorf("message %d is %s", m.ID, m.State())
			}
		}
	})
}

// outbox is every message about the appointments of the next 30 days.
func outbox(t *testing.T, db interface {
	Appointments(context.Context, clinic.AppointmentFilter) ([]*clinic.Appointment, error)
	AppointmentMail(context.Context, int64) ([]*clinic.OutboxMessage, error)
}) []*clinic.OutboxMessage {
	t.Helper()
	ctx := context.Background()
	as, err := db.Appointments(ctx, clinic.AppointmentFilter{From: time.Now().AddDate(0, 0, -1), To: time.Now().AddDate(0, 0, 30)})
	if err != nil {
		t.Fatal(err)
	}
	var ms []*clinic.OutboxMessage
	for _, a := range as {
		got, err := db.AppointmentMail(ctx, a.ID)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range got {
			if m.Kind == clinic.MailBooked {
				ms = append(ms, m)
			}
		}
	}
	if len(ms) == 0 {
		t.Fatal("the outbox holds no confirmation")
	}
	return ms
}
