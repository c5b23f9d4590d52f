package web_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/emersion/go-ical"

	"clinic"
)

// firstSlot opens the booking page for a choice and returns the link of
// its first open time.
func firstSlot(t *testing.T, s *site, query string) string {
	t.Helper()
	r := s.get(t, "/appointments?"+query)
	if r.StatusCode != 200 {
		t.Fatalf("booking page: %d", r.StatusCode)
	}
	links := r.all(t, "a.slot")
	if len(links) == 0 {
		t.Fatalf("no open times for %s", query)
	}
	return attr(links[0], "href")
}

// patientForm is the details form for the time of slot link, filled in.
// patients numbers the patients of patientForm.
var patients atomic.Int64

func patientForm(t *testing.T, s *site, link string) url.Values {
	t.Helper()
	r := s.get(t, link)
	if r.StatusCode != 200 {
		t.Fatalf("details page: %d", r.StatusCode)
	}
	v := url.Values{}
	for _, in := range r.all(t, `form[action="/appointments/details"] input[type=hidden]`) {
		v.Set(attr(in, "name"), attr(in, "value"))
	}
	v.Set("name", "Rosa Díaz")
	v.Set("dob", "1961-07-04")
	v.Set("phone", "(206) 555-0142")
	// Each form is another patient's, unless a test makes two alike: the
	// same email and date of birth is asked before booking twice.
	v.Set("email", fmt.Sprintf("rosa+%d@example.com", patients.Add(1)))
	v.Set("reason", "Sciatica, left leg")
	return v
}

func TestBookingOnline(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	ctx := context.Background()
	link := firstSlot(t, s, "type=new-consultation&location=seattle&doctor=dr-maya-lindqvist")
	form := patientForm(t, s, link)
	res := s.postForm(t, "/appointments/details", form)
	if res.StatusCode != http.StatusSeeOther || !strings.Contains(res.Header.Get("Location"), "?done=booked") {
		t.Fatalf("booking: %d %s", res.StatusCode, res.text(t, ".alert"))
	}
	manage := res.Header.Get("Location")
	start, _ := time.Parse(time.RFC3339, form.Get("start"))

	t.Run("the first time offered respects the notice and the hours", func(t *testing.T) {
		local := start.In(mustZone(t))
		if !start.After(testNow.Add(2*time.Hour)) || local.Hour() < 8 || local.Hour() >= 17 || local.Weekday() == time.Saturday || local.Weekday() == time.Sunday {
			t.Errorf("first slot at %v", local)
		}
	})
	t.Run("the appointment is stored with the patient's details", func(t *testing.T) {
		as, err := s.db.ProviderAppointments(ctx, "dr-maya-lindqvist", start, start.Add(time.Hour))
		if err != nil || len(as) != 1 || as[0].Patient.Name != "Rosa Díaz" || as[0].End.Sub(as[0].Start) != 45*time.Minute || as[0].Buffer != 15*time.Minute {
			t.Fatalf("stored: %+v, %v", as, err)
		}
	})
	t.Run("the manage page shows it and keeps the patient's name out of the page", func(t *testing.T) {
		r := s.get(t, manage)
		if r.StatusCode != 200 || !strings.Contains(r.text(t, ".notice"), "booked") || r.Header.Get("Cache-Control") != "no-store" {
			t.Fatalf("manage: %d %q", r.StatusCode, r.text(t, ".notice"))
		}
		if strings.Contains(r.body, "Rosa") || len(r.all(t, `meta[name=robots][content*=noindex]`)) != 1 {
			t.Error("the manage page names the patient or can be indexed")
		}
		checkMarkup(t, r)
	})
	t.Run("a second submit of the same form books nothing more", func(t *testing.T) {
		again := s.postForm(t, "/appointments/details", form)
		if again.StatusCode != http.StatusSeeOther || again.Header.Get("Location") != manage {
			t.Errorf("double submit: %d %s", again.StatusCode, again.Header.Get("Location"))
		}
		as, _ := s.db.ProviderAppointments(ctx, "dr-maya-lindqvist", start, start.Add(time.Hour))
		if len(as) != 1 {
			t.Errorf("%d appointments", len(as))
		}
	})
	t.Run("the time is gone for the next patient, who sees the nearest times", func(t *testing.T) {
		other := patientForm(t, s, firstSlot(t, s, "type=new-consultation&location=seattle&doctor=dr-maya-lindqvist"))
		if other.Get("key") == form.Get("key") {
			t.Fatal("two forms share an idempotency key")
		}
		other.Set("start", form.Get("start"))
		r := s.postForm(t, "/appointments/details", other)
		if r.StatusCode != http.StatusConflict || !strings.Contains(r.text(t, "h1"), "This time was just taken") || len(r.all(t, "a.slot")) == 0 {
			t.Errorf("taken: %d %q, %d nearest", r.StatusCode, r.text(t, "h1"), len(r.all(t, "a.slot")))
		}
		got := s.get(t, link)
		if got.StatusCode != http.StatusConflict {
			t.Errorf("the details page of a taken time: %d", got.StatusCode)
		}
		all := got.all(t, `a[href^="/appointments?"]`)
		if len(all) == 0 || len(s.get(t, attr(all[0], "href")).all(t, "a.slot")) == 0 {
			t.Error("the link to all open times does not show them")
		}
	})
	t.Run("the calendar file parses and holds the local time", func(t *testing.T) {
		r := s.get(t, manage[:strings.Index(manage, "?")]+"/appointment.ics")
		if r.StatusCode != 200 || !strings.HasPrefix(r.Header.Get("Content-Type"), "text/calendar") {
			t.Fatalf("ics: %d %s", r.StatusCode, r.Header.Get("Content-Type"))
		}
		cal, err := ical.NewDecoder(strings.NewReader(r.body)).Decode()
		if err != nil {
			t.Fatal(err)
		}
		ev := cal.Events()
		if len(ev) != 1 {
			t.Fatalf("%d events", len(ev))
		}
		got, err := ev[0].DateTimeStart(nil)
		if err != nil || !got.Equal(start) || ev[0].Props.Get(ical.PropDateTimeStart).Params.Get(ical.ParamTimezoneID) != "America/Los_Angeles" {
			t.Errorf("DTSTART %v, %v; want %v", got, err, start)
		}
	})
}

