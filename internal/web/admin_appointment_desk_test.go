package web_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
)

func TestDeskBookingGoesToAnyWeek(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	b := frontDesk(t, s)
	const choice = "/admin/appointments/new?type=follow-up&provider=dr-samuel-okafor&location=seattle"
	r := b.get(t, choice)
	if r.StatusCode != http.StatusOK || r.text(t, "#open-title") != "Open times, week of Wednesday, November 25" || len(r.all(t, `#open-times a[rel=prev]`)) != 0 {
		t.Fatalf("%d %q", r.StatusCode, r.text(t, "#open-title"))
	}
	checkMarkup(t, r)
	var week *response
	for range 20 { // twenty weeks on, past the online booking horizon
		next := r.all(t, `#open-times a[rel=next]`)
		if len(next) != 1 {
			t.Fatal("no later week")
		}
		week = b.get(t, attr(next[0], "href"))
		r = week
	}
	if !strings.HasPrefix(week.text(t, "#open-title"), "Open times, week of Wednesday, April 14") || len(week.all(t, "a.slot")) == 0 {
		t.Errorf("twenty weeks on: %q, %d times", week.text(t, "#open-title"), len(week.all(t, "a.slot")))
	}
	picked := b.get(t, attr(week.all(t, "a.slot")[0], "href"))
	if v := attr(picked.all(t, "#f-start")[0], "value"); !strings.HasPrefix(v, "2027-04-") || picked.text(t, "#open-title") != week.text(t, "#open-title") {
		t.Errorf("the time picked is %q, shown in %q", v, picked.text(t, "#open-title"))
	}
	bad := []struct{ name, week string }{
		{"a week gone by", "2026-11-01"},
		{"a week that is not a date", "next"},
		{"a week more than a year ahead", "2028-01-03"},
		{"a year far off", "9999-12-27"},
		{"a day that does not exist", "2026-12-32"},
	}
	for _, c := range bad {
		t.Run(c.name+" shows this week and says so", func(t *testing.T) {
			r := b.get(t, choice+"&week="+url.QueryEscape(c.week))
			if r.StatusCode != http.StatusOK || r.text(t, "#open-title") != "Open times, week of Wednesday, November 25" || !strings.Contains(r.text(t, ".alert"), "That week is not one") {
				t.Errorf("%d %q %q", r.StatusCode, r.text(t, "#open-title"), r.text(t, ".alert"))
			}
		})
	}
}

func TestDeskBookingOutsideHoursAsksFirst(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	b := frontDesk(t, s)
	cases := []struct{ name, start, asks string }{
		{"before the first hour", "2026-12-01T07:30", "7:30 AM on Tuesday, December 1 is outside Samuel Okafor's hours at Seattle (8:00 AM to 12:00 PM, 1:00 PM to 5:00 PM). Book an extra patient anyway?"},
		{"over lunch", "2026-12-01T11:50", "11:50 AM on Tuesday, December 1 is outside"},
		{"on a Saturday", "2026-12-05T10:00", "Samuel Okafor does not work at Seattle on Saturday, December 5. Book 10:00 AM on Saturday, December 5 as an extra patient anyway?"},
	}
	for i, c := range cases {
		t.Run(c.name+" asks, and books once the box is ticked", func(t *testing.T) {
			form := withField(withField(deskForm(c.start), "key", strings.Repeat("E", 20)+string(rune('A'+i))), "email", "")
			r := b.post(t, "/admin/appointments/new", form)
			if r.StatusCode != http.StatusConflict || !strings.HasPrefix(r.text(t, ".confirm-extra"), c.asks) || len(r.all(t, `#f-extra[type=checkbox]`)) != 1 {
				t.Fatalf("%d %q", r.StatusCode, r.text(t, ".confirm-extra"))
			}
			checkMarkup(t, r)
			if attr(r.all(t, "#f-name")[0], "value") != "Lee Park" || attr(r.all(t, "input[name=key]")[0], "value") != form.Get("key") {
				t.Error("the form is not kept")
			}
			if r := b.post(t, "/admin/appointments/new", withField(form, "extra", "yes")); r.StatusCode != http.StatusSeeOther {
				t.Errorf("with the box ticked: %d %q", r.StatusCode, r.text(t, ".alert"))
			}
		})
	}
	if r := b.post(t, "/admin/appointments/new", withField(deskForm("2026-12-01T10:00"), "key", strings.Repeat("F", 20))); r.StatusCode != http.StatusSeeOther {
		t.Errorf("a time within the hours asks: %d %q", r.StatusCode, r.text(t, ".alert"))
	}
}

func TestDeskBookingNamesTheAppointmentInTheWay(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	b := frontDesk(t, s)
	deskBook(t, b, deskForm("2026-12-01T09:00"))
	other := withField(withField(deskForm("2026-12-01T09:25"), "name", "Ada Stone"), "email", "ada@example.com")
	for _, extra := range []string{"", "yes"} {
		r := b.post(t, "/admin/appointments/new", withField(other, "extra", extra))
		want := "That time clashes with Samuel Okafor's Follow-up visit with L. P., 9:00 AM to 9:20 AM and 10 minutes kept free after it, so nothing was booked."
		if r.StatusCode != http.StatusConflict || !strings.HasPrefix(r.text(t, ".alert"), want) {
			t.Errorf("extra %q: %d %q", extra, r.StatusCode, r.text(t, ".alert"))
		}
		if strings.Contains(r.text(t, ".alert"), "Lee Park") || len(r.all(t, "#f-extra")) != 0 {
			t.Error("the clash names the patient, or asks about the hours instead")
		}
	}
	if r := b.post(t, "/admin/appointments/new", withField(other, "start", "2026-12-01T09:30")); r.StatusCode != http.StatusSeeOther {
		t.Errorf("the time after the buffer: %d %q", r.StatusCode, r.text(t, ".alert"))
	}
}

func TestDeskMoveNamesTheAppointmentInTheWay(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	b := frontDesk(t, s)
	deskBook(t, b, deskForm("2026-12-01T09:00"))
	ada := deskBook(t, b, withField(withField(deskForm("2026-12-01T10:00"), "name", "Ada Stone"), "email", "ada@example.com"))
	r := b.post(t, ada+"/move", url.Values{"seq": {"0"}, "start": {"2026-12-01T09:10"}, "provider": {"dr-samuel-okafor"}, "location": {"seattle"}})
	want := "That time clashes with Samuel Okafor's Follow-up visit with L. P., 9:00 AM to 9:20 AM and 10 minutes kept free after it, so it was not moved."
	if r.StatusCode != http.StatusConflict || !strings.HasPrefix(r.text(t, ".alert"), want) {
		t.Errorf("%d %q", r.StatusCode, r.text(t, ".alert"))
	}
	if r := b.post(t, ada+"/move", url.Values{"seq": {"0"}, "start": {"2026-12-01T10:15"}, "provider": {"dr-samuel-okafor"}, "location": {"seattle"}}); r.StatusCode != http.StatusSeeOther {
		t.Errorf("a move onto its own time, later: %d %q", r.StatusCode, r.text(t, ".alert"))
	}
}
