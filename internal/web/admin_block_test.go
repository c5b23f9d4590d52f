package web_test

import (
	"context"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"
	"time"

	"clinic"
)

func blockForm(start string, minutes string) url.Values {
	return url.Values{"provider": {"dr-samuel-okafor"}, "location": {"seattle"}, "start": {start}, "minutes": {minutes}, "reason": {"Out sick"}}
}

// hiddenForm is the hidden fields of the form that cancels everything in
// the way, as the page wrote them.
func hiddenForm(t *testing.T, r *response) url.Values {
	t.Helper()
	v := url.Values{}
	for _, in := range r.all(t, `form:has(input[name=inway]) input`) {
		v.Set(attr(in, "name"), attr(in, "value"))
	}
	if v.Get("cancel") != "all" {
		t.Fatal("no form to cancel all")
	}
	return v
}

func TestBlockingTimeOverAppointments(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	ctx := context.Background()
	b := frontDesk(t, s)
	lee := deskBook(t, b, deskForm("2026-12-01T09:00"))
	ada := deskBook(t, b, withField(withField(deskForm("2026-12-01T11:00"), "name", "Ada Stone"), "email", "ada@example.com"))
	deskBook(t, b, withField(withField(deskForm("2026-12-01T13:00"), "name", "Cy Later"), "email", "cy@example.com"))
	waiter := &clinic.WaitlistEntry{Provider: "dr-samuel-okafor", Location: "seattle", Type: "follow-up", Before: time.Date(2026, 12, 20, 0, 0, 0, 0, time.UTC),
		Patient: clinic.PatientDetails{Name: "Wes Waiting", DateOfBirth: "1950-01-01", Phone: "555-0101", Email: "wes@example.com"}}
	if err := s.db.JoinWaitlist(ctx, waiter); err != nil {
		t.Fatal(err)
	}

	refused := b.post(t, "/admin/calendar/block", blockForm("2026-12-01T08:00", "240"))
	if refused.StatusCode != http.StatusConflict {
		t.Fatalf("a block over appointments: %d %q", refused.StatusCode, refused.text(t, ".alert"))
	}
	checkMarkup(t, refused)
	t.Run("the refusal lists the appointments in the way, each with a move and a cancel", func(t *testing.T) {
		if !strings.Contains(refused.text(t, ".alert"), "2 appointments are in the way") {
			t.Errorf("problem: %q", refused.text(t, ".alert"))
		}
		rows := refused.all(t, "table.list tbody tr")
		if len(rows) != 2 || !strings.Contains(nodeText(rows[0]), "Lee Park") || !strings.Contains(nodeText(rows[1]), "Ada Stone") || strings.Contains(refused.body, "Cy Later") {
			t.Fatalf("%d rows in the way", len(rows))
		}
		move := refused.allIn(t, rows[0], `a[href*="back="]`)
		if len(move) != 1 || !strings.HasPrefix(attr(move[0], "href"), lee+"?back=%2fadmin%2fcalendar%2fblock%3f") {
			t.Errorf("move link: %v", attr(move[0], "href"))
		}
		if len(refused.allIn(t, rows[1], `form[action="`+ada+`/status"] input[name=back]`)) != 1 {
			t.Error("no cancel form that comes back here")
		}
		if es, _ := s.db.AuditEvents(ctx, clinic.AuditFilter{Action: "appointment.block", Outcome: clinic.AuditRefused}); len(es) != 1 {
			t.Errorf("%d refusals audited", len(es))
		}
	})
	stale := hiddenForm(t, refused)
	t.Run("cancelling one from the list comes back to the list, where the waitlist now holds its time", func(t *testing.T) {
		back := attr(refused.all(t, `input[name=back]`)[0], "value")
		r := b.post(t, lee+"/status", url.Values{"seq": {"0"}, "status": {"cancelled"}, "reason": {"Clinician ill"}, "back": {back}})
		if r.StatusCode != http.StatusSeeOther || !strings.HasPrefix(r.Header.Get("Location"), "/admin/calendar/block?") {
			t.Fatalf("cancel: %d to %q", r.StatusCode, r.Header.Get("Location"))
		}
		page := b.get(t, r.Header.Get("Location"))
		rows := page.all(t, "table.list tbody tr")
		if len(rows) != 2 || page.text(t, ".alert-ok") != "Saved." || strings.Contains(page.text(t, "table.list"), "Lee Park") {
			t.Fatalf("after cancelling one: %d rows", len(rows))
		}
		if first := nodeText(rows[0]); !strings.Contains(first, "Wes Waiting") || !strings.Contains(first, "offered from the waitlist") {
			t.Errorf("the freed time offered to the waitlist reads %q", first)
		}
	})
	t.Run("cancelling all from a list that changed meanwhile is refused and lists them anew", func(t *testing.T) {
		r := b.post(t, "/admin/calendar/block", stale)
		if r.StatusCode != http.StatusConflict || !strings.Contains(r.text(t, ".alert"), "changed since") || len(r.all(t, "table.list tbody tr")) != 2 {
			t.Errorf("stale list: %d %q", r.StatusCode, r.text(t, ".alert"))
		}
	})
	t.Run("cancel all and notify blocks the time, tells the patient and offers the waitlist what is left", func(t *testing.T) {
		fresh := hiddenForm(t, b.get(t, "/admin/calendar/block?"+blockForm("2026-12-01T08:00", "240").Encode()))
		r := b.post(t, "/admin/calendar/block", fresh)
		if r.StatusCode != http.StatusSeeOther || !strings.Contains(r.Header.Get("Location"), "done=blocked-over") {
			t.Fatalf("cancel all: %d %q", r.StatusCode, r.text(t, ".alert"))
		}
		day := b.get(t, r.Header.Get("Location"))
		if !strings.Contains(day.text(t, ".alert-ok"), "cancelled") || !strings.Contains(day.text(t, "table.sched"), "Blocked") {
			t.Errorf("the calendar after: %q", day.text(t, ".alert-ok"))
		}
		as, _ := s.db.Appointments(ctx, clinic.AppointmentFilter{From: testNow, To: testNow.Add(30 * 24 * time.Hour), Provider: "dr-samuel-okafor"})
		got := map[string]string{}
		for _, a := range as {
			got[a.Patient.Name+a.Patient.Reason] = a.Status
		}
		want := map[string]string{"Lee ParkNeck pain": "cancelled", "Ada StoneNeck pain": "cancelled", "Wes Waiting": "cancelled", "Cy LaterNeck pain": "booked", "Out sick": "booked"}
		for k, v := range want {
			if got[k] != v {
				t.Errorf("%s: %q, want %q (all: %v)", k, got[k], v, got)
			}
		}
		id := strings.TrimPrefix(ada, "/admin/appointments/")
		mail, _ := s.db.AppointmentMail(ctx, int64(atoiT(t, id)))
		if !slices.ContainsFunc(mail, func(m *clinic.OutboxMessage) bool { return m.Kind == clinic.MailCancelled }) {
			t.Error("the patient is not told")
		}
		if st, _ := s.db.WaitlistEntry(ctx, waiter.ID); st.Status != clinic.WaitWaiting {
			t.Errorf("the patient whose offer the block took is %s, not waiting again", st.Status)
		}
		blocks, _ := s.db.AuditEvents(ctx, clinic.AuditFilter{Action: "appointment.block", Outcome: clinic.AuditOK})
		cancels, _ := s.db.AuditEvents(ctx, clinic.AuditFilter{Action: "appointment.status", Outcome: clinic.AuditOK})
		if len(blocks) != 1 || len(cancels) != 3 || blocks[0].Record == "appointment:" || blocks[0].Actor != "desk@example.com" {
			t.Errorf("audited: %d blocks, %d cancellations", len(blocks), len(cancels))
		}
		for _, e := range cancels[:2] {
			if e.Detail != "cancelled for a block of time" || e.Actor != "desk@example.com" {
				t.Errorf("cancellation audited as %+v", e)
			}
		}
	})
}