func TestBookingRefusesBadInput(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	link := firstSlot(t, s, "type=follow-up&location=seattle")
	good := patientForm(t, s, link)
	bad := []struct {
		name, field, value, errField string
	}{
		{"no name", "name", "", "name"},
		{"a name of 500 characters", "name", strings.Repeat("n", 500), "name"},
		{"no date of birth", "dob", "", "dob"},
		{"a date of birth in the future", "dob", "2031-01-01", "dob"},
		{"a date of birth as words", "dob", "fourth of july", "dob"},
		{"a date of birth 200 years ago", "dob", "1826-01-01", "dob"},
		{"no email", "email", "", "email"},
		{"an email without a domain", "email", "rosa@", "email"},
		{"a phone with letters", "phone", "call me", "phone"},
		{"no phone", "phone", "", "phone"},
		{"a phone of two digits", "phone", "12", "phone"},
		{"a reason of 2,000 characters", "reason", strings.Repeat("r", 2000), "reason"},
		{"invalid UTF-8 in the name", "name", "Ro\xffsa", "name"},
	}
	for _, c := range bad {
		t.Run(c.name+" is refused with the form kept", func(t *testing.T) {
			v := withField(good, c.field, c.value)
			r := s.postForm(t, "/appointments/details", v)
			if r.StatusCode != http.StatusUnprocessableEntity || len(r.all(t, "#f-"+c.errField+"-error")) != 1 {
				t.Errorf("%d, error for %s: %q", r.StatusCode, c.errField, r.text(t, ".error"))
			}
			if r.text(t, "#f-email") == "" && attr(r.all(t, "#f-email")[0], "value") != v.Get("email") {
				t.Error("the email typed was not kept")
			}
		})
	}
	links := []struct{ name, target string }{
		{"an unknown type", "/appointments/details?type=surgery&location=seattle&doctor=dr-maya-lindqvist&start=2026-12-01T09:00:00-08:00"},
		{"a doctor who is not at the office", "/appointments/details?type=follow-up&location=kent&doctor=dr-maya-lindqvist&start=2026-12-01T09:00:00-08:00"},
		{"no doctor", "/appointments/details?type=follow-up&location=seattle&start=2026-12-01T09:00:00-08:00"},
		{"a garbled time", "/appointments/details?type=follow-up&location=seattle&doctor=dr-maya-lindqvist&start=tomorrow"},
		{"no time", "/appointments/details?type=follow-up&location=seattle&doctor=dr-maya-lindqvist"},
	}
	for _, c := range links {
		t.Run("a details link with "+c.name+" is a 400", func(t *testing.T) {
			if r := s.get(t, c.target); r.StatusCode != http.StatusBadRequest {
				t.Errorf("%d", r.StatusCode)
			}
		})
	}
	t.Run("a key that is not one of ours books without one", func(t *testing.T) {
		if r := s.postForm(t, "/appointments/details", withField(good, "key", "AAAAAAAAAAAAAAAA\x00\xff")); r.StatusCode != http.StatusSeeOther {
			t.Errorf("%d", r.StatusCode)
		}
	})
	t.Run("a time outside the doctor's hours cannot be booked", func(t *testing.T) {
		v := withField(good, "start", "2026-12-06T03:00:00-08:00") // a Sunday night
		if r := s.postForm(t, "/appointments/details", v); r.StatusCode != http.StatusConflict || !strings.Contains(r.text(t, "h1"), "not available") {
			t.Errorf("%d %q", r.StatusCode, r.text(t, "h1"))
		}
	})
	choices := []struct{ name, query string }{
		{"an unknown office", "type=follow-up&location=atlantis"},
		{"a doctor who is not at the office", "type=follow-up&location=kent&doctor=dr-maya-lindqvist"},
	}
	for _, c := range choices {
		t.Run("the booking page with "+c.name+" says what to fix", func(t *testing.T) {
			r := s.get(t, "/appointments?"+c.query)
			if r.StatusCode != http.StatusUnprocessableEntity || r.text(t, ".alert") == "" {
				t.Errorf("%d %q", r.StatusCode, r.text(t, ".alert"))
			}
		})
	}
	t.Run("a link from an office's page preselects it", func(t *testing.T) {
		r := s.get(t, "/appointments?location=seattle")
		if r.StatusCode != 200 || len(r.all(t, `#f-location option[value=seattle][selected]`)) != 1 || len(r.all(t, "a.slot")) != 0 {
			t.Errorf("%d", r.StatusCode)
		}
	})
	for _, week := range []string{"2020-01-01", "2030-01-01", "next", "2026-13-01"} {
		t.Run("the week "+week+" falls back to this week", func(t *testing.T) {
			r := s.get(t, "/appointments?type=follow-up&location=seattle&week="+week)
			if r.StatusCode != http.StatusUnprocessableEntity || len(r.all(t, "a.slot")) == 0 {
				t.Errorf("%d, %d slots", r.StatusCode, len(r.all(t, "a.slot")))
			}
		})
	}
}

