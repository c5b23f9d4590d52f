package web_test

import (
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
)

// bookedCookieOf returns the Set-Cookie value of the booked-times cookie.
func bookedCookieOf(res *response) string {
	for _, c := range res.Cookies() {
		if c.Name == "clinic_booked" {
			return c.Value
		}
	}
	return ""
}

func getWithCookie(t *testing.T, s *site, target, cookie string) *response {
	t.Helper()
	req := httptest.NewRequest(http.MethodGet, target, nil)
	if cookie != "" {
		req.Header.Set("Cookie", "clinic_booked="+cookie)
	}
	return s.do(t, req)
}

func TestGoingBackAfterBookingShowsTheBooking(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	slot := firstSlot(t, s, "type=follow-up&location=seattle&doctor=dr-samuel-okafor")
	res := s.postForm(t, "/appointments/details", patientForm(t, s, slot))
	cookie := bookedCookieOf(res)
	manage, _, _ := strings.Cut(res.Header.Get("Location"), "?")
	if res.StatusCode != http.StatusSeeOther || cookie == "" {
		t.Fatalf("book: %d, cookie %q", res.StatusCode, cookie)
	}
	for _, c := range res.Cookies() {
		if c.Name == "clinic_booked" && (!c.HttpOnly || c.Path != "/appointments" || c.SameSite != http.SameSiteLaxMode || !c.Secure) {
			t.Errorf("cookie attributes: %+v", c)
		}
	}
	t.Run("the browser that booked it sees its appointment", func(t *testing.T) {
		back := getWithCookie(t, s, slot, cookie)
		if back.StatusCode != http.StatusSeeOther || !strings.HasPrefix(back.Header.Get("Location"), manage+"?done=yours") {
			t.Fatalf("back: %d %q", back.StatusCode, back.Header.Get("Location"))
		}
		page := s.get(t, back.Header.Get("Location"))
		if !strings.Contains(page.text(t, "[role=status]"), "You have booked this time") || strings.Contains(page.body, "just taken") {
			t.Errorf("page: %q", page.text(t, "main"))
		}
	})
	t.Run("another browser is told the time is taken", func(t *testing.T) {
		if other := getWithCookie(t, s, slot, ""); other.StatusCode != http.StatusConflict {
			t.Errorf("%d", other.StatusCode)
		}
		if forged := getWithCookie(t, s, slot, "made-up.token~"+strings.Repeat("x", 300)); forged.StatusCode != http.StatusConflict {
			t.Errorf("a forged cookie: %d", forged.StatusCode)
		}
	})
	t.Run("once it is cancelled the cookie shows nothing", func(t *testing.T) {
		if r := s.postForm(t, manage+"/cancel", url.Values{"confirm": {"yes"}}); r.StatusCode != http.StatusSeeOther {
			t.Fatalf("cancel: %d", r.StatusCode)
		}
		if back := getWithCookie(t, s, slot, cookie); back.StatusCode == http.StatusSeeOther {
			t.Errorf("back after cancelling: %d %q", back.StatusCode, back.Header.Get("Location"))
		}
	})
}

func TestABookingLinkOfAPastTimeSaysSo(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	for _, start := range []string{"2020-01-01T09:00:00-08:00", "2026-11-20T09:00:00-08:00", "2026-11-25T08:00:00-08:00"} {
		r := s.get(t, "/appointments/details?type=follow-up&location=seattle&doctor=dr-samuel-okafor&start="+url.QueryEscape(start))
		alert := r.text(t, ".alert")
		if r.StatusCode != http.StatusConflict || !strings.Contains(alert, "has passed") || strings.Contains(r.body, "range") {
			t.Errorf("%s: %d %q", start, r.StatusCode, alert)
		}
		if len(r.all(t, "a.slot")) == 0 {
			t.Errorf("%s: no open times offered", start)
		}
	}
}

func TestDateOfBirthIsToldWhatIsWrong(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	form := patientForm(t, s, firstSlot(t, s, "type=follow-up&location=seattle&doctor=dr-samuel-okafor"))
	page := s.get(t, firstSlot(t, s, "type=follow-up&location=seattle&doctor=dr-samuel-okafor"))
	if label := page.text(t, `label[for="f-dob"]`); label != "Date of birth" {
		t.Errorf("label %q", label)
	}
	for in, want := range map[string]string{
		"1980-02-30": "February 30, 1980 does not exist",
		"02/30/1980": "February 30, 1980 does not exist",
		"1980-13-01": "month",
		"30.02.1980": "month, day and year",
		"2099-01-01": "not a date a patient could be born on",
	} {
		r := s.postForm(t, "/appointments/details", withField(form, "dob", in))
		if r.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(r.text(t, "#f-dob-error"), want) {
			t.Errorf("%s: %d %q, want %q", in, r.StatusCode, r.text(t, "#f-dob-error"), want)
		}
	}
	if r := s.postForm(t, "/appointments/details", withField(form, "dob", "07/04/1961")); r.StatusCode != http.StatusSeeOther {
		t.Errorf("a US date: %d %q", r.StatusCode, r.text(t, ".error"))
	}
}

func TestShowOpenTimesOpensAtTheTimes(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	r := s.get(t, "/appointments?type=follow-up&location=seattle")
	if action := attr(r.all(t, "form.booking-choice")[0], "action"); action != "/appointments#times" {
		t.Errorf("form action %q", action)
	}
	if len(r.all(t, "section#times")) != 1 {
		t.Error("no section#times")
	}
	for _, a := range r.all(t, ".pager a") {
		if !strings.HasSuffix(attr(a, "href"), "#times") {
			t.Errorf("week link %q", attr(a, "href"))
		}
	}
}
