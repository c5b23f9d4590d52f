package web_test

import (
	"context"
	"encoding/base64"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/pquerna/otp/totp"
	"golang.org/x/crypto/argon2"

	"clinic"
	"clinic/internal/auth"
	"clinic/internal/web"
)

const testPassword = "correct horse battery staple"

// staffUser makes a user with the role and testPassword; with twoFactor it
// is enrolled in TOTP and its secret is returned.
func (s *site) staffUser(t testing.TB, email string, role clinic.Role, twoFactor bool) (*clinic.User, string) {
	t.Helper()
	hash, err := s.passwords.Hash(testPassword)
	if err != nil {
		t.Fatal(err)
	}
	u := &clinic.User{Email: email, Name: "Test " + string(role), Role: role, PasswordHash: hash}
	secret := ""
	if twoFactor {
		secret, _, _ = auth.NewTOTP("Test", email)
		u.TOTPSecret, u.TOTPEnabled = secret, true
	}
	if err := s.db.CreateUser(context.Background(), u); err != nil {
		t.Fatal(err)
	}
	return u, secret
}

// browser keeps a session cookie across requests, as a browser does.
type browser struct {
	s      *site
	cookie string
	addr   string
}

func (s *site) browser() *browser { return &browser{s: s, addr: "192.0.2.10:5000"} }

func (b *browser) send(t testing.TB, req *http.Request) *response {
	t.Helper()
	req.RemoteAddr = b.addr
	if b.cookie != "" {
		req.Header.Set("Cookie", "__Host-clinic_session="+b.cookie)
	}
	res := b.s.do(t, req)
	for _, c := range res.Cookies() {
		if c.Name == "__Host-clinic_session" {
			if !c.Secure || !c.HttpOnly || c.SameSite != http.SameSiteLaxMode || c.Path != "/" || c.Domain != "" {
				t.Errorf("session cookie attributes: %+v", c)
			}
			b.cookie = c.Value
			if c.MaxAge < 0 {
				b.cookie = ""
			}
		}
	}
	return res
}

func (b *browser) get(t testing.TB, target string) *response {
	t.Helper()
	target, _, _ = strings.Cut(target, "#")
	return b.send(t, httptest.NewRequest(http.MethodGet, target, nil))
}

func (b *browser) post(t testing.TB, target string, form url.Values) *response {
	t.Helper()
	return b.send(t, formRequest(target, form))
}

// signIn signs in with the password and, when secret is set, a code.
func (b *browser) signIn(t testing.TB, email, secret string) {
	t.Helper()
	res := b.post(t, "/admin/sign-in", url.Values{"email": {email}, "password": {testPassword}})
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("sign-in: %d %s", res.StatusCode, res.text(t, ".alert"))
	}
	if secret == "" {
		return
	}
	code, _ := totp.GenerateCode(secret, b.s.clock.now())
	res = b.post(t, "/admin/sign-in/code", url.Values{"code": {code}})
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("code: %d %s", res.StatusCode, res.text(t, ".alert"))
	}
}

// matrix reads the permission table of docs/SECURITY.md: permission ->
// role -> allowed.
func matrix(t *testing.T) map[string]map[clinic.Role]bool {
	t.Helper()
	b, err := os.ReadFile("../../docs/SECURITY.md")
	if err != nil {
		t.Fatal(err)
	}
	m := map[string]map[clinic.Role]bool{}
	var roles []clinic.Role
	for _, line := range strings.Split(string(b), "\n") {
		cells := strings.Split(strings.Trim(line, "| "), "|")
		if len(cells) != 6 {
			continue
		}
		for i := range cells {
			cells[i] = strings.TrimSpace(cells[i])
		}
		if cells[0] == "permission" {
			for _, c := range cells[2:] {
				roles = append(roles, clinic.Role(c))
			}
			continue
		}
		if roles == nil || strings.HasPrefix(cells[0], "-") {
			continue
		}
		m[cells[0]] = map[clinic.Role]bool{}
		for i, c := range cells[2:] {
			m[cells[0]][roles[i]] = c == "yes"
		}
	}
	if len(m) < 7 || len(roles) != 4 {
		t.Fatalf("could not read the matrix from SECURITY.md: %v %v", m, roles)
	}
	return m
}

