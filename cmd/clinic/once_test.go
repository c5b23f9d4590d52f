package main

import (
	"context"
	"encoding/base64"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"clinic"
	"clinic/internal/mail"
	"clinic/internal/mail/mailtest"
	"clinic/internal/pgtest"
	"clinic/internal/seal"
	"clinic/internal/store"
)

// The jobs that every instance runs on a timer, and what keeps each
// piece of their work to one instance of many (serve.go):
//
//   - publishScheduled (every 5 s): an UPDATE of posts still scheduled
//     under the content lock; the instance whose UPDATE changed a row
//     audits it.
//   - runMailWorker (every 10 s): messages claimed with a lease, rows
//     another instance is claiming skipped (FOR UPDATE SKIP LOCKED).
//   - releaseHolds (every 30 s): each lapsed hold released under its
//     appointment's row lock, once (internal/store's
//     TestHoldsReleasedByManyInstancesAtOnceGoOnce runs it from several
//     goroutines at once on both databases).
//   - linkPatients (every 30 s): records linked under one lock.
//   - mri.run: uploads claimed by the ingest workers in the database;
//     the hourly retention sweep claimed as a job of that hour.
//   - outcomesWorker (every 5 min): questionnaire mail marked in its row
//     as it is queued, under one lock; the nightly recomputation claimed
//     as a run under a lease (outcome_runs).
//   - scheduleBackups (every minute): a backup run claimed under a lease
//     (backup_runs), due only when the last one is old enough.
//
// The test below starts two servers on one PostgreSQL database with
// work already due when they start (scheduled posts, appointment mail, a
// backup), and checks that each piece was done once.

// dueWork is what the database holds before the servers start: posts
// whose time has come and appointments whose confirmation and reminders
// are due.
type dueWork struct {
	posts    []string
	patients []string // one email address per appointment
}

// prepareDueWork fills the database at dsn with the demo clinic and with
// work that is due now, written as if three days ago.
func prepareDueWork(t *testing.T, dsn, key string, relay *mailtest.Server) dueWork {
	t.Helper()
	ctx := context.Background()
	now := time.Now().UTC().Truncate(time.Minute)
	then := now.Add(-72 * time.Hour)
	db := openWithClock(t, dsn, key, func() time.Time { return then })
	if _, err := seedDemo(ctx, db, slog.New(slog.DiscardHandler)); err != nil {
		t.Fatal(err)
	}
	err := db.SaveMailSettings(ctx, &clinic.MailSettings{Host: relay.Host(), Port: relay.Port(), Security: mail.SecurityNone, From: "Clinic <noreply@clinic.example>"})
	if err != nil {
		t.Fatal(err)
	}
	var w dueWork
	b := &clinic.Bundle{}
	for i := range 3 {
		slug := fmt.Sprintf("scheduled-%d", i)
		b.Posts = append(b.Posts, &clinic.Post{Slug: slug, Title: "Scheduled", Author: "dr-maya-lindqvist", Category: "clinic-news", Status: clinic.StatusScheduled,
			PublishedAt: then.Add(time.Hour), Body: "Published by the scheduler."})
		w.posts = append(w.posts, slug)
	}
	if _, err := db.Import(ctx, b); err != nil {
		t.Fatal(err)
	}
	// Within two hours from now, so that both reminders are due.
	for i := range 6 {
		start := now.Add(time.Hour + time.Duration(i/3)*30*time.Minute)
		email := fmt.Sprintf("once+%d@example.com", i)
		a := &clinic.Appointment{Type: "follow-up", Provider: seattleDoctors[i%3], Location: "seattle", Start: start,
			End: start.Add(20 * time.Minute), Buffer: 10 * time.Minute,
			Patient: clinic.PatientDetails{Name: patientName(i), DateOfBirth: "1961-07-04", Phone: "555-0142", Email: email}}
		if _, err := db.Book(ctx, a); err != nil {
			t.Fatal(err)
		}
		w.patients = append(w.patients, email)
	}
	return w
}

// openWithClock opens the clinic's database with the server's secret
// key and the clock given.
func openWithClock(t *testing.T, dsn, key string, now func() time.Time) *store.DB {
	t.Helper()
	raw, err := base64.StdEncoding.DecodeString(key)
	if err != nil {
		t.Fatal(err)
	}
	sealer, err := seal.New(raw)
	if err != nil {
		t.Fatal(err)
	}
	db, err := store.Open(context.Background(), dsn, store.Options{Sealer: sealer, Now: now})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

func TestPeriodicJobsRunOnceAcrossInstances(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	dsn, key := pgtest.NewDatabase(t), newSecretKey()
	relay := mailtest.Start(t)
	work := prepareDueWork(t, dsn, key, relay)
	backups := filepath.Join(t.TempDir(), "backups")
	if err := os.MkdirAll(backups, 0o700); err != nil {
		t.Fatal(err)
	}
	env := append(bookingEnv(dsn, key), "CLINIC_BACKUP_DIR="+backups)
	var servers [2]*server
	var wg sync.WaitGroup
	for i := range servers {
		wg.Go(func() { servers[i] = startServer(t, t.TempDir(), env...) })
	}
	wg.Wait()
	db := openWithClock(t, dsn, key, time.Now)
	waitFor(t, "the outbox to empty and a backup to finish", func() bool {
		due, _, err := db.OutboxDepth(ctx, time.Now())
		last, lerr := db.LastBackup(ctx)
		if err != nil || lerr != nil {
			t.Fatal(errors.Join(err, lerr))
		}
		return due == 0 && !last.IsZero()
	})
	for _, s := range servers {
		s.stop() // the workers finish what they claimed
	}

	t.Run("each scheduled post is published once", func(t *testing.T) {
		for _, slug := range work.posts {
			es, err := db.AuditEvents(ctx, clinic.AuditFilter{Action: "post.publish", Record: "post:" + slug})
			if err != nil {
				t.Fatal(err)
			}
			if len(es) != 1 {
				t.Errorf("post %s: %d publish events, want 1", slug, len(es))
			}
		}
	})
	t.Run("each patient gets the confirmation and two reminders once", func(t *testing.T) {
		got := map[string]int{}
		for _, m := range relay.Messages() {
			for _, to := range m.To {
				got[to]++
			}
		}
		for _, p := range work.patients {
			if got[p] != 3 {
				t.Errorf("%s received %d messages, want 3", p, got[p])
			}
		}
		if len(relay.Messages()) != 3*len(work.patients) {
			t.Errorf("the relay received %d messages, want %d", len(relay.Messages()), 3*len(work.patients))
		}
	})
	t.Run("one backup is made", func(t *testing.T) {
		entries, err := os.ReadDir(backups)
		if err != nil || len(entries) != 1 {
			t.Fatalf("%d backup folders (%v), want 1", len(entries), err)
		}
		if last, err := db.LastBackup(ctx); err != nil || last.IsZero() {
			t.Errorf("LastBackup = %v, %v", last, err)
		}
	})
}

// waitFor polls done until it reports true, bounded by readyLimit: the
// servers' workers start on the due work as the servers start.
func waitFor(t *testing.T, what string, done func() bool) {
	t.Helper()
	for deadline := time.Now().Add(readyLimit); !done(); time.Sleep(50 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("waited %v for %s", readyLimit, what)
		}
	}
}
