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

// bookAt books a patient straight into the store, at any time, even one
// gone by.
func bookAt(t *testing.T, s *site, name string, start time.Time) *clinic.Appointment {
	t.Helper()
	a := &clinic.Appointment{Type: "follow-up", Provider: "dr-samuel-okafor", Location: "seattle", Start: start, End: start.Add(20 * time.Minute),
		Buffer: 10 * time.Minute, Patient: clinic.PatientDetails{Name: name, DateOfBirth: "1970-01-01", Phone: "555-0100", Email: strings.ToLower(strings.Fields(name)[0]) + "@example.com"}}
	if _, err := s.db.Book(context.Background(), a); err != nil {
		t.Fatal(err)
	}
	return a
}

func TestTodayOverview(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	ctx := context.Background()
	b := frontDesk(t, s)
	zone := mustZone(t)
	at := func(v string) time.Time {
		tm, err := time.ParseInLocation("2006-01-02 15:04", v, zone)
		if err != nil {
			t.Fatal(err)
		}
		return tm
	}
	// Now is Wednesday, November 25, 9:00.
	due := bookAt(t, s, "Dana Due", at("2026-11-25 10:00"))
	late := bookAt(t, s, "Lou Late", at("2026-11-25 08:00"))
	bookAt(t, s, "Yan Yesterday", at("2026-11-24 14:00"))
	bookAt(t, s, "Ted Tomorrow", at("2026-11-26 10:00"))
	bookAt(t, s, "Olga Old", at("2026-11-10 10:00"))
	arrived := bookAt(t, s, "Ari Arrived", at("2026-11-25 08:30"))
	if _, err := s.db.SetStatus(ctx, arrived.ID, 0, clinic.ApptArrived, ""); err != nil {
		t.Fatal(err)
	}
	freed := bookAt(t, s, "Fay Freed", at("2026-12-01 10:00"))
	waiter := &clinic.WaitlistEntry{Provider: "dr-samuel-okafor", Location: "seattle", Type: "follow-up", Before: at("2026-12-20 00:00"),
		Patient: clinic.PatientDetails{Name: "Wes Waiting", DateOfBirth: "1950-01-01", Phone: "555-0101", Email: "wes@example.com"}}
	if err := s.db.JoinWaitlist(ctx, waiter); err != nil {
		t.Fatal(err)
	}
	if _, err := s.db.SetStatus(ctx, freed.ID, 0, clinic.ApptCancelled, "Patient called"); err != nil {
		t.Fatal(err)
	}
	failed := &clinic.OutboxMessage{Kind: "staff_contact_notice", To: "desk@example.com", Subject: "New message", Body: "See the back office."}
	if err := s.db.QueueMail(ctx, failed); err != nil {
		t.Fatal(err)
	}
	ms, err := s.db.ClaimMail(ctx, testNow.Add(time.Hour), 100, time.Minute)
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range ms {
		if m.ID == failed.ID {
			s.db.MailFailed(ctx, m.ID, testNow, time.Time{}, "550 mailbox unavailable")
		} else {
			s.db.MailSent(ctx, m.ID, testNow)
		}
	}

	r := b.get(t, "/admin/today")
	if r.StatusCode != http.StatusOK {
		t.Fatalf("today: %d", r.StatusCode)
	}
	checkMarkup(t, r)
	section := func(id string) string { return r.text(t, `section[aria-labelledby="`+id+`"]`) }
	t.Run("arrivals due are today's appointments still to come", func(t *testing.T) {
		got := section("arrivals-title")
		if !strings.Contains(got, "Arrivals due (1)") || !strings.Contains(got, "Dana Due") || strings.Contains(got, "Ted Tomorrow") || strings.Contains(got, "Ari Arrived") {
			t.Errorf("%q", got)
		}
		if len(r.all(t, `section[aria-labelledby="arrivals-title"] form[action="/admin/appointments/`+itoa(due.ID)+`/status"] input[value=arrived]`)) != 1 {
			t.Error("no button to mark Dana Due arrived")
		}
	})
	t.Run("no-shows to mark are the week's begun appointments still booked", func(t *testing.T) {
		got := section("noshow-title")
		if !strings.Contains(got, "No-shows to mark (2)") || !strings.Contains(got, "Lou Late") || !strings.Contains(got, "Yan Yesterday") || strings.Contains(got, "Olga Old") {
			t.Errorf("%q", got)
		}
	})
	t.Run("waitlist offers pending name the patient and the time held", func(t *testing.T) {
		got := section("offers-title")
		if !strings.Contains(got, "Waitlist offers pending (1)") || !strings.Contains(got, "Wes Waiting") || !strings.Contains(got, "Tuesday, December 1, 10:00 AM") {
			t.Errorf("%q", got)
		}
	})
	t.Run("messages that failed say why", func(t *testing.T) {
		got := section("failed-title")
		if !strings.Contains(got, "Messages that failed (1)") || !strings.Contains(got, "550 mailbox unavailable") || strings.Contains(got, "desk@example.com") {
			t.Errorf("%q", got)
		}
	})
	t.Run("opening the overview is audited", func(t *testing.T) {
		es, _ := s.db.AuditEvents(ctx, clinic.AuditFilter{Action: "appointment.list"})
		if len(es) == 0 || es[0].Detail != "today" {
			t.Errorf("%d reads audited", len(es))
		}
	})
	t.Run("marking a no-show comes back to the overview, one fewer", func(t *testing.T) {
		forms := r.all(t, `section[aria-labelledby="noshow-title"] form`)
		var form url.Values
		for _, f := range forms {
			v := url.Values{}
			for _, in := range r.allIn(t, f, "input") {
				v.Set(attr(in, "name"), attr(in, "value"))
			}
			if v.Get("status") == "no_show" && attr(f, "action") == "/admin/appointments/"+itoa(late.ID)+"/status" {
				form = v
			}
		}
		if form == nil {
			t.Fatal("no no-show button for Lou Late")
		}
		res := b.post(t, "/admin/appointments/"+itoa(late.ID)+"/status", form)
		if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != "/admin/today?done=saved" {
			t.Fatalf("%d to %q", res.StatusCode, res.Header.Get("Location"))
		}
		after := b.get(t, "/admin/today")
		if got := after.text(t, `section[aria-labelledby="noshow-title"]`); !strings.Contains(got, "(1)") || strings.Contains(got, "Lou Late") {
			t.Errorf("after marking: %q", got)
		}
		if a, _ := s.db.Appointment(ctx, late.ID); a.Status != clinic.ApptNoShow {
			t.Errorf("stored status %s", a.Status)
		}
	})
	t.Run("the back office's first page counts it all", func(t *testing.T) {
		home := b.get(t, "/admin")
		want := "1 arrival due, 1 no-show to mark, 1 waitlist offer pending, 1 message failed."
		if !strings.Contains(home.text(t, ".cards"), want) {
			t.Errorf("home: %q", home.text(t, ".cards"))
		}
		if editor := editorBrowser(t, s); strings.Contains(editor.get(t, "/admin").body, "Today at the front desk") || editor.get(t, "/admin/today").StatusCode != http.StatusForbidden {
			t.Error("an editor sees the front desk's day")
		}
	})
}

// editorBrowser is a signed-in editor.
func editorBrowser(t *testing.T, s *site) *browser {
	t.Helper()
	_, secret := s.staffUser(t, "editor-today@example.com", clinic.RoleEditor, true)
	b := s.browser()
	b.signIn(t, "editor-today@example.com", secret)
	return b
}
