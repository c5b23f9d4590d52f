package web_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/pquerna/otp/totp"

	"clinic"
	"clinic/internal/web"
)

func TestResetRequestsCannotLockOutSignIn(t *testing.T) {
	s := newSite(t)
	u, _ := s.staffUser(t, "ed@example.com", clinic.RoleEditor, false)
	b := s.browser()
	for i := range clinic.ThrottlePerAddress + 1 {
		email := "made-up-" + strconv.Itoa(i) + "@example.com"
		if res := b.post(t, "/admin/reset", url.Values{"email": {email}}); res.StatusCode >= 500 {
			t.Fatalf("reset %d: %d", i, res.StatusCode)
		}
	}
	if res := b.post(t, "/admin/reset", url.Values{"email": {"one-more@example.com"}}); res.StatusCode != http.StatusTooManyRequests && res.StatusCode != http.StatusOK {
		t.Errorf("a reset past the limit: %d", res.StatusCode)
	}
	if res := b.post(t, "/admin/sign-in", url.Values{"email": {u.Email}, "password": {testPassword}}); res.StatusCode != http.StatusSeeOther {
		t.Errorf("the right password after a flood of resets from the same address: %d, want 303", res.StatusCode)
	}
}

// tokenLike finds what could be a one-time token: a run of base64url
// characters long enough to hold 128 bits or more.
var tokenLike = regexp.MustCompile(`[A-Za-z0-9_-]{22,}`)

