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

// frontDesk is a signed-in front desk browser with two-step sign-in.
func frontDesk(t *testing.T, s *site) *browser {
	t.Helper()
	return frontDeskNamed(t, s, "desk@example.com")
}

func frontDeskNamed(t *testing.T, s *site, email string) *browser {
	t.Helper()
	_, secret := s.staffUser(t, email, clinic.RoleFrontDesk, true)
	b := s.browser()
	b.signIn(t, email, secret)
	return b
}

func deskForm(start string) url.Values {
	return url.Values{"type": {"follow-up"}, "provider": {"dr-samuel-okafor"}, "location": {"seattle"}, "start": {start},
		"key": {""}, "name": {"Lee Park"}, "dob": {"1980-02-29"}, "phone": {"555-0199"}, "email": {"lee@example.com"}, "reason": {"Neck pain"}}
}

func TestFrontDeskCalendar(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	ctx := context.Background()
	b := frontDesk(t, s)
	form := withField(deskForm("2026-12-01T07:00"), "key", "desk-key-0123456789abcdef") // before hours: the desk may fit someone in
	if ask := b.post(t, "/admin/appointments/new", form); ask.StatusCode != http.StatusConflict || len(ask.all(t, "#f-extra")) != 1 {
		t.Fatalf("booking before hours does not ask first: %d %q", ask.StatusCode, ask.text(t, ".alert"))
	}
	form.Set("extra", "yes")
	res := b.post(t, "/admin/appointments/new", form)
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("book: %d %q %q", res.StatusCode, res.text(t, ".alert"), res.text(t, ".error"))
	}
	apptURL, _, _ := strings.Cut(res.Header.Get("Location"), "?")
	t.Run("a double submit books once", func(t *testing.T) {
		b.post(t, "/admin/appointments/new", form)
		as, _ := s.db.Appointments(ctx, clinic.AppointmentFilter{From: testNow, To: testNow.Add(30 * 24 * time.Hour), Provider: "dr-samuel-okafor"})
		if len(as) != 1 {
			t.Errorf("%d appointments", len(as))
		}
	})
	t.Run("the day view lists the patient and the read is audited", func(t *testing.T) {
		r := b.get(t, "/admin/calendar?view=day&date=2026-12-01&location=seattle&layout=list")
		if r.StatusCode != 200 || !strings.Contains(r.text(t, "table.list tbody"), "Lee Park") {
			t.Fatalf("calendar: %d", r.StatusCode)
		}
		checkMarkup(t, r)
		if week := b.get(t, "/admin/calendar?view=week&date=2026-12-03&layout=list"); len(week.all(t, `section.panel[aria-labelledby^="day-"]`)) != 7 || !strings.Contains(week.body, "Lee Park") {
			t.Error("the week view does not show seven days with the appointment")
		}
		es, _ := s.db.AuditEvents(ctx, clinic.AuditFilter{Action: "appointment.list"})
		if len(es) < 2 {
			t.Errorf("%d calendar reads audited", len(es))
		}
	})
	t.Run("the appointment page shows its messages and audits the read", func(t *testing.T) {
		r := b.get(t, apptURL)
		if r.StatusCode != 200 || !strings.Contains(r.body, "Confirmation") || !strings.Contains(r.body, "lee@example.com") {
			t.Fatalf("appointment: %d", r.StatusCode)
		}
		checkMarkup(t, r)
		if es, _ := s.db.AuditEvents(ctx, clinic.AuditFilter{Action: "appointment.read"}); len(es) == 0 {
			t.Error("the read is not audited")
		}
	})
	t.Run("blocked time keeps bookings out", func(t *testing.T) {
		r := b.post(t, "/admin/calendar/block", url.Values{"provider": {"dr-samuel-okafor"}, "location": {"seattle"}, "start": {"2026-12-01T10:00"}, "minutes": {"120"}, "reason": {"Team meeting"}})
		if r.StatusCode != http.StatusSeeOther {
			t.Fatalf("block: %d %q", r.StatusCode, r.text(t, ".alert"))
		}
		if day := b.get(t, "/admin/calendar?date=2026-12-01&provider=dr-samuel-okafor&layout=list"); !strings.Contains(day.text(t, "table.list tbody"), "Team meeting") || !strings.Contains(day.body, "Blocked") {
			t.Error("the calendar does not show the block as a block")
		}
		blockURL, _, _ := strings.Cut(r.Header.Get("Location"), "?")
		if r := b.post(t, blockURL+"/status", url.Values{"seq": {"0"}, "status": {"arrived"}}); r.StatusCode != http.StatusUnprocessableEntity {
			t.Errorf("a block marked arrived: %d", r.StatusCode)
		}
		over := b.post(t, "/admin/appointments/new", withField(deskForm("2026-12-01T10:30"), "key", "desk-key-other-0123456789"))
		if over.StatusCode != http.StatusConflict || !strings.Contains(over.text(t, ".alert"), "blocked time, 10:00 AM to 12:00 PM") {
			t.Errorf("booking into a block: %d %q", over.StatusCode, over.text(t, ".alert"))
		}
	})
	t.Run("moving onto the block is refused; moving to a free time works", func(t *testing.T) {
		r := b.post(t, apptURL+"/move", url.Values{"seq": {"0"}, "start": {"2026-12-01T10:15"}, "provider": {"dr-samuel-okafor"}, "location": {"seattle"}})
		if r.StatusCode != http.StatusConflict {
			t.Errorf("move onto the block: %d", r.StatusCode)
		}
		r = b.post(t, apptURL+"/move", url.Values{"seq": {"0"}, "start": {"2026-12-01T13:00"}, "provider": {"dr-samuel-okafor"}, "location": {"seattle"}})
		if r.StatusCode != http.StatusSeeOther {
			t.Fatalf("move: %d %q", r.StatusCode, r.text(t, ".alert"))
		}
		r = b.post(t, apptURL+"/move", url.Values{"seq": {"0"}, "start": {"2026-12-01T14:00"}, "provider": {"dr-samuel-okafor"}, "location": {"seattle"}})
		if r.StatusCode != http.StatusConflict || !strings.Contains(r.text(t, ".alert"), "changed since") {
			t.Errorf("a move from a stale page: %d %q", r.StatusCode, r.text(t, ".alert"))
		}
	})
	t.Run("a move into the past or to another office is refused", func(t *testing.T) {
		for _, v := range []url.Values{
			{"seq": {"1"}, "start": {"2026-11-20T10:00"}, "provider": {"dr-samuel-okafor"}, "location": {"seattle"}},
			{"seq": {"1"}, "start": {"2026-12-01T14:00"}, "provider": {"dr-samuel-okafor"}, "location": {"woodinville"}},
			{"seq": {"1"}, "start": {"2026-12-01T14:00"}, "provider": {"\x00"}, "location": {"seattle"}},
		} {
			if r := b.post(t, apptURL+"/move", v); r.StatusCode != http.StatusUnprocessableEntity {
				t.Errorf("%v: %d %q", v, r.StatusCode, r.text(t, ".alert"))
			}
		}
	})
	t.Run("statuses: arrived, then cancelled with a reason", func(t *testing.T) {
		if r := b.post(t, apptURL+"/status", url.Values{"seq": {"1"}, "status": {"arrived"}}); r.StatusCode != http.StatusUnprocessableEntity {
			t.Errorf("arrived days before: %d", r.StatusCode)
		}
		s.clock.advance(6 * 24 * time.Hour) // the morning of December 1
		b := frontDeskNamed(t, s, "morning@example.com")
		if r := b.post(t, apptURL+"/status", url.Values{"seq": {"1"}, "status": {"arrived"}}); r.StatusCode != http.StatusSeeOther {
			t.Errorf("arrived: %d", r.StatusCode)
		}
		if r := b.post(t, apptURL+"/status", url.Values{"seq": {"1"}, "status": {"cancelled"}}); r.StatusCode != http.StatusUnprocessableEntity {
			t.Errorf("cancel without a reason: %d", r.StatusCode)
		}
		if r := b.post(t, apptURL+"/status", url.Values{"seq": {"1"}, "status": {"cancelled"}, "reason": {"Patient ill"}}); r.StatusCode != http.StatusSeeOther {
			t.Errorf("cancel: %d", r.StatusCode)
		}
		es, _ := s.db.AuditEvents(ctx, clinic.AuditFilter{Action: "appointment.status"})
		outcomes := map[string]int{}
		for _, e := range es {
			outcomes[e.Outcome]++
		}
		if outcomes[clinic.AuditOK] != 2 || outcomes[clinic.AuditRefused] != 3 { // one is the block marked arrived
			t.Errorf("status changes audited: %v", outcomes)
		}
	})
}

