package main

import (
	"bytes"
	"context"
	"fmt"
	"log/slog"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/tus/tusd/v2/pkg/handler"

	"clinic"
	"clinic/internal/blob"
	"clinic/internal/dicom"
	"clinic/internal/dicom/dicomtest"
	"clinic/internal/mail"
	"clinic/internal/mail/mailtest"
	"clinic/internal/pgtest"
	"clinic/internal/review"
	"clinic/internal/schedule"
	"clinic/internal/store"
)

// jump is how far the clock jumps: past the 90 days that a closed MRI
// review keeps its images.
const jump = 100 * 24 * time.Hour

// TestClockJumpsForwardAndEachJobDoesItsWorkOnce sets up, on PostgreSQL,
// work that falls due at different times, moves the clock 100 days
// forward at once (a server's clock set right after it stood wrong, or a
// machine woken from a long sleep), and runs what every server runs on
// its timers (publishDue, releaseDue, the mail worker and the retention
// sweep, as serve.go does) as three instances at once, twice over:
//
//   - the posts whose time came during the jump are published once each,
//     the one still to come is not;
//   - the reminders of an appointment that passed during the jump are
//     not sent (it is no longer to come); of one still to come, the
//     reminder now due goes out once and the later one waits;
//   - a waitlist hold that ran out is released once, and its time, now
//     past, is offered to nobody;
//   - a review closed before the jump loses its images once.
//
// Each job logs what it did.
func TestClockJumpsForwardAndEachJobDoesItsWorkOnce(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	dsn, key := pgtest.NewDatabase(t), newSecretKey()
	relay := mailtest.Start(t)
	var now atomic.Int64
	t0 := time.Now().UTC().Truncate(time.Minute)
	now.Store(t0.UnixNano())
	clock := func() time.Time { return time.Unix(0, now.Load()).UTC() }
	db := openWithClock(t, dsn, key, clock)
	if _, err := seedDemo(ctx, db, slog.New(slog.DiscardHandler)); err != nil {
		t.Fatal(err)
	}
	err := db.SaveMailSettings(ctx, &clinic.MailSettings{Host: relay.Host(), Port: relay.Port(), Security: mail.SecurityNone, From: "Clinic <noreply@clinic.example>"})
	if err != nil {
		t.Fatal(err)
	}
	blobs := newBlobStore(t)
	w := setUpTimedWork(t, db, blobs, t0)
	instances := make([]*jobRunner, 3)
	for i := range instances {
		instances[i] = newJobRunner(t, dsn, key, clock, blobs)
	}
	for runWorkers(t, []*mail.Worker{instances[0].mail}) > 0 {
	} // what was due before the jump
	before := len(relay.Messages())
	logged := len(instances[0].logs.String())

	now.Store(t0.Add(jump).UnixNano())
	for range 2 {
		var wg sync.WaitGroup
		for _, in := range instances {
			wg.Go(func() { in.runAll(t, clock()) })
		}
		wg.Wait()
	}
	logs := instances[0].logs.String()[logged:] // after the jump
	for _, in := range instances[1:] {
		logs += in.logs.String()
	}

	t.Run("the posts due are published once each", func(t *testing.T) {
		for slug, want := range w.posts {
			es, err := db.AuditEvents(ctx, clinic.AuditFilter{Action: "post.publish", Record: "post:" + slug})
			if err != nil || len(es) != want {
				t.Errorf("post %s: %d publish events (%v), want %d", slug, len(es), err, want)
			}
		}
		wantLogged(t, logs, `msg="published scheduled posts" count=2`, 1)
	})
	t.Run("reminders go out once, and none for a visit that passed", func(t *testing.T) {
		sent := map[string]int{}
		for _, m := range relay.Messages()[before:] {
			sent[m.To[0]+" "+strings.Fields(m.Subject)[0]]++
		}
		want := map[string]int{w.later + " Reminder:": 1}
		if fmt.Sprint(sent) != fmt.Sprint(want) {
			t.Errorf("after the jump the relay received %v, want %v", sent, want)
		}
		ms, _ := db.AppointmentMail(ctx, w.passed)
		for _, m := range ms {
			if m.Kind == clinic.MailReminder && (m.State() != clinic.MailFailed || !strings.Contains(m.LastError, "no longer to come")) {
				t.Errorf("a reminder of the visit that passed is %s (%s)", m.State(), m.LastError)
			}
		}
		wantLogged(t, logs, `msg="mail given up"`, 2)
	})
	t.Run("the hold that ran out is released once and its past time offered to nobody", func(t *testing.T) {
		wantLogged(t, logs, `msg="released waitlist holds" count=1`, 1)
		e, err := db.WaitlistEntry(ctx, w.next)
		if err != nil || e.Status != clinic.WaitWaiting || e.Appointment != 0 {
			t.Errorf("the next patient on the waitlist: %+v, %v; want still waiting, offered nothing", e, err)
		}
	})
	t.Run("the closed review loses its images once", func(t *testing.T) {
		es, err := db.AuditEvents(ctx, clinic.AuditFilter{Action: "review.images_deleted"})
		if err != nil || len(es) != 1 {
			t.Errorf("%d deletions audited (%v), want 1", len(es), err)
		}
		if _, err := blobs.Stat(ctx, w.image); err == nil {
			t.Error("the image is still stored")
		}
		wantLogged(t, logs, `msg="mri review: deleted the images of closed reviews" count=1`, 1)
	})
}

