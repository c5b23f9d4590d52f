package web_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/pquerna/otp/totp"

	"clinic"
)

func TestPortalSignUpWithAnEmailThatIsThenVerified(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	ctx := context.Background()
	b := &patientBrowser{s: s}
	res := b.get(t, "/portal/sign-up")
	if res.StatusCode != http.StatusOK || res.text(t, "h1") != "Create your portal access" {
		t.Fatalf("sign-up page: %d %q", res.StatusCode, res.text(t, "h1"))
	}
	checkMarkup(t, res)
	if got := b.get(t, "/portal/sign-in"); len(got.all(t, `a[href="/portal/sign-up"]`)) != 1 {
		t.Error("the sign-in page does not offer to sign up")
	}
	link := strings.TrimPrefix(portalLinkMail(t, s, b, "new.patient@example.com"), testBase)
	if a, err := s.db.PortalAccountByEmail(ctx, "new.patient@example.com"); err != nil || !a.VerifiedAt.IsZero() {
		t.Fatalf("before the link: %+v, %v", a, err)
	}
	if res := b.post(t, link, nil); res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != "/portal/verify" {
		t.Fatalf("the link: %d %q", res.StatusCode, res.Header.Get("Location"))
	}
	a, err := s.db.PortalAccountByEmail(ctx, "new.patient@example.com")
	if err != nil || a.VerifiedAt.IsZero() || a.PatientID != 0 {
		t.Errorf("after the link: %+v, %v", a, err)
	}
	if res := b.get(t, "/portal/home"); res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != "/portal/verify" {
		t.Errorf("a verified address with no record reached home: %d %q", res.StatusCode, res.Header.Get("Location"))
	}
}

func TestPortalPasswordWorksOnlyWithAnAuthenticatorCode(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	ctx := context.Background()
	bookFor(t, s, "dr-samuel-okafor", testNow.Add(48*time.Hour), maria)
	b := signInPatient(t, s, maria)
	const pw = "correct horse battery"
	code := func(at time.Time, secret string) string { c, _ := totp.GenerateCode(secret, at); return c }

	res := b.get(t, "/portal/account/password")
	secret := res.text(t, ".secret")
	if res.StatusCode != http.StatusOK || len(secret) < 16 || len(res.all(t, "img.qr")) != 1 {
		t.Fatalf("set-up page: %d, secret %q", res.StatusCode, secret)
	}
	checkMarkup(t, res)
	t.Run("a bad password, a different repetition or a wrong code is refused", func(t *testing.T) {
		for _, c := range []struct{ name, password, confirm, code, field string }{
			{"too short", "abc", "abc", code(s.clock.now(), secret), "password"},
			{"a common password", "password1", "password1", code(s.clock.now(), secret), "password"},
			{"not the same twice", pw, pw + "!", code(s.clock.now(), secret), "confirm"},
			{"a stale code", pw, pw, code(s.clock.now().Add(-10*time.Minute), secret), "code"},
			{"no code", pw, pw, "", "code"},
			{"a code from another secret", pw, pw, code(s.clock.now(), "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"), "code"},
		} {
			res := b.post(t, "/portal/account/password", url.Values{"password": {c.password}, "confirm": {c.confirm}, "code": {c.code}})
			if res.StatusCode != http.StatusUnprocessableEntity || len(res.all(t, "#f-"+c.field+"-error")) != 1 {
				t.Errorf("%s: %d, %q", c.name, res.StatusCode, res.text(t, ".error"))
			}
		}
	})
	enrolled := code(s.clock.now(), secret)
	if res := b.post(t, "/portal/account/password", url.Values{"password": {pw}, "confirm": {pw}, "code": {enrolled}}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("save: %d %q", res.StatusCode, res.text(t, ".error"))
	}
	if es, _ := s.db.AuditEvents(ctx, clinic.AuditFilter{Action: "portal.password"}); len(es) != 1 {
		t.Errorf("%d password events audited", len(es))
	}
	other := &patientBrowser{s: s}
	signIn := func(email, password, code string) *response {
		return other.post(t, "/portal/sign-in/password", url.Values{"email": {email}, "password": {password}, "code": {code}})
	}
	t.Run("a wrong password, an unknown address or a code used already get the same answer", func(t *testing.T) {
		for name, res := range map[string]*response{
			"wrong password":             signIn(maria.Email, pw+"x", enrolled),
			"unknown address":            signIn("nobody@example.com", pw, enrolled),
			"the code used to set it up": signIn(maria.Email, pw, enrolled),
			"no code":                    signIn(maria.Email, pw, ""),
		} {
			if res.StatusCode != http.StatusUnauthorized || !strings.Contains(res.text(t, ".alert"), "email address, password or code is not right") || other.cookie != "" {
				t.Errorf("%s: %d %q", name, res.StatusCode, res.text(t, ".alert"))
			}
		}
		es, _ := s.db.AuditEvents(ctx, clinic.AuditFilter{Action: "portal.sign_in", Outcome: clinic.AuditRefused})
		if len(es) != 4 {
			t.Errorf("%d refusals audited", len(es))
		}
		for _, e := range es {
			if strings.Contains(e.Record+e.Detail, "example.com") {
				t.Errorf("an address in the audit log: %+v", e)
			}
		}
	})
	t.Run("the password with a fresh code signs in", func(t *testing.T) {
		s.clock.advance(30 * time.Second)
		res := signIn(" Maria@Example.com", pw, code(s.clock.now(), secret))
		if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != "/portal/home" || other.cookie == "" {
			t.Fatalf("sign in: %d %q", res.StatusCode, res.text(t, ".alert"))
		}
		if home := other.get(t, "/portal/home"); home.StatusCode != http.StatusOK {
			t.Errorf("home: %d", home.StatusCode)
		}
	})
	t.Run("replacing it needs the current password", func(t *testing.T) {
		again := other.get(t, "/portal/account/password")
		s2 := again.text(t, ".secret")
		form := url.Values{"password": {pw + " two"}, "confirm": {pw + " two"}, "code": {code(s.clock.now(), s2)}}
		if res := other.post(t, "/portal/account/password", form); res.StatusCode != http.StatusUnprocessableEntity || len(res.all(t, "#f-current-error")) != 1 {
			t.Errorf("without the current password: %d", res.StatusCode)
		}
	})
	t.Run("after it is removed it no longer signs in", func(t *testing.T) {
		if res := other.post(t, "/portal/account/password/remove", nil); res.StatusCode != http.StatusSeeOther {
			t.Fatalf("remove: %d", res.StatusCode)
		}
		s.clock.advance(30 * time.Second)
		other.cookie = ""
		if res := signIn(maria.Email, pw, code(s.clock.now(), secret)); res.StatusCode != http.StatusUnauthorized {
			t.Errorf("a removed password: %d", res.StatusCode)
		}
	})
	t.Run("failures are throttled like staff sign-in", func(t *testing.T) {
		var last *response
		for range clinic.ThrottlePerAccount + 1 {
			last = signIn(maria.Email, "wrong password", "123456")
		}
		if last.StatusCode != http.StatusTooManyRequests {
			t.Errorf("after %d failures: %d", clinic.ThrottlePerAccount+1, last.StatusCode)
		}
	})
}
