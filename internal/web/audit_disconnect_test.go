package web_test

import (
	"context"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"clinic"
	"clinic/internal/web"
)

// lateAudit is the audit log of a server whose audit writes wait until the
// client of the request has gone away: the worst case of a client that
// closes its connection just after sending.
type lateAudit struct {
	clinic.AuditService
	client atomic.Pointer[context.Context] // the context net/http gave the request
}

func (a *lateAudit) Audit(ctx context.Context, e *clinic.AuditEvent) error {
	if c := a.client.Load(); c != nil {
		select {
		case <-(*c).Done():
		case <-time.After(10 * time.Second): // a guard, not a wait: the close is seen at once
		}
	}
	return a.AuditService.Audit(ctx, e)
}

// hangUpServer serves s over loopback with audit writes held back until
// the client hangs up; send writes one request and closes the connection
// without reading the answer, then waits until the handler has returned.
type hangUpServer struct {
	srv   *httptest.Server
	audit *lateAudit
	done  chan struct{}
}

func newHangUpSite(t *testing.T) (*site, *hangUpServer) {
	h := &hangUpServer{audit: &lateAudit{}, done: make(chan struct{}, 1)}
	s := newSiteWith(t, func(c *web.Config) { h.audit.AuditService = c.Audit; c.Audit = h.audit })
	h.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ctx := r.Context()
		h.audit.client.Store(&ctx)
		defer func() { h.done <- struct{}{} }()
		s.srv.ServeHTTP(w, r)
	}))
	t.Cleanup(h.srv.Close)
	return s, h
}

func (h *hangUpServer) send(t *testing.T, path, cookie string, form url.Values) {
	t.Helper()
	conn, err := net.Dial("tcp", h.srv.Listener.Addr().String())
	if err != nil {
		t.Fatal(err)
	}
	body := form.Encode()
	req := fmt.Sprintf("POST %s HTTP/1.1\r\nHost: clinic.example\r\nContent-Type: application/x-www-form-urlencoded\r\n"+
		"Content-Length: %d\r\n", path, len(body))
	if cookie != "" {
		req += "Cookie: __Host-clinic_session=" + cookie + "\r\n"
	}
	if _, err := conn.Write([]byte(req + "\r\n" + body)); err != nil {
		t.Fatal(err)
	}
	conn.Close()
	select {
	case <-h.done:
	case <-time.After(30 * time.Second):
		t.Fatal("the handler did not finish")
	}
}

func TestAuditSurvivesAClientThatHangsUp(t *testing.T) {
	t.Run("a note on a lead is stored with its audit event", func(t *testing.T) {
		s, h := newHangUpSite(t)
		u, secret := s.staffUser(t, "desk@example.com", clinic.RoleFrontDesk, true)
		if res := s.postForm(t, "/contact", contactForm(nil)); res.StatusCode != http.StatusSeeOther {
			t.Fatalf("contact: %d", res.StatusCode)
		}
		b := s.browser()
		b.signIn(t, u.Email, secret)
		const tries = 5
		for i := range tries {
			h.send(t, "/admin/leads/1", b.cookie, url.Values{"note": {fmt.Sprintf("Called back, try %d.", i)}})
		}
		ctx := context.Background()
		notes, err := s.db.LeadNotes(ctx, 1)
		if err != nil {
			t.Fatal(err)
		}
		events, err := s.db.AuditEvents(ctx, clinic.AuditFilter{Action: "lead.note", Record: "lead:1"})
		if err != nil {
			t.Fatal(err)
		}
		if len(notes) == 0 || len(events) != len(notes) {
			t.Errorf("%d notes stored, %d audited; want every stored note audited", len(notes), len(events))
		}
	})
	t.Run("a refused sign-in is audited", func(t *testing.T) {
		s, h := newHangUpSite(t)
		s.staffUser(t, "desk@example.com", clinic.RoleFrontDesk, false)
		h.send(t, "/admin/sign-in", "", url.Values{"email": {"desk@example.com"}, "password": {"not the password"}})
		events, err := s.db.AuditEvents(context.Background(), clinic.AuditFilter{Action: "sign_in", Outcome: clinic.AuditRefused})
		if err != nil {
			t.Fatal(err)
		}
		if len(events) != 1 || !strings.Contains(events[0].Record, "desk@example.com") {
			t.Errorf("refused sign-ins audited: %+v, want one", events)
		}
	})
}