// wantLogged fails the test unless line is in logs n times.
func wantLogged(t *testing.T, logs, line string, n int) {
	t.Helper()
	if got := strings.Count(logs, line); got != n {
		t.Errorf("the log has %s %d times, want %d:\n%s", line, got, n, logs)
	}
}

// jobRunner is one instance's timed jobs, with its own connection to the
// database and its own log.
type jobRunner struct {
	db     *store.DB
	mail   *mail.Worker
	ingest *review.Ingest
	logs   *lockedBuffer
	log    *slog.Logger
}

func newJobRunner(t *testing.T, dsn, key string, clock func() time.Time, blobs *blob.Store) *jobRunner {
	j := &jobRunner{db: openWithClock(t, dsn, key, clock), logs: &lockedBuffer{}}
	j.log = slog.New(slog.NewTextHandler(j.logs, nil))
	j.mail = clockedWorker(t, dsn, key, clock, j.log)
	j.ingest = &review.Ingest{DB: j.db, Blobs: blobs, Log: j.log}
	return j
}

// runAll runs each timed job once at now, as the server's timers do.
func (j *jobRunner) runAll(t *testing.T, now time.Time) {
	ctx := context.Background()
	publishDue(ctx, j.db, j.log, now)
	releaseDue(ctx, j.db, j.log, now)
	j.ingest.SweepLogged(ctx, now, 90)
	for {
		sent, failed, err := j.mail.RunOnce(ctx)
		if err != nil {
			t.Error(err)
		}
		if err != nil || sent+failed == 0 {
			return
		}
	}
}

// timedWork is what falls due at different times.
type timedWork struct {
	posts  map[string]int // publish events wanted after the jump, by slug
	passed int64          // an appointment that passes during the jump
	later  string         // the address of a patient whose visit is after it
	next   int64          // the waitlist entry after the one offered a hold
	image  string         // a blob of the closed review
}

func setUpTimedWork(t *testing.T, db *store.DB, blobs *blob.Store, t0 time.Time) timedWork {
	t.Helper()
	ctx := context.Background()
	w := timedWork{posts: map[string]int{}}
	b := &clinic.Bundle{}
	for i, at := range []time.Duration{48 * time.Hour, 50 * 24 * time.Hour, jump + 20*24*time.Hour} {
		slug := fmt.Sprintf("timed-%d", i)
		b.Posts = append(b.Posts, &clinic.Post{Slug: slug, Title: "Timed", Author: "dr-maya-lindqvist", Category: "clinic-news",
			Status: clinic.StatusScheduled, PublishedAt: t0.Add(at), Body: "Published by the scheduler."})
		w.posts[slug] = map[bool]int{true: 1, false: 0}[at < jump]
	}
	if _, err := db.Import(ctx, b); err != nil {
		t.Fatal(err)
	}
	w.passed = bookAt(t, db, "dr-maya-lindqvist", t0.Add(72*time.Hour), "passed@example.com")
	w.later = "later@example.com"
	bookAt(t, db, "dr-maya-lindqvist", t0.Add(jump+24*time.Hour), w.later) // its 48 h reminder is due
	w.next = setUpHold(t, db, t0)
	w.image = closedReview(t, db, blobs, t0)
	return w
}

// bookAt books a follow-up visit with doctor at start for the patient at
// email and returns its id.
func bookAt(t *testing.T, db *store.DB, doctor string, start time.Time, email string) int64 {
	t.Helper()
	a := &clinic.Appointment{Type: "follow-up", Provider: doctor, Location: "seattle", Start: start,
		End: start.Add(20 * time.Minute), Buffer: 10 * time.Minute,
		Patient: clinic.PatientDetails{Name: patientName(0), DateOfBirth: "1961-07-04", Phone: "555-0142", Email: email}}
	if _, err := db.Book(context.Background(), a); err != nil {
		t.Fatal(err)
	}
	return a.ID
}