func TestFrontDeskRefusesBadInput(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	b := frontDesk(t, s)
	bad := []struct{ name, field, value string }{
		{"a time that is not a time", "start", "soon"},
		{"a time the clocks skip", "start", "2027-03-14T02:30"},
		{"an unknown visit type", "type", "surgery"},
		{"no patient name", "name", ""},
		{"a bad email", "email", "lee@"},
		{"a time that has passed", "start", "2026-11-20T10:00"},
		{"a year far off", "start", "9999-12-31T16:30"},
		{"a time off the five minutes", "start", "2026-12-02T09:07"},
		{"an office the clinician does not work at", "location", "bellevue"},
	}
	for _, c := range bad {
		t.Run(c.name+" is refused with the form kept", func(t *testing.T) {
			r := b.post(t, "/admin/appointments/new", withField(deskForm("2026-12-02T09:00"), c.field, c.value))
			field := c.field
			if field == "location" {
				field = "provider"
			}
			if r.StatusCode != http.StatusUnprocessableEntity || len(r.all(t, "#f-"+field+"-error")) != 1 {
				t.Errorf("%d %q", r.StatusCode, r.text(t, ".error"))
			}
		})
	}
	refs := []struct{ name, field, value string }{
		{"an unknown clinician", "provider", "dr-nobody"},
		{"an unknown office", "location", "atlantis"},
	}
	for _, c := range refs {
		t.Run(c.name+" is refused", func(t *testing.T) {
			if r := b.post(t, "/admin/appointments/new", withField(deskForm("2026-12-02T09:00"), c.field, c.value)); r.StatusCode/100 != 4 {
				t.Errorf("%d", r.StatusCode)
			}
		})
	}
	if r := b.post(t, "/admin/appointments/new", withField(withField(deskForm("2026-12-02T09:00"), "email", ""), "extra", "yes")); r.StatusCode != http.StatusSeeOther {
		t.Errorf("a patient without email booked by phone: %d %q", r.StatusCode, r.text(t, ".error"))
	}
	for _, q := range []string{"view=year", "date=tomorrow", "date=1066-10-14", "date=2026-02-30", "location=atlantis", "provider=%00", "view=week&date=9999-12-31"} {
		if r := b.get(t, "/admin/calendar?"+q); r.StatusCode != http.StatusOK {
			t.Errorf("calendar ?%s: %d", q, r.StatusCode)
		}
	}
	for _, target := range []string{"/admin/appointments/0", "/admin/appointments/abc", "/admin/appointments/999999"} {
		if r := b.get(t, target); r.StatusCode != http.StatusNotFound {
			t.Errorf("%s: %d", target, r.StatusCode)
		}
	}
	if r := b.post(t, "/admin/calendar/block", url.Values{"provider": {"dr-samuel-okafor"}, "location": {"seattle"}, "start": {"2026-12-01T10:00"}, "minutes": {"99999"}}); r.StatusCode != http.StatusUnprocessableEntity || len(r.all(t, "main.admin-main")) != 1 || len(r.all(t, "#q")) != 0 || len(r.all(t, "#b-minutes-error")) != 1 {
		t.Errorf("a block of 99999 minutes: %d, not answered inside the back office", r.StatusCode)
	}
}

