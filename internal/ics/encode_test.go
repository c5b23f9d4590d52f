package ics

import (
	"bytes"
	"strings"
	"testing"
	"time"

	"github.com/emersion/go-ical"
	"github.com/google/go-cmp/cmp"

	"clinic"
)

func TestTextComesBackAsWritten(t *testing.T) {
	tests := []struct {
		name, text string
	}{
		{"commas, semicolons and backslashes", `Dr. Lee, MD; room 3\4, C:\films\n`},
		{"newlines", "line one\nline two\n\nline four\n"},
		{"a text that looks like a property", "x\nEND:VEVENT\nBEGIN:VEVENT\nUID:evil"},
		{"tabs", "a\tb\t"},
		{"emoji, some made of several code points", "Back pain 😀👩‍⚕️🇺🇸, see you!"},
		{"long Cyrillic text", strings.Repeat("Приём у врача по поводу боли в спине. ", 12)},
		{"long Chinese text", strings.Repeat("请提前十分钟到达诊所。", 30)},
		{"4-octet characters at every offset of a line", "ab" + strings.Repeat("𝄞", 60)},
		{"a quote and a colon", `"Spine": care`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := appointment(utc(2027, 3, 15, 16, 0), mustZone(t, "America/Los_Angeles"))
			e.Summary, e.Description, e.Location = tt.text, tt.text+"!", "@"+tt.text
			ev := onlyEvent(t, decode(t, encode(t, MethodRequest, e)))
			want := []string{e.Summary, e.Description, e.Location}
			got := []string{
				text(t, ev.Props, ical.PropSummary),
				text(t, ev.Props, ical.PropDescription),
				text(t, ev.Props, ical.PropLocation),
			}
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("SUMMARY, DESCRIPTION, LOCATION (-want +got):\n%s", diff)
			}
		})
	}
}

func TestTextIsCleanedOfWhatICalendarCannotCarry(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		{"CRLF becomes LF", "a\r\nb", "a\nb"},
		{"a lone CR becomes LF", "a\rb\r", "a\nb\n"},
		{"control characters are dropped", "a\x00b\x1bc\x7fd\u0085e", "abcde"},
		{"invalid UTF-8 becomes U+FFFD", "a\xffb\xe2\x82", "a\uFFFDb\uFFFD\uFFFD"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := appointment(utc(2027, 3, 15, 16, 0), time.UTC)
			e.Summary = tt.in
			ev := onlyEvent(t, decode(t, encode(t, MethodRequest, e)))
			if got := text(t, ev.Props, ical.PropSummary); got != tt.want {
				t.Errorf("SUMMARY = %q, want %q", got, tt.want)
			}
		})
	}
}

func TestOrganizerAndAttendee(t *testing.T) {
	tests := []struct {
		name, cn, wantCN string
	}{
		{"a plain name is quoted", "Spine Clinic", "Spine Clinic"},
		{"colons, semicolons and commas stay inside the quotes", "Spine Clinic: Bellevue; Suite 2, WA", "Spine Clinic: Bellevue; Suite 2, WA"},
		{"a double quote becomes an apostrophe", `Dr. "Bob" O'Neil`, "Dr. 'Bob' O'Neil"},
		{"a line break becomes a space", "Dr. Lee\r\nATTENDEE:mailto:evil@example.com", "Dr. Lee ATTENDEE:mailto:evil@example.com"},
		{"non-ASCII text is kept", "Доктор Чжан 张医生 😀", "Доктор Чжан 张医生 😀"},
		{"an empty name writes no CN", "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := appointment(utc(2027, 3, 15, 16, 0), time.UTC)
			e.Organizer.Name, e.Attendee.Name = tt.cn, tt.cn
			ev := onlyEvent(t, decode(t, encode(t, MethodRequest, e)))
			got := []ical.Params{ev.Props.Get(ical.PropOrganizer).Params, ev.Props.Get(ical.PropAttendee).Params}
			want := []ical.Params{{}, {"ROLE": {"REQ-PARTICIPANT"}, "PARTSTAT": {"ACCEPTED"}, "RSVP": {"FALSE"}}}
			if tt.wantCN != "" {
				want[0]["CN"], want[1]["CN"] = []string{tt.wantCN}, []string{tt.wantCN}
			}
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("ORGANIZER and ATTENDEE parameters (-want +got):\n%s", diff)
			}
			values := []string{ev.Props.Get(ical.PropOrganizer).Value, ev.Props.Get(ical.PropAttendee).Value}
			if diff := cmp.Diff([]string{"mailto:front-desk@clinic.example", "mailto:pat@example.com"}, values); diff != "" {
				t.Errorf("ORGANIZER and ATTENDEE values (-want +got):\n%s", diff)
			}
		})
	}
}

