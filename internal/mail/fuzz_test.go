package mail

import (
	"bytes"
	"slices"
	"strings"
	"testing"
	"time"

	"clinic"
	"clinic/internal/mail/mailtest"
)

// FuzzMessage builds messages from arbitrary subjects, bodies and
// attachments, and checks that a MIME parser reads back what went in and
// that nothing in them can add a header.
func FuzzMessage(f *testing.F) {
	f.Add("Terminbestätigung", "Guten Tag,\nbis Montag.\n", "a.ics", "text/calendar; method=REQUEST", []byte("BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n"))
	f.Add("Hi\r\nBcc: x@example.com", "line\r\n.\r\nQUIT\r\n", "x\".pdf", "application/pdf; name=\"y\"", []byte{0, 1, 2, 255})
	f.Add("=?UTF-8?q?encoded?= word", "=3D soft=\n", "", "", []byte(""))
	f.Add(strings.Repeat("Rückentermin ", 20), strings.Repeat("ü", 200), "Größe.txt", "text/plain", []byte("ä\n"))
	s, err := New(Config{Host: "smtp.example.com", From: "Praxis <noreply@example.com>"})
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, subject, body, name, ctype string, data []byte) {
		m := &clinic.OutboxMessage{ID: 1, To: "p@example.com", Subject: subject, Body: body,
			Attachments: []clinic.Attachment{{Name: name, ContentType: ctype, Data: data}}}
		msg, err := s.message(m, time.Unix(0, 0))
		if err != nil {
			t.Fatalf("message: %v", err)
		}
		var raw bytes.Buffer
		if _, err := msg.WriteTo(&raw); err != nil {
			t.Fatalf("write: %v", err)
		}
		got, err := mailtest.Parse(raw.Bytes())
		if err != nil {
			t.Fatalf("parse: %v\n%s", err, raw.Bytes())
		}
		checkRoundTrip(t, m, got)
	})
}

func checkRoundTrip(t *testing.T, m *clinic.OutboxMessage, got mailtest.Message) {
	t.Helper()
	var keys []string
	for k := range got.Header {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	want := []string{"Content-Type", "Date", "From", "Message-Id", "Mime-Version", "Subject", "To"}
	if !slices.Equal(keys, want) {
		t.Errorf("headers %v, want %v", keys, want)
	}
	if s := cleanSubject(m.Subject); got.Subject != s {
		t.Errorf("subject %q, want %q", got.Subject, s)
	}
	if b := cleanText(m.Body); got.Text != b {
		t.Errorf("text %q, want %q", got.Text, b)
	}
	a := got.Attachments()
	if len(a) != 1 || !bytes.Equal(a[0].Data, m.Attachments[0].Data) {
		t.Errorf("attachments %d, want 1 with the bytes sent", len(a))
	}
	if cal, ok := got.Part("text/calendar"); ok && !bytes.Equal(cal.Data, m.Attachments[0].Data) {
		t.Errorf("calendar part %q, want %q", cal.Data, m.Attachments[0].Data)
	}
}