func TestRouteRoleMatrix(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	m := matrix(t)
	browsers := map[clinic.Role]*browser{}
	for _, role := range clinic.Roles {
		u, secret := s.staffUser(t, string(role)+"@example.com", role, true)
		b := s.browser()
		b.signIn(t, u.Email, secret)
		browsers[role] = b
	}
	routes := s.srv.AdminRoutes()
	if len(routes) < 10 {
		t.Fatalf("only %d admin routes", len(routes))
	}
	for _, rt := range routes {
		method, path, _ := strings.Cut(rt.Pattern, " ")
		path = strings.NewReplacer("{id}", "1", "{slug}", "back-pain-basics", "{n}", "1", "{provider}", "dr-maya-lindqvist").Replace(path)
		allowed, ok := m[rt.Perm]
		if !ok {
			t.Errorf("%s: permission %q is not in SECURITY.md's matrix", rt.Pattern, rt.Perm)
			continue
		}
		req := func() *http.Request {
			r := httptest.NewRequest(method, path, strings.NewReader(""))
			if method == http.MethodPost {
				r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
				r.Header.Set("Sec-Fetch-Site", "same-origin")
			}
			return r
		}
		t.Run(rt.Pattern+" as nobody", func(t *testing.T) {
			res := s.browser().send(t, req())
			want := http.StatusSeeOther
			if method != http.MethodGet {
				want = http.StatusUnauthorized
			}
			if res.StatusCode != want || want == http.StatusSeeOther && !strings.HasPrefix(res.Header.Get("Location"), "/admin/sign-in") {
				t.Errorf("status %d, location %q; want %d to sign-in", res.StatusCode, res.Header.Get("Location"), want)
			}
		})
		for _, role := range clinic.Roles {
			t.Run(rt.Pattern+" as "+string(role), func(t *testing.T) {
				res := browsers[role].send(t, req())
				refused := res.StatusCode == http.StatusForbidden || res.StatusCode == http.StatusUnauthorized ||
					res.StatusCode == http.StatusSeeOther && strings.HasPrefix(res.Header.Get("Location"), "/admin/sign-in")
				if refused == allowed[role] {
					t.Errorf("status %d; the matrix says allowed=%v", res.StatusCode, allowed[role])
				}
				if res.StatusCode >= 500 {
					t.Errorf("status %d", res.StatusCode)
				}
				if cc := res.Header.Get("Cache-Control"); cc != "no-store" {
					t.Errorf("Cache-Control %q", cc)
				}
			})
		}
	}
	t.Run("refusals are in the audit log", func(t *testing.T) {
		es, err := s.db.AuditEvents(context.Background(), clinic.AuditFilter{Outcome: clinic.AuditRefused, Action: "access"})
		if err != nil || len(es) == 0 {
			t.Fatalf("%d refusals audited, %v", len(es), err)
		}
	})
}

func TestSignIn(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	u, _ := s.staffUser(t, "editor@example.com", clinic.RoleEditor, false)

	t.Run("a wrong password and an unknown email get the same answer", func(t *testing.T) {
		b := s.browser()
		wrong := b.post(t, "/admin/sign-in", url.Values{"email": {u.Email}, "password": {"not the password"}})
		unknown := b.post(t, "/admin/sign-in", url.Values{"email": {"nobody@example.com"}, "password": {"whatever123"}})
		if wrong.StatusCode != 401 || unknown.StatusCode != 401 || wrong.text(t, ".alert") != unknown.text(t, ".alert") {
			t.Errorf("wrong: %d %q; unknown: %d %q", wrong.StatusCode, wrong.text(t, ".alert"), unknown.StatusCode, unknown.text(t, ".alert"))
		}
		if b.cookie != "" {
			t.Error("a failed sign-in set a session cookie")
		}
	})
	t.Run("signing in gives a new token each time, and signing out ends it", func(t *testing.T) {
		b := s.browser()
		b.signIn(t, u.Email, "")
		first := b.cookie
		b.signIn(t, u.Email, "")
		if b.cookie == first || b.cookie == "" {
			t.Fatal("the token was not renewed at sign-in")
		}
		old := &browser{s: s, cookie: first, addr: b.addr}
		if res := old.get(t, "/admin"); res.StatusCode != http.StatusSeeOther {
			t.Errorf("the replaced token still works: %d", res.StatusCode)
		}
		if res := b.get(t, "/admin"); res.StatusCode != 200 {
			t.Fatalf("/admin: %d", res.StatusCode)
		}
		token := b.cookie
		b.post(t, "/admin/sign-out", nil)
		again := &browser{s: s, cookie: token, addr: b.addr}
		if res := again.get(t, "/admin"); res.StatusCode != http.StatusSeeOther {
			t.Errorf("the token works after sign-out: %d", res.StatusCode)
		}
	})
	t.Run("next sends back to a back-office page and never off the site", func(t *testing.T) {
		for next, want := range map[string]string{"/admin/posts": "/admin/posts", "https://evil.example/": "/admin", "//evil.example": "/admin", "/admin\\@evil": "/admin"} {
			b := s.browser()
			res := b.post(t, "/admin/sign-in", url.Values{"email": {u.Email}, "password": {testPassword}, "next": {next}})
			if got := res.Header.Get("Location"); got != want {
				t.Errorf("next=%q: went to %q, want %q", next, got, want)
			}
		}
	})
}

