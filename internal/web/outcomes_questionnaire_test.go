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

// questionnaireLinkOf composes the first questionnaire mail of an
// appointment and returns the message and the link in it.
func questionnaireLinkOf(t *testing.T, s *site, id int64) (*clinic.OutboxMessage, string) {
	t.Helper()
	ms, err := s.db.AppointmentMail(context.Background(), id)
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range ms {
		if strings.HasPrefix(m.Kind, "questionnaire:") {
			if err := s.srv.ComposeMail(context.Background(), m); err != nil {
				t.Fatalf("compose: %v", err)
			}
			i := strings.Index(m.Body, testBase+"/questionnaires/")
			if i < 0 {
				t.Fatalf("no link in %q", m.Body)
			}
			return m, strings.Fields(m.Body[i:])[0][len(testBase):]
		}
	}
	t.Fatalf("no questionnaire mail in %v", ms)
	return nil, ""
}

func TestQuestionnairesFromTheAppointment(t *testing.T) {
	s := newSiteWith(t, withDiagnose(t))
	ctx := context.Background()
	a := bookWithCookie(t, s, nil)
	b := frontDesk(t, s)
	page := "/admin/appointments/" + itoa(a.ID)
	t.Run("nothing starts without the patient's consent", func(t *testing.T) {
		res := b.post(t, page+"/questionnaires", url.Values{"treatment": {"mis-fusion"}})
		if res.StatusCode != http.StatusUnprocessableEntity {
			t.Fatalf("status %d", res.StatusCode)
		}
		if _, err := s.db.QuestionnairePlan(ctx, a.ID); clinic.ErrorKind(err) != clinic.ENotFound {
			t.Errorf("a plan without consent: %v", err)
		}
	})
	t.Run("staff record consent and the baseline goes out once", func(t *testing.T) {
		res := b.post(t, page+"/questionnaires", url.Values{"treatment": {"mis-fusion"}, "consent": {"yes"}})
		if res.StatusCode != http.StatusSeeOther {
			t.Fatalf("status %d %s", res.StatusCode, res.text(t, ".alert"))
		}
		if n, err := s.srv.QueueQuestionnaires(ctx); n != 1 || err != nil {
			t.Fatalf("queued %d, %v", n, err)
		}
		if n, _ := s.srv.QueueQuestionnaires(ctx); n != 0 {
			t.Errorf("queued %d more", n)
		}
	})
	m, link := questionnaireLinkOf(t, s, a.ID)
	t.Run("the email goes to the patient with a signed link and a way to stop", func(t *testing.T) {
		if m.To != a.Patient.Email || !strings.Contains(m.Body, link+"/stop") {
			t.Errorf("to %q, body %q", m.To, m.Body)
		}
	})
	t.Run("the questionnaire asks each item in a fieldset with a legend, every choice labelled", func(t *testing.T) {
		res := s.get(t, link)
		if res.StatusCode != http.StatusOK || res.Header.Get("Cache-Control") != "no-store" {
			t.Fatalf("status %d", res.StatusCode)
		}
		if len(res.all(t, "fieldset legend")) < 2 {
			t.Errorf("%d fieldsets", len(res.all(t, "fieldset legend")))
		}
		for _, in := range res.all(t, `fieldset input[type="radio"]`) {
			if len(res.all(t, `label[for="`+attr(in, "id")+`"]`)) != 1 {
				t.Errorf("input %s has no label", attr(in, "id"))
			}
		}
		if strings.Contains(res.body, "Since your treatment began") {
			t.Error("the baseline asks about change since treatment")
		}
	})
	t.Run("an unanswered item is asked again", func(t *testing.T) {
		res := s.postForm(t, link, url.Values{"pain-back-neck.pain": {"7"}})
		if res.StatusCode != http.StatusUnprocessableEntity || len(res.all(t, "fieldset.invalid")) == 0 {
			t.Fatalf("status %d", res.StatusCode)
		}
	})
	t.Run("answers are scored and stored, once", func(t *testing.T) {
		res := s.postForm(t, link, url.Values{"pain-back-neck.pain": {"7"}, "pain-leg-arm.pain": {"4"}})
		if res.StatusCode != http.StatusSeeOther {
			t.Fatalf("status %d %s", res.StatusCode, res.text(t, ".alert"))
		}
		rs, err := s.db.AppointmentResponses(ctx, a.ID)
		if err != nil || len(rs) != 2 {
			t.Fatalf("responses %v, %v", rs, err)
		}
		if again := s.get(t, link); !strings.Contains(again.text(t, "h1"), "Thank you") {
			t.Errorf("after answering: %q", again.text(t, "h1"))
		}
		if again := s.postForm(t, link, url.Values{"pain-back-neck.pain": {"1"}, "pain-leg-arm.pain": {"1"}}); again.StatusCode != http.StatusConflict {
			t.Errorf("a second answer: %d", again.StatusCode)
		}
	})
	t.Run("staff see the scores over time, and the read is audited", func(t *testing.T) {
		res := b.get(t, page)
		if !strings.Contains(res.text(t, "#questionnaires"), "Back or neck pain: 7") {
			t.Errorf("scores not shown: %q", res.text(t, "#questionnaires"))
		}
		es, err := s.db.AuditEvents(ctx, clinic.AuditFilter{Action: "questionnaire.read"})
		if err != nil || len(es) == 0 {
			t.Errorf("audit: %v, %v", es, err)
		}
	})
	t.Run("staff send one by hand", func(t *testing.T) {
		res := b.post(t, page+"/questionnaires/send", url.Values{"time": {"1"}})
		if res.StatusCode != http.StatusSeeOther {
			t.Fatalf("status %d", res.StatusCode)
		}
	})
	t.Run("after opting out nothing more is sent", func(t *testing.T) {
		if res := s.postForm(t, link+"/stop", nil); res.StatusCode != http.StatusOK || !strings.Contains(res.text(t, "h1"), "No more") {
			t.Fatalf("stop: %d %q", res.StatusCode, res.text(t, "h1"))
		}
		ms, _ := s.db.AppointmentMail(ctx, a.ID)
		for _, m := range ms {
			if m.Kind == "questionnaire:1" && m.FailedAt.IsZero() && m.SentAt.IsZero() {
				t.Error("the mail sent by hand is still queued after opting out")
			}
		}
		if res := b.post(t, page+"/questionnaires/send", url.Values{"time": {"2"}}); res.StatusCode != http.StatusConflict {
			t.Errorf("sent by hand after opting out: %d", res.StatusCode)
		}
	})
	t.Run("a link not ours, or expired, opens nothing", func(t *testing.T) {
		if res := s.get(t, link[:len(link)-3]+"AAA"); res.StatusCode != http.StatusNotFound {
			t.Errorf("a forged link: %d", res.StatusCode)
		}
		s.clock.advance(61 * 24 * time.Hour)
		if res := s.get(t, link); res.StatusCode != http.StatusGone {
			t.Errorf("an expired link: %d", res.StatusCode)
		}
	})
}
