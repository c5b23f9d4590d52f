package mailtest_test

import (
	"crypto/tls"
	"errors"
	"net"
	"net/smtp"
	"net/textproto"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"clinic/internal/mail/mailtest"
)

const raw = "From: Praxis <noreply@clinic.example>\r\nTo: <p@example.com>\r\n" +
	"Subject: =?UTF-8?q?Gr=C3=BC=C3=9Fe?=\r\nContent-Type: text/plain; charset=UTF-8\r\n" +
	"Content-Transfer-Encoding: quoted-printable\r\n\r\nGr=C3=BC=C3=9Fe aus der Praxis=\r\n.\r\nZweite Zeile\r\n"

// dial opens a net/smtp client to srv, through STARTTLS when it offers it.
func dial(t *testing.T, srv *mailtest.Server) *smtp.Client {
	t.Helper()
	c, err := smtp.Dial(srv.Addr())
	if err != nil {
		t.Fatalf("dial: %v", err)
	}
	t.Cleanup(func() { c.Close() })
	if ok, _ := c.Extension("STARTTLS"); ok {
		if err := c.StartTLS(srv.TLSConfig()); err != nil {
			t.Fatalf("STARTTLS: %v", err)
		}
	}
	return c
}

func send(c *smtp.Client, from string, to []string, data string) error {
	if err := c.Mail(from); err != nil {
		return err
	}
	for _, r := range to {
		if err := c.Rcpt(r); err != nil {
			return err
		}
	}
	w, err := c.Data()
	if err != nil {
		return err
	}
	if _, err := w.Write([]byte(data)); err != nil {
		return err
	}
	return w.Close()
}

func TestServerKeepsWhatItReceives(t *testing.T) {
	srv := mailtest.Start(t, mailtest.STARTTLS(), mailtest.RequireAuth("clinic", "pw"))
	c := dial(t, srv)
	if err := c.Auth(smtp.PlainAuth("", "clinic", "pw", srv.Host())); err != nil {
		t.Fatalf("AUTH: %v", err)
	}
	if err := send(c, "noreply@clinic.example", []string{"p@example.com", "q@example.com"}, raw); err != nil {
		t.Fatalf("send: %v", err)
	}
	got := srv.Wait(t, 1, 30*time.Second)[0]
	type summary struct {
		From, Username, Subject, Text string
		To                            []string
		TLS                           bool
		Data                          string
	}
	want := summary{From: "noreply@clinic.example", To: []string{"p@example.com", "q@example.com"}, Username: "clinic",
		TLS: true, Subject: "Grüße", Text: "Grüße aus der Praxis.\nZweite Zeile\n", Data: raw}
	gotS := summary{got.From, got.Username, got.Subject, got.Text, got.To, got.TLS, string(got.Data)}
	if diff := cmp.Diff(want, gotS); diff != "" {
		t.Errorf("received (-want +got):\n%s", diff)
	}
}

func TestServerRefuses(t *testing.T) {
	tests := []struct {
		name string
		opts []mailtest.Option
		auth smtp.Auth
		code int
	}{
		{"mail before signing in when a password is required", []mailtest.Option{mailtest.RequireAuth("u", "p")}, nil, 530},
		{"a wrong password", []mailtest.Option{mailtest.RequireAuth("u", "p")}, smtp.PlainAuth("", "u", "x", "127.0.0.1"), 535},
		{"recipients when told to with 550", []mailtest.Option{mailtest.RefuseRecipients(550)}, nil, 550},
		{"recipients for now when told to with 451", []mailtest.Option{mailtest.RefuseRecipients(451)}, nil, 451},
		{"the message after reading it when told to", []mailtest.Option{mailtest.RefuseData(554)}, nil, 554},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := mailtest.Start(t, tt.opts...)
			c := dial(t, srv)
			var err error
			if tt.auth != nil {
				err = c.Auth(tt.auth)
			} else {
				err = send(c, "a@example.com", []string{"b@example.com"}, raw)
			}
			var tp *textproto.Error
			if !errors.As(err, &tp) || tp.Code != tt.code {
				t.Errorf("error %v, want a %d reply", err, tt.code)
			}
			if n := len(srv.Messages()); n != 0 {
				t.Errorf("server kept %d messages, want none", n)
			}
		})
	}
}

func TestClosedServerRefusesConnections(t *testing.T) {
	srv := mailtest.Start(t)
	srv.Close()
	srv.Close()
	if c, err := net.Dial("tcp", srv.Addr()); err == nil {
		c.Close()
		t.Fatal("dial succeeded after Close")
	}
	again := mailtest.Start(t, mailtest.Listen(srv.Addr()))
	if again.Addr() != srv.Addr() {
		t.Errorf("restarted on %s, want %s", again.Addr(), srv.Addr())
	}
}