func TestBlockFormStartsAtTheClinicianFirstHour(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	b := frontDesk(t, s)
	if err := s.db.AddException(context.Background(), &clinic.AvailabilityException{Provider: "dr-samuel-okafor", Day: "2026-12-01",
		Start: 8 * 60, End: 10 * 60, Kind: clinic.ExceptionClosed}); err != nil {
		t.Fatal(err)
	}
	r := b.get(t, "/admin/calendar?date=2026-12-01&provider=dr-samuel-okafor")
	checkMarkup(t, r)
	if v := attr(r.all(t, "#b-start")[0], "value"); v != "2026-12-01T10:00" {
		t.Errorf("the block starts at %q, want the day shown at the clinician's first hour", v)
	}
	if sel := r.all(t, `#b-location option[selected]`); len(sel) != 1 || attr(sel[0], "value") != "seattle" {
		t.Error("the block's office is not that of the first hour")
	}
	for _, o := range r.all(t, `#b-provider option`) {
		if !strings.HasPrefix(attr(o, "data-start"), "2026-12-01T") {
			t.Errorf("%s starts at %q", attr(o, "value"), attr(o, "data-start"))
		}
	}
	if v := attr(b.get(t, "/admin/calendar?date=2026-12-05&provider=dr-samuel-okafor").all(t, "#b-start")[0], "value"); v != "2026-12-05T09:00" {
		t.Errorf("on a day off the block starts at %q", v)
	}
}