// setUpHold books an open time four days on, puts two patients on the
// waitlist for it and cancels it: the first is offered a hold of
// clinic.HoldFor. It returns the second's entry.
func setUpHold(t *testing.T, db *store.DB, t0 time.Time) int64 {
	t.Helper()
	ctx := context.Background()
	const doctor = "dr-samuel-okafor"
	from, to := t0.Add(96*time.Hour), t0.Add(10*24*time.Hour)
	ps, err := db.ProviderSchedule(ctx, doctor, from.Add(-24*time.Hour), to.Add(24*time.Hour))
	if err != nil {
		t.Fatal(err)
	}
	slots, err := schedule.ForProvider(ps, "seattle", schedule.Request{Zone: schedule.LoadZone("America/Los_Angeles"), Now: t0,
		From: from, To: to, Duration: 20 * time.Minute, Buffer: 10 * time.Minute, Step: schedule.MinStep})
	if err != nil || len(slots) == 0 {
		t.Fatalf("%s has no open time in Seattle from %v: %v", doctor, from, err)
	}
	x := bookAt(t, db, doctor, slots[0].Start, "cancels@example.com")
	var entries []int64
	for _, name := range []string{"first", "second"} {
		e := &clinic.WaitlistEntry{Provider: doctor, Location: "seattle", Type: "follow-up", Before: to,
			Patient: clinic.PatientDetails{Name: name, DateOfBirth: "1970-01-01", Phone: "555-0100", Email: name + "@example.com"}}
		if err := db.JoinWaitlist(ctx, e); err != nil {
			t.Fatal(err)
		}
		entries = append(entries, e.ID)
	}
	if _, err := db.SetStatus(ctx, x, 0, clinic.ApptCancelled, "Patient called"); err != nil {
		t.Fatal(err)
	}
	if e, err := db.WaitlistEntry(ctx, entries[0]); err != nil || e.Status != clinic.WaitOffered {
		t.Fatalf("the first patient waiting was not offered the time: %+v, %v", e, err)
	}
	return entries[1]
}

// closedReview makes an MRI review request with one image, read, answered
// and closed at t0, and returns the name of one of its blobs.
func closedReview(t *testing.T, db *store.DB, blobs *blob.Store, t0 time.Time) string {
	t.Helper()
	ctx := context.Background()
	q := &clinic.ReviewRequest{Name: "Alex", BirthDate: "1970-01-01", Email: "alex@example.com", Phone: "2065550142",
		Complaint: "back", Since: "May", Consent: true, ClientAddr: "192.0.2.1"}
	if err := db.CreateReview(ctx, q); err != nil {
		t.Fatal(err)
	}
	image := dicomtest.MR(1, 1).MustBytes()
	tus := &review.TusStore{DB: db, Blobs: blobs, PartSize: 1 << 20, MaxStudy: 1 << 30}
	up, err := tus.NewUpload(review.WithRequest(ctx, q.ID), handler.FileInfo{Size: int64(len(image)), MetaData: handler.MetaData{"filename": "IM1"}})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := up.WriteChunk(ctx, 0, bytes.NewReader(image)); err != nil {
		t.Fatal(err)
	}
	g := &review.Ingest{DB: db, Blobs: blobs, Dicom: dicom.NewIngester(dicom.Config{Parallel: 1, ThumbnailSize: -1, Spool: review.Spool(t.TempDir())})}
	for g.Next(ctx, t0) {
	}
	if err := db.SubmitReview(ctx, q.ID); err != nil {
		t.Fatal(err)
	}
	if err := db.SendFindings(ctx, &clinic.ReviewFindings{RequestID: q.ID, Findings: "Normal.", Recommendation: "Walk."}); err != nil {
		t.Fatal(err)
	}
	if err := db.SetReviewStatus(ctx, q.ID, clinic.ReviewClosed); err != nil {
		t.Fatal(err)
	}
	names, err := db.ReviewBlobs(ctx, q.ID)
	if err != nil || len(names) == 0 {
		t.Fatalf("the review has blobs %v (%v)", names, err)
	}
	return names[0]
}

// newBlobStore is an encrypted blob store in a fresh folder.
func newBlobStore(t *testing.T) *blob.Store {
	t.Helper()
	dir := t.TempDir()
	keys, err := blob.LoadKeyring("", filepath.Join(dir, blobKeyFile))
	if err != nil {
		t.Fatal(err)
	}
	folder, err := blob.NewFolder(filepath.Join(dir, blobFolder))
	if err != nil {
		t.Fatal(err)
	}
	return blob.New(folder, keys)
}
