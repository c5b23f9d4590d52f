package web_test

import (
	"context"
	"log/slog"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"
	"time"

	"golang.org/x/net/html"

	"clinic"
	"clinic/internal/mail"
	"clinic/internal/mail/mailtest"
	"clinic/internal/web"
)

// procedureChoice is the demo's injection visit, a procedure.
const procedureChoice = "type=injection&location=seattle&doctor=dr-maya-lindqvist"

// composingSender writes each message as the server does when it is sent,
// then sends it over SMTP.
type composingSender struct {
	*mail.Sender
	compose func(context.Context, *clinic.OutboxMessage) error
}

func (c composingSender) Send(ctx context.Context, m *clinic.OutboxMessage) error {
	if err := c.compose(ctx, m); err != nil {
		return err
	}
	return c.Sender.Send(ctx, m)
}

// mailWorker drains s's outbox into an SMTP server of the test, on s's
// clock.
func mailWorker(t *testing.T, s *site) (*mail.Worker, *mailtest.Server) {
	t.Helper()
	smtp := mailtest.Start(t)
	sender, err := mail.New(mail.Config{Host: smtp.Host(), Port: smtp.Port(), Security: mail.SecurityNone, From: "Clinic <noreply@clinic.example>"})
	if err != nil {
		t.Fatal(err)
	}
	return &mail.Worker{Outbox: s.db, Sender: composingSender{sender, s.srv.ComposeMail}, Now: s.clock.now,
		Logger: slog.New(slog.DiscardHandler), Batch: 50}, smtp
}

// drain sends everything due and returns every message the SMTP server
// has received so far.
func drain(t *testing.T, w *mail.Worker, smtp *mailtest.Server) []mailtest.Received {
	t.Helper()
	before := len(smtp.Messages())
	sent, failed, err := w.RunOnce(context.Background())
	if err != nil || failed != 0 {
		t.Fatalf("outbox: %d failed, %v", failed, err)
	}
	return smtp.Wait(t, before+sent, 10*time.Second)
}

// questionnaireMailTo counts the questionnaire emails to an address.
func questionnaireMailTo(ms []mailtest.Received, to string) int {
	n := 0
	for _, m := range ms {
		if len(m.To) == 1 && m.To[0] == to && strings.Contains(strings.ToLower(m.Subject), "a few questions about how you are doing") {
			n++
		}
	}
	return n
}

// bookProcedure books the first open time of the injection visit with
// form, edited, and returns the response and the form sent.
func bookProcedure(t *testing.T, s *site, edit func(url.Values)) (*response, url.Values) {
	t.Helper()
	form := patientForm(t, s, firstSlot(t, s, procedureChoice))
	if edit != nil {
		edit(form)
	}
	return s.postForm(t, "/appointments/details", form), form
}

// bookedByKey returns the appointment a form booked, or fails.
func bookedByKey(t *testing.T, s *site, form url.Values) *clinic.Appointment {
	t.Helper()
	a, err := s.db.AppointmentByKey(context.Background(), form.Get("key"))
	if err != nil {
		t.Fatalf("no appointment for the form: %v", err)
	}
	return a
}