func TestSessionTimeouts(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name string
		role clinic.Role
		idle time.Duration
		live bool
	}{
		{"front desk, 14 idle minutes", clinic.RoleFrontDesk, 14 * time.Minute, true},
		{"front desk, 15 idle minutes", clinic.RoleFrontDesk, 15 * time.Minute, false},
		{"editor, 15 idle minutes", clinic.RoleEditor, 15 * time.Minute, true},
		{"editor, an idle hour", clinic.RoleEditor, time.Hour, false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			s := newSite(t)
			u, secret := s.staffUser(t, "x@example.com", c.role, true)
			b := s.browser()
			b.signIn(t, u.Email, secret)
			s.clock.advance(c.idle)
			res := b.get(t, "/admin")
			if live := res.StatusCode == 200; live != c.live {
				t.Errorf("after %v: status %d", c.idle, res.StatusCode)
			}
		})
	}
	t.Run("twelve hours end any session", func(t *testing.T) {
		s := newSite(t)
		u, _ := s.staffUser(t, "ed@example.com", clinic.RoleEditor, false)
		b := s.browser()
		b.signIn(t, u.Email, "")
		for range 12*4 - 1 {
			s.clock.advance(15 * time.Minute)
			if res := b.get(t, "/admin"); res.StatusCode != 200 {
				t.Fatalf("at %v: %d", s.clock.now().Sub(testNow), res.StatusCode)
			}
		}
		s.clock.advance(15 * time.Minute)
		if res := b.get(t, "/admin"); res.StatusCode != http.StatusSeeOther {
			t.Errorf("after 12 hours: %d", res.StatusCode)
		}
	})
	t.Run("disabling a user ends their session at once", func(t *testing.T) {
		s := newSite(t)
		admin, asecret := s.staffUser(t, "admin@example.com", clinic.RoleAdmin, true)
		ed, _ := s.staffUser(t, "ed@example.com", clinic.RoleEditor, false)
		a, e := s.browser(), s.browser()
		a.signIn(t, admin.Email, asecret)
		e.signIn(t, ed.Email, "")
		if res := a.post(t, "/admin/users/"+itoa(ed.ID), url.Values{"action": {"disable"}}); res.StatusCode != http.StatusSeeOther {
			t.Fatalf("disable: %d %s", res.StatusCode, res.text(t, ".alert"))
		}
		if res := e.get(t, "/admin"); res.StatusCode != http.StatusSeeOther {
			t.Errorf("disabled user's session: %d", res.StatusCode)
		}
	})
}

func TestTOTPCodeIsAcceptedOnce(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	u, secret := s.staffUser(t, "fd@example.com", clinic.RoleFrontDesk, true)
	code, _ := totp.GenerateCode(secret, s.clock.now())
	b := s.browser()
	b.signIn(t, u.Email, "")
	if res := b.post(t, "/admin/sign-in/code", url.Values{"code": {code}}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("first use: %d", res.StatusCode)
	}
	other := s.browser()
	other.signIn(t, u.Email, "")
	res := other.post(t, "/admin/sign-in/code", url.Values{"code": {code}})
	if res.StatusCode != http.StatusUnauthorized {
		t.Errorf("replayed code: %d", res.StatusCode)
	}
	if res := other.get(t, "/admin/leads"); res.StatusCode != http.StatusSeeOther || !strings.HasPrefix(res.Header.Get("Location"), "/admin/sign-in/code") {
		t.Errorf("leads without the second factor: %d %s", res.StatusCode, res.Header.Get("Location"))
	}
}

