package web_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"clinic"
)

// withForm is the form of a result page with its answers, as the page's
// own forms carry them.
func resultForm(t *testing.T, s *site, answers url.Values, action string) url.Values {
	t.Helper()
	return hiddenFields(t, resultFor(t, s, answers), `form[action="`+action+`"]`)
}

// bookWithCookie books the first open time with the answers cookie.
func bookWithCookie(t *testing.T, s *site, cookie *http.Cookie) *clinic.Appointment {
	t.Helper()
	link := firstSlot(t, s, "type=new-consultation&location=seattle&doctor=dr-maya-lindqvist")
	req := formRequest("/appointments/details", patientForm(t, s, link))
	if cookie != nil {
		req.AddCookie(cookie)
	}
	res := s.do(t, req)
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("booking: %d %s", res.StatusCode, res.text(t, ".alert"))
	}
	as, err := s.db.ProviderAppointments(context.Background(), "dr-maya-lindqvist", testNow, testNow.AddDate(0, 1, 0))
	if err != nil || len(as) == 0 {
		t.Fatalf("no appointment: %v", err)
	}
	return as[len(as)-1]
}

func answersCookieOf(res *response) *http.Cookie {
	for _, c := range res.Cookies() {
		if c.Name == "diagnose" {
			return c
		}
	}
	return nil
}

func TestBookingFromTheResultKeepsTheAnswersWithConsent(t *testing.T) {
	s := newSiteWith(t, withDiagnose(t))
	ctx := context.Background()
	form := resultForm(t, s, plainAnswers(), "/diagnose/book")
	form.Set("attach", "yes")
	res := s.postForm(t, "/diagnose/book", form)
	cookie := answersCookieOf(res)
	if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != "/appointments" || cookie == nil || cookie.Value == "" {
		t.Fatalf("book: %d %q, cookie %v", res.StatusCode, res.Header.Get("Location"), cookie)
	}
	t.Run("the answers travel sealed, never in the clear or in a URL", func(t *testing.T) {
		if strings.Contains(cookie.Value, "low_back") || !cookie.HttpOnly || cookie.Path != "/appointments" {
			t.Errorf("cookie %+v", cookie)
		}
		if strings.Contains(res.Header.Get("Location"), "?") {
			t.Errorf("answers in the redirect: %s", res.Header.Get("Location"))
		}
	})
	a := bookWithCookie(t, s, cookie)
	t.Run("the booking keeps them with the appointment", func(t *testing.T) {
		rec, err := s.db.AppointmentTriage(ctx, a.ID)
		if err != nil || rec.Answers["where"][0] != "low_back" {
			t.Fatalf("kept: %+v, %v", rec, err)
		}
	})
	t.Run("staff read them on the appointment, and the read is audited", func(t *testing.T) {
		b := frontDesk(t, s)
		page := b.get(t, "/admin/appointments/"+itoa(a.ID))
		if page.StatusCode != http.StatusOK || !strings.Contains(page.text(t, "#diagnose-answers"), "Low back") {
			t.Fatalf("appointment page: %d %q", page.StatusCode, page.text(t, "#diagnose-answers"))
		}
		es, err := s.db.AuditEvents(ctx, clinic.AuditFilter{Action: "triage.read", Outcome: clinic.AuditOK})
		if err != nil || len(es) != 1 || es[0].Record != "appointment:"+itoa(a.ID) {
			t.Errorf("audit: %+v, %v", es, err)
		}
	})
	t.Run("a tampered cookie attaches nothing", func(t *testing.T) {
		bad := &http.Cookie{Name: "diagnose", Value: cookie.Value[:len(cookie.Value)-2] + "AA"}
		b := bookWithCookie(t, s, bad)
		if _, err := s.db.AppointmentTriage(ctx, b.ID); clinic.ErrorKind(err) != clinic.ENotFound {
			t.Errorf("answers kept from a tampered cookie: %v", err)
		}
	})
}