func TestManagingAnAppointment(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	ctx := context.Background()
	form := patientForm(t, s, firstSlot(t, s, "type=follow-up&location=seattle&doctor=dr-samuel-okafor"))
	res := s.postForm(t, "/appointments/details", form)
	first, _, _ := strings.Cut(res.Header.Get("Location"), "?")
	moveLink := first + "/move"
	page := s.get(t, moveLink)
	times := page.all(t, `a.slot`)
	if page.StatusCode != 200 || len(times) < 2 {
		t.Fatalf("move page: %d, %d times", page.StatusCode, len(times))
	}
	ask := s.get(t, attr(times[1], "href"))
	if ask.StatusCode != 200 || ask.text(t, "h1") != "Move your appointment?" {
		t.Fatalf("the move asks first: %d %q", ask.StatusCode, ask.text(t, "h1"))
	}
	confirm := url.Values{}
	for _, in := range ask.all(t, `form[method=post] input[type=hidden]`) {
		confirm.Set(attr(in, "name"), attr(in, "value"))
	}
	newStart := confirm.Get("start")
	moved := s.postForm(t, moveLink, withField(confirm, "reason", "A school run moved."))
	if moved.StatusCode != http.StatusSeeOther || !strings.HasSuffix(moved.Header.Get("Location"), "?done=moved") {
		t.Fatalf("move: %d %s", moved.StatusCode, moved.text(t, ".alert"))
	}
	second, _, _ := strings.Cut(moved.Header.Get("Location"), "?")
	t.Run("the appointment moved and its old time is free", func(t *testing.T) {
		want, _ := time.Parse(time.RFC3339, newStart)
		old, _ := time.Parse(time.RFC3339, form.Get("start"))
		as, _ := s.db.ProviderAppointments(ctx, "dr-samuel-okafor", old.Add(-time.Hour), want.Add(time.Hour))
		if len(as) != 1 || !as[0].Start.Equal(want) || as[0].Sequence != 1 {
			t.Errorf("after the move: %+v", as)
		}
	})
	t.Run("the old link says the appointment changed, shows nothing of it now and cannot act", func(t *testing.T) {
		r := s.get(t, first)
		if r.StatusCode != 200 || !strings.Contains(r.text(t, ".alert"), "newest email") || len(r.all(t, `form[action$="/cancel"]`)) != 0 {
			t.Errorf("old link: %d %q", r.StatusCode, r.text(t, ".alert"))
		}
		want, _ := time.Parse(time.RFC3339, newStart)
		local := want.In(mustZone(t))
		for _, current := range []string{local.Format("3:04 PM"), local.Format("January 2"), "Okafor", "Seattle", second} {
			if strings.Contains(r.text(t, "main"), current) || strings.Contains(r.body, second) {
				t.Errorf("the old link shows %q of the appointment as it is now", current)
			}
		}
		if r := s.postForm(t, first+"/cancel", nil); r.StatusCode != http.StatusConflict {
			t.Errorf("cancel through the old link: %d", r.StatusCode)
		}
		if r := s.get(t, first+"/appointment.ics"); r.StatusCode != http.StatusConflict || strings.Contains(r.body, second) {
			t.Errorf("the calendar file through the old link: %d", r.StatusCode)
		}
	})
	t.Run("cancelling through the new link asks first, then frees the time", func(t *testing.T) {
		ask := s.get(t, second+"/cancel")
		if ask.StatusCode != http.StatusOK || ask.text(t, "h1") != "Cancel your appointment?" {
			t.Fatalf("ask: %d %q", ask.StatusCode, ask.text(t, "h1"))
		}
		if r := s.postForm(t, second+"/cancel", nil); r.StatusCode != http.StatusOK || r.text(t, "h1") != "Cancel your appointment?" {
			t.Errorf("a post without confirming asks again: %d", r.StatusCode)
		}
		r := s.postForm(t, second+"/cancel", url.Values{"confirm": {"yes"}, "reason": {"I feel better."}})
		if r.StatusCode != http.StatusSeeOther {
			t.Fatalf("cancel: %d %s", r.StatusCode, r.text(t, ".alert"))
		}
		third, _, _ := strings.Cut(r.Header.Get("Location"), "?")
		if page := s.get(t, third); !strings.Contains(page.text(t, ".summary"), "cancelled") {
			t.Errorf("after cancelling: %q", page.text(t, ".summary"))
		}
		if page := s.get(t, second); !strings.Contains(page.text(t, ".alert"), "changed since") || strings.Contains(page.text(t, "main"), "cancelled") {
			t.Errorf("the link before cancelling: %q", page.text(t, "main"))
		}
		as, _ := s.db.Appointments(ctx, clinic.AppointmentFilter{From: testNow, To: testNow.Add(90 * 24 * time.Hour), Provider: "dr-samuel-okafor"})
		if len(as) != 1 || as[0].Status != clinic.ApptCancelled || !strings.HasSuffix(as[0].CancelReason, "Their reason: I feel better.") {
			t.Errorf("stored: %+v", as)
		}
	})
	t.Run("a forged or garbled link is not found", func(t *testing.T) {
		for _, tok := range []string{"x", "AQA.AAAA", second[len("/appointments/manage/"):] + "A", "a.b.c", strings.Repeat("A", 2000)} {
			if r := s.get(t, "/appointments/manage/"+tok); r.StatusCode != http.StatusNotFound {
				t.Errorf("%q: %d", tok, r.StatusCode)
			}
		}
	})
	t.Run("a link expires a day after the appointment", func(t *testing.T) {
		s.clock.advance(100 * 24 * time.Hour)
		if r := s.get(t, second); r.StatusCode != http.StatusGone {
			t.Errorf("%d", r.StatusCode)
		}
	})
}

func TestWeekLinksStopAtTheBookingHorizon(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	next, weeks := "/appointments?type=follow-up&location=seattle&doctor=dr-maya-lindqvist", 0
	for next != "" && weeks < 20 {
		r := s.get(t, next)
		if r.StatusCode != 200 {
			t.Fatalf("%s: %d", next, r.StatusCode)
		}
		weeks++
		next = ""
		if a := r.all(t, `.pager a[rel=next]`); len(a) == 1 {
			next = attr(a[0], "href")
		}
	}
	// The demo's clinicians take bookings 60 days ahead: nine weeks from a
	// Wednesday reach past it, ten would not.
	if weeks != 9 {
		t.Errorf("%d weeks of links, want 9", weeks)
	}
	if r := s.get(t, "/appointments?type=follow-up&location=seattle&doctor=dr-maya-lindqvist&week=2027-02-01"); r.StatusCode != http.StatusUnprocessableEntity {
		t.Errorf("a week past the horizon: %d", r.StatusCode)
	}
}
