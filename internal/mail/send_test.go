package mail_test

import (
	"context"
	"errors"
	"net/mail"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"clinic"
	clinicmail "clinic/internal/mail"
	"clinic/internal/mail/mailtest"
)

const (
	testFrom = "Rückenzentrum Mitte <noreply@clinic.example>"
	patient  = "anna.schmidt@patient.example"
	secret   = "Ihr Termin bei Dr. Weiß" // a subject that must stay out of errors and logs
)

// wait is how long a test waits for mail before it gives up on a broken
// server: a limit, not a measure.
const wait = 30 * time.Second

// config returns a Config that reaches srv with the given security.
func config(srv *mailtest.Server, security string) clinicmail.Config {
	return clinicmail.Config{Host: srv.Host(), Port: srv.Port(), Security: security, From: testFrom,
		Timeout: 10 * time.Second, TLSConfig: srv.TLSConfig()}
}

func newSender(t *testing.T, cfg clinicmail.Config) *clinicmail.Sender {
	t.Helper()
	s, err := clinicmail.New(cfg)
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	return s
}

func reminder(id int64) *clinic.OutboxMessage {
	return &clinic.OutboxMessage{ID: id, Kind: "appointment_reminder", To: patient, Subject: secret,
		Body:      "Guten Tag,\nwir erinnern an Ihren Termin am Montag.\n",
		CreatedAt: time.Date(2025, 3, 1, 8, 0, 0, 0, time.UTC)}
}

func TestSendArrivesInEverySecurityMode(t *testing.T) {
	tests := []struct {
		name     string
		opts     []mailtest.Option
		security string
		user     string
		wantTLS  bool
	}{
		{"STARTTLS with a password signs in over TLS", []mailtest.Option{mailtest.STARTTLS(), mailtest.RequireAuth("clinic", "s3cret")}, "starttls", "clinic", true},
		{"implicit TLS with a password signs in over TLS", []mailtest.Option{mailtest.ImplicitTLS(), mailtest.RequireAuth("clinic", "s3cret")}, "tls", "clinic", true},
		{"implicit TLS without a password sends", []mailtest.Option{mailtest.ImplicitTLS()}, "tls", "", true},
		{"no security sends in plain text to a local relay", nil, "none", "", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := mailtest.Start(t, tt.opts...)
			cfg := config(srv, tt.security)
			if tt.user != "" {
				cfg.Username, cfg.Password = "clinic", "s3cret"
			}
			if err := newSender(t, cfg).Send(context.Background(), reminder(42)); err != nil {
				t.Fatalf("Send: %v", err)
			}
			got := srv.Wait(t, 1, wait)[0]
			if got.ParseErr != nil {
				t.Fatalf("parse: %v", got.ParseErr)
			}
			want := envelope{From: "noreply@clinic.example", To: []string{patient}, Username: tt.user, TLS: tt.wantTLS,
				Subject: secret, Text: "Guten Tag,\nwir erinnern an Ihren Termin am Montag.\n"}
			if diff := cmp.Diff(want, envelopeOf(got)); diff != "" {
				t.Errorf("received (-want +got):\n%s", diff)
			}
		})
	}
}

type envelope struct {
	From, Subject, Text string
	To                  []string
	Username            string
	TLS                 bool
}

func envelopeOf(r mailtest.Received) envelope {
	return envelope{From: r.From, To: r.To, Username: r.Username, TLS: r.TLS, Subject: r.Subject, Text: r.Text}
}

func TestSendSetsTheHeadersMailClientsNeed(t *testing.T) {
	srv := mailtest.Start(t)
	s := newSender(t, config(srv, "none"))
	for _, id := range []int64{42, 42, 43} {
		if err := s.Send(context.Background(), reminder(id)); err != nil {
			t.Fatalf("Send %d: %v", id, err)
		}
	}
	got := srv.Wait(t, 3, wait)
	h := got[0].Header
	from, err := mail.ParseAddress(h.Get("From"))
	if err != nil || from.Name != "Rückenzentrum Mitte" || from.Address != "noreply@clinic.example" {
		t.Errorf("From = %q (%v), want the clinic's name and address", h.Get("From"), err)
	}
	if h.Get("To") != "<"+patient+">" {
		t.Errorf("To = %q, want <%s>", h.Get("To"), patient)
	}
	if _, err := h.Date(); err != nil {
		t.Errorf("Date %q does not parse: %v", h.Get("Date"), err)
	}
	ids := []string{h.Get("Message-Id"), got[1].Header.Get("Message-Id"), got[2].Header.Get("Message-Id")}
	if !strings.HasPrefix(ids[0], "<outbox-42.") || !strings.HasSuffix(ids[0], "@clinic.example>") {
		t.Errorf("Message-ID = %q, want <outbox-42.…@clinic.example>", ids[0])
	}
	if ids[0] != ids[1] || ids[0] == ids[2] {
		t.Errorf("Message-IDs %q: want one per outbox message, the same on a second attempt", ids)
	}
	if ct := got[0].Header.Get("Content-Type"); !strings.HasPrefix(ct, "text/plain; charset=UTF-8") {
		t.Errorf("Content-Type = %q, want text/plain; charset=UTF-8", ct)
	}
}