func TestBookingAsksForQuestionnaires(t *testing.T) {
	t.Parallel()
	s := newSiteWith(t, withDiagnose(t))
	ctx := context.Background()
	worker, smtp := mailWorker(t, s)
	t.Run("a procedure's details form asks, unticked, in a fieldset with its label and note", func(t *testing.T) {
		r := s.get(t, firstSlot(t, s, procedureChoice))
		checkMarkup(t, r)
		box := r.all(t, `fieldset#questionnaires input[type=checkbox][name=questionnaires][value=yes]`)
		if len(box) != 1 || hasAttr(box[0], "checked") {
			t.Fatalf("want one unticked box, got %d", len(box))
		}
		if !strings.Contains(r.text(t, "#questionnaires legend"), "optional") ||
			r.text(t, `label[for="f-questionnaires"]`) != clinic.QuestionnaireConsentLabel ||
			attr(box[0], "aria-describedby") != "f-questionnaires-note" ||
			!strings.Contains(r.text(t, "#f-questionnaires-note"), "link to stop") {
			t.Errorf("legend %q, label %q, note %q", r.text(t, "#questionnaires legend"), r.text(t, `label[for="f-questionnaires"]`), r.text(t, "#f-questionnaires-note"))
		}
	})
	var unticked, ticked *clinic.Appointment
	t.Run("unticked, the booking starts nothing and sends nothing", func(t *testing.T) {
		res, form := bookProcedure(t, s, nil)
		if res.StatusCode != http.StatusSeeOther {
			t.Fatalf("status %d %s", res.StatusCode, res.text(t, ".alert"))
		}
		unticked = bookedByKey(t, s, form)
		if _, err := s.db.QuestionnairePlan(ctx, unticked.ID); clinic.ErrorKind(err) != clinic.ENotFound {
			t.Errorf("a plan without consent: %v", err)
		}
		if n, err := s.srv.QueueQuestionnaires(ctx); n != 0 || err != nil {
			t.Errorf("queued %d, %v", n, err)
		}
		if manage := s.get(t, res.Header.Get("Location")); len(manage.all(t, "#questionnaires")) != 0 {
			t.Error("the manage page speaks of questionnaires not asked for")
		}
	})
	var manageURL string
	t.Run("ticked, consent is recorded with its time and wording, and audited", func(t *testing.T) {
		res, form := bookProcedure(t, s, func(v url.Values) { v.Set("questionnaires", "yes") })
		if res.StatusCode != http.StatusSeeOther {
			t.Fatalf("status %d %s", res.StatusCode, res.text(t, ".alert"))
		}
		manageURL = res.Header.Get("Location")
		ticked = bookedByKey(t, s, form)
		p, err := s.db.QuestionnairePlan(ctx, ticked.ID)
		if err != nil || p.Treatment != "interventional-spinal-injections" || p.ConsentVersion != clinic.QuestionnaireConsentVersion ||
			!p.ConsentAt.Equal(s.clock.now()) || !p.OptedOutAt.IsZero() {
			t.Fatalf("plan %+v, %v", p, err)
		}
		es, err := s.db.AuditEvents(ctx, clinic.AuditFilter{Action: "questionnaire.start"})
		if err != nil || len(es) != 1 || !strings.HasPrefix(es[0].Actor, "patient") || es[0].Record != "appointment:"+itoa(ticked.ID) {
			t.Errorf("audit %+v, %v", es, err)
		}
	})
	t.Run("the baseline email goes out once, and only to the patient who asked", func(t *testing.T) {
		if n, err := s.srv.QueueQuestionnaires(ctx); n != 1 || err != nil {
			t.Fatalf("queued %d, %v", n, err)
		}
		if n, _ := s.srv.QueueQuestionnaires(ctx); n != 0 {
			t.Errorf("queued %d more", n)
		}
		drain(t, worker, smtp)
		s.clock.advance(time.Hour)
		if n, _ := s.srv.QueueQuestionnaires(ctx); n != 0 {
			t.Errorf("queued %d an hour later", n)
		}
		got := drain(t, worker, smtp)
		if n := questionnaireMailTo(got, ticked.Patient.Email); n != 1 {
			t.Errorf("%d questionnaire emails to the patient who asked, want 1", n)
		}
		if n := questionnaireMailTo(got, unticked.Patient.Email); n != 0 {
			t.Errorf("%d questionnaire emails to the patient who did not ask", n)
		}
		for _, m := range got {
			if m.To[0] == ticked.Patient.Email && strings.Contains(m.Subject, "questions") && !strings.Contains(m.Text, "/stop") {
				t.Errorf("the email has no link to stop: %q", m.Text)
			}
		}
	})
	t.Run("staff see that the patient gave consent online", func(t *testing.T) {
		page := frontDesk(t, s).get(t, "/admin/appointments/"+itoa(ticked.ID))
		if got := page.text(t, "#questionnaires"); !strings.Contains(got, "booking online") || !strings.Contains(got, clinic.QuestionnaireConsentVersion) {
			t.Errorf("panel %q", got)
		}
	})
	t.Run("the manage page lets the patient stop them, and nothing more is sent", func(t *testing.T) {
		manage := s.get(t, manageURL)
		checkMarkup(t, manage)
		stop := manage.all(t, `#questionnaires ~ p a[href$="/stop"]`)
		if len(stop) != 1 {
			t.Fatalf("no link to stop: %q", manage.text(t, "main"))
		}
		if res := s.postForm(t, attr(stop[0], "href"), nil); res.StatusCode != http.StatusOK || !strings.Contains(res.text(t, "h1"), "No more") {
			t.Fatalf("stop: %d %q", res.StatusCode, res.text(t, "h1"))
		}
		if again := s.get(t, manageURL); !strings.Contains(again.text(t, "main"), "no more questionnaires") {
			t.Errorf("after stopping the manage page says %q", again.text(t, "main"))
		}
		s.clock.advance(8 * 24 * time.Hour)
		if n, _ := s.srv.QueueQuestionnaires(ctx); n != 0 {
			t.Errorf("%d queued after stopping: a reminder", n)
		}
	})
}