func TestPHINeedsTwoFactor(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	u, _ := s.staffUser(t, "fd@example.com", clinic.RoleFrontDesk, false)
	b := s.browser()
	b.signIn(t, u.Email, "")
	res := b.get(t, "/admin/leads")
	if res.StatusCode != http.StatusSeeOther || !strings.HasPrefix(res.Header.Get("Location"), "/admin/account/two-factor") {
		t.Fatalf("leads without two-factor: %d %q", res.StatusCode, res.Header.Get("Location"))
	}
	// Enrol: the page holds the secret; a code made from it turns it on.
	page := b.get(t, "/admin/account/two-factor")
	secret := page.text(t, ".secret")
	if img := page.all(t, "img.qr"); len(img) != 1 || !strings.HasPrefix(attr(img[0], "src"), "data:image/png;base64,") {
		t.Fatal("no QR code image")
	}
	bad := b.post(t, "/admin/account/two-factor", url.Values{"code": {"000000"}})
	if bad.StatusCode != http.StatusUnprocessableEntity {
		t.Errorf("wrong code: %d", bad.StatusCode)
	}
	code, _ := totp.GenerateCode(secret, s.clock.now())
	done := b.post(t, "/admin/account/two-factor", url.Values{"code": {code}})
	if done.StatusCode != 200 || len(done.all(t, ".codes li")) != 10 {
		t.Fatalf("enrol: %d, %d recovery codes", done.StatusCode, len(done.all(t, ".codes li")))
	}
	recovery := nodeText(done.all(t, ".codes li")[0])
	if res := b.get(t, "/admin/leads"); res.StatusCode != 200 {
		t.Errorf("leads after enrolling: %d", res.StatusCode)
	}
	t.Run("a recovery code works once", func(t *testing.T) {
		for i, want := range []int{http.StatusSeeOther, http.StatusUnauthorized} {
			c := s.browser()
			c.signIn(t, u.Email, "")
			if res := c.post(t, "/admin/sign-in/code", url.Values{"code": {recovery}}); res.StatusCode != want {
				t.Errorf("use %d: %d, want %d", i+1, res.StatusCode, want)
			}
		}
	})
}

func TestSignInThrottle(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	u, _ := s.staffUser(t, "ed@example.com", clinic.RoleEditor, false)
	b := s.browser()
	for i := range clinic.ThrottlePerAccount {
		if res := b.post(t, "/admin/sign-in", url.Values{"email": {u.Email}, "password": {"wrong password " + itoa(int64(i))}}); res.StatusCode != 401 {
			t.Fatalf("attempt %d: %d", i+1, res.StatusCode)
		}
	}
	if res := b.post(t, "/admin/sign-in", url.Values{"email": {u.Email}, "password": {testPassword}}); res.StatusCode != http.StatusTooManyRequests {
		t.Errorf("the right password while throttled: %d", res.StatusCode)
	}
	t.Run("from another address the account is still throttled", func(t *testing.T) {
		c := s.browser()
		c.addr = "198.51.100.4:1234"
		if res := c.post(t, "/admin/sign-in", url.Values{"email": {u.Email}, "password": {testPassword}}); res.StatusCode != http.StatusTooManyRequests {
			t.Errorf("%d", res.StatusCode)
		}
	})
	s.clock.advance(clinic.ThrottleWindow)
	if res := b.post(t, "/admin/sign-in", url.Values{"email": {u.Email}, "password": {testPassword}}); res.StatusCode != http.StatusSeeOther {
		t.Errorf("after the window: %d", res.StatusCode)
	}
	t.Run("X-Forwarded-For counts only from a trusted proxy", func(t *testing.T) {
		spoof := func(remote string) *response {
			req := httptest.NewRequest(http.MethodPost, "/admin/sign-in", strings.NewReader(url.Values{"email": {"z@example.com"}, "password": {"nope nope"}}.Encode()))
			req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
			req.Header.Set("X-Forwarded-For", "203.0.113.99")
			req.RemoteAddr = remote
			return s.do(t, req)
		}
		spoof("10.1.2.3:80")
		es, _ := s.db.AuditEvents(context.Background(), clinic.AuditFilter{Limit: 1})
		if es[0].Address != "203.0.113.99" {
			t.Errorf("through a trusted proxy the address is %q", es[0].Address)
		}
		spoof("192.0.2.50:80")
		es, _ = s.db.AuditEvents(context.Background(), clinic.AuditFilter{Limit: 1})
		if es[0].Address != "192.0.2.50" {
			t.Errorf("from an untrusted peer the address is %q", es[0].Address)
		}
	})
}

