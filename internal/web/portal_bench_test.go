package web_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"clinic"
	"clinic/internal/auth"
	"clinic/internal/pgtest"
	"clinic/internal/store"
	"clinic/internal/web"
)

// BenchmarkPortalHome serves the portal's home page to a patient with 50
// appointments (past and to come) and 20 message threads, signed in by
// the real email link, on each database.
func BenchmarkPortalHome(b *testing.B) {
	b.Run("sqlite", func(b *testing.B) { benchPortalHome(b, newSite(b)) })
	b.Run("postgres", func(b *testing.B) { benchPortalHome(b, newPostgresSite(b)) })
}

func benchPortalHome(b *testing.B, s *site) {
	ctx := context.Background()
	p := maria
	book := func(i int, key string) {
		start := testNow.Add(time.Duration(i-25) * 24 * time.Hour).Truncate(time.Hour)
		a := &clinic.Appointment{Type: "follow-up", Provider: "dr-samuel-okafor", Location: "seattle", Start: start,
			End: start.Add(20 * time.Minute), Buffer: 10 * time.Minute, Patient: p, IdempotencyKey: key}
		if _, err := s.db.Book(ctx, a); err != nil {
			b.Fatal(err)
		}
		if _, err := s.db.LinkRecords(ctx, 100); err != nil {
			b.Fatal(err)
		}
	}
	// The first booking makes the record; the others are booked from its
	// chart, so that all fifty are the one patient's (matching alone
	// would make a record of each, for staff to merge).
	book(0, "")
	pb := signInPatientB(b, s, p)
	id := pb.patientID
	for i := 1; i < 50; i++ {
		book(i, s.db.ChartBookingKey(id))
	}
	for i := range 20 {
		if err := s.db.StartThread(ctx, &clinic.Thread{PatientID: id, Subject: "Question " + strconv.Itoa(i)}, "Hello"); err != nil {
			b.Fatal(err)
		}
	}
	b.ResetTimer()
	for b.Loop() {
		req := httptest.NewRequest(http.MethodGet, "/portal/home", nil)
		req.Header.Set("Cookie", "__Host-clinic_portal="+pb.cookie)
		rec := httptest.NewRecorder()
		s.srv.ServeHTTP(rec, req)
		if n := strings.Count(rec.Body.String(), "Move or cancel"); rec.Code != http.StatusOK || n != 24 {
			b.Fatalf("home: %d, %d appointments to come", rec.Code, n)
		}
	}
}

// newPostgresSite is the demo site with every service on a PostgreSQL
// database of its own, its configuration changed by edit, or a skip when
// no server answers.
func newPostgresSite(t testing.TB, edit ...func(*web.Config)) *site {
	t.Helper()
	var clk atomic.Pointer[clock] // the site's, once it is made: the database and the server keep one time
	clk.Store(newClock(testNow))
	db, err := store.Open(context.Background(), pgtest.NewDatabase(t), store.Options{Sealer: testSealer(t), Now: func() time.Time { return clk.Load().now() }})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	if err := loadDemo(context.Background(), db); err != nil {
		t.Fatal(err)
	}
	s := newSiteWith(t, func(c *web.Config) {
		c.Content, c.Intake, c.Ready, c.Staff, c.Editor, c.Audit, c.Leads, c.Media, c.Mailer = db, db, db.Ping, db, db, db, db, db, db
		c.Schedule, c.Booking, c.MailSettings, c.Waitlist, c.Triage, c.Outcomes, c.Questionnaires = db, db, db, db, db, db, db
		c.Reviews, c.Patients, c.Portal, c.Messages, c.Passkeys, c.Guardians, c.PreVisit = db, db, db, db, db, db, db
		for _, f := range edit {
			f(c)
		}
	})
	s.db, s.dir = db, ""
	clk.Store(s.clock)
	return s
}

type benchPatient struct {
	cookie    string
	patientID int64
}

// signInPatientB signs a patient in for a benchmark: the account, a link
// and a session made through the store as the pages make them.
func signInPatientB(b *testing.B, s *site, p clinic.PatientDetails) benchPatient {
	ctx := context.Background()
	a, err := s.db.PortalAccountFor(ctx, p.Email)
	if err != nil {
		b.Fatal(err)
	}
	if err := s.db.CreatePortalLink(ctx, a.ID, "bench-link", testNow.Add(time.Hour)); err != nil {
		b.Fatal(err)
	}
	if _, err := s.db.UsePortalLink(ctx, "bench-link", testNow); err != nil {
		b.Fatal(err)
	}
	if ok, err := s.db.MatchPortalPatient(ctx, a.ID, p.DateOfBirth); !ok || err != nil {
		b.Fatalf("match: %v %v", ok, err)
	}
	token := strings.Repeat("b", 43)
	if err := s.db.CreatePortalSession(ctx, &clinic.PortalSession{TokenHash: auth.HashToken(token), AccountID: a.ID}); err != nil {
		b.Fatal(err)
	}
	a, _ = s.db.PortalAccount(ctx, a.ID)
	return benchPatient{cookie: token, patientID: a.PatientID}
}
