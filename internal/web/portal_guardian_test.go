package web_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"clinic"
)

// grant gives the guardian's email access to a patient's portal through
// the chart's form, as front-desk staff do.
func grant(t *testing.T, staff *browser, patient int64, email, access string, until time.Time) {
	t.Helper()
	res := staff.post(t, "/admin/patients/"+itoa(patient)+"/guardians", url.Values{"email": {email}, "access": {access}, "until": {until.Format(time.DateOnly)}})
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("grant: %d %s", res.StatusCode, res.text(t, "main"))
	}
}

func TestStaffRefuseBadGuardianGrants(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	id := patientOf(t, s, bookFor(t, s, "dr-samuel-okafor", testNow.Add(48*time.Hour), maria))
	signInPatient(t, s, maria) // her own account, matched to her record
	staff := frontDesk(t, s)
	next := testNow.AddDate(0, 1, 0).Format(time.DateOnly)
	cases := []struct {
		name string
		form url.Values
	}{
		{"an email that is not one", url.Values{"email": {"parent"}, "access": {"view"}, "until": {next}}},
		{"an email with a line break", url.Values{"email": {"a@example.com\nb@example.com"}, "access": {"view"}, "until": {next}}},
		{"an access that does not exist", url.Values{"email": {"parent@example.com"}, "access": {"admin"}, "until": {next}}},
		{"no last day", url.Values{"email": {"parent@example.com"}, "access": {"view"}}},
		{"a last day in the past", url.Values{"email": {"parent@example.com"}, "access": {"full"}, "until": {"2020-01-01"}}},
		{"a last day more than three years ahead", url.Values{"email": {"parent@example.com"}, "access": {"full"}, "until": {testNow.AddDate(4, 0, 0).Format(time.DateOnly)}}},
		{"a last day that is not a date", url.Values{"email": {"parent@example.com"}, "access": {"full"}, "until": {"soon"}}},
		{"the patient's own account", url.Values{"email": {maria.Email}, "access": {"full"}, "until": {next}}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if res := staff.post(t, "/admin/patients/"+itoa(id)+"/guardians", c.form); res.StatusCode != http.StatusBadRequest {
				t.Errorf("%d, want 400", res.StatusCode)
			}
		})
	}
	t.Run("a grant of a patient that does not exist is a 404", func(t *testing.T) {
		res := staff.post(t, "/admin/patients/999999/guardians", url.Values{"email": {"parent@example.com"}, "access": {"view"}, "until": {next}})
		if res.StatusCode != http.StatusNotFound {
			t.Errorf("%d", res.StatusCode)
		}
	})
	if gs, _ := s.db.PatientGuardians(context.Background(), id); len(gs) != 0 {
		t.Errorf("%d grants after bad input", len(gs))
	}
}

// TestViewOnlyGuardianChangesNothing gives a parent view-only access to
// a patient's portal, switches to it, and calls every route of the
// portal's table that is not a GET: each is refused and nothing changes.
// Full access lets the same parent write to the care team for her.
func TestViewOnlyGuardianChangesNothing(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	ctx := context.Background()
	child := patientOf(t, s, bookFor(t, s, "dr-samuel-okafor", testNow.Add(48*time.Hour), maria))
	bookFor(t, s, "dr-samuel-okafor", testNow.Add(72*time.Hour), bo)
	staff := frontDesk(t, s)
	grant(t, staff, child, bo.Email, "view", testNow.AddDate(0, 0, 10))
	parent := signInPatient(t, s, bo)
	home := parent.get(t, "/portal/home")
	if got := home.text(t, ".portal-switch"); !strings.Contains(got, maria.Name) {
		t.Fatalf("the switcher: %q", got)
	}
	if res := parent.post(t, "/portal/switch", url.Values{"patient": {itoa(child)}}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("switch: %d", res.StatusCode)
	}
	if h := parent.get(t, "/portal/home").text(t, "h1"); !strings.Contains(h, maria.Name) {
		t.Fatalf("after switching: %q", h)
	}
	for _, pattern := range s.srv.PortalRoutes() {
		method, path, _ := strings.Cut(pattern, " ")
		if method == http.MethodGet || pattern == "POST /portal/switch" {
			continue
		}
		path = strings.NewReplacer("{id}", "1", "{passkey}", "1").Replace(path)
		t.Run(pattern, func(t *testing.T) {
			res := parent.post(t, path, url.Values{"subject": {"x"}, "body": {"hello"}, "none": {"on"}, "phone": {"206-555-0100"},
				"signature": {"Bo Garner"}, "consent_version": {clinic.ConsentVersion}, "confirm": {"on"}})
			if res.StatusCode != http.StatusForbidden {
				t.Errorf("%d, want 403", res.StatusCode)
			}
		})
	}
	if ts, _ := s.db.PatientThreads(ctx, child); len(ts) != 0 {
		t.Errorf("%d threads written view only", len(ts))
	}
	if fs, _ := s.db.PatientForms(ctx, child); len(fs) != 0 {
		t.Errorf("%d forms sent view only", len(fs))
	}
	t.Run("with full access the parent writes for her", func(t *testing.T) {
		grant(t, staff, child, bo.Email, "full", testNow.AddDate(0, 0, 10))
		if res := parent.post(t, "/portal/messages", url.Values{"subject": {"Her next visit"}, "body": {"Can she come after school?"}}); res.StatusCode != http.StatusSeeOther {
			t.Fatalf("%d", res.StatusCode)
		}
		if ts, _ := s.db.PatientThreads(ctx, child); len(ts) != 1 {
			t.Errorf("%d threads", len(ts))
		}
	})
	t.Run("when the access expires the parent sees their own portal again", func(t *testing.T) {
		s.clock.advance(11 * 24 * time.Hour)
		again := &patientBrowser{s: s}
		if res := again.post(t, strings.TrimPrefix(portalLinkMail(t, s, again, bo.Email), testBase), nil); res.Header.Get("Location") != "/portal/home" {
			t.Fatalf("sign in again: %d %q", res.StatusCode, res.Header.Get("Location"))
		}
		if h := again.get(t, "/portal/home").text(t, "h1"); !strings.Contains(h, bo.Name) {
			t.Errorf("after expiry: %q", h)
		}
		if res := again.post(t, "/portal/switch", url.Values{"patient": {itoa(child)}}); res.StatusCode != http.StatusNotFound {
			t.Errorf("switching to a lapsed grant: %d", res.StatusCode)
		}
	})
	es, _ := s.db.AuditEvents(ctx, clinic.AuditFilter{Action: "patient.guardian_grant"})
	if len(es) != 2 || strings.Contains(es[0].Detail, bo.Email) {
		t.Errorf("audit: %+v", es)
	}
}