func TestPasswordReset(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	u, _ := s.staffUser(t, "ed@example.com", clinic.RoleEditor, false)
	b := s.browser()
	res := b.post(t, "/admin/reset", url.Values{"email": {u.Email}})
	unknown := b.post(t, "/admin/reset", url.Values{"email": {"nobody@example.com"}})
	if res.StatusCode != 200 || strings.Replace(res.text(t, "main p"), u.Email, "", 1) != strings.Replace(unknown.text(t, "main p"), "nobody@example.com", "", 1) {
		t.Fatalf("the answers differ: %q / %q", res.text(t, "main p"), unknown.text(t, "main p"))
	}
	link := s.resetLink(t, u.Email, 1)
	path := strings.TrimPrefix(link, testBase)
	newPassword := "a new passphrase 🌲 for the clinic"
	form := url.Values{"password": {newPassword}, "confirm": {newPassword}}
	if res := b.post(t, path, url.Values{"password": {"short"}, "confirm": {"short"}}); res.StatusCode != http.StatusUnprocessableEntity {
		t.Errorf("a short password: %d", res.StatusCode)
	}
	if res := b.post(t, path, form); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("reset: %d %s", res.StatusCode, res.text(t, ".alert"))
	}
	if res := s.browser().post(t, path, form); res.StatusCode != http.StatusNotFound {
		t.Errorf("the link used twice: %d", res.StatusCode)
	}
	c := s.browser()
	if res := c.post(t, "/admin/sign-in", url.Values{"email": {u.Email}, "password": {newPassword}}); res.StatusCode != http.StatusSeeOther {
		t.Errorf("sign in with the new password: %d", res.StatusCode)
	}
	t.Run("an expired link does not work", func(t *testing.T) {
		b.post(t, "/admin/reset", url.Values{"email": {u.Email}})
		p := strings.TrimPrefix(s.resetLink(t, u.Email, 2), testBase)
		s.clock.advance(clinic.ResetTokenLifetime)
		if res := b.get(t, p); res.StatusCode != http.StatusNotFound {
			t.Errorf("expired link: %d", res.StatusCode)
		}
	})
}

func TestLeadsAreAudited(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	s.postForm(t, "/contact", url.Values{"name": {"Jane Patient"}, "email": {"jane@example.com"}, "message": {"My back hurts after lifting."}})
	u, secret := s.staffUser(t, "fd@example.com", clinic.RoleFrontDesk, true)
	b := s.browser()
	b.signIn(t, u.Email, secret)
	list := b.get(t, "/admin/leads")
	if list.StatusCode != 200 || !strings.Contains(list.body, "Jane Patient") {
		t.Fatalf("leads: %d", list.StatusCode)
	}
	href := attr(list.all(t, "table.list a")[0], "href")
	one := b.get(t, href)
	if one.StatusCode != 200 || !strings.Contains(one.body, "My back hurts") {
		t.Fatalf("lead: %d", one.StatusCode)
	}
	if res := b.post(t, href, url.Values{"status": {"in_progress"}, "note": {"Called back, booked for Tuesday."}}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("update: %d %s", res.StatusCode, res.text(t, ".alert"))
	}
	if res := b.post(t, href, url.Values{"status": {"lost"}}); res.StatusCode != http.StatusBadRequest {
		t.Errorf("a bad status: %d", res.StatusCode)
	}
	if res := b.post(t, href, url.Values{"note": {strings.Repeat("x", clinic.MaxNoteLen+1)}}); res.StatusCode != http.StatusUnprocessableEntity {
		t.Errorf("a note too long: %d", res.StatusCode)
	}
	if res := b.get(t, "/admin/leads/999"); res.StatusCode != 404 {
		t.Errorf("unknown lead: %d", res.StatusCode)
	}
	es, _ := s.db.AuditEvents(context.Background(), clinic.AuditFilter{Action: "lead.", ActorID: u.ID, Limit: 100})
	seen := map[string]bool{}
	for _, e := range es {
		seen[e.Action] = true
		if strings.Contains(e.Detail+e.Record, "Jane") {
			t.Errorf("PHI in the audit log: %+v", e)
		}
	}
	for _, a := range []string{"lead.list", "lead.read", "lead.status", "lead.note"} {
		if !seen[a] {
			t.Errorf("no %s event", a)
		}
	}
	if broken, _, err := s.db.VerifyAudit(context.Background()); broken != 0 || err != nil {
		t.Errorf("the chain is broken at %d: %v", broken, err)
	}
}