// TestConcurrentFrontDeskBookings has two front desks book 100 patients
// at once onto 10 times: exactly 10 bookings go through.
func TestConcurrentFrontDeskBookings(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	desk := frontDesk(t, s)
	codes := statusesOf(100, func(i int) int {
		b := *desk
		start := time.Date(2026, 12, 8, 8, 0, 0, 0, time.UTC).Add(time.Duration(i%10) * 30 * time.Minute).Format(localTimeLayout)
		form := withField(deskForm(start), "key", strings.Repeat("k", 20)+start+string(rune('a'+i/10)))
		return b.post(t, "/admin/appointments/new", withField(form, "extra", "yes")).StatusCode
	})
	if codes[http.StatusSeeOther] != 10 || codes[http.StatusConflict] != 90 {
		t.Errorf("statuses %v, want 10 × 303 and 90 × 409", codes)
	}
}

const localTimeLayout = "2006-01-02T15:04"

func TestFrontDeskSeesOpenTimesToChooseFrom(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	b := frontDesk(t, s)
	r := b.get(t, "/admin/appointments/new?type=follow-up&provider=dr-samuel-okafor&location=seattle")
	links := r.all(t, "a.slot")
	if r.StatusCode != 200 || len(links) == 0 {
		t.Fatalf("%d, %d open times", r.StatusCode, len(links))
	}
	checkMarkup(t, r)
	picked := b.get(t, attr(links[0], "href"))
	if v := attr(picked.all(t, "#f-start")[0], "value"); len(v) != len("2026-12-01T09:00") {
		t.Errorf("the chosen time fills in %q", v)
	}
	if r := b.get(t, "/admin/appointments/new?type=follow-up&provider=dr-samuel-okafor&location=bellevue"); len(r.all(t, "a.slot")) != 0 || r.StatusCode != 200 {
		t.Error("open times shown for an office the clinician does not work at")
	}
}
