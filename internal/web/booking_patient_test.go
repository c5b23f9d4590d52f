package web_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"clinic"
	"clinic/internal/mail"
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

func TestASecondBookingOfTheSamePatientAsksFirst(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	links := openLinks(t, s, "type=follow-up&location=seattle&doctor=dr-maya-lindqvist", 3, 30*time.Minute)
	first := patientForm(t, s, links[0])
	if r := s.postForm(t, "/appointments/details", first); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("first booking: %d", r.StatusCode)
	}
	same := func(link string) url.Values {
		v := patientForm(t, s, link)
		v.Set("email", strings.ToUpper(first.Get("email"))) // one address, however it is typed
		return v
	}
	second := same(links[1])
	r := s.postForm(t, "/appointments/details", second)
	if r.StatusCode != http.StatusConflict || !strings.Contains(r.text(t, "#already"), "Follow-up") || r.text(t, `form[action="/appointments/details"] button`) != "Book another anyway" {
		t.Fatalf("a second booking the same day: %d %q", r.StatusCode, r.text(t, "#already"))
	}
	if strings.Contains(r.text(t, "#already"), "Lindqvist") {
		t.Error("the question names the clinician of the other booking")
	}
	as, _ := s.db.Appointments(context.Background(), clinic.AppointmentFilter{From: testNow, To: testNow.Add(60 * 24 * time.Hour)})
	if len(as) != 1 {
		t.Fatalf("%d appointments after the question, want 1", len(as))
	}
	again := withField(second, "again", "yes")
	if r := s.postForm(t, "/appointments/details", again); r.StatusCode != http.StatusSeeOther {
		t.Errorf("booking another anyway: %d %q", r.StatusCode, r.text(t, ".alert"))
	}
	t.Run("someone else with the same email is not asked", func(t *testing.T) {
		child := withField(same(links[2]), "dob", "2012-03-04")
		if r := s.postForm(t, "/appointments/details", child); r.StatusCode != http.StatusSeeOther {
			t.Errorf("%d %q", r.StatusCode, r.text(t, "#already"))
		}
	})
}

func TestWaitlistOncePerPatientWithALinkToLeave(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	ctx := context.Background()
	if r := s.postForm(t, "/appointments/waitlist", waitlistForm()); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("join: %d %q", r.StatusCode, r.text(t, ".alert"))
	}
	r := s.postForm(t, "/appointments/waitlist", withField(waitlistForm(), "before", "2027-01-10"))
	if r.StatusCode != http.StatusConflict || !strings.Contains(r.text(t, ".alert"), "already") {
		t.Errorf("joining twice: %d %q", r.StatusCode, r.text(t, ".alert"))
	}
	firstAvailable := withField(waitlistForm(), "doctor", "")
	if r := s.postForm(t, "/appointments/waitlist", firstAvailable); r.StatusCode != http.StatusSeeOther {
		t.Errorf("the first available clinician: %d %q", r.StatusCode, r.text(t, ".alert"))
	}
	if r := s.get(t, "/appointments/waitlist?type=follow-up&location=seattle"); r.StatusCode != http.StatusOK || !strings.Contains(r.text(t, "main"), "any of our clinicians") {
		t.Errorf("the form for the first available: %d", r.StatusCode)
	}
	es, err := s.db.Waitlist(ctx, "")
	if err != nil || len(es) != 2 {
		t.Fatalf("waitlist: %v, %d entries", err, len(es))
	}
	pending, _ := s.db.OutboxPending(ctx, 100)
	var joined *clinic.OutboxMessage
	for _, m := range pending {
		if m.Kind == clinic.MailWaitlistJoined && m.Waitlist == es[0].ID {
			joined = m
		}
	}
	if joined == nil || joined.Body != "" || joined.To != "" {
		t.Fatalf("the joined message in the outbox: %+v", joined)
	}
	if err := s.srv.ComposeMail(ctx, joined); err != nil || joined.To != "ann.waiting@example.com" {
		t.Fatalf("compose: %v, to %q", err, joined.To)
	}
	i := strings.Index(joined.Body, testBase+"/appointments/waitlist/leave/")
	if i < 0 {
		t.Fatalf("no link to leave in %q", joined.Body)
	}
	leave := strings.TrimPrefix(strings.Fields(joined.Body[i:])[0], testBase)
	if r := s.get(t, leave); r.StatusCode != http.StatusOK || len(r.all(t, `form[method=post] button`)) != 1 {
		t.Fatalf("the leave page: %d", r.StatusCode)
	}
	if r := s.postForm(t, leave, nil); r.StatusCode != http.StatusOK || !strings.Contains(r.text(t, "[role=status]"), "left the waitlist") {
		t.Errorf("leaving: %d %q", r.StatusCode, r.text(t, "main"))
	}
	if e, _ := s.db.WaitlistEntry(ctx, es[0].ID); e.Status != clinic.WaitWithdrawn {
		t.Errorf("status after leaving: %s", e.Status)
	}
	if err := s.srv.ComposeMail(ctx, joined); !mail.Permanent(err) {
		t.Errorf("the joined message after leaving: %v", err)
	}
	for _, bad := range []string{"/appointments/waitlist/leave/AQ.AAAAAAAAAAAAAAAAAAAAAA", "/appointments/waitlist/leave/nope", leave + "x"} {
		if r := s.get(t, bad); r.StatusCode != http.StatusNotFound {
			t.Errorf("%s: %d", bad, r.StatusCode)
		}
	}
}

func TestAFirstAvailableWaitlistGetsAnyClinician(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	ctx := context.Background()
	link := firstSlot(t, s, "type=follow-up&location=seattle&doctor=dr-samuel-okafor")
	booked := s.postForm(t, "/appointments/details", patientForm(t, s, link))
	manage, _, _ := strings.Cut(booked.Header.Get("Location"), "?")
	if r := s.postForm(t, "/appointments/waitlist", withField(waitlistForm(), "doctor", "")); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("join: %d", r.StatusCode)
	}
	if r := s.postForm(t, manage+"/cancel", url.Values{"confirm": {"yes"}}); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("cancel: %d", r.StatusCode)
	}
	es, _ := s.db.Waitlist(ctx, "")
	if len(es) != 1 || es[0].Status != clinic.WaitOffered || es[0].Appointment == 0 {
		t.Fatalf("after the cancellation: %+v", es)
	}
	hold, _ := s.db.Appointment(ctx, es[0].Appointment)
	if hold.Provider != "dr-samuel-okafor" || hold.Patient.Email != "ann.waiting@example.com" {
		t.Errorf("the hold: %s for %s", hold.Provider, hold.Patient.Email)
	}
}