func TestAuditLogPageAndCSV(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	u, secret := s.staffUser(t, "admin@example.com", clinic.RoleAdmin, true)
	b := s.browser()
	b.signIn(t, u.Email, secret)
	res := b.get(t, "/admin/audit?action=sign_in")
	if res.StatusCode != 200 || len(res.all(t, "table.list tbody tr")) == 0 {
		t.Fatalf("audit page: %d", res.StatusCode)
	}
	csv := b.get(t, "/admin/audit.csv")
	if csv.StatusCode != 200 || !strings.HasPrefix(csv.body, "id,time_utc,actor_id") || csv.Header.Get("Content-Type") != "text/csv; charset=utf-8" {
		t.Errorf("csv: %d %q", csv.StatusCode, csv.body[:min(60, len(csv.body))])
	}
	for _, q := range []string{"actor=x", "since=yesterday", "outcome=maybe", "before=-", "until=2026-13-01"} {
		if res := b.get(t, "/admin/audit?"+q); res.StatusCode != 400 {
			t.Errorf("%s: %d", q, res.StatusCode)
		}
	}
}

func TestCrossOriginAdminPostRefused(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	u, _ := s.staffUser(t, "ed@example.com", clinic.RoleEditor, false)
	b := s.browser()
	b.signIn(t, u.Email, "")
	req := httptest.NewRequest(http.MethodPost, "/admin/account/password", strings.NewReader("current=x"))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Sec-Fetch-Site", "cross-site")
	if res := b.send(t, req); res.StatusCode != http.StatusForbidden {
		t.Errorf("cross-site POST: %d", res.StatusCode)
	}
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }

func TestWeakHashIsUpgradedAtSignIn(t *testing.T) {
	t.Parallel()
	// The server of production, whose policy the hash must reach.
	s := newSiteWith(t, func(c *web.Config) { c.Passwords = nil })
	salt := []byte("0123456789abcdef")
	key := argon2.IDKey([]byte(testPassword), salt, 1, 8*1024, 1, 32)
	enc := base64.RawStdEncoding
	weak := "$argon2id$v=19$m=8192,t=1,p=1$" + enc.EncodeToString(salt) + "$" + enc.EncodeToString(key)
	u := &clinic.User{Email: "old@example.com", Name: "Old Hash", Role: clinic.RoleEditor, PasswordHash: weak}
	if err := s.db.CreateUser(context.Background(), u); err != nil {
		t.Fatal(err)
	}
	// A session from before, on another device.
	token, hash := auth.NewToken()
	if err := s.db.CreateSession(context.Background(), &clinic.Session{TokenHash: hash, UserID: u.ID}); err != nil {
		t.Fatal(err)
	}
	s.browser().signIn(t, u.Email, "")
	other := &browser{s: s, cookie: token, addr: "192.0.2.99:1"}
	if res := other.get(t, "/admin"); res.StatusCode != 200 {
		t.Errorf("the upgrade ended another session: %d", res.StatusCode)
	}
	got, err := s.db.User(context.Background(), u.ID)
	if err != nil {
		t.Fatal(err)
	}
	if got.PasswordHash == weak || !strings.HasPrefix(got.PasswordHash, "$argon2id$v=19$m=65536,t=3,p=1$") {
		t.Errorf("hash after sign-in: %q", got.PasswordHash)
	}
	if ok, rehash, err := auth.Verify(got.PasswordHash, testPassword); !ok || rehash || err != nil {
		t.Errorf("the new hash: ok=%v rehash=%v err=%v", ok, rehash, err)
	}
}

func TestAdminPagesMarkup(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	s.postForm(t, "/contact", url.Values{"name": {"Jane Patient"}, "email": {"jane@example.com"}, "message": {"Hello."}})
	u, secret := s.staffUser(t, "admin@example.com", clinic.RoleAdmin, true)
	b := s.browser()
	for _, path := range []string{"/admin/sign-in", "/admin/reset"} {
		res := b.get(t, path)
		if res.StatusCode != 200 {
			t.Fatalf("%s: %d", path, res.StatusCode)
		}
		checkMarkup(t, res)
	}
	b.signIn(t, u.Email, secret)
	v := postValues("Markup check", "Text.", "save")
	if res := b.post(t, "/admin/posts/new", v); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("save: %d", res.StatusCode)
	}
	b.post(t, "/admin/posts/markup-check", v)
	for _, path := range []string{"/admin", "/admin/account", "/admin/account/two-factor", "/admin/posts", "/admin/posts/new",
		"/admin/posts/markup-check", "/admin/posts/markup-check/revisions", "/admin/content", "/admin/content/pages/about",
		"/admin/content/doctors/new", "/admin/settings", "/admin/menu", "/admin/redirects", "/admin/tags", "/admin/media",
		"/admin/leads", "/admin/leads/1", "/admin/users", "/admin/audit"} {
		t.Run(path, func(t *testing.T) {
			res := b.get(t, path)
			if res.StatusCode != 200 {
				t.Fatalf("status %d", res.StatusCode)
			}
			checkMarkup(t, res)
			if len(res.all(t, "h1")) != 1 {
				t.Errorf("%d h1 elements", len(res.all(t, "h1")))
			}
		})
	}
	revs, _ := s.db.Revisions(t.Context(), "post", "markup-check")
	diff := b.get(t, "/admin/posts/markup-check/revisions?a="+itoa(revs[1].ID)+"&b="+itoa(revs[0].ID))
	checkMarkup(t, diff)
}