func TestSendKeepsNonASCIIText(t *testing.T) {
	tests := []struct{ name, subject, body string }{
		{"German umlauts", "Terminbestätigung für Größe & Weiß", "Grüße aus der Praxis – bis Montag.\n"},
		{"Cyrillic, Greek and an emoji", "Запись подтверждена · Ραντεβού 🦴", "Спасибо! Ευχαριστούμε.\n"},
		{"a subject longer than one header line", strings.Repeat("Ihr Rückentermin ", 12), strings.Repeat("Zeile mit ä\n", 200)},
		{"a body line longer than 76 bytes", "Lang", strings.Repeat("ü", 300) + "\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := mailtest.Start(t)
			m := reminder(7)
			m.Subject, m.Body = tt.subject, tt.body
			if err := newSender(t, config(srv, "none")).Send(context.Background(), m); err != nil {
				t.Fatalf("Send: %v", err)
			}
			got := srv.Wait(t, 1, wait)[0]
			want := envelope{Subject: strings.TrimSpace(tt.subject), Text: tt.body}
			if diff := cmp.Diff(want, envelope{Subject: got.Subject, Text: got.Text}); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
}

const invite = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Clinic//Booking//EN\r\nMETHOD:REQUEST\r\n" +
	"BEGIN:VEVENT\r\nUID:appointment-42@clinic.example\r\nDTSTART:20250310T090000Z\r\n" +
	"SUMMARY:Rückensprechstunde\r\nDESCRIPTION:Bitte 10 Minuten früher kommen\\, danke.\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"

func TestSendAttachments(t *testing.T) {
	srv := mailtest.Start(t)
	pdf := []byte("%PDF-1.4\n\x00\x01\x02\xff binary bytes\n")
	m := reminder(42)
	m.Attachments = []clinic.Attachment{
		{Name: "appointment.ics", ContentType: "text/calendar; method=REQUEST", Data: []byte(invite)},
		{Name: "Anfahrt.pdf", ContentType: "application/pdf", Data: pdf},
	}
	if err := newSender(t, config(srv, "none")).Send(context.Background(), m); err != nil {
		t.Fatalf("Send: %v", err)
	}
	got := srv.Wait(t, 1, wait)[0]
	if got.ParseErr != nil {
		t.Fatalf("parse: %v", got.ParseErr)
	}
	cal, ok := got.Part("text/calendar")
	if !ok {
		t.Fatalf("no text/calendar part among %d parts", len(got.Parts))
	}
	if cal.Params["method"] != "REQUEST" || string(cal.Data) != invite || cal.Disposition == "attachment" {
		t.Errorf("calendar part: method %q, disposition %q, data intact %v; want REQUEST, inline, true",
			cal.Params["method"], cal.Disposition, string(cal.Data) == invite)
	}
	type file struct{ Name, Type, Data string }
	var files []file
	for _, a := range got.Attachments() {
		files = append(files, file{a.Filename, a.MediaType, string(a.Data)})
	}
	want := []file{{"appointment.ics", "application/ics", invite}, {"Anfahrt.pdf", "application/pdf", string(pdf)}}
	if diff := cmp.Diff(want, files); diff != "" {
		t.Errorf("attachments (-want +got):\n%s", diff)
	}
	if got.Text != m.Body {
		t.Errorf("text part = %q, want %q", got.Text, m.Body)
	}
}

func TestSendKeepsCalendarBytesWithBareLineFeeds(t *testing.T) {
	srv := mailtest.Start(t)
	ics := strings.ReplaceAll(invite, "\r\n", "\n")
	m := reminder(9)
	m.Attachments = []clinic.Attachment{{Name: "a.ics", ContentType: "text/calendar; charset=utf-8; method=CANCEL", Data: []byte(ics)}}
	if err := newSender(t, config(srv, "none")).Send(context.Background(), m); err != nil {
		t.Fatalf("Send: %v", err)
	}
	cal, _ := srv.Wait(t, 1, wait)[0].Part("text/calendar")
	if string(cal.Data) != ics || cal.Params["method"] != "CANCEL" || cal.Params["charset"] != "UTF-8" {
		t.Errorf("calendar part: params %v, data intact %v; want method CANCEL, one charset, intact", cal.Params, string(cal.Data) == ics)
	}
}

func TestNotConfiguredSenderSendsNothing(t *testing.T) {
	s := newSender(t, clinicmail.Config{})
	if s.Configured() {
		t.Fatal("Configured() = true for the zero Config")
	}
	err := s.Send(context.Background(), reminder(1))
	if !errors.Is(err, clinicmail.ErrNotConfigured) || clinicmail.Permanent(err) {
		t.Errorf("Send = %v (permanent %v), want ErrNotConfigured, not permanent", err, clinicmail.Permanent(err))
	}
}
