package web_test

import (
	"archive/zip"
	"bytes"
	"context"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"clinic"
	"clinic/internal/dicom/dicomtest"
)

// sentMail composes the queued messages of kind, as the mail worker does
// when it sends them.
func sentMail(t *testing.T, s *site, kind string) []*clinic.OutboxMessage {
	t.Helper()
	ms, err := s.db.ClaimMail(context.Background(), s.clock.now(), 100, time.Minute)
	if err != nil {
		t.Fatal(err)
	}
	var out []*clinic.OutboxMessage
	for _, m := range ms {
		if strings.HasPrefix(m.Kind, kind) {
			if err := s.srv.ComposeMail(context.Background(), m); err != nil {
				t.Fatal(err)
			}
			out = append(out, m)
		}
	}
	return out
}

func TestBookingConfirmationInvitesToThePortal(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	bookFor(t, s, "dr-samuel-okafor", testNow.Add(48*time.Hour), maria)
	ms := sentMail(t, s, clinic.MailBooked)
	if len(ms) != 1 {
		t.Fatalf("%d confirmations", len(ms))
	}
	i := strings.Index(ms[0].Body, testBase+"/portal/start/")
	if i < 0 || strings.Index(ms[0].Body, "create your portal access") > i || strings.LastIndex(ms[0].Body, "Questions?") < i {
		t.Fatalf("no invitation before the closing lines:\n%s", ms[0].Body)
	}
	link := strings.TrimPrefix(strings.Fields(ms[0].Body[i:])[0], testBase)
	t.Run("it names no patient detail and rests nowhere", func(t *testing.T) {
		for _, d := range []string{maria.Email, "maria", maria.DateOfBirth} {
			if strings.Contains(link, d) {
				t.Errorf("the link holds %q", d)
			}
		}
		token := link[strings.LastIndex(link, "/")+1:]
		s.db.EachValue(context.Background(), func(table, column, value string) error {
			if strings.Contains(value, token[1:]) {
				t.Errorf("%s.%s holds the token", table, column)
			}
			return nil
		})
	})
	t.Run("it opens the sign-in with the email filled in", func(t *testing.T) {
		res := s.get(t, link)
		if res.StatusCode != http.StatusOK || attr(res.all(t, "#f-email")[0], "value") != maria.Email {
			t.Errorf("%d %q", res.StatusCode, res.text(t, "h1"))
		}
	})
	cases := []struct{ name, path string }{
		{"a changed link", link[:len(link)-2] + "xx"},
		{"a link of another kind", "/portal/start/z" + link[len("/portal/start/")+1:]},
		{"an empty token", "/portal/start/a"},
	}
	for _, c := range cases {
		t.Run(c.name+" is a 404", func(t *testing.T) {
			if res := s.get(t, c.path); res.StatusCode != http.StatusNotFound {
				t.Errorf("%d", res.StatusCode)
			}
		})
	}
	t.Run("after 30 days it is a 404", func(t *testing.T) {
		s.clock.advance(31 * 24 * time.Hour)
		if res := s.get(t, link); res.StatusCode != http.StatusNotFound {
			t.Errorf("%d", res.StatusCode)
		}
	})
}

func TestPortalCorrectionRequest(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	ctx := context.Background()
	id := patientOf(t, s, bookFor(t, s, "dr-samuel-okafor", testNow.Add(48*time.Hour), maria))
	b := signInPatient(t, s, maria)
	cases := []struct {
		name string
		form url.Values
	}{
		{"nothing said", url.Values{}},
		{"no correction given", url.Values{"wrong": {"My date of birth"}}},
		{"too long", url.Values{"wrong": {strings.Repeat("x", 2001)}, "right": {"y"}}},
		{"characters we cannot read", url.Values{"wrong": {"a\x00b"}, "right": {"y"}}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if res := b.post(t, "/portal/correction", c.form); res.StatusCode != http.StatusUnprocessableEntity {
				t.Errorf("%d", res.StatusCode)
			}
		})
	}
	// Messages off: a correction is a right, not a convenience.
	if err := s.db.SavePortalSettings(ctx, &clinic.PortalSettings{}); err != nil {
		t.Fatal(err)
	}
	res := b.post(t, "/portal/correction", url.Values{"wrong": {"My middle name is spelt Lopes"}, "right": {"López"}})
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("%d %s", res.StatusCode, res.text(t, ".error"))
	}
	ts, _ := s.db.PatientThreads(ctx, id)
	if len(ts) != 1 || !ts[0].Correction {
		t.Fatalf("threads %+v", ts)
	}
	inbox := frontDesk(t, s).get(t, "/admin/inbox")
	if got := inbox.text(t, "table.inbox tbody"); !strings.Contains(got, "Correction request, answer by January 24, 2027") {
		t.Errorf("the inbox: %q", got)
	}
	if es, _ := s.db.AuditEvents(ctx, clinic.AuditFilter{Action: "portal.correction"}); len(es) != 1 {
		t.Errorf("%d corrections audited", len(es))
	}
}