// resetLink waits for the n-th reset email to the address, which the
// server queues after it has answered, and returns its link.
func (s *site) resetLink(t *testing.T, to string, n int) string {
	t.Helper()
	for deadline := time.Now().Add(10 * time.Second); time.Now().Before(deadline); time.Sleep(10 * time.Millisecond) {
		mail, err := s.db.OutboxPending(context.Background(), 100)
		if err != nil {
			t.Fatal(err)
		}
		var links []string
		for _, m := range mail {
			if m.To == to && m.Kind == "staff_password_reset" {
				i := strings.Index(m.Body, testBase+"/admin/reset/")
				links = append(links, strings.Fields(m.Body[i:])[0])
			}
		}
		if len(links) >= n {
			return links[n-1]
		}
	}
	t.Fatalf("no reset email number %d to %s", n, to)
	return ""
}

func TestReviewedAttacksAreRefused(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	t.Run("no code can stand in for two-step sign-in that was never set up", func(t *testing.T) {
		u, _ := s.staffUser(t, "fd-none@example.com", clinic.RoleFrontDesk, false)
		b := s.browser()
		b.signIn(t, u.Email, "")
		code, _ := totp.GenerateCode("", s.clock.now())
		b.post(t, "/admin/sign-in/code", url.Values{"code": {code}})
		if res := b.get(t, "/admin/leads"); res.StatusCode != http.StatusSeeOther || !strings.HasPrefix(res.Header.Get("Location"), "/admin/account/two-factor") {
			t.Errorf("leads: %d %q", res.StatusCode, res.Header.Get("Location"))
		}
	})
	t.Run("a burst of parallel wrong passwords is held to the limit", func(t *testing.T) {
		u, _ := s.staffUser(t, "burst@example.com", clinic.RoleEditor, false)
		codes := make(chan int, 20)
		for i := range 20 {
			go func() {
				req := formRequest("/admin/sign-in", url.Values{"email": {u.Email}, "password": {"wrong guess " + itoa(int64(i))}})
				req.RemoteAddr = "198.51.100." + itoa(int64(i)) + ":1"
				rec := httptest.NewRecorder()
				s.srv.ServeHTTP(rec, req)
				codes <- rec.Code
			}()
		}
		wrong := 0
		for range 20 {
			if <-codes == http.StatusUnauthorized {
				wrong++
			}
		}
		if wrong != clinic.ThrottlePerAccount {
			t.Errorf("%d guesses were checked; the limit is %d", wrong, clinic.ThrottlePerAccount)
		}
	})
	t.Run("a huge email makes a small audit row", func(t *testing.T) {
		b := s.browser()
		b.post(t, "/admin/sign-in", url.Values{"email": {strings.Repeat("a", 900_000) + "@example.com"}, "password": {"whatever1"}})
		es, _ := s.db.AuditEvents(t.Context(), clinic.AuditFilter{Limit: 1})
		if len(es[0].Record)+len(es[0].Detail) > 500 {
			t.Errorf("audit row of %d bytes", len(es[0].Record)+len(es[0].Detail))
		}
	})
	t.Run("enrolment takes the secret from the session, not the form", func(t *testing.T) {
		u, _ := s.staffUser(t, "enrol@example.com", clinic.RoleEditor, false)
		b := s.browser()
		b.signIn(t, u.Email, "")
		weak := "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"
		code, _ := totp.GenerateCode(weak, s.clock.now())
		if res := b.post(t, "/admin/account/two-factor", url.Values{"secret": {weak}, "code": {code}}); res.StatusCode != http.StatusUnprocessableEntity {
			t.Errorf("a secret of the form's choosing: %d", res.StatusCode)
		}
		if res := b.post(t, "/admin/account/two-factor", url.Values{"secret": {strings.Repeat("A", 5000)}, "code": {"123456"}}); res.StatusCode >= 500 {
			t.Errorf("a garbled secret: %d", res.StatusCode)
		}
	})
	t.Run("replacing two-step sign-in needs the current password", func(t *testing.T) {
		u, secret := s.staffUser(t, "replace@example.com", clinic.RoleEditor, true)
		b := s.browser()
		b.signIn(t, u.Email, secret)
		page := b.get(t, "/admin/account/two-factor")
		fresh := page.text(t, ".secret")
		s.clock.advance(time.Minute)
		code, _ := totp.GenerateCode(fresh, s.clock.now())
		if res := b.post(t, "/admin/account/two-factor", url.Values{"code": {code}}); res.StatusCode != http.StatusUnprocessableEntity {
			t.Errorf("without the password: %d", res.StatusCode)
		}
		if res := b.post(t, "/admin/account/two-factor", url.Values{"code": {code}, "current": {testPassword}}); res.StatusCode != 200 {
			t.Errorf("with the password: %d %s", res.StatusCode, res.text(t, ".alert"))
		}
	})
	t.Run("a made-up reset link is refused before any work", func(t *testing.T) {
		b := s.browser()
		if res := b.post(t, "/admin/reset/made-up", url.Values{"password": {"a fine long password"}, "confirm": {"a fine long password"}}); res.StatusCode != 404 {
			t.Errorf("%d", res.StatusCode)
		}
	})
}

