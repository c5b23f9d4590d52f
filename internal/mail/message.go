package mail

import (
	"bytes"
	"encoding/base64"
	"mime"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	gomail "github.com/wneessen/go-mail"

	"clinic"
)

// message builds the email for m: a text/plain UTF-8 body, a calendar
// invitation as a text/calendar alternative (and as a .ics file for mail
// clients that only offer attachments), and every other attachment as a
// file.
func (s *Sender) message(m *clinic.OutboxMessage, now time.Time) (*gomail.Msg, error) {
	msg := gomail.NewMsg(gomail.WithNoDefaultUserAgent(), gomail.WithCharset(gomail.CharsetUTF8),
		gomail.WithEncoding(gomail.EncodingQP))
	msg.FromMailAddress(s.from)
	if err := msg.To(m.To); err != nil || strings.TrimSpace(m.To) == "" {
		return nil, &Error{ID: m.ID, Step: stepPrepare, Class: ClassInvalid, perm: true,
			detail: "the recipient address is not valid"}
	}
	setSubject(msg, cleanSubject(m.Subject))
	msg.SetDateWithValue(now)
	msg.SetMessageIDWithValue(s.messageID(m, now))
	msg.SetBodyString(gomail.TypeTextPlain, cleanText(m.Body))
	for i, a := range m.Attachments {
		if err := attach(msg, a); err != nil {
			return nil, &Error{ID: m.ID, Step: stepPrepare, Class: ClassInvalid, perm: true,
				detail: "attachment " + strconv.Itoa(i+1) + " cannot be read"}
		}
	}
	return msg, nil
}

func attach(msg *gomail.Msg, a clinic.Attachment) error {
	ct := mediaType(a.ContentType)
	name := a.Name
	if name == "" {
		name = "attachment"
	}
	if strings.HasPrefix(ct, "text/calendar") {
		// Base64 keeps the calendar's bytes, line endings included.
		msg.AddAlternativeString(gomail.ContentType(ct), string(a.Data),
			gomail.WithPartEncoding(gomail.EncodingB64))
		ct = "application/ics"
	}
	return msg.AttachReader(name, bytes.NewReader(a.Data), gomail.WithFileContentType(gomail.ContentType(ct)))
}

// mediaType rewrites a Content-Type so that it can go into a header as it
// is: parsed, without charset (the part gets its own), formatted again.
// Anything unparseable becomes application/octet-stream.
func mediaType(ct string) string {
	typ, params, err := mime.ParseMediaType(ct)
	if err != nil {
		return "application/octet-stream"
	}
	delete(params, "charset")
	delete(params, "name")
	out := mime.FormatMediaType(typ, params)
	if out == "" {
		return "application/octet-stream"
	}
	return out
}

// cleanSubject makes s one line of valid UTF-8: a header cannot hold a line
// break, and runs of spaces would not survive folding.
func cleanSubject(s string) string {
	s = strings.ToValidUTF8(s, "\uFFFD")
	s = strings.Map(func(r rune) rune {
		if unicode.IsControl(r) || unicode.IsSpace(r) {
			return ' '
		}
		return r
	}, s)
	return strings.Join(strings.Fields(s), " ")
}

// setSubject sets the Subject header. go-mail encodes a subject only when it
// has non-ASCII characters; one that merely looks like an encoded word
// ("=?utf-8?q?…?=") would be decoded by the reader, so it is encoded here.
func setSubject(msg *gomail.Msg, s string) {
	if !strings.Contains(s, "=?") {
		msg.Subject(s)
		return
	}
	msg.SetGenHeaderPreformatted(gomail.HeaderSubject, encodeWords(s))
}

// encodeWords encodes s as base64 encoded words of at most 75 characters,
// one to a folded line.
func encodeWords(s string) string {
	var words []string
	for s != "" {
		n := 0
		for _, r := range s {
			if n+utf8.RuneLen(r) > 45 { // 45 bytes is 60 in base64, 72 with the frame
				break
			}
			n += utf8.RuneLen(r)
		}
		words = append(words, "=?UTF-8?B?"+base64.StdEncoding.EncodeToString([]byte(s[:n]))+"?=")
		s = s[n:]
	}
	return strings.Join(words, "\r\n ")
}

// cleanText makes s valid UTF-8, as its charset says it is, with lines
// ending in "\n": mail has no place for a lone carriage return.
func cleanText(s string) string {
	s = strings.ToValidUTF8(s, "\uFFFD")
	s = strings.ReplaceAll(s, "\r\n", "\n")
	return strings.ReplaceAll(s, "\r", "\n")
}
