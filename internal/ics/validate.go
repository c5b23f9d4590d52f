package ics

import (
	"net/mail"
	"net/url"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"clinic"
)

// Years an event may fall in; the VTIMEZONE spans them and a year more.
const (
	minYear = 1900
	maxYear = 2199
)

// validate checks method and events before anything is written.
func validate(method string, events []Event) error {
	scheduling := method == MethodRequest || method == MethodCancel
	switch {
	case !scheduling && method != MethodPublish:
		return clinic.Errorf(clinic.EInvalid, "Unknown calendar method %q.", method)
	case len(events) == 0:
		return clinic.Errorf(clinic.EInvalid, "A calendar needs at least one event.")
	case scheduling && len(events) > 1:
		return clinic.Errorf(clinic.EInvalid, "An invitation or a cancellation holds exactly one event.")
	}
	for i := range events {
		if err := validateEvent(method, &events[i]); err != nil {
			return err
		}
	}
	return nil
}

func validateEvent(method string, e *Event) error {
	if err := validateUID(e.UID); err != nil {
		return err
	}
	if e.Sequence < 0 {
		return clinic.Errorf(clinic.EInvalid, "The event's sequence cannot be negative.")
	}
	if err := validateTimes(e); err != nil {
		return err
	}
	if err := validateStatus(method, e.Status); err != nil {
		return err
	}
	if err := validateURL(e.URL); err != nil {
		return err
	}
	return validatePeople(method, e)
}

// validateUID accepts a UID that is written back exactly as given.
func validateUID(uid string) error {
	if uid == "" {
		return clinic.Errorf(clinic.EInvalid, "The event has no UID.")
	}
	if !utf8.ValidString(uid) || strings.IndexFunc(uid, unicode.IsControl) >= 0 {
		return clinic.Errorf(clinic.EInvalid, "The event's UID holds characters a calendar cannot carry.")
	}
	return nil
}

func validateTimes(e *Event) error {
	switch {
	case e.Zone == nil:
		return clinic.Errorf(clinic.EInvalid, "The event has no time zone.")
	case e.Zone != time.UTC && !validZoneName(e.Zone.String()):
		return clinic.Errorf(clinic.EInvalid, "The time zone %q is not a named zone such as America/Los_Angeles.", e.Zone.String())
	case !e.Start.Truncate(time.Second).Before(e.End.Truncate(time.Second)):
		return clinic.Errorf(clinic.EInvalid, "The event must start before it ends.")
	case !inYears(e.Start.In(e.Zone).Year()) || !inYears(e.End.In(e.Zone).Year()):
		return clinic.Errorf(clinic.EInvalid, "The event must fall between the years %d and %d.", minYear, maxYear)
	case e.Stamp.IsZero():
		return clinic.Errorf(clinic.EInvalid, "The event has no time stamp.")
	case !inYears(e.Stamp.UTC().Year()):
		return clinic.Errorf(clinic.EInvalid, "The event's time stamp must fall between the years %d and %d.", minYear, maxYear)
	}
	return nil
}

func inYears(y int) bool { return y >= minYear && y <= maxYear }

// validZoneName reports whether name can stand unquoted as a TZID and
// names a zone rather than the machine's own ("Local").
func validZoneName(name string) bool {
	if name == "" || name == "Local" {
		return false
	}
	for _, c := range []byte(name) {
		ok := c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || strings.IndexByte("/_+-.", c) >= 0
		if !ok {
			return false
		}
	}
	return true
}

func validateStatus(method, s string) error {
	ok := s == "" ||
		s == StatusConfirmed && method != MethodCancel ||
		s == StatusCancelled && method != MethodRequest
	if !ok {
		return clinic.Errorf(clinic.EInvalid, "The status %q does not fit a %s message.", s, method)
	}
	return nil
}

// validateURL accepts an absolute http or https URL made only of the
// printable ASCII characters that a URI may hold.
func validateURL(s string) error {
	if s == "" {
		return nil
	}
	u, err := url.Parse(s)
	if err != nil || u.Scheme != "http" && u.Scheme != "https" || u.Host == "" || !uriChars(s) {
		return clinic.Errorf(clinic.EInvalid, "The event's link must be a full http or https URL.")
	}
	return nil
}

func uriChars(s string) bool {
	for _, c := range []byte(s) {
		if c <= ' ' || c >= 0x7f || strings.IndexByte("\"<>\\^`{|}", c) >= 0 {
			return false
		}
	}
	return true
}

// validatePeople checks the organizer and the attendee; scheduling
// messages need both (RFC 5546, section 3.2).
func validatePeople(method string, e *Event) error {
	if method != MethodPublish && (e.Organizer.Email == "" || e.Attendee.Email == "") {
		return clinic.Errorf(clinic.EInvalid, "An invitation or a cancellation needs an organizer and an attendee.")
	}
	for _, a := range []Address{e.Organizer, e.Attendee} {
		if a.Email != "" && !validEmail(a.Email) {
			return clinic.Errorf(clinic.EInvalid, "%q is not an email address a calendar can use.", a.Email)
		}
	}
	return nil
}

// validEmail accepts a plain address (local@domain) that can follow
// "mailto:" as it is: printable ASCII, no quotes, spaces or characters
// that a URI would need escaped.
func validEmail(s string) bool {
	a, err := mail.ParseAddress(s)
	if err != nil || a.Address != s || a.Name != "" {
		return false
	}
	return uriChars(s) && !strings.ContainsAny(s, `%?#()<>[],;:`)
}
