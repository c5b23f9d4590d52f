package wordpress

import (
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"strings"

	"golang.org/x/net/html/charset"

	"clinic"
)

// maxDepth bounds the nesting of elements. A WXR file nests four levels
// deep; a file nested much deeper is not one.
const maxDepth = 32

// Versions of WXR that Read understands. They differ only in details this
// package does not use.
var versions = map[string]bool{"1.0": true, "1.1": true, "1.2": true}

// Read parses a WXR document. It refuses what is not one (not XML, a feed
// that is not an export, an unknown WXR version, a file cut short) with an
// error of kind clinic.EInvalid that names the line.
func Read(r io.Reader) (*Site, error) {
	d := xml.NewDecoder(r)
	d.Strict = true
	d.Entity = xml.HTMLEntity
	d.CharsetReader = charset.NewReaderLabel
	rd := &reader{d: d, site: &Site{Skipped: map[string]int{}, Blocks: map[int]string{}}, ids: map[int]int{}}
	if err := rd.document(); err != nil {
		return nil, fmt.Errorf("wordpress: read: %w", err)
	}
	return rd.site, nil
}

type reader struct {
	d     *xml.Decoder
	site  *Site
	depth int
	ids   map[int]int // line of each item ID seen
}

func (rd *reader) line() int {
	line, _ := rd.d.InputPos()
	return line
}

func (rd *reader) errorAt(line int, format string, args ...any) error {
	return clinic.Errorf(clinic.EInvalid, "line %d: %s", line, fmt.Sprintf(format, args...))
}

func (rd *reader) errorf(format string, args ...any) error {
	return rd.errorAt(rd.line(), format, args...)
}

// token returns the next token, turning the decoder's errors into ones
// that say what is wrong with the file.
func (rd *reader) token() (xml.Token, error) {
	t, err := rd.d.Token()
	var se *xml.SyntaxError
	switch {
	case err == io.EOF:
		return nil, rd.errorf("the file ends before the export does; is it cut short?")
	case errors.As(err, &se) && se.Msg == "unexpected EOF":
		return nil, rd.errorAt(se.Line, "the file ends inside an element; is it cut short?")
	case errors.As(err, &se):
		return nil, rd.errorAt(se.Line, "not well-formed XML: %s", se.Msg)
	case err != nil:
		return nil, rd.errorf("%v", err)
	}
	return t, nil
}

// document reads the root <rss> element and its <channel>.
func (rd *reader) document() error {
	root, err := rd.root()
	if err != nil {
		return err
	}
	rssLine := rd.line()
	if root.Name.Local != "rss" || root.Name.Space != "" {
		return rd.errorAt(rssLine, "the document is <%s>, not a WordPress export (which is <rss>)", root.Name.Local)
	}
	channel := false
	err = rd.children(func(e xml.StartElement) error {
		if key(e.Name) != ":channel" || channel {
			return rd.skip()
		}
		channel = true
		return rd.channel()
	})
	switch {
	case err != nil:
		return err
	case !channel:
		return rd.errorAt(rssLine, "the feed has no <channel>")
	case rd.site.Version == "":
		return rd.errorAt(rssLine, "an RSS feed, but not a WordPress export: it has no <wp:wxr_version>")
	}
	return nil
}

// root returns the first element of the document.
func (rd *reader) root() (xml.StartElement, error) {
	for {
		line := rd.line()
		t, err := rd.d.Token()
		var se *xml.SyntaxError
		switch {
		case err == io.EOF:
			return xml.StartElement{}, rd.errorf("the file holds no XML element; a WordPress export starts with <rss>")
		case errors.As(err, &se):
			return xml.StartElement{}, rd.errorAt(se.Line, "not XML, or not well-formed: %s", se.Msg)
		case err != nil:
			return xml.StartElement{}, rd.errorf("%v", err)
		}
		if e, ok := t.(xml.StartElement); ok {
			return e, nil
		}
		if c, ok := t.(xml.CharData); ok && len(strings.TrimSpace(string(c))) > 0 {
			lead := len(c) - len(strings.TrimLeft(string(c), " \t\r\n"))
			line += strings.Count(string(c[:lead]), "\n")
			return xml.StartElement{}, rd.errorAt(line, "text before the first element: this is not XML")
		}
	}
}

// children calls f for each child element of the element just opened,
// until that element ends. f must read its element to the end.
func (rd *reader) children(f func(e xml.StartElement) error) error {
	for {
		t, err := rd.token()
		if err != nil {
			return err
		}
		switch t := t.(type) {
		case xml.StartElement:
			if rd.depth++; rd.depth > maxDepth {
				return rd.errorf("elements are nested more than %d deep", maxDepth)
			}
			if err := f(t); err != nil {
				return err
			}
			rd.depth--
		case xml.EndElement:
			return nil
		}
	}
}

// skip reads the element just opened to its end.
func (rd *reader) skip() error {
	return rd.children(func(xml.StartElement) error { return rd.skip() })
}

// text reads the text of the element just opened, CDATA sections and all.
func (rd *reader) text(e xml.StartElement) (string, error) {
	var b strings.Builder
	for {
		t, err := rd.token()
		if err != nil {
			return "", err
		}
		switch t := t.(type) {
		case xml.CharData:
			b.Write(t)
		case xml.StartElement:
			return "", rd.errorf("<%s> holds an element <%s> where text belongs", qname(e.Name), qname(t.Name))
		case xml.EndElement:
			return b.String(), nil
		}
	}
}

// key names an element by the role of its namespace: "wp:post_id",
// "content:encoded", ":title". Undeclared prefixes count as the
// namespaces WordPress declares for them.
func key(n xml.Name) string {
	const export = "http://wordpress.org/export/"
	s := n.Space
	switch {
	case s == "http://purl.org/rss/1.0/modules/content/":
		s = "content"
	case s == "http://purl.org/dc/elements/1.1/":
		s = "dc"
	case strings.HasPrefix(s, export) && strings.HasSuffix(s, "/excerpt/"):
		s = "excerpt"
	case strings.HasPrefix(s, export):
		s = "wp"
	}
	return s + ":" + n.Local
}

// qname spells an element name for a message.
func qname(n xml.Name) string {
	k := key(n)
	if strings.HasPrefix(k, ":") {
		return k[1:]
	}
	return k
}
