package web_test

import (
	"context"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"clinic"
)

// patientEvents are the audit log's events of patients, oldest first, as
// "action record actor" lines, with the appointment IDs named.
func patientEvents(t *testing.T, s *site) []*clinic.AuditEvent {
	t.Helper()
	es, err := s.db.AuditEvents(context.Background(), clinic.AuditFilter{Action: "appointment.", Limit: 1000})
	if err != nil {
		t.Fatal(err)
	}
	var out []*clinic.AuditEvent
	for i := len(es) - 1; i >= 0; i-- {
		if strings.HasPrefix(es[i].Actor, "patient") {
			out = append(out, es[i])
		}
	}
	return out
}

func TestPatientsChangesAreAudited(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	ctx := context.Background()
	form := patientForm(t, s, firstSlot(t, s, "type=follow-up&location=seattle&doctor=dr-samuel-okafor"))
	res := s.postForm(t, "/appointments/details", form)
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("book: %d", res.StatusCode)
	}
	first, _, _ := strings.Cut(res.Header.Get("Location"), "?")
	start, _ := time.Parse(time.RFC3339, form.Get("start"))
	as, _ := s.db.ProviderAppointments(ctx, "dr-samuel-okafor", start, start.Add(time.Minute))
	if len(as) != 1 {
		t.Fatalf("%d booked", len(as))
	}
	id := itoa(as[0].ID)

	// The patient moves it to another time, asked first.
	ask := s.get(t, attr(s.get(t, first+"/move").all(t, "a.slot")[1], "href"))
	confirm := url.Values{}
	for _, in := range ask.all(t, `form[method=post] input[type=hidden]`) {
		confirm.Set(attr(in, "name"), attr(in, "value"))
	}
	moved := s.postForm(t, first+"/move", confirm)
	if moved.StatusCode != http.StatusSeeOther {
		t.Fatalf("move: %d %q", moved.StatusCode, moved.text(t, ".alert"))
	}
	second, _, _ := strings.Cut(moved.Header.Get("Location"), "?")

	// Someone waits for the clinician; the patient cancels; the one
	// waiting takes the time offered.
	wait := &clinic.WaitlistEntry{Provider: "dr-samuel-okafor", Location: "seattle", Type: "follow-up", Before: start.Add(60 * 24 * time.Hour),
		Patient: clinic.PatientDetails{Name: "Wes Waiting", DateOfBirth: "1950-01-01", Phone: "555-0101", Email: "wes@example.com"}}
	if err := s.db.JoinWaitlist(ctx, wait); err != nil {
		t.Fatal(err)
	}
	if r := s.postForm(t, second+"/cancel", url.Values{"confirm": {"yes"}, "reason": {"My back is better."}}); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("cancel: %d", r.StatusCode)
	}
	entry, _ := s.db.WaitlistEntry(ctx, wait.ID)
	if entry.Appointment == 0 {
		t.Fatal("the freed time was not offered")
	}
	offer := &clinic.OutboxMessage{Kind: clinic.MailOffer, Appointment: entry.Appointment}
	if err := s.srv.ComposeMail(ctx, offer); err != nil {
		t.Fatal(err)
	}
	hold := regexp.MustCompile(`/appointments/manage/[A-Za-z0-9_.-]+`).FindString(offer.Body)
	if r := s.postForm(t, hold+"/confirm", nil); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("confirm: %d", r.StatusCode)
	}

	es := patientEvents(t, s)
	var got []string
	for _, e := range es {
		got = append(got, e.Action+" "+e.Record+" "+e.Actor+" "+e.Outcome)
	}
	holdID := itoa(entry.Appointment)
	want := []string{
		"appointment.create appointment:" + id + " patient (online booking) ok",
		"appointment.move appointment:" + id + " patient (manage link) ok",
		"appointment.cancel appointment:" + id + " patient (manage link) ok",
		"appointment.confirm appointment:" + holdID + " patient (manage link) ok",
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("patients' changes in the audit log (-want +got):\n%s", diff)
	}
	t.Run("the events hold nothing of the patients", func(t *testing.T) {
		for _, e := range es {
			row := strings.ToLower(strings.Join([]string{e.Actor, e.Record, e.Detail, e.Action}, " "))
			for _, phi := range []string{"rosa", "díaz", "1961", "example.com", "555", "sciatica", "wes", "better"} {
				if strings.Contains(row, phi) {
					t.Errorf("event %d holds %q: %q", e.ID, phi, row)
				}
			}
		}
	})
	t.Run("each is written with its change: a refused change leaves none", func(t *testing.T) {
		before := len(es)
		if r := s.postForm(t, second+"/cancel", url.Values{"confirm": {"yes"}}); r.StatusCode != http.StatusConflict ||
			r.text(t, "h1") != "This has changed" || !strings.Contains(r.text(t, "main"), "latest email") {
			t.Errorf("a second cancel through an old link: %d %q", r.StatusCode, r.text(t, "main"))
		}
		if after := len(patientEvents(t, s)); after != before {
			t.Errorf("%d events after a refused change, want %d", after, before)
		}
	})
	t.Run("the chain of the audit log holds", func(t *testing.T) {
		if broken, _, err := s.db.VerifyAudit(ctx); broken != 0 || err != nil {
			t.Errorf("broken at %d: %v", broken, err)
		}
	})
}
