// Package ics writes iCalendar files (RFC 5545) for appointments, to attach
// to the emails that patients get and to download from the booking pages.
//
// An invitation or an update is METHOD:REQUEST, a cancellation is
// METHOD:CANCEL with STATUS:CANCELLED (RFC 5546); METHOD:PUBLISH is a plain
// file to import. The UID and SEQUENCE are the caller's: keep the UID of an
// appointment stable and raise its SEQUENCE on every change, so that
// calendars replace the event instead of adding a second one.
//
// Times are written as local times with TZID set to the zone's IANA name,
// and the file carries a VTIMEZONE for that zone built from Go's zone data,
// with every change of offset from a year before the first event to a year
// after the last. A reader that knows the zone by name and one that reads
// only the VTIMEZONE see the same instants. Events in time.UTC are written
// in the UTC form (20270315T170000Z) and need no VTIMEZONE, and so is a
// time whose wall clock repeats after the clocks go back, when it is the
// second of the two instants: a local time names the first.
//
// Text is written so that no input can add a property or a component:
// TEXT values are escaped, parameter values are quoted, control characters
// are dropped (a carriage return becomes a newline), invalid UTF-8 becomes
// U+FFFD, and addresses and URLs are checked before they are written.
package ics

import (
	"time"
)

// Methods of an iCalendar object (RFC 5546, section 1.4).
const (
	MethodRequest = "REQUEST" // an invitation, or an update of one
	MethodCancel  = "CANCEL"  // the appointment is cancelled
	MethodPublish = "PUBLISH" // a file to import, not a scheduling message
)

// Statuses of an event.
const (
	StatusConfirmed = "CONFIRMED"
	StatusCancelled = "CANCELLED"
)

// prodID names the software that wrote the file.
const prodID = "-//Clinic//Appointments//EN"

// Event is one appointment as a calendar shows it.
type Event struct {
	UID      string // stable for the appointment: "appointment-<id>@<host>"
	Sequence int    // raised on every change the patient is told of
	// Start and End are instants; they are written as wall-clock times in
	// Zone, to the second.
	Start, End time.Time
	Zone       *time.Location // an IANA zone such as America/Los_Angeles
	Summary    string
	// Description and Location may hold several lines.
	Description string
	Location    string
	URL         string // an http or https link to manage the appointment
	Organizer   Address
	// Attendee is the patient. REQUEST and CANCEL need an Organizer and
	// an Attendee; PUBLISH needs neither.
	Attendee Address
	// Status is StatusConfirmed or StatusCancelled; empty means
	// StatusCancelled under MethodCancel and StatusConfirmed otherwise.
	Status string
	Stamp  time.Time // when the message was made; written in UTC as DTSTAMP
}

// Address is a person with an email address.
type Address struct {
	Name  string // shown by calendars; may be empty
	Email string // a plain address: name@example.com
}

// Encode returns an iCalendar object of the given method holding events.
// REQUEST and CANCEL hold exactly one event; PUBLISH holds one or more.
// Bad input is a clinic.EInvalid error.
func Encode(method string, events ...Event) ([]byte, error) {
	if err := validate(method, events); err != nil {
		return nil, err
	}
	w := &writer{}
	w.prop("BEGIN", "VCALENDAR")
	w.prop("PRODID", prodID)
	w.prop("VERSION", "2.0")
	w.prop("CALSCALE", "GREGORIAN")
	w.prop("METHOD", method)
	for _, z := range zoneSpans(events) {
		writeZone(w, z)
	}
	for i := range events {
		writeEvent(w, method, &events[i])
	}
	w.prop("END", "VCALENDAR")
	return w.buf, nil
}

// writeEvent writes e as a VEVENT.
func writeEvent(w *writer, method string, e *Event) {
	w.prop("BEGIN", "VEVENT")
	w.text("UID", e.UID)
	w.int("SEQUENCE", e.Sequence)
	w.prop("DTSTAMP", e.Stamp.UTC().Format(utcLayout))
	w.dateTime("DTSTART", e.Start, e.Zone)
	w.dateTime("DTEND", e.End, e.Zone)
	w.text("SUMMARY", e.Summary)
	w.text("DESCRIPTION", e.Description)
	w.text("LOCATION", e.Location)
	if e.URL != "" {
		w.prop("URL", e.URL)
	}
	w.address("ORGANIZER", e.Organizer, "")
	w.address("ATTENDEE", e.Attendee, ";ROLE=REQ-PARTICIPANT;PARTSTAT=ACCEPTED;RSVP=FALSE")
	w.prop("STATUS", status(method, e.Status))
	w.prop("TRANSP", "OPAQUE")
	w.prop("END", "VEVENT")
}

// status returns the STATUS of an event with status s under method.
func status(method, s string) string {
	switch {
	case s != "":
		return s
	case method == MethodCancel:
		return StatusCancelled
	default:
		return StatusConfirmed
	}
}