func TestNoUsableLinkRestsInTheDatabase(t *testing.T) {
	s := newSite(t)
	ctx := context.Background()
	admin, _ := s.staffUser(t, "admin@example.com", clinic.RoleAdmin, false)
	b := s.browser()
	b.signIn(t, admin.Email, "")
	res := b.post(t, "/admin/users", url.Values{"email": {"new@example.com"}, "name": {"New Editor"}, "role": {"editor"}})
	if res.StatusCode != http.StatusCreated {
		t.Fatalf("invite: %d %s", res.StatusCode, res.text(t, ".alert"))
	}
	invite := res.text(t, ".secret")
	s.staffUser(t, "ed@example.com", clinic.RoleEditor, false)
	s.browser().post(t, "/admin/reset", url.Values{"email": {"ed@example.com"}})
	reset := s.resetLink(t, "ed@example.com", 1)
	links := []string{invite, reset}

	// usable lists what a copy of the database would let someone open:
	// every token-like value tried as a link, and the known links' tokens
	// found anywhere.
	usable := func(t *testing.T) []string {
		var found []string
		err := s.db.EachValue(ctx, func(table, column, value string) error {
			for _, l := range links {
				if tok := l[strings.LastIndex(l, "/")+1:]; strings.Contains(value, tok) {
					found = append(found, table+"."+column+" holds the token of "+l)
				}
			}
			if strings.Contains(value, "/admin/reset/") || strings.Contains(value, "/admin/setup/") {
				found = append(found, table+"."+column+" holds a link")
			}
			for _, tok := range tokenLike.FindAllString(value, 20) {
				for _, path := range []string{"/admin/reset/", "/admin/setup/"} {
					if s.get(t, path+tok).StatusCode == http.StatusOK {
						found = append(found, table+"."+column+" holds a working token")
					}
				}
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		return found
	}
	if found := usable(t); len(found) > 0 {
		t.Errorf("before sending: %v", found)
	}
	sendAll(t, s)
	if found := usable(t); len(found) > 0 {
		t.Errorf("after sending: %v", found)
	}
	var sealed int
	s.db.EachValue(ctx, func(table, column, value string) error {
		if table == "outbox" && column == "body_sealed" {
			sealed++
		}
		return nil
	})
	if sealed != 0 {
		t.Errorf("%d sealed bodies left after sending, want none", sealed)
	}
	for _, l := range links {
		if res := s.get(t, strings.TrimPrefix(l, testBase)); res.StatusCode != http.StatusOK {
			t.Errorf("the emailed link %s no longer works: %d", l, res.StatusCode)
		}
	}
}

// sendAll marks every due message sent, as the mail worker does once the
// relay took it.
func sendAll(t *testing.T, s *site) {
	t.Helper()
	ctx := context.Background()
	ms, err := s.db.ClaimMail(ctx, s.clock.now(), 100, time.Minute)
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range ms {
		if err := s.db.MailSent(ctx, m.ID, s.clock.now()); err != nil {
			t.Fatal(err)
		}
	}
}

func TestANewSessionTokenWhenWhatItMayDoChanges(t *testing.T) {
	t.Run("after two-step sign-in is set up", func(t *testing.T) {
		s := newSite(t)
		u, _ := s.staffUser(t, "fd@example.com", clinic.RoleFrontDesk, false)
		b := s.browser()
		b.signIn(t, u.Email, "")
		passwordOnly := b.cookie
		secret := b.get(t, "/admin/account/two-factor").text(t, ".secret")
		code, _ := totp.GenerateCode(secret, s.clock.now())
		if res := b.post(t, "/admin/account/two-factor", url.Values{"code": {code}}); res.StatusCode != http.StatusOK {
			t.Fatalf("enrol: %d", res.StatusCode)
		}
		if b.cookie == passwordOnly || b.cookie == "" {
			t.Fatal("the session kept its password-only token")
		}
		if res := b.get(t, "/admin/leads"); res.StatusCode != http.StatusOK {
			t.Errorf("leads with the new token: %d", res.StatusCode)
		}
		old := &browser{s: s, addr: b.addr, cookie: passwordOnly}
		if res := old.get(t, "/admin/leads"); res.StatusCode != http.StatusSeeOther || !strings.HasPrefix(res.Header.Get("Location"), "/admin/sign-in") {
			t.Errorf("leads with the password-only token: %d %q, want the sign-in page", res.StatusCode, res.Header.Get("Location"))
		}
	})
	t.Run("after a change of role", func(t *testing.T) {
		s := newSite(t)
		admin, _ := s.staffUser(t, "admin@example.com", clinic.RoleAdmin, false)
		ed, _ := s.staffUser(t, "ed@example.com", clinic.RoleEditor, false)
		a, e := s.browser(), s.browser()
		a.signIn(t, admin.Email, "")
		e.signIn(t, ed.Email, "")
		if res := a.post(t, "/admin/users/"+itoa(ed.ID), url.Values{"action": {"role"}, "role": {"front_desk"}}); res.StatusCode != http.StatusSeeOther {
			t.Fatalf("role change: %d", res.StatusCode)
		}
		if res := e.get(t, "/admin/account"); res.StatusCode != http.StatusSeeOther {
			t.Errorf("the editor's session after the change of role: %d, want the sign-in page", res.StatusCode)
		}
	})
}

func TestOneLineFieldsRefuseControlCharacters(t *testing.T) {
	s := newSite(t)
	admin, _ := s.staffUser(t, "admin@example.com", clinic.RoleAdmin, false)
	a := s.browser()
	a.signIn(t, admin.Email, "")
	booking := patientForm(t, s, firstSlot(t, s, "type=follow-up&location=seattle&doctor=dr-samuel-okafor"))
	forms := []struct {
		name, path string
		form       url.Values
		send       func(t testing.TB, path string, form url.Values) *response
	}{
		{"booking", "/appointments/details", booking, s.postForm},
		{"waitlist", "/appointments/waitlist", waitlistForm(), s.postForm},
		{"contact", "/contact", contactForm(nil), s.postForm},
		{"new user", "/admin/users", url.Values{"email": {"new@example.com"}, "name": {"New User"}, "role": {"editor"}}, a.post},
	}
	values := []struct{ name, value string }{
		{"CR LF and a header", "Rosa\r\nBcc: everyone@example.com"},
		{"a line feed", "Rosa\nDíaz"},
		{"a tab", "Rosa\tDíaz"},
		{"an escape sequence", "Rosa\x1b[2J"},
		{"a line separator", "Rosa\u2028Díaz"},
	}
	for _, f := range forms {
		for _, field := range []string{"name", "phone"} {
			if _, ok := f.form[field]; !ok {
				continue
			}
			for _, v := range values {
				t.Run(f.name+" "+field+" with "+v.name, func(t *testing.T) {
					r := f.send(t, f.path, withField(f.form, field, v.value))
					if r.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(r.text(t, "#f-"+field+"-error"), "one line") {
						t.Errorf("%d %q", r.StatusCode, r.text(t, ".error, .field-error, [id$=-error]"))
					}
				})
			}
		}
	}
}

func TestStrictTransportSecurityOnlyOverHTTPS(t *testing.T) {
	for _, tt := range []struct{ base, want string }{
		{testBase, "max-age=31536000"},
		{"http://localhost:8080", ""},
	} {
		s := newSiteWith(t, func(c *web.Config) { c.BaseURL = tt.base })
		for _, path := range []string{"/", "/blog", "/admin/sign-in", "/no-such-page"} {
			if got := s.get(t, path).Header.Get("Strict-Transport-Security"); got != tt.want {
				t.Errorf("%s%s: Strict-Transport-Security %q, want %q", tt.base, path, got, tt.want)
			}
		}
	}
}

func TestCalendarUIDsAreUniqueAndStable(t *testing.T) {
	uid := func(t *testing.T, s *site, manage string) string {
		t.Helper()
		r := s.get(t, manage+"/appointment.ics")
		for line := range strings.Lines(r.body) {
			if v, ok := strings.CutPrefix(strings.TrimSpace(line), "UID:"); ok {
				return v
			}
		}
		t.Fatalf("no UID in %q", r.body)
		return ""
	}
	book := func(t *testing.T, s *site) string {
		t.Helper()
		res := s.postForm(t, "/appointments/details", patientForm(t, s, firstSlot(t, s, "type=follow-up&location=seattle&doctor=dr-samuel-okafor")))
		manage, _, _ := strings.Cut(res.Header.Get("Location"), "?")
		if res.StatusCode != http.StatusSeeOther || manage == "" {
			t.Fatalf("book: %d", res.StatusCode)
		}
		return manage
	}
	a, b := newSite(t), newSite(t)
	first, other := book(t, a), book(t, b)
	ua, ub := uid(t, a, first), uid(t, b, other)
	if ua == ub {
		t.Errorf("the first appointments of two databases share the UID %q", ua)
	}
	moves := a.get(t, first+"/move").all(t, `a.slot`)
	if len(moves) < 2 {
		t.Fatal("no time to move to")
	}
	start := patientStart(t, attr(moves[1], "href"))
	moved := a.postForm(t, first+"/move", url.Values{"start": {start}, "confirm": {"yes"}})
	second, _, _ := strings.Cut(moved.Header.Get("Location"), "?")
	if got := uid(t, a, second); got != ua {
		t.Errorf("after a move the UID is %q, was %q", got, ua)
	}
}

// TestMethodsAnAddressDoesNotTake: a method no route of an address takes
// is 405 with the methods it does take; an address no route takes at all
// stays 404.
func TestMethodsAnAddressDoesNotTake(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	for _, tt := range []struct {
		method, path string
		status       int
		allow        string
	}{
		{http.MethodPut, "/", http.StatusMethodNotAllowed, "GET, HEAD"},
		{http.MethodDelete, "/mri-review", http.StatusMethodNotAllowed, "GET, HEAD, POST"},
		{http.MethodPatch, "/portal/sign-in", http.StatusMethodNotAllowed, "GET, HEAD, POST"},
		{http.MethodGet, "/portal/sign-out", http.StatusMethodNotAllowed, "POST"},
		{http.MethodPut, "/no/such/page/here", http.StatusNotFound, ""},
	} {
		req := httptest.NewRequest(tt.method, tt.path, nil)
		w := httptest.NewRecorder()
		s.srv.ServeHTTP(w, req)
		if w.Code != tt.status || w.Header().Get("Allow") != tt.allow {
			t.Errorf("%s %s: %d, Allow %q; want %d, %q", tt.method, tt.path, w.Code, w.Header().Get("Allow"), tt.status, tt.allow)
		}
	}
}
