package web_test

import (
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
)

func contactForm(edit func(url.Values)) url.Values {
	v := url.Values{"name": {"Ana Lee"}, "email": {"ana@example.com"}, "phone": {"(206) 555-0142"}, "message": {"I would like to ask about the MRI review."}}
	if edit != nil {
		edit(v)
	}
	return v
}

func TestContactFormRefusesBadInput(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	tests := []struct {
		name  string
		edit  func(url.Values)
		field string // the field whose error must show
	}{
		{"an empty form", func(v url.Values) { v.Set("name", ""); v.Set("email", ""); v.Set("message", "") }, "name"},
		{"no message", func(v url.Values) { v.Set("message", "   ") }, "message"},
		{"an invalid email", func(v url.Values) { v.Set("email", "ana@") }, "email"},
		{"a message too long", func(v url.Values) { v.Set("message", strings.Repeat("a", 5001)) }, "message"},
		{"a name too long", func(v url.Values) { v.Set("name", strings.Repeat("a", 121)) }, "name"},
		{"letters as a phone number", func(v url.Values) { v.Set("phone", "call me maybe") }, "phone"},
		{"invalid UTF-8", func(v url.Values) { v.Set("name", "Ana\xff") }, "name"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			form := contactForm(tt.edit)
			r := s.postForm(t, "/contact", form)
			if r.StatusCode != http.StatusUnprocessableEntity {
				t.Fatalf("status %d, want 422", r.StatusCode)
			}
			if got := r.text(t, "#f-"+tt.field+"-error"); got == "" {
				t.Errorf("no error shown for %s", tt.field)
			}
			if len(r.all(t, `[role=alert]`)) != 1 {
				t.Errorf("no summary of the problem")
			}
			// What the person typed is kept (when it was readable).
			if v := form.Get("message"); v != "" && !strings.Contains(v, "\xff") && len(v) < 5000 {
				if got := r.text(t, "#f-message"); got != strings.TrimSpace(v) {
					t.Errorf("message field = %q, want what was typed", got)
				}
			}
			if n := len(r.all(t, `input#f-email[value="`+form.Get("email")+`"]`)); form.Get("email") != "" && n != 1 {
				t.Errorf("the email typed is not kept")
			}
		})
	}
	if msgs, _ := s.db.OutboxPending(t.Context(), 10); len(msgs) != 0 {
		t.Errorf("bad input queued %d notifications", len(msgs))
	}
}

func TestContactFormStoresAMessage(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	r := s.postForm(t, "/contact", contactForm(nil))
	if r.StatusCode != http.StatusSeeOther || r.Header.Get("Location") != "/contact/thanks" {
		t.Fatalf("status %d to %q, want 303 to /contact/thanks", r.StatusCode, r.Header.Get("Location"))
	}
	if thanks := s.get(t, "/contact/thanks"); thanks.StatusCode != 200 || !strings.Contains(thanks.text(t, "h1"), "Thank you") {
		t.Errorf("thanks page: %d %q", thanks.StatusCode, thanks.text(t, "h1"))
	}
	msgs, err := s.db.OutboxPending(t.Context(), 10)
	if err != nil || len(msgs) != 1 {
		t.Fatalf("outbox: %d messages, %v; want 1", len(msgs), err)
	}
	for _, phi := range []string{"Ana", "ana@example.com", "555-0142", "MRI review"} {
		if strings.Contains(msgs[0].Subject+msgs[0].Body, phi) {
			t.Errorf("the staff notification carries %q", phi)
		}
	}
	if err := s.srv.ComposeMail(t.Context(), msgs[0]); err != nil || !strings.Contains(msgs[0].Body, " "+testBase+"/admin/leads/1\n") {
		t.Errorf("the staff notification's link is not one a mail program opens (%v):\n%s", err, msgs[0].Body)
	}
	m, err := s.db.ContactMessage(t.Context(), 1)
	if err != nil || m.Email != "ana@example.com" || m.Phone != "(206) 555-0142" {
		t.Errorf("stored message %+v, %v", m, err)
	}
}

func TestContactFormHoneypotStoresNothing(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	r := s.postForm(t, "/contact", contactForm(func(v url.Values) { v.Set("website", "http://spam.example") }))
	if r.StatusCode != http.StatusSeeOther {
		t.Fatalf("status %d", r.StatusCode)
	}
	if msgs, _ := s.db.OutboxPending(t.Context(), 10); len(msgs) != 0 {
		t.Errorf("a robot's message was stored")
	}
}

func TestContactFormFloodIsRefused(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	for i := range 5 {
		if r := s.postForm(t, "/contact", contactForm(nil)); r.StatusCode != http.StatusSeeOther {
			t.Fatalf("message %d: status %d", i+1, r.StatusCode)
		}
	}
	r := s.postForm(t, "/contact", contactForm(nil))
	if r.StatusCode != http.StatusTooManyRequests {
		t.Fatalf("sixth message: status %d, want 429", r.StatusCode)
	}
	if got := r.text(t, "#f-message"); got != "I would like to ask about the MRI review." {
		t.Errorf("the refused message was not kept in the form: %q", got)
	}
	if !strings.Contains(r.text(t, "[role=alert]"), "call us") {
		t.Errorf("the refusal should offer the phone: %q", r.text(t, "[role=alert]"))
	}
}

func TestContactFormBodyOverTheLimit(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	req := httptest.NewRequest("POST", "/contact", strings.NewReader("message="+strings.Repeat("a", 100<<10)))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Sec-Fetch-Site", "same-origin")
	if r := s.do(t, req); r.StatusCode != http.StatusRequestEntityTooLarge {
		t.Fatalf("status %d, want 413", r.StatusCode)
	}
	if msgs, _ := s.db.OutboxPending(t.Context(), 10); len(msgs) != 0 {
		t.Errorf("an oversized form was stored")
	}
}

func TestContactFormMalformedBody(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	for name, body := range map[string]string{"bad escape": "name=%zz", "semicolons": "a=1;b=2"} {
		req := httptest.NewRequest("POST", "/contact", strings.NewReader(body))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		req.Header.Set("Sec-Fetch-Site", "same-origin")
		if r := s.do(t, req); r.StatusCode < 400 || r.StatusCode >= 500 {
			t.Errorf("%s: status %d, want a 4xx", name, r.StatusCode)
		}
	}
}
