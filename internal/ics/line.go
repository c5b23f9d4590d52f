package ics

import (
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// Layouts of DATE-TIME values (RFC 5545, section 3.3.5).
const (
	localLayout = "20060102T150405"
	utcLayout   = "20060102T150405Z"
)

// maxLine is the longest physical line in octets, CRLF not counted.
const maxLine = 75

// writer builds an iCalendar object one content line at a time.
type writer struct {
	buf []byte
}

// prop writes one content line. head is the property name with its
// parameters; value must already be in its written form.
func (w *writer) prop(head, value string) {
	w.fold(head + ":" + value)
}

// text writes a TEXT property, or nothing when s is empty.
func (w *writer) text(name, s string) {
	if s != "" {
		w.prop(name, escapeText(s))
	}
}

func (w *writer) int(name string, n int) {
	w.prop(name, strconv.Itoa(n))
}

// dateTime writes t as a wall-clock time in zone with a TZID, or in the
// UTC form when zone is time.UTC or the wall-clock time is ambiguous.
func (w *writer) dateTime(name string, t time.Time, zone *time.Location) {
	if zone == time.UTC || repeatedWall(t.In(zone)) {
		w.prop(name, t.UTC().Format(utcLayout))
		return
	}
	w.prop(name+";TZID="+zone.String(), t.In(zone).Format(localLayout))
}

// address writes a CAL-ADDRESS property with a quoted CN, or nothing
// when a has no email. params follow CN as they are.
func (w *writer) address(name string, a Address, params string) {
	if a.Email == "" {
		return
	}
	head := name
	if cn := paramText(a.Name); cn != "" {
		head += `;CN="` + cn + `"`
	}
	w.prop(head+params, "mailto:"+a.Email)
}

// fold appends line and CRLF, folded so that no physical line is longer
// than maxLine octets; a fold never splits a UTF-8 sequence.
func (w *writer) fold(line string) {
	n := 0
	for i := 0; i < len(line); {
		_, size := utf8.DecodeRuneInString(line[i:])
		if n+size > maxLine {
			w.buf = append(w.buf, "\r\n "...)
			n = 1
		}
		w.buf = append(w.buf, line[i:i+size]...)
		n += size
		i += size
	}
	w.buf = append(w.buf, "\r\n"...)
}

// escapeText returns s cleaned and escaped as a TEXT value (RFC 5545,
// section 3.3.11).
func escapeText(s string) string {
	s = cleanText(s)
	var b strings.Builder
	b.Grow(len(s) + 8)
	for _, r := range s {
		switch r {
		case '\\', ';', ',':
			b.WriteByte('\\')
			b.WriteRune(r)
		case '\n':
			b.WriteString(`\n`)
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// cleanText returns s as text that iCalendar can carry: CRLF and CR
// become LF, invalid UTF-8 becomes U+FFFD, and every other control
// character but tab and LF is dropped.
func cleanText(s string) string {
	s = strings.ReplaceAll(s, "\r\n", "\n")
	return strings.Map(func(r rune) rune {
		switch {
		case r == '\r':
			return '\n'
		case r == '\n' || r == '\t':
			return r
		case unicode.IsControl(r):
			return -1
		}
		return r
	}, s)
}

// paramText returns s cleaned for a quoted parameter value, which cannot
// hold a double quote or a line break (RFC 5545, section 3.1): a double
// quote becomes an apostrophe and tabs and line breaks become spaces.
func paramText(s string) string {
	return strings.Map(func(r rune) rune {
		switch r {
		case '"':
			return '\''
		case '\n', '\t':
			return ' '
		}
		return r
	}, cleanText(s))
}
