package web_test

import (
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"clinic"
)

// offSite says why a browser given loc as a Location would leave
// testBase's origin, or "" when it stays. Browsers read "\" as "/" and drop
// tabs and newlines, so those must never appear in a Location at all.
func offSite(loc string) string {
	for _, c := range []byte(loc) {
		if c <= ' ' || c == 0x7f || c == '\\' {
			return "a control character, space or backslash"
		}
	}
	if !strings.HasPrefix(loc, "/") || strings.HasPrefix(loc, "//") {
		return "not a path of this site"
	}
	base, _ := url.Parse(testBase + "/some/page")
	u, err := base.Parse(loc)
	if err != nil || u.Host != "clinic.example" {
		return "resolves elsewhere"
	}
	return ""
}

func TestRedirectsStayOnThisSite(t *testing.T) {
	s := newSite(t)
	paths := []string{
		"/%5Cevil.example/", "/%09/evil.example/", "//evil.example/", `/\/evil.example/`, "/%2F%2Fevil.example/",
		"/%5C%5Cevil.example/", `/\evil.example/`, "/%2F%5Cevil.example/", "/%5C/evil.example/", "/%0D%0A/evil.example/",
		"/%0A%0Devil.example/", "/%09%09/evil.example/", "/%20/evil.example/", "/.%2F%2Fevil.example/", "/%E3%80%82evil.example/",
		"///evil.example/", "/%2F/evil.example//", "/blog//", "/blog/%5C%5Cevil.example/", "/%7F/evil.example/",
	}
	for _, p := range paths {
		t.Run(p, func(t *testing.T) {
			res := s.get(t, p)
			if res.StatusCode >= 500 {
				t.Fatalf("status %d", res.StatusCode)
			}
			if loc := res.Header.Get("Location"); loc != "" {
				if why := offSite(loc); why != "" {
					t.Errorf("Location %q: %s", loc, why)
				}
			}
		})
	}
	t.Run("a trailing slash still goes to the page without it", func(t *testing.T) {
		res := s.get(t, "/blog/")
		if res.StatusCode != http.StatusMovedPermanently || res.Header.Get("Location") != "/blog" {
			t.Errorf("%d %q", res.StatusCode, res.Header.Get("Location"))
		}
	})
}

func TestSignInNextStaysOnThisSite(t *testing.T) {
	s := newSite(t)
	u, _ := s.staffUser(t, "ed@example.com", clinic.RoleEditor, false)
	for _, next := range []string{"//evil.example", `/\evil.example`, "https://evil.example/admin", "/admin\t/evil", `/admin\..\..\evil.example`,
		"/admin/../\\evil.example", "/admin/..//evil.example", "/admin%2F..%2F%2Fevil.example", "\t/admin", "/admin\r\nSet-Cookie: x=y"} {
		t.Run(next, func(t *testing.T) {
			req := httptest.NewRequest(http.MethodPost, "/admin/sign-in", strings.NewReader(url.Values{
				"email": {u.Email}, "password": {testPassword}, "next": {next}}.Encode()))
			req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
			res := s.browser().send(t, req)
			if res.StatusCode != http.StatusSeeOther {
				t.Fatalf("status %d", res.StatusCode)
			}
			if why := offSite(res.Header.Get("Location")); why != "" {
				t.Errorf("Location %q: %s", res.Header.Get("Location"), why)
			}
		})
	}
}
