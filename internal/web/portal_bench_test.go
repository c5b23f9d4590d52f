package web_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"
	"time"

	"clinic"
	"clinic/internal/auth"
)

// BenchmarkPortalHome serves the portal's home page to a patient with 50
// appointments (past and to come) and 20 message threads, signed in by
// the real email link.
func BenchmarkPortalHome(b *testing.B) {
	s := newSite(b)
	ctx := context.Background()
	p := maria
	for i := range 50 {
		start := testNow.Add(time.Duration(i-25) * 24 * time.Hour).Truncate(time.Hour)
		a := &clinic.Appointment{Type: "follow-up", Provider: "dr-samuel-okafor", Location: "seattle", Start: start,
			End: start.Add(20 * time.Minute), Buffer: 10 * time.Minute, Patient: p}
		if _, err := s.db.Book(ctx, a); err != nil {
			b.Fatal(err)
		}
	}
	if _, err := s.db.LinkRecords(ctx, 100); err != nil {
		b.Fatal(err)
	}
	pb := signInPatientB(b, s, p)
	id := pb.patientID
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
		if rec.Code != http.StatusOK {
			b.Fatalf("home: %d", rec.Code)
		}
	}
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