func TestBlockFormRefusesBadInput(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	b := frontDesk(t, s)
	bad := []struct{ name, field, value, errorID string }{
		{"no minutes", "minutes", "0", "b-minutes"},
		{"negative minutes", "minutes", "-5", "b-minutes"},
		{"minutes off the five", "minutes", "7", "b-minutes"},
		{"more than twelve hours", "minutes", "725", "b-minutes"},
		{"minutes that are not a number", "minutes", "an hour", "b-minutes"},
		{"empty minutes", "minutes", "", "b-minutes"},
		{"a time that is not a time", "start", "soon", "b-start"},
		{"a time the clocks skip", "start", "2027-03-14T02:30", "b-start"},
		{"an unknown clinician", "provider", "dr-nobody", "b-provider"},
		{"an office the clinician does not work at", "location", "bellevue", "b-provider"},
		{"a reason too long", "reason", strings.Repeat("x", 201), "b-reason"},
		{"a reason with a NUL", "reason", "a\x00b", "b-reason"},
	}
	for _, c := range bad {
		t.Run(c.name+" gets a message on the form, with what was typed", func(t *testing.T) {
			r := b.post(t, "/admin/calendar/block", withField(blockForm("2026-12-01T10:00", "60"), c.field, c.value))
			if r.StatusCode != http.StatusUnprocessableEntity || len(r.all(t, "#"+c.errorID+"-error")) != 1 || len(r.all(t, "form #b-minutes")) != 1 {
				t.Fatalf("%d %q", r.StatusCode, r.text(t, ".alert"))
			}
			checkMarkup(t, r)
			if c.field == "minutes" && attr(r.all(t, "#b-minutes")[0], "value") != c.value {
				t.Errorf("the form lost the minutes typed")
			}
		})
	}
	s2 := newSite(t)
	b2 := frontDesk(t, s2)
	deskBook(t, b2, deskForm("2026-12-01T09:00"))
	listed := hiddenForm(t, b2.post(t, "/admin/calendar/block", blockForm("2026-12-01T09:00", "60")))
	badAll := []struct{ name, field, value string }{
		{"a list that is not a list", "inway", "9;x"},
		{"a list with a negative sequence", "inway", "1:-1"},
		{"no reason for the cancellations", "why", "  "},
		{"a reason for the cancellations too long", "why", strings.Repeat("y", 401)},
	}
	for _, c := range badAll {
		t.Run("cancel all with "+c.name+" is refused and changes nothing", func(t *testing.T) {
			r := b2.post(t, "/admin/calendar/block", withField(listed, c.field, c.value))
			if r.StatusCode != http.StatusUnprocessableEntity || len(r.all(t, "table.list tbody tr")) != 1 {
				t.Errorf("%d %q", r.StatusCode, r.text(t, ".alert"))
			}
		})
	}
	as, _ := s2.db.Appointments(context.Background(), clinic.AppointmentFilter{From: testNow, To: testNow.Add(30 * 24 * time.Hour)})
	if len(as) != 1 || as[0].Status != clinic.ApptBooked {
		t.Errorf("after the refusals: %d appointments", len(as))
	}
	if r := b2.get(t, "/admin/calendar/block?minutes=0&start=x"); r.StatusCode != http.StatusOK || len(r.all(t, "#b-minutes-error")) != 1 {
		t.Errorf("the block page with bad values: %d", r.StatusCode)
	}
}