func TestImplicitTLS(t *testing.T) {
	srv := mailtest.Start(t, mailtest.ImplicitTLS())
	conn, err := tlsDial(srv)
	if err != nil {
		t.Fatalf("dial: %v", err)
	}
	c, err := smtp.NewClient(conn, srv.Host())
	if err != nil {
		t.Fatalf("greeting: %v", err)
	}
	defer c.Close()
	if err := send(c, "a@example.com", []string{"b@example.com"}, raw); err != nil {
		t.Fatalf("send: %v", err)
	}
	if got := srv.Wait(t, 1, 30*time.Second)[0]; !got.TLS {
		t.Error("message over implicit TLS not marked TLS")
	}
}

func TestParse(t *testing.T) {
	mixed := "Subject: plain\r\nMIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=A\r\n\r\n" +
		"--A\r\nContent-Type: multipart/alternative; boundary=B\r\n\r\n" +
		"--B\r\nContent-Type: text/plain; charset=UTF-8\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\nHall=C3=B6\r\n" +
		"--B\r\nContent-Type: text/calendar; method=REQUEST\r\nContent-Transfer-Encoding: base64\r\n\r\nQkVHSU46VkNBTEVOREFS\r\n" +
		"--B--\r\n" +
		"--A\r\nContent-Type: application/pdf\r\nContent-Disposition: attachment; filename*=UTF-8''Gr%C3%B6%C3%9Fe.pdf\r\n" +
		"Content-Transfer-Encoding: base64\r\n\r\nJVBERg==\r\n" +
		"--A\r\nContent-Type: text/plain; name=\"=?UTF-8?q?N=C3=A4he.txt?=\"\r\nContent-Disposition: attachment\r\n\r\nx\r\n" +
		"--A--\r\n"
	got, err := mailtest.Parse([]byte(mixed))
	if err != nil {
		t.Fatalf("Parse: %v", err)
	}
	type part struct{ Type, Disposition, Filename, Data, Method string }
	var parts []part
	for _, p := range got.Parts {
		parts = append(parts, part{p.MediaType, p.Disposition, p.Filename, string(p.Data), p.Params["method"]})
	}
	want := []part{
		{Type: "text/plain", Data: "Hallö"},
		{Type: "text/calendar", Data: "BEGIN:VCALENDAR", Method: "REQUEST"},
		{Type: "application/pdf", Disposition: "attachment", Filename: "Größe.pdf", Data: "%PDF"},
		{Type: "text/plain", Disposition: "attachment", Filename: "Nähe.txt", Data: "x"},
	}
	if diff := cmp.Diff(want, parts); diff != "" {
		t.Errorf("parts (-want +got):\n%s", diff)
	}
	if got.Text != "Hallö" || len(got.Attachments()) != 2 {
		t.Errorf("Text %q and %d attachments, want the first plain part and 2", got.Text, len(got.Attachments()))
	}
}

func TestParseRefusesBrokenMessages(t *testing.T) {
	tests := []struct{ name, raw string }{
		{"a header without a colon", "Subject plain\r\n\r\nbody"},
		{"a broken content type", "Content-Type: text/;;\r\n\r\nbody"},
		{"a multipart that never ends", "Content-Type: multipart/mixed; boundary=A\r\n\r\n--A\r\n\r\nx"},
		{"multiparts nested too deep", nested(12)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if _, err := mailtest.Parse([]byte(tt.raw)); err == nil {
				t.Error("Parse succeeded")
			}
		})
	}
}

// nested returns a message whose multiparts nest n deep.
func nested(n int) string {
	var b strings.Builder
	b.WriteString("Content-Type: multipart/mixed; boundary=b0\r\n\r\n")
	for i := 1; i <= n; i++ {
		b.WriteString("--b" + itoa(i-1) + "\r\nContent-Type: multipart/mixed; boundary=b" + itoa(i) + "\r\n\r\n")
	}
	b.WriteString("--b" + itoa(n) + "\r\n\r\nx\r\n")
	for i := n; i >= 0; i-- {
		b.WriteString("--b" + itoa(i) + "--\r\n")
	}
	return b.String()
}

func itoa(i int) string { return strconv.Itoa(i) }

func tlsDial(srv *mailtest.Server) (net.Conn, error) {
	return tls.Dial("tcp", srv.Addr(), srv.TLSConfig())
}

func FuzzParse(f *testing.F) {
	f.Add([]byte(raw))
	f.Add([]byte(nested(3)))
	f.Add([]byte("Content-Type: multipart/mixed; boundary=A\r\n\r\n--A\r\nContent-Transfer-Encoding: base64\r\n\r\n!!\r\n--A--\r\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		m, err := mailtest.Parse(data)
		if err == nil && m.Header == nil {
			t.Error("Parse succeeded without a header")
		}
	})
}