func TestBookingQuestionnaireBoxRefusesBadValues(t *testing.T) {
	t.Parallel()
	s := newSiteWith(t, withDiagnose(t))
	ctx := context.Background()
	for _, tc := range []struct {
		name   string
		values []string
	}{
		{"no", []string{"no"}},
		{"on, which our box never sends", []string{"on"}},
		{"an empty value", []string{""}},
		{"yes in capitals", []string{"YES"}},
		{"yes twice", []string{"yes", "yes"}},
		{"yes and no", []string{"yes", "no"}},
		{"a long value", []string{strings.Repeat("yes", 1000)}},
	} {
		t.Run(tc.name+" is asked again and books nothing", func(t *testing.T) {
			res, form := bookProcedure(t, s, func(v url.Values) { v["questionnaires"] = tc.values })
			if res.StatusCode != http.StatusUnprocessableEntity {
				t.Fatalf("status %d", res.StatusCode)
			}
			checkMarkup(t, res)
			box := res.all(t, "#f-questionnaires")
			if len(box) != 1 || hasAttr(box[0], "checked") || attr(box[0], "aria-invalid") != "true" ||
				!strings.Contains(res.text(t, "#f-questionnaires-error"), "Tick the box") {
				t.Errorf("the box is not marked with the problem: %q", res.text(t, "#questionnaires"))
			}
			if got := attr(res.all(t, "#f-name")[0], "value"); got != form.Get("name") {
				t.Errorf("the name typed is lost: %q", got)
			}
			if _, err := s.db.AppointmentByKey(ctx, form.Get("key")); clinic.ErrorKind(err) != clinic.ENotFound {
				t.Errorf("booked: %v", err)
			}
		})
	}
	t.Run("a ticked box stays ticked when another field is wrong", func(t *testing.T) {
		res, _ := bookProcedure(t, s, func(v url.Values) { v.Set("questionnaires", "yes"); v.Set("dob", "13/45/1960") })
		if res.StatusCode != http.StatusUnprocessableEntity {
			t.Fatalf("status %d", res.StatusCode)
		}
		if box := res.all(t, "#f-questionnaires"); len(box) != 1 || !hasAttr(box[0], "checked") || hasAttr(box[0], "aria-invalid") {
			t.Error("the box lost its tick, or is marked wrong")
		}
	})
}