func TestCalendarAndEventProperties(t *testing.T) {
	e := appointment(utc(2027, 3, 15, 16, 0), mustZone(t, "America/Los_Angeles"))
	e.Sequence = 7
	e.Stamp = time.Date(2027, 1, 10, 4, 5, 6, 0, mustZone(t, "Asia/Tokyo"))
	cal := decode(t, encode(t, MethodRequest, e))
	ev := onlyEvent(t, cal)
	got := map[string]string{}
	for _, p := range []*ical.Prop{
		cal.Props.Get(ical.PropProductID), cal.Props.Get(ical.PropVersion),
		cal.Props.Get(ical.PropCalendarScale), cal.Props.Get(ical.PropMethod),
		ev.Props.Get(ical.PropUID), ev.Props.Get(ical.PropSequence), ev.Props.Get(ical.PropDateTimeStamp),
		ev.Props.Get(ical.PropURL), ev.Props.Get(ical.PropStatus), ev.Props.Get(ical.PropTransparency),
	} {
		if p != nil {
			got[p.Name] = p.Value
		}
	}
	want := map[string]string{
		"PRODID": prodID, "VERSION": "2.0", "CALSCALE": "GREGORIAN", "METHOD": "REQUEST",
		"UID": "appointment-42@clinic.example", "SEQUENCE": "7", "DTSTAMP": "20270109T190506Z",
		"URL": "https://clinic.example/appointments/42?token=abc", "STATUS": "CONFIRMED", "TRANSP": "OPAQUE",
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("properties (-want +got):\n%s", diff)
	}
}

func TestCancellation(t *testing.T) {
	tests := []struct {
		name   string
		status string
	}{
		{"with no status given", ""},
		{"with StatusCancelled given", StatusCancelled},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := appointment(utc(2027, 3, 15, 16, 0), mustZone(t, "America/Los_Angeles"))
			e.Sequence, e.Status = 3, tt.status
			cal := decode(t, encode(t, MethodCancel, e))
			ev := onlyEvent(t, cal)
			status, err := ev.Status()
			if err != nil {
				t.Fatal(err)
			}
			got := []string{cal.Props.Get(ical.PropMethod).Value, string(status), ev.Props.Get(ical.PropSequence).Value, ev.Props.Get(ical.PropUID).Value}
			want := []string{"CANCEL", "CANCELLED", "3", e.UID}
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("[METHOD, STATUS, SEQUENCE, UID] (-want +got):\n%s", diff)
			}
		})
	}
}