func TestUserFormsBadInput(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	u, secret := s.staffUser(t, "admin@example.com", clinic.RoleAdmin, true)
	b := s.browser()
	b.signIn(t, u.Email, secret)
	other, _ := s.staffUser(t, "other@example.com", clinic.RoleEditor, false)
	cases := []struct {
		name   string
		path   string
		form   url.Values
		status int
	}{
		{"no name", "/admin/users", url.Values{"email": {"a@example.com"}, "role": {"editor"}}, http.StatusUnprocessableEntity},
		{"a bad email", "/admin/users", url.Values{"name": {"A"}, "email": {"not an email"}, "role": {"editor"}}, http.StatusUnprocessableEntity},
		{"an unknown role", "/admin/users", url.Values{"name": {"A"}, "email": {"a@example.com"}, "role": {"owner"}}, http.StatusUnprocessableEntity},
		{"a name too long", "/admin/users", url.Values{"name": {strings.Repeat("n", 500)}, "email": {"a@example.com"}, "role": {"editor"}}, http.StatusUnprocessableEntity},
		{"an email taken", "/admin/users", url.Values{"name": {"A"}, "email": {"ADMIN@example.com"}, "role": {"editor"}}, http.StatusConflict},
		{"a user id that is no number", "/admin/users/x", url.Values{"action": {"disable"}}, http.StatusNotFound},
		{"an unknown user", "/admin/users/999", url.Values{"action": {"disable"}}, http.StatusNotFound},
		{"changing oneself", "/admin/users/" + itoa(u.ID), url.Values{"action": {"disable"}}, http.StatusBadRequest},
		{"an unknown action", "/admin/users/" + itoa(other.ID), url.Values{"action": {"promote"}}, http.StatusBadRequest},
		{"an unknown role for another user", "/admin/users/" + itoa(other.ID), url.Values{"action": {"role"}, "role": {"owner"}}, http.StatusBadRequest},
		{"a lead status that does not exist", "/admin/leads/1", url.Values{"status": {"lost"}}, http.StatusBadRequest},
		{"a status for a lead that does not exist", "/admin/leads/999", url.Values{"status": {"done"}}, http.StatusNotFound},
		{"a lead id that is no number", "/admin/leads/abc", url.Values{"status": {"done"}}, http.StatusNotFound},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			res := b.post(t, c.path, c.form)
			if res.StatusCode != c.status {
				t.Errorf("status %d, want %d (%s)", res.StatusCode, c.status, res.text(t, ".alert, main p"))
			}
		})
	}
	t.Run("a form sent back keeps what was typed", func(t *testing.T) {
		res := b.post(t, "/admin/users", url.Values{"name": {"Robin Typed"}, "email": {"bad"}, "role": {"editor"}})
		if attr(res.all(t, "#f-name")[0], "value") != "Robin Typed" {
			t.Error("the name was lost")
		}
	})
}
