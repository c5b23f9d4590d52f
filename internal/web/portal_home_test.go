package web_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"clinic"
	"clinic/internal/web"
)

func TestPortalHomeShowsMessagesQuestionnairesAndDocuments(t *testing.T) {
	t.Parallel()
	s := newFormSite(t)
	ctx := context.Background()
	a := bookFor(t, s.site, "dr-samuel-okafor", testNow.Add(48*time.Hour), maria)
	child := patientOf(t, s.site, a)
	if _, err := s.db.StartQuestionnaires(ctx, a.ID, "mis-fusion", "", testNow); err != nil {
		t.Fatal(err)
	}
	if _, err := s.db.QueueDueQuestionnaires(ctx, testNow); err != nil {
		t.Fatal(err)
	}
	b := signInPatient(t, s.site, maria)
	for i, subject := range []string{"Parking", "Forms", "Driving after", "Pillows"} {
		if res := b.post(t, "/portal/messages", url.Values{"subject": {subject}, "body": {"Question " + itoa(int64(i))}}); res.StatusCode != http.StatusSeeOther {
			t.Fatalf("message: %d", res.StatusCode)
		}
		s.clock.advance(time.Minute)
	}
	for _, req := range []*http.Request{
		formRequest("/portal/forms/consent", url.Values{"consent_version": {clinic.ConsentVersion}, "signature": {maria.Name}}),
		cardRequest(t, map[string]string{"carrier": "Acme Health", "member_id": "XJ-4411"}, map[string][]byte{"card_front": cardPNG}),
	} {
		if res := b.send(t, req); res.StatusCode != http.StatusSeeOther {
			t.Fatalf("%s: %d", req.URL.Path, res.StatusCode)
		}
	}
	home := b.get(t, "/portal/home")
	checkMarkup(t, home)
	t.Run("the latest three conversations, newest first, with a way to all", func(t *testing.T) {
		items := home.all(t, ".portal-threads li")
		if len(items) != 3 || !strings.HasPrefix(nodeText(items[0]), "Pillows") || !strings.Contains(home.text(t, ".portal-threads"), "All your messages") {
			t.Errorf("%d threads: %q", len(items), home.text(t, ".portal-threads"))
		}
	})
	t.Run("the questionnaire sent and not answered, with a link that opens it", func(t *testing.T) {
		links := home.all(t, ".portal-due a")
		if len(links) != 1 || !strings.Contains(nodeText(links[0]), "before your procedure") {
			t.Fatalf("%d questionnaires: %q", len(links), home.text(t, ".portal-due"))
		}
		if res := s.get(t, attr(links[0], "href")); res.StatusCode != http.StatusOK || len(res.all(t, "form")) == 0 {
			t.Errorf("the questionnaire: %d", res.StatusCode)
		}
	})
	t.Run("the signed consent and the card's photos, to download", func(t *testing.T) {
		got := home.text(t, ".portal-documents")
		if !strings.Contains(got, "Consent to treatment, signed") || !strings.Contains(got, clinic.ConsentVersion) || !strings.Contains(got, "insurance card") ||
			len(home.all(t, `.portal-documents a[href="/portal/records.zip"]`)) != 1 {
			t.Errorf("documents: %q", got)
		}
	})
	t.Run("a guardian who may only look is offered no questionnaire to answer", func(t *testing.T) {
		bookFor(t, s.site, "dr-samuel-okafor", testNow.Add(72*time.Hour), bo)
		grant(t, frontDesk(t, s.site), child, bo.Email, "view", testNow.AddDate(0, 0, 10))
		parent := signInPatient(t, s.site, bo)
		parent.post(t, "/portal/switch", url.Values{"patient": {itoa(child)}})
		res := parent.get(t, "/portal/home")
		if !strings.Contains(res.text(t, "h1"), maria.Name) || len(res.all(t, ".portal-due")) != 0 {
			t.Errorf("view only: %q, %d questionnaires", res.text(t, "h1"), len(res.all(t, ".portal-due a")))
		}
	})
}

// TestPortalOffersPasskeysOnlyWhereTheyWork: a site whose address cannot
// be a passkey's relying party (an IP address, say) has passkeys off, and
// its portal offers no link to a page that would only say so.
func TestPortalOffersPasskeysOnlyWhereTheyWork(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct {
		name string
		edit func(*web.Config)
		want int
	}{
		{"on", nil, 1},
		{"off", func(c *web.Config) { c.Passkeys = nil }, 0},
	} {
		t.Run(tt.name, func(t *testing.T) {
			s := newSiteWith(t, tt.edit)
			bookFor(t, s, "dr-samuel-okafor", testNow.Add(48*time.Hour), maria)
			b := signInPatient(t, s, maria)
			for _, page := range []string{"/portal/home", "/portal/account"} {
				if got := len(b.get(t, page).all(t, `a[href="/portal/passkeys"]`)); got != tt.want {
					t.Errorf("%s: %d links to passkeys, want %d", page, got, tt.want)
				}
			}
		})
	}
}

func TestPortalSignInPageSendsASignedInPatientHome(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	bookFor(t, s, "dr-samuel-okafor", testNow.Add(48*time.Hour), maria)
	b := signInPatient(t, s, maria)
	if res := b.get(t, "/portal/sign-in"); res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != "/portal/home" {
		t.Errorf("signed in: %d to %q, want 303 to /portal/home", res.StatusCode, res.Header.Get("Location"))
	}
	if res := s.get(t, "/portal/sign-in"); res.StatusCode != http.StatusOK || len(res.all(t, "form")) == 0 {
		t.Errorf("signed out: %d", res.StatusCode)
	}
}
