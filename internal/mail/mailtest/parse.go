package mailtest

import (
	"bytes"
	"encoding/base64"
	"errors"
	"fmt"
	"io"
	"mime"
	"mime/multipart"
	"mime/quotedprintable"
	"net/mail"
	"net/textproto"
	"strings"
)

// maxDepth bounds how deep multiparts may nest.
const maxDepth = 10

// Message is a parsed email.
type Message struct {
	Header  mail.Header
	Subject string // decoded from its encoded words
	// Text is the first text/plain part that is not an attachment,
	// decoded, with line endings as "\n".
	Text  string
	Parts []Part // every part that is not itself a multipart, in order
}

// Part is one leaf of a message's MIME tree, decoded.
type Part struct {
	Header      textproto.MIMEHeader
	MediaType   string            // "text/calendar"
	Params      map[string]string // Content-Type parameters: "method", "charset", …
	Disposition string            // "attachment", "inline" or ""
	Filename    string            // from Content-Disposition, else Content-Type's name
	Data        []byte            // with the transfer encoding undone
}

// Attachments returns the parts sent as attachments.
func (m Message) Attachments() []Part {
	var out []Part
	for _, p := range m.Parts {
		if p.Disposition == "attachment" {
			out = append(out, p)
		}
	}
	return out
}

// Part returns the first part of the given media type, such as
// "text/calendar".
func (m Message) Part(mediaType string) (Part, bool) {
	for _, p := range m.Parts {
		if p.MediaType == mediaType {
			return p, true
		}
	}
	return Part{}, false
}

// Parse parses a raw message as net/mail and mime/multipart read it.
func Parse(raw []byte) (Message, error) {
	msg, err := mail.ReadMessage(bytes.NewReader(raw))
	if err != nil {
		return Message{}, fmt.Errorf("mailtest: parse: %w", err)
	}
	m := Message{Header: msg.Header}
	dec := &mime.WordDecoder{}
	if m.Subject, err = dec.DecodeHeader(msg.Header.Get("Subject")); err != nil {
		return m, fmt.Errorf("mailtest: parse subject: %w", err)
	}
	if err := m.walk(textproto.MIMEHeader(msg.Header), msg.Body, 0); err != nil {
		return m, fmt.Errorf("mailtest: parse: %w", err)
	}
	for _, p := range m.Parts {
		if p.MediaType == "text/plain" && p.Disposition != "attachment" {
			m.Text = strings.ReplaceAll(string(p.Data), "\r\n", "\n")
			break
		}
	}
	return m, nil
}

// walk adds the leaves under a part with header h and body r.
func (m *Message) walk(h textproto.MIMEHeader, r io.Reader, depth int) error {
	typ, params := "text/plain", map[string]string{}
	if ct := h.Get("Content-Type"); ct != "" {
		var err error
		if typ, params, err = mime.ParseMediaType(ct); err != nil {
			return fmt.Errorf("content type %q: %w", ct, err)
		}
	}
	if !strings.HasPrefix(typ, "multipart/") {
		p, err := leaf(h, typ, params, r)
		m.Parts = append(m.Parts, p)
		return err
	}
	if depth >= maxDepth {
		return errors.New("multiparts nested too deep")
	}
	mr := multipart.NewReader(r, params["boundary"])
	for {
		part, err := mr.NextRawPart()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return err
		}
		if err := m.walk(part.Header, part, depth+1); err != nil {
			return err
		}
	}
}

func leaf(h textproto.MIMEHeader, typ string, params map[string]string, r io.Reader) (Part, error) {
	p := Part{Header: h, MediaType: typ, Params: params, Filename: decodeWords(params["name"])}
	if cd := h.Get("Content-Disposition"); cd != "" {
		disp, dparams, err := mime.ParseMediaType(cd)
		if err != nil {
			return p, fmt.Errorf("content disposition %q: %w", cd, err)
		}
		p.Disposition = disp
		if fn := dparams["filename"]; fn != "" {
			p.Filename = decodeWords(fn)
		}
	}
	data, err := io.ReadAll(decoder(h.Get("Content-Transfer-Encoding"), r))
	p.Data = data
	if err != nil {
		return p, fmt.Errorf("%s part: %w", typ, err)
	}
	return p, nil
}

func decoder(cte string, r io.Reader) io.Reader {
	switch strings.ToLower(strings.TrimSpace(cte)) {
	case "base64":
		return base64.NewDecoder(base64.StdEncoding, r)
	case "quoted-printable":
		return quotedprintable.NewReader(r)
	}
	return r
}

func decodeWords(s string) string {
	out, err := (&mime.WordDecoder{}).DecodeHeader(s)
	if err != nil {
		return s
	}
	return out
}
