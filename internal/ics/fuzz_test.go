package ics

import (
	"sort"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"github.com/emersion/go-ical"
	"github.com/google/go-cmp/cmp"
)

// FuzzEncode writes events with arbitrary text and checks that go-ical
// reads back one VEVENT with exactly the properties and parameters written
// and the same text, cleaned as the package documents.
func FuzzEncode(f *testing.F) {
	f.Add("New consultation", "Bring your films.\nThank you!", "Bellevue, Suite 2", "Spine Clinic", "Pat Doe")
	f.Add("a\r\nEND:VEVENT\r\nBEGIN:VEVENT", `\n\,\;\\`, ";:,\"", `"";CN=x:mailto:evil@example.com`, "\x00\xff\r")
	f.Add(strings.Repeat("😀é", 50), strings.Repeat("中", 100), "\t", "Доктор", "")
	zone := mustZone(f, "America/Los_Angeles")
	f.Fuzz(func(t *testing.T, summary, description, location, organizer, attendee string) {
		e := appointment(utc(2027, 3, 15, 16, 0), zone)
		e.Summary, e.Description, e.Location = summary, description, location
		e.Organizer.Name, e.Attendee.Name = organizer, attendee
		cal := decode(t, encode(t, MethodRequest, e))
		if n := len(cal.Children); n != 2 {
			t.Fatalf("the calendar holds %d components, want a VTIMEZONE and a VEVENT", n)
		}
		ev := onlyEvent(t, cal)
		if len(ev.Children) != 0 {
			t.Fatalf("the VEVENT holds %d components", len(ev.Children))
		}
		checkNames(t, ev.Props, e)
		checkTexts(t, ev.Props, e)
		checkParams(t, ev.Props, e)
	})
}

// checkNames checks that the VEVENT holds each expected property once and
// no other.
func checkNames(t *testing.T, props ical.Props, e Event) {
	t.Helper()
	want := []string{"ATTENDEE", "DTEND", "DTSTAMP", "DTSTART", "ORGANIZER", "SEQUENCE", "STATUS", "TRANSP", "UID", "URL"}
	for name, s := range map[string]string{"SUMMARY": e.Summary, "DESCRIPTION": e.Description, "LOCATION": e.Location} {
		if s != "" {
			want = append(want, name)
		}
	}
	var got []string
	for name, values := range props {
		for range values {
			got = append(got, name)
		}
	}
	sort.Strings(want)
	sort.Strings(got)
	if diff := cmp.Diff(want, got); diff != "" {
		t.Fatalf("VEVENT properties (-want +got):\n%s", diff)
	}
}

func checkTexts(t *testing.T, props ical.Props, e Event) {
	t.Helper()
	want := []string{wantText(e.Summary), wantText(e.Description), wantText(e.Location), e.UID, "CONFIRMED"}
	got := []string{
		text(t, props, ical.PropSummary), text(t, props, ical.PropDescription),
		text(t, props, ical.PropLocation), text(t, props, ical.PropUID), text(t, props, ical.PropStatus),
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Fatalf("texts (-want +got):\n%s", diff)
	}
}

func checkParams(t *testing.T, props ical.Props, e Event) {
	t.Helper()
	want := []ical.Params{{}, {"ROLE": {"REQ-PARTICIPANT"}, "PARTSTAT": {"ACCEPTED"}, "RSVP": {"FALSE"}}}
	for i, name := range []string{e.Organizer.Name, e.Attendee.Name} {
		if cn := wantParam(name); cn != "" {
			want[i]["CN"] = []string{cn}
		}
	}
	got := []ical.Params{props.Get(ical.PropOrganizer).Params, props.Get(ical.PropAttendee).Params}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Fatalf("ORGANIZER and ATTENDEE parameters (-want +got):\n%s", diff)
	}
}

// wantText is the text that s should come back as: s itself when it is
// valid UTF-8 with no control characters but tab and LF; otherwise with
// CRLF and CR made LF, each invalid byte made U+FFFD and other control
// characters dropped.
func wantText(s string) string {
	var b strings.Builder
	for len(s) > 0 {
		r, size := utf8.DecodeRuneInString(s)
		switch {
		case strings.HasPrefix(s, "\r\n"):
			r, size = '\n', 2
		case r == '\r':
			r = '\n'
		case r != '\n' && r != '\t' && unicode.IsControl(r):
			r = -1
		}
		if r >= 0 {
			b.WriteRune(r)
		}
		s = s[size:]
	}
	return b.String()
}

// wantParam is the CN that name should come back as: its text, with a
// double quote made an apostrophe and tabs and line breaks made spaces.
func wantParam(name string) string {
	r := strings.NewReplacer(`"`, "'", "\n", " ", "\t", " ")
	return r.Replace(wantText(name))
}