func TestBookingFromTheResultWithoutConsentKeepsNothing(t *testing.T) {
	s := newSiteWith(t, withDiagnose(t))
	res := s.postForm(t, "/diagnose/book", resultForm(t, s, plainAnswers(), "/diagnose/book"))
	if c := answersCookieOf(res); res.StatusCode != http.StatusSeeOther || (c != nil && c.MaxAge >= 0) {
		t.Fatalf("book: %d, cookie %+v", res.StatusCode, c)
	}
	a := bookWithCookie(t, s, nil)
	if _, err := s.db.AppointmentTriage(context.Background(), a.ID); clinic.ErrorKind(err) != clinic.ENotFound {
		t.Errorf("answers kept without consent: %v", err)
	}
}

func TestBookingIsRefusedAfterAnEmergencySign(t *testing.T) {
	s := newSiteWith(t, withDiagnose(t))
	form := plainAnswers()
	form.Set("saddle_numbness", "yes")
	form.Set("attach", "yes")
	for _, action := range []string{"/diagnose/book", "/diagnose/call"} {
		res := s.postForm(t, action, form)
		if res.StatusCode != http.StatusOK || res.text(t, "h1") != "Go to an emergency department now" || answersCookieOf(res) != nil {
			t.Errorf("POST %s after an emergency sign: %d %q", action, res.StatusCode, res.text(t, "h1"))
		}
	}
}

func TestCallBackFromTheResult(t *testing.T) {
	s := newSiteWith(t, withDiagnose(t))
	ctx := context.Background()
	form := resultForm(t, s, plainAnswers(), "/diagnose/call")
	form.Set("name", "Ann Example")
	form.Set("email", "ann@example.com")
	form.Set("phone", "(206) 555-0143")
	t.Run("without consent nothing is stored and the box is asked for", func(t *testing.T) {
		res := s.postForm(t, "/diagnose/call", form)
		if res.StatusCode != http.StatusUnprocessableEntity || res.text(t, "#f-consent-error") == "" {
			t.Fatalf("%d %q", res.StatusCode, res.text(t, "#f-consent-error"))
		}
		if _, n, _ := s.db.ContactMessages(ctx, "", 0, 0); n != 0 {
			t.Errorf("%d leads stored without consent", n)
		}
	})
	t.Run("without a phone number nothing is stored and one is asked for", func(t *testing.T) {
		bad := url.Values{}
		for k, v := range form {
			bad[k] = v
		}
		bad.Set("consent", "yes")
		bad.Del("phone")
		res := s.postForm(t, "/diagnose/call", bad)
		if res.StatusCode != http.StatusUnprocessableEntity || res.text(t, "#f-phone-error") == "" {
			t.Fatalf("%d %q", res.StatusCode, res.text(t, "#f-phone-error"))
		}
		if _, n, _ := s.db.ContactMessages(ctx, "", 0, 0); n != 0 {
			t.Errorf("%d leads stored without a phone number", n)
		}
	})
	t.Run("unfinished answers are told in words", func(t *testing.T) {
		res := s.postForm(t, "/diagnose/call", url.Values{"step": {"zzz"}, "name": {"W"}, "email": {"w@example.com"}, "consent": {"yes"}, "phone": {"1"}})
		if res.StatusCode != http.StatusBadRequest && res.StatusCode != http.StatusUnprocessableEntity {
			t.Fatalf("status %d", res.StatusCode)
		}
		if body := string(res.body); strings.Contains(body, "has no answer yet") || !strings.Contains(body, "Some questions have no answer yet") {
			t.Errorf("the page says: %q", res.text(t, "main"))
		}
	})
	t.Run("with consent the front desk gets a lead with the answers", func(t *testing.T) {
		form.Set("consent", "yes")
		res := s.postForm(t, "/diagnose/call", form)
		if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != "/diagnose/thanks" {
			t.Fatalf("%d %q", res.StatusCode, res.Header.Get("Location"))
		}
		ms, n, err := s.db.ContactMessages(ctx, "", 10, 0)
		if err != nil || n != 1 || ms[0].Name != "Ann Example" || !strings.Contains(ms[0].Message, "Low back") {
			t.Fatalf("leads %+v, %v", ms, err)
		}
		rec, err := s.db.MessageTriage(ctx, ms[0].ID)
		if err != nil || rec.Answers["where"][0] != "low_back" {
			t.Errorf("answers with the lead: %+v, %v", rec, err)
		}
	})
}