func TestPortalCloseAccount(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	ctx := context.Background()
	id := patientOf(t, s, bookFor(t, s, "dr-samuel-okafor", testNow.Add(48*time.Hour), maria))
	b := signInPatient(t, s, maria)
	acct, _ := s.db.PortalAccountFor(ctx, maria.Email)
	s.db.AddPasskey(ctx, &clinic.Passkey{AccountID: acct.ID, RPID: "clinic.example", CredentialID: []byte("k"), Record: []byte("{}")})
	if res := b.post(t, "/portal/account/close", url.Values{}); res.StatusCode != http.StatusUnprocessableEntity {
		t.Errorf("without the tick: %d", res.StatusCode)
	}
	if got := b.get(t, "/portal/account").text(t, "#h-close + p"); !strings.Contains(got, "records are not deleted") {
		t.Errorf("the page does not say the records stay: %q", got)
	}
	token := b.cookie
	res := b.post(t, "/portal/account/close", url.Values{"confirm": {"on"}})
	if res.StatusCode != http.StatusOK || !strings.Contains(res.text(t, "main"), "records stay with the clinic") {
		t.Fatalf("%d %q", res.StatusCode, res.text(t, "main"))
	}
	again := &patientBrowser{s: s, cookie: token}
	if res := again.get(t, "/portal/home"); res.Header.Get("Location") != "/portal/sign-in" {
		t.Errorf("the session after closing: %d %q", res.StatusCode, res.Header.Get("Location"))
	}
	if ps, _ := s.db.Passkeys(ctx, "clinic.example", acct.ID); len(ps) != 0 {
		t.Errorf("%d passkeys", len(ps))
	}
	if p, err := s.db.Patient(ctx, id); err != nil || p.Name != maria.Name {
		t.Errorf("the record: %v %v", p, err)
	}
	if es, _ := s.db.AuditEvents(ctx, clinic.AuditFilter{Action: "portal.close"}); len(es) != 1 {
		t.Errorf("%d closings audited", len(es))
	}
}

// TestPortalZIPHoldsTheOriginalImages sends an MRI review with two DICOM
// images and a report, signs the patient in, and finds the very files in
// the ZIP download beside the records.
func TestPortalZIPHoldsTheOriginalImages(t *testing.T) {
	t.Parallel()
	m := newMRISite(t, 1<<30)
	files := map[string][]byte{"IM1.dcm": dicomtest.MR(4, 1).MustBytes(), "IM2.dcm": dicomtest.MR(4, 2).MustBytes(),
		"report.pdf": []byte("%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n")}
	p := m.start(t, "192.0.2.61:1000")
	p.uploadAll(t, "CD", files)
	m.read(t)
	if res := p.post(t, "/mri-review/send", nil); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("send: %d %s", res.StatusCode, res.text(t, ".alert"))
	}
	if _, err := m.db.LinkRecords(context.Background(), 10); err != nil {
		t.Fatal(err)
	}
	b := signInPatient(t, m.site, clinic.PatientDetails{Email: "alex@example.com", DateOfBirth: "1970-01-01"})
	res := b.get(t, "/portal/records.zip")
	if res.StatusCode != http.StatusOK || res.Header.Get("Content-Type") != "application/zip" {
		t.Fatalf("%d %s", res.StatusCode, res.Header.Get("Content-Type"))
	}
	zr, err := zip.NewReader(strings.NewReader(res.body), int64(len(res.body)))
	if err != nil {
		t.Fatal(err)
	}
	got := map[string][]byte{}
	for _, f := range zr.File {
		rc, _ := f.Open()
		got[f.Name], _ = io.ReadAll(rc)
		rc.Close()
	}
	if !bytes.Contains(got["records.json"], []byte("Alex Testperson")) {
		t.Errorf("records.json: %.200s", got["records.json"])
	}
	if html := got["records.html"]; !bytes.HasPrefix(html, []byte("<!doctype html>")) || !bytes.Contains(html, []byte("Alex Testperson")) {
		t.Errorf("records.html: %.200s", html)
	}
	for name, want := range files {
		found := false
		for zname, b := range got {
			found = found || (bytes.Equal(b, want) && !strings.HasPrefix(zname, "records."))
		}
		if !found {
			t.Errorf("%s is not in the ZIP as sent; it holds %d files", name, len(got))
		}
	}
	if es, _ := m.db.AuditEvents(context.Background(), clinic.AuditFilter{Action: "portal.export"}); len(es) != 1 || !strings.Contains(es[0].Detail, "zip") {
		t.Errorf("audit: %+v", es)
	}
}
