package web_test

import (
	"net/http"
	"net/url"
	"strconv"
	"testing"

	"clinic"
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