func TestBadInputIsRefused(t *testing.T) {
	la := mustZone(t, "America/Los_Angeles")
	valid := func() Event { return appointment(utc(2027, 3, 15, 16, 0), la) }
	tests := []struct {
		name   string
		method string
		edit   func(e *Event)
		events int // how many copies of the event; 1 when zero
	}{
		{"an unknown method", "PUBLISHED", nil, 0},
		{"a method in lower case", "request", nil, 0},
		{"no events", MethodPublish, nil, -1},
		{"two events in one invitation", MethodRequest, nil, 2},
		{"an empty UID", MethodRequest, func(e *Event) { e.UID = "" }, 0},
		{"a UID with a line break", MethodRequest, func(e *Event) { e.UID = "a\r\nSTATUS:CANCELLED" }, 0},
		{"a UID of invalid UTF-8", MethodRequest, func(e *Event) { e.UID = "a\xff@x" }, 0},
		{"a negative sequence", MethodRequest, func(e *Event) { e.Sequence = -1 }, 0},
		{"no zone", MethodRequest, func(e *Event) { e.Zone = nil }, 0},
		{"the machine's Local zone", MethodRequest, func(e *Event) { e.Zone = time.Local }, 0},
		{"a zone name with a colon", MethodRequest, func(e *Event) { e.Zone = time.FixedZone("X:Y", 0) }, 0},
		{"a zone with no name", MethodRequest, func(e *Event) { e.Zone = time.FixedZone("", 3600) }, 0},
		{"an end equal to the start", MethodRequest, func(e *Event) { e.End = e.Start }, 0},
		{"an end before the start", MethodRequest, func(e *Event) { e.End = e.Start.Add(-time.Minute) }, 0},
		{"an end less than a second after the start", MethodRequest, func(e *Event) { e.End = e.Start.Add(time.Millisecond) }, 0},
		{"a zero start", MethodRequest, func(e *Event) { e.Start = time.Time{} }, 0},
		{"a start in 1850", MethodRequest, func(e *Event) { e.Start = utc(1850, 1, 1, 9, 0) }, 0},
		{"an end in 2300", MethodRequest, func(e *Event) { e.End = utc(2300, 1, 1, 9, 0) }, 0},
		{"no stamp", MethodRequest, func(e *Event) { e.Stamp = time.Time{} }, 0},
		{"an unknown status", MethodRequest, func(e *Event) { e.Status = "TENTATIVE" }, 0},
		{"a cancelled status in an invitation", MethodRequest, func(e *Event) { e.Status = StatusCancelled }, 0},
		{"a confirmed status in a cancellation", MethodCancel, func(e *Event) { e.Status = StatusConfirmed }, 0},
		{"a javascript link", MethodRequest, func(e *Event) { e.URL = "javascript:alert(1)" }, 0},
		{"a relative link", MethodRequest, func(e *Event) { e.URL = "/appointments/42" }, 0},
		{"a link with a space", MethodRequest, func(e *Event) { e.URL = "https://clinic.example/a b" }, 0},
		{"a link with a line break", MethodRequest, func(e *Event) { e.URL = "https://clinic.example/\r\nSTATUS:CANCELLED" }, 0},
		{"a link with non-ASCII text", MethodRequest, func(e *Event) { e.URL = "https://clinic.example/é" }, 0},
		{"an invitation with no organizer", MethodRequest, func(e *Event) { e.Organizer = Address{} }, 0},
		{"a cancellation with no attendee", MethodCancel, func(e *Event) { e.Attendee = Address{Name: "Pat"} }, 0},
		{"an email with a line break", MethodRequest, func(e *Event) { e.Attendee.Email = "pat@example.com\r\nX:y" }, 0},
		{"an email with a display name", MethodRequest, func(e *Event) { e.Attendee.Email = "Pat <pat@example.com>" }, 0},
		{"an email with a quoted local part", MethodRequest, func(e *Event) { e.Organizer.Email = `"a b"@example.com` }, 0},
		{"an email with a question mark", MethodRequest, func(e *Event) { e.Organizer.Email = "a?b@example.com" }, 0},
		{"an email with no domain", MethodPublish, func(e *Event) { e.Organizer.Email = "pat" }, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := valid()
			if tt.edit != nil {
				tt.edit(&e)
			}
			events := []Event{e}
			switch tt.events {
			case -1:
				events = nil
			case 2:
				events = append(events, e)
			}
			b, err := Encode(tt.method, events...)
			if kind := clinic.ErrorKind(err); kind != clinic.EInvalid {
				t.Errorf("Encode returned %v (kind %s), want an %s error\n%s", err, kind, clinic.EInvalid, b)
			}
		})
	}
	t.Run("the event the table starts from is valid under every method", func(t *testing.T) {
		for _, method := range []string{MethodRequest, MethodCancel, MethodPublish} {
			decode(t, encode(t, method, valid()))
		}
	})
}

func TestPublishNeedsNoPeople(t *testing.T) {
	e := appointment(utc(2027, 3, 15, 16, 0), time.UTC)
	e.Organizer, e.Attendee, e.URL, e.Summary = Address{}, Address{}, "", ""
	ev := onlyEvent(t, decode(t, encode(t, MethodPublish, e)))
	for _, name := range []string{ical.PropOrganizer, ical.PropAttendee, ical.PropURL, ical.PropSummary} {
		if p := ev.Props.Get(name); p != nil {
			t.Errorf("%s is written as %q, want no such property", name, p.Value)
		}
	}
}

func TestLongLinesAreFoldedAt75Octets(t *testing.T) {
	for pad := range 8 {
		e := appointment(utc(2027, 3, 15, 16, 0), time.UTC)
		e.Summary = strings.Repeat("x", pad) + strings.Repeat("é😀中", 40)
		b := encode(t, MethodRequest, e)
		checkLines(t, b)
		if !bytes.Contains(b, []byte("\r\n ")) {
			t.Fatalf("a %d-octet summary was not folded", len(e.Summary))
		}
		if got := text(t, onlyEvent(t, decode(t, b)).Props, ical.PropSummary); got != e.Summary {
			t.Errorf("padded by %d: SUMMARY = %q, want %q", pad, got, e.Summary)
		}
	}
}

// text returns the TEXT property name of props, unescaped by go-ical.
func text(t testing.TB, props ical.Props, name string) string {
	t.Helper()
	s, err := props.Text(name)
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	return s
}
