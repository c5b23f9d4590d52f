package main

import (
	"bytes"
	"context"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"clinic"
	"clinic/content"
	"clinic/internal/mail"
	"clinic/internal/mail/mailtest"
	"clinic/internal/seal"
	"clinic/internal/store"
	"clinic/internal/web"
)

// TestPortalSignInLinkArrivesBySMTP asks for a portal sign-in link, lets
// the mail worker send it through an SMTP server in the test, and signs
// in with the link as received.
func TestPortalSignInLinkArrivesBySMTP(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	now := time.Date(2027, 3, 10, 17, 0, 0, 0, time.UTC)
	clock := func() time.Time { return now }
	smtp := mailtest.Start(t)
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
	srv, err := web.New(web.Config{BaseURL: "https://clinic.example", Content: db, Intake: db, Schedule: db, Booking: db, Waitlist: db,
		Staff: db, Audit: db, Patients: db, Portal: db, Messages: db, LinkKey: bytes.Repeat([]byte{1}, 32), Now: clock})
	if err != nil {
		t.Fatal(err)
	}
	if err := db.SaveMailSettings(ctx, &clinic.MailSettings{Host: smtp.Host(), Port: smtp.Port(), Security: mail.SecurityNone, From: "Clinic <noreply@clinic.example>"}); err != nil {
		t.Fatal(err)
	}
	worker := &mail.Worker{Outbox: db, Sender: &outboxSender{settings: db, compose: srv.ComposeMail}, Now: clock,
		Logger: slog.New(slog.DiscardHandler), Backoff: func(int) time.Duration { return time.Minute }}
	start := now.Add(72 * time.Hour)
	a := &clinic.Appointment{Type: "new-consultation", Provider: "dr-maya-lindqvist", Location: "seattle", Start: start,
		End: start.Add(45 * time.Minute), Buffer: 15 * time.Minute,
		Patient: clinic.PatientDetails{Name: "Rosa Díaz", DateOfBirth: "1961-07-04", Phone: "555-0142", Email: "rosa@example.com"}}
	if _, err := db.Book(ctx, a); err != nil {
		t.Fatal(err)
	}
	if _, err := db.LinkRecords(ctx, 10); err != nil {
		t.Fatal(err)
	}
	cookie := ""
	do := func(method, path string, form url.Values) *http.Response {
		req := httptest.NewRequest(method, path, strings.NewReader(form.Encode()))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		req.Header.Set("Sec-Fetch-Site", "same-origin")
		if cookie != "" {
			req.Header.Set("Cookie", "__Host-clinic_portal="+cookie)
		}
		rec := httptest.NewRecorder()
		srv.ServeHTTP(rec, req)
		for _, c := range rec.Result().Cookies() {
			if c.Name == "__Host-clinic_portal" {
				cookie = c.Value
			}
		}
		return rec.Result()
	}
	if res := do("POST", "/portal/sign-in", url.Values{"email": {"rosa@example.com"}}); res.StatusCode != http.StatusOK {
		t.Fatalf("ask for a link: %d", res.StatusCode)
	}
	if _, _, err := worker.RunOnce(ctx); err != nil {
		t.Fatal(err)
	}
	var got *mailtest.Received
	for _, m := range smtp.Wait(t, 2, 10*time.Second) { // the booking's confirmation and the link
		if strings.Contains(m.Subject, "sign in") {
			got = &m
		}
	}
	if got == nil || got.To[0] != "rosa@example.com" {
		t.Fatalf("no sign-in message: %+v", got)
	}
	link := regexp.MustCompile(`https://clinic\.example(/portal/link/[A-Za-z0-9_-]+)`).FindStringSubmatch(got.Text)
	if link == nil {
		t.Fatalf("no link in %q", got.Text)
	}
	if res := do("POST", link[1], nil); res.StatusCode != http.StatusSeeOther || cookie == "" {
		t.Fatalf("use the link: %d", res.StatusCode)
	}
	if res := do("POST", "/portal/verify", url.Values{"birth_date": {"07/04/1961"}}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("match: %d", res.StatusCode)
	}
	res := do("GET", "/portal/home", nil)
	var body strings.Builder
	res.Write(&body)
	if res.StatusCode != http.StatusOK || !strings.Contains(body.String(), "Hello, Rosa Díaz") {
		t.Errorf("home: %d", res.StatusCode)
	}
	if res := do("POST", link[1], nil); res.StatusCode != http.StatusNotFound {
		t.Errorf("the link a second time: %d", res.StatusCode)
	}
}
