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

// There is no staff calendar feed or ICS export: the only ICS file is a
// patient's own appointment, behind that appointment's signed link. So
// the calendar, the appointment page and the today page are the whole of
// what a provider's scope must cover.
func TestProvidersSeeTheirOwnCalendarAndBreakTheGlassForOthers(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	ctx := context.Background()
	doc, secret := s.staffUser(t, "okafor@example.com", clinic.RoleProvider, true)
	if err := s.db.SetProviderDoctor(ctx, doc.ID, "dr-samuel-okafor"); err != nil {
		t.Fatal(err)
	}
	bookFor(t, s, "dr-samuel-okafor", testNow.Add(2*time.Hour), maria)
	theirs := bookFor(t, s, "dr-maya-lindqvist", testNow.Add(3*time.Hour), bo)
	const day = "/admin/calendar?view=day&date=2026-11-25&layout=list"
	b := s.browser()
	b.signIn(t, doc.Email, secret)

	t.Run("a provider's calendar is their own by default", func(t *testing.T) {
		res := b.get(t, day)
		if res.StatusCode != http.StatusOK || !strings.Contains(res.body, "María") || strings.Contains(res.body, "Garner") {
			t.Errorf("own calendar: %d, María %v, Garner %v", res.StatusCode, strings.Contains(res.body, "María"), strings.Contains(res.body, "Garner"))
		}
	})
	t.Run("another's calendar asks for a reason and shows nothing of it", func(t *testing.T) {
		res := b.get(t, day+"&provider=dr-maya-lindqvist")
		if res.StatusCode != http.StatusOK || strings.Contains(res.body, "Garner") || len(res.all(t, `form[action="/admin/calendar/glass"] select[name=reason]`)) != 1 {
			t.Fatalf("glass page: %d %q", res.StatusCode, res.text(t, "h1"))
		}
		checkMarkup(t, res)
	})
	t.Run("another's appointment asks for a reason too, and cannot be changed", func(t *testing.T) {
		res := b.get(t, "/admin/appointments/"+itoa(theirs.ID))
		if strings.Contains(res.body, "Garner") || len(res.all(t, `form[action="/admin/calendar/glass"]`)) != 1 {
			t.Errorf("appointment: %d %q", res.StatusCode, res.text(t, "h1"))
		}
		mark := url.Values{"seq": {"0"}, "status": {"arrived"}}
		if res := b.post(t, "/admin/appointments/"+itoa(theirs.ID)+"/status", mark); res.StatusCode != http.StatusForbidden {
			t.Errorf("marking another's appointment: %d", res.StatusCode)
		}
	})
	t.Run("the today page is their own", func(t *testing.T) {
		res := b.get(t, "/admin/today")
		if !strings.Contains(res.body, "María") || strings.Contains(res.body, "Garner") {
			t.Errorf("today: María %v, Garner %v", strings.Contains(res.body, "María"), strings.Contains(res.body, "Garner"))
		}
	})
	t.Run("a missing or made-up reason is refused", func(t *testing.T) {
		for _, reason := range []string{"", "curious", strings.Repeat("x", 5000)} {
			res := b.post(t, "/admin/calendar/glass", url.Values{"doctor": {"dr-maya-lindqvist"}, "reason": {reason}})
			if res.StatusCode != http.StatusUnprocessableEntity || res.text(t, ".alert") == "" {
				t.Errorf("reason %.10q: %d", reason, res.StatusCode)
			}
		}
		if res := b.post(t, "/admin/calendar/glass", url.Values{"doctor": {"no-such-doctor"}, "reason": {"Emergency care"}}); res.StatusCode != http.StatusNotFound {
			t.Errorf("a made-up calendar: %d", res.StatusCode)
		}
		if es, _ := s.db.AuditEvents(ctx, clinic.AuditFilter{Action: "calendar.break_glass"}); len(es) != 0 {
			t.Errorf("refusals audited as openings: %+v", es)
		}
	})
	t.Run("breaking the glass with a reason opens it, audited", func(t *testing.T) {
		res := b.post(t, "/admin/calendar/glass", url.Values{"doctor": {"dr-maya-lindqvist"}, "reason": {"Covering for a colleague"}})
		if res.StatusCode != http.StatusSeeOther || !strings.Contains(res.Header.Get("Location"), "provider=dr-maya-lindqvist") {
			t.Fatalf("glass: %d %q", res.StatusCode, res.Header.Get("Location"))
		}
		es, _ := s.db.AuditEvents(ctx, clinic.AuditFilter{Action: "calendar.break_glass", ActorID: doc.ID})
		if len(es) != 1 || es[0].Detail != "Covering for a colleague" || es[0].Record != "doctor:dr-maya-lindqvist" {
			t.Errorf("audit: %+v", es)
		}
		if res := b.get(t, day+"&provider=dr-maya-lindqvist"); !strings.Contains(res.body, "Garner") {
			t.Error("the calendar is still closed")
		}
		if res := b.get(t, "/admin/appointments/"+itoa(theirs.ID)); res.StatusCode != http.StatusOK || !strings.Contains(res.body, "Garner") {
			t.Errorf("the appointment is still closed: %d", res.StatusCode)
		}
	})
	t.Run("staff who are not providers see every calendar", func(t *testing.T) {
		desk := frontDesk(t, s)
		if res := desk.get(t, day); !strings.Contains(res.body, "María") || !strings.Contains(res.body, "Garner") {
			t.Error("the front desk's calendar is scoped")
		}
		if res := desk.get(t, "/admin/today"); !strings.Contains(res.body, "María") || !strings.Contains(res.body, "Garner") {
			t.Error("the front desk's today is scoped")
		}
	})
	t.Run("the glass closes again after twelve hours", func(t *testing.T) {
		s.clock.advance(13 * time.Hour)
		b.signIn(t, doc.Email, secret)
		if res := b.get(t, day+"&provider=dr-maya-lindqvist"); strings.Contains(res.body, "Garner") {
			t.Error("the calendar is still open")
		}
	})
}
