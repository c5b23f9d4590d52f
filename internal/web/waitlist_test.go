package web_test

import (
	"context"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"clinic"
	"clinic/internal/mail"
)

func waitlistForm() url.Values {
	return url.Values{"type": {"follow-up"}, "location": {"seattle"}, "doctor": {"dr-maya-lindqvist"}, "before": {"2027-01-20"},
		"name": {"Ann Waiting"}, "dob": {"1950-05-05"}, "phone": {"555-0177"}, "email": {"ann.waiting@example.com"}}
}

func TestWaitlistGetsACancelledTime(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	ctx := context.Background()
	link := firstSlot(t, s, "type=follow-up&location=seattle&doctor=dr-maya-lindqvist")
	booking := s.postForm(t, "/appointments/details", patientForm(t, s, link))
	manage, _, _ := strings.Cut(booking.Header.Get("Location"), "?")

	join := s.get(t, "/appointments?type=follow-up&location=seattle&doctor=dr-maya-lindqvist").all(t, `a[href^="/appointments/waitlist?"]`)
	if len(join) != 1 {
		t.Fatal("the booking page does not offer the waitlist")
	}
	page := s.get(t, attr(join[0], "href"))
	if page.StatusCode != 200 {
		t.Fatalf("waitlist form: %d", page.StatusCode)
	}
	checkMarkup(t, page)
	if r := s.postForm(t, "/appointments/waitlist", waitlistForm()); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("join: %d %q", r.StatusCode, r.text(t, ".error"))
	}
	if r := s.postForm(t, manage+"/cancel", url.Values{"confirm": {"yes"}}); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("cancel: %d", r.StatusCode)
	}
	start, _ := time.Parse(time.RFC3339, patientStart(t, link))
	as, _ := s.db.ProviderAppointments(ctx, "dr-maya-lindqvist", start, start.Add(time.Minute))
	if len(as) != 1 || as[0].Patient.Name != "Ann Waiting" || as[0].HeldUntil.IsZero() {
		t.Fatalf("after the cancellation: %+v", as)
	}
	hold := as[0]
	offer := &clinic.OutboxMessage{Kind: clinic.MailOffer, Appointment: hold.ID}
	if err := s.srv.ComposeMail(ctx, offer); err != nil {
		t.Fatal(err)
	}
	holdLink := regexp.MustCompile(`/appointments/manage/[A-Za-z0-9_.-]+`).FindString(offer.Body)
	if offer.To != "ann.waiting@example.com" || !strings.Contains(offer.Body, "holding it for you until") || holdLink == "" {
		t.Fatalf("offer: to %q, body %q", offer.To, offer.Body)
	}
	r := s.get(t, holdLink)
	if len(r.all(t, `form[action$="/confirm"]`)) != 1 || len(r.all(t, `a[href$="/move"]`)) != 0 {
		t.Fatal("the hold's page does not offer to take it")
	}
	if r := s.postForm(t, holdLink+"/confirm", nil); r.StatusCode != http.StatusSeeOther || !strings.HasSuffix(r.Header.Get("Location"), "done=booked") {
		t.Fatalf("confirm: %d", r.StatusCode)
	}
	got, _ := s.db.Appointment(ctx, hold.ID)
	if !got.HeldUntil.IsZero() {
		t.Error("the hold is still a hold")
	}
}

func patientStart(t *testing.T, link string) string {
	u, err := url.Parse(link)
	if err != nil {
		t.Fatal(err)
	}
	return u.Query().Get("start")
}

func TestWaitlistRefusesBadInput(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	bad := []struct{ name, field, value string }{
		{"a date in the past", "before", "2020-01-01"},
		{"a date a year ahead", "before", "2027-12-01"},
		{"a date as words", "before", "soon"},
		{"no email", "email", ""},
		{"no name", "name", ""},
	}
	for _, c := range bad {
		t.Run(c.name+" is refused with the form kept", func(t *testing.T) {
			r := s.postForm(t, "/appointments/waitlist", withField(waitlistForm(), c.field, c.value))
			if r.StatusCode != http.StatusUnprocessableEntity || len(r.all(t, "#f-"+c.field+"-error")) != 1 {
				t.Errorf("%d %q", r.StatusCode, r.text(t, ".error"))
			}
		})
	}
	for _, q := range []string{"type=follow-up", "type=nope&location=seattle&doctor=dr-maya-lindqvist", "type=follow-up&location=kent&doctor=dr-maya-lindqvist"} {
		if r := s.get(t, "/appointments/waitlist?"+q); r.StatusCode != http.StatusBadRequest {
			t.Errorf("%s: %d", q, r.StatusCode)
		}
	}
}

func TestWaitlistForTheFrontDesk(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	ctx := context.Background()
	if r := s.postForm(t, "/appointments/waitlist", waitlistForm()); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("join: %d", r.StatusCode)
	}
	b := frontDesk(t, s)
	page := b.get(t, "/admin/waitlist")
	if page.StatusCode != 200 || !strings.Contains(page.text(t, "table.list tbody"), "Ann Waiting") {
		t.Fatalf("waitlist page: %d", page.StatusCode)
	}
	checkMarkup(t, page)
	if es, _ := s.db.AuditEvents(ctx, clinic.AuditFilter{Action: "waitlist.list"}); len(es) != 1 {
		t.Errorf("%d reads audited", len(es))
	}
	action := attr(page.all(t, `form[action$="/remove"]`)[0], "action")
	if r := b.post(t, action, nil); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("remove: %d", r.StatusCode)
	}
	if r := b.post(t, action, nil); r.StatusCode != http.StatusNotFound {
		t.Errorf("removing twice: %d", r.StatusCode)
	}
	if left, _ := s.db.Waitlist(ctx, ""); len(left) != 0 {
		t.Errorf("%d still waiting", len(left))
	}
}

func TestNoConfirmationForACancelledAppointment(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	ctx := context.Background()
	res := s.postForm(t, "/appointments/details", patientForm(t, s, firstSlot(t, s, "type=follow-up&location=seattle")))
	manage, _, _ := strings.Cut(res.Header.Get("Location"), "?")
	if r := s.postForm(t, manage+"/cancel", url.Values{"confirm": {"yes"}}); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("cancel: %d", r.StatusCode)
	}
	as, _ := s.db.Appointments(ctx, clinic.AppointmentFilter{From: testNow, To: testNow.Add(30 * 24 * time.Hour)})
	if len(as) != 1 {
		t.Fatalf("%d appointments", len(as))
	}
	for _, kind := range []string{clinic.MailBooked, clinic.MailReminder} {
		m := &clinic.OutboxMessage{ID: 1, Kind: kind, Appointment: as[0].ID}
		if err := s.srv.ComposeMail(ctx, m); !mail.Permanent(err) || strings.Contains(err.Error(), "rosa") {
			t.Errorf("%s for a cancelled appointment: %v", kind, err)
		}
	}
	cancelled := &clinic.OutboxMessage{ID: 2, Kind: clinic.MailCancelled, Appointment: as[0].ID}
	if err := s.srv.ComposeMail(ctx, cancelled); err != nil || !strings.HasPrefix(cancelled.To, "rosa+") {
		t.Errorf("the cancellation: %v", err)
	}
}