func TestBookingOffersQuestionnairesOnlyForProcedures(t *testing.T) {
	t.Parallel()
	withOutcomes := newSiteWith(t, withDiagnose(t))
	noQuestionnaires := newSiteWith(t, func(c *web.Config) { withDiagnose(t)(c); c.Questionnaires = nil })
	noInstruments := newSite(t)
	gone := newSiteWith(t, withDiagnose(t))
	inj, err := gone.db.AppointmentType(context.Background(), "injection")
	if err != nil {
		t.Fatal(err)
	}
	inj.Treatment = "no-longer-offered"
	if err := gone.db.SaveAppointmentType(context.Background(), inj, false); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name   string
		s      *site
		choice string
	}{
		{"a consultation, which is not a procedure", withOutcomes, "type=new-consultation&location=seattle&doctor=dr-maya-lindqvist"},
		{"a procedure where the questionnaires are switched off", noQuestionnaires, procedureChoice},
		{"a procedure where no questionnaire is loaded", noInstruments, procedureChoice},
		{"a procedure no longer in the treatment tree", gone, procedureChoice},
	} {
		t.Run(tc.name+": no box, and a box sent anyway books without questionnaires", func(t *testing.T) {
			link := firstSlot(t, tc.s, tc.choice)
			if r := tc.s.get(t, link); len(r.all(t, "#questionnaires, [name=questionnaires]")) != 0 {
				t.Fatal("the form offers questionnaires")
			}
			form := patientForm(t, tc.s, link)
			form.Set("questionnaires", "yes")
			res := tc.s.postForm(t, "/appointments/details", form)
			if res.StatusCode != http.StatusSeeOther {
				t.Fatalf("status %d %s", res.StatusCode, res.text(t, ".alert"))
			}
			a := bookedByKey(t, tc.s, form)
			if _, err := tc.s.db.QuestionnairePlan(context.Background(), a.ID); clinic.ErrorKind(err) != clinic.ENotFound {
				t.Errorf("a plan: %v", err)
			}
			if m := tc.s.get(t, res.Header.Get("Location")); m.StatusCode != http.StatusOK || len(m.all(t, "#questionnaires")) != 0 {
				t.Errorf("manage page: %d", m.StatusCode)
			}
		})
	}
}

// hasAttr reports whether n carries attribute key, with any value.
func hasAttr(n *html.Node, key string) bool {
	return slices.ContainsFunc(n.Attr, func(a html.Attribute) bool { return a.Key == key })
}

// questionnairePagesToCheck are the booking pages of a procedure for the
// HTML checker: the details form with its box, the form again with the
// box's problem, the manage page of a booking that asked for the
// questionnaires and the page it links to for stopping them.
func questionnairePagesToCheck(t *testing.T) []checkedPage {
	t.Helper()
	s := newSiteWith(t, withDiagnose(t))
	details := firstSlot(t, s, procedureChoice)
	pages := []checkedPage{{path: details, status: http.StatusOK, body: getChecked(t, s, details, http.StatusOK)}}
	refused, _ := bookProcedure(t, s, func(v url.Values) { v.Set("questionnaires", "maybe") })
	if refused.StatusCode != http.StatusUnprocessableEntity {
		t.Fatalf("a bad box: %d", refused.StatusCode)
	}
	pages = append(pages, checkedPage{path: "/appointments/details (the box refused)", status: refused.StatusCode, body: refused.body})
	booked, _ := bookProcedure(t, s, func(v url.Values) { v.Set("questionnaires", "yes") })
	if booked.StatusCode != http.StatusSeeOther {
		t.Fatalf("booking a procedure: %d", booked.StatusCode)
	}
	manage := booked.Header.Get("Location")
	page := s.get(t, manage)
	stop := page.all(t, `#questionnaires ~ p a[href$="/stop"]`)
	if len(stop) != 1 {
		t.Fatal("the manage page has no link to stop the questionnaires")
	}
	return append(pages, checkedPage{path: manage, status: http.StatusOK, body: getChecked(t, s, manage, http.StatusOK)},
		checkedPage{path: "the stop page", status: http.StatusOK, body: getChecked(t, s, attr(stop[0], "href"), http.StatusOK)})
}
