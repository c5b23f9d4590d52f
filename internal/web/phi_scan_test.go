package web_test

import (
	"bytes"
	"context"
	"io/fs"
	"log/slog"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/pquerna/otp/totp"

	"clinic"
	"clinic/internal/blob"
	"clinic/internal/web"
)

// ysolde is the patient of the plain-text scan: every detail of hers is
// rare enough that finding it anywhere means it was stored as typed.
var (
	ysolde  = clinic.PatientDetails{Name: "Ysolde Vantongeren", DateOfBirth: "1953-10-27", Phone: "(360) 555-0163", Email: "ysolde.v@example.com"}
	secrets = []string{"Ysolde", "Vantongeren", "ysolde.v@example.com", "1953-10-27", "10/27/1953", "3605550163", "555-0163",
		"y.vantongeren@example.org", "5095550148", "555-0148", "ZQX9931774", "guardian.vt@example.net"}
)

// syncBuffer is a log the server writes from several goroutines.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

// TestNoPatientDetailInPlainText walks a patient through everything the
// portal and the back office do with her details (booking, sign-in,
// every pre-visit form with the card's photos, messages both ways, a
// correction, a password, a passkey, a guardian, staff search, the chart,
// accepting forms, the downloads, the emails) on each database, then
// scans every value of every table, the database's files, the blob
// folder and the server's log for her name, email, phone and date of
// birth, and the new ones she gave.
func TestNoPatientDetailInPlainText(t *testing.T) {
	t.Parallel()
	for _, dialect := range []string{"sqlite", "postgres"} {
		t.Run(dialect, func(t *testing.T) {
			t.Parallel()
			var logs syncBuffer
			dir := t.TempDir()
			keys, err := blob.LoadKeyring("", filepath.Join(dir, "blob.keys"))
			if err != nil {
				t.Fatal(err)
			}
			folder, err := blob.NewFolder(filepath.Join(dir, "blobs"))
			if err != nil {
				t.Fatal(err)
			}
			edit := func(c *web.Config) {
				c.MRI = web.MRIConfig{Blobs: blob.New(folder, keys)}
				c.Logger = slog.New(slog.NewTextHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
			}
			s := newPostgresSite(t, edit)
			if dialect == "sqlite" {
				s = newSiteWith(t, edit)
			}
			walkThePortal(t, s)
			scanTables(t, s)
			for _, d := range []string{s.dir, dir} {
				scanFiles(t, d)
			}
			scanText(t, "the server's log", logs.b.String())
		})
	}
}

func walkThePortal(t *testing.T, s *site) {
	ctx := context.Background()
	id := patientOf(t, s, bookFor(t, s, "dr-samuel-okafor", testNow.Add(48*time.Hour), ysolde))
	composeAll(t, s) // the confirmation, before the sign-in link's claim takes it
	b := signInPatient(t, s, ysolde)
	card := append([]byte("\x89PNG\r\n\x1a\n"), bytes.Repeat([]byte("Ysolde Vantongeren ZQX9931774 "), 100)...)
	for _, req := range []*http.Request{
		formRequest("/portal/forms/contact", url.Values{"phone": {"(509) 555-0148"}, "email": {"y.vantongeren@example.org"}, "address": {"12 Vantongeren Lane"}}),
		cardRequest(t, map[string]string{"carrier": "Acme Health", "member_id": "ZQX9931774"}, map[string][]byte{"card_front": card}),
		formRequest("/portal/forms/medications", url.Values{"medications": {"Ysolde's ibuprofen, 400 mg"}}),
		formRequest("/portal/forms/allergies", url.Values{"allergies": {"Penicillin (Ysolde Vantongeren, born 1953-10-27)"}}),
		formRequest("/portal/forms/consent", url.Values{"consent_version": {clinic.ConsentVersion}, "signature": {ysolde.Name}}),
		formRequest("/portal/messages", url.Values{"subject": {"From Ysolde Vantongeren"}, "body": {"Born 10/27/1953, call me at (360) 555-0163."}}),
		formRequest("/portal/correction", url.Values{"wrong": {"My name is not Ysolde Vantongeren-Smith"}, "right": {"Ysolde Vantongeren, 1953-10-27"}}),
	} {
		if res := b.send(t, req); res.StatusCode != http.StatusSeeOther {
			t.Fatalf("%s: %d %s", req.URL.Path, res.StatusCode, res.text(t, ".error, .alert"))
		}
	}
	secret := b.get(t, "/portal/account/password").text(t, ".secret")
	code, _ := totp.GenerateCode(secret, s.clock.now())
	pw := "Ysolde Vantongeren 1953-10-27"
	if res := b.post(t, "/portal/account/password", url.Values{"password": {pw}, "confirm": {pw}, "code": {code}}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("password: %d %s", res.StatusCode, res.text(t, ".error"))
	}
	a, err := s.db.PortalAccountByEmail(ctx, ysolde.Email)
	if err != nil {
		t.Fatal(err)
	}
	if err := s.db.AddPasskey(ctx, &clinic.Passkey{AccountID: a.ID, RPID: "localhost", CredentialID: []byte("credential-1"), Name: "Ysolde's phone", Record: []byte("{}")}); err != nil {
		t.Fatal(err)
	}
	for _, p := range []string{"/portal/home", "/portal/records", "/portal/records.json", "/portal/records.zip", "/portal/forms"} {
		if res := b.get(t, p); res.StatusCode != http.StatusOK {
			t.Errorf("%s: %d", p, res.StatusCode)
		}
	}
	guardian := &patientBrowser{s: s}
	guardian.post(t, strings.TrimPrefix(portalLinkMail(t, s, guardian, "guardian.vt@example.net"), testBase), nil)
	staffWork(t, s, id)
	composeAll(t, s)
}

// staffWork is what the back office does with the record: search, the
// chart, accepting every form, a guardian, and an answer.
func staffWork(t *testing.T, s *site, id int64) {
	staff := frontDesk(t, s)
	for _, q := range []string{"Ysolde Vantongeren", "1953-10-27", "(360) 555-0163", ysolde.Email, "vanto"} {
		if res := staff.post(t, "/admin/patients", url.Values{"q": {q}}); !strings.Contains(res.text(t, ".patient-results"), "Vantongeren") {
			t.Errorf("staff search for %q: %d", q, res.StatusCode)
		}
	}
	chart := staff.get(t, "/admin/patients/"+itoa(id))
	for _, f := range chart.all(t, `.form-new form[action$="/accept"]`) {
		if res := staff.post(t, attr(f, "action"), nil); res.StatusCode != http.StatusSeeOther {
			t.Errorf("accept %s: %d", attr(f, "action"), res.StatusCode)
		}
	}
	grant(t, staff, id, "guardian.vt@example.net", "view", testNow.AddDate(0, 0, 5))
	inbox := staff.get(t, "/admin/inbox")
	for _, a := range inbox.all(t, `a[href^="/admin/inbox/"]`) {
		reply := url.Values{"body": {"Dear Ysolde Vantongeren, we will call you at (509) 555-0148."}}
		if res := staff.post(t, attr(a, "href"), reply); res.StatusCode != http.StatusSeeOther {
			t.Errorf("reply: %d", res.StatusCode)
		}
	}
	staff.get(t, "/admin/patients/"+itoa(id))
}

// composeAll writes and marks sent every queued email, as the mail worker
// does: what is written at sending must not be left behind.
func composeAll(t *testing.T, s *site) {
	ctx := context.Background()
	ms, err := s.db.ClaimMail(ctx, s.clock.now(), 100, time.Minute)
	if err != nil {
		t.Fatal(err)
	}
	if len(ms) == 0 {
		t.Error("no email to compose")
	}
	for _, m := range ms {
		if err := s.srv.ComposeMail(ctx, m); err != nil {
			t.Fatalf("compose %s: %v", m.Kind, err)
		}
		if err := s.db.MailSent(ctx, m.ID, s.clock.now()); err != nil {
			t.Fatal(err)
		}
	}
}

func scanTables(t *testing.T, s *site) {
	tables := map[string]bool{}
	err := s.db.EachValue(context.Background(), func(table, column, value string) error {
		tables[table] = true
		scanText(t, table+"."+column, value)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"patients", "patient_index", "appointments", "portal_accounts", "previsit_forms", "portal_guardians",
		"portal_passkeys", "message_threads", "thread_messages", "outbox", "audit_events"} {
		if !tables[want] {
			t.Errorf("the scan saw no value of %s", want)
		}
	}
}

func scanFiles(t *testing.T, dir string) {
	if dir == "" {
		return
	}
	n := 0
	err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		raw, err := os.ReadFile(path)
		n++
		scanText(t, path, string(raw))
		return err
	})
	if err != nil || n == 0 {
		t.Errorf("scanned %d files of %s: %v", n, dir, err)
	}
}

func scanText(t *testing.T, where, text string) {
	t.Helper()
	low := strings.ToLower(text)
	for _, s := range secrets {
		if strings.Contains(low, strings.ToLower(s)) {
			t.Errorf("%s holds %q in plain text", where, s)
		}
	}
}
