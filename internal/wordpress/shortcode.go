package wordpress

import (
	"fmt"
	"html"
	"regexp"
	"slices"
	"strconv"
	"strings"
)

// shortcode is one [name attr="value"] tag, with the content up to its
// closing [/name] when it has one.
type shortcode struct {
	name    string
	attrs   map[string]string
	content string
	closed  bool
	open    string // the opening tag as written
	end     int    // offset just after the shortcode in the source
}

// maxShortcodeTag bounds the length of a shortcode's attributes, so that
// text full of brackets is read in linear time.
const maxShortcodeTag = 2000

var shortcodeName = regexp.MustCompile(`^\[([A-Za-z][A-Za-z0-9_-]*)`)

// parseShortcode reads the shortcode at the start of s, or returns false.
func parseShortcode(s string) (shortcode, bool) {
	m := shortcodeName.FindStringSubmatch(s)
	if m == nil {
		return shortcode{}, false
	}
	rest := s[len(m[0]):]
	if rest == "" || !strings.ContainsRune(" \t\n]/", rune(rest[0])) {
		return shortcode{}, false
	}
	end := strings.IndexByte(rest[:min(len(rest), maxShortcodeTag)], ']')
	if end < 0 || strings.ContainsAny(rest[:end], "[\n") {
		return shortcode{}, false
	}
	sc := shortcode{name: m[1], open: s[:len(m[0])+end+1], end: len(m[0]) + end + 1}
	sc.attrs = parseAttrs(strings.TrimSuffix(rest[:end], "/"))
	return sc, true
}

// enclosing reports whether a shortcode of this name wraps content up to a
// closing tag. Only those that are expanded need their content found.
func enclosing(name string) bool {
	return name == "caption" || name == "wp_caption" || name == "embed"
}

// closeShortcode finds the content of an enclosing shortcode that starts
// src, up to its closing tag. Names without a closing tag anywhere after
// are remembered, so that a body full of them is read once.
func (b *bodyConv) closeShortcode(sc *shortcode, src string) {
	if !enclosing(sc.name) || strings.HasSuffix(strings.TrimSpace(sc.open[:len(sc.open)-1]), "/") || b.unclosed[sc.name] {
		return
	}
	endTag := "[/" + sc.name + "]"
	i := strings.Index(src[sc.end:], endTag)
	if i < 0 {
		b.unclosed[sc.name] = true
		return
	}
	sc.content = src[sc.end : sc.end+i]
	sc.closed = true
	sc.end += i + len(endTag)
}

var attrPattern = regexp.MustCompile(`([\w-]+)\s*=\s*"([^"]*)"|([\w-]+)\s*=\s*'([^']*)'|([\w-]+)\s*=\s*([^\s'"]+)|"([^"]*)"|(\S+)`)

// parseAttrs reads shortcode attributes: name="value", name='value',
// name=value; bare values are numbered "0", "1", …
func parseAttrs(s string) map[string]string {
	attrs := map[string]string{}
	n := 0
	for _, m := range attrPattern.FindAllStringSubmatch(s, -1) {
		switch {
		case m[1] != "":
			attrs[strings.ToLower(m[1])] = m[2]
		case m[3] != "":
			attrs[strings.ToLower(m[3])] = m[4]
		case m[5] != "":
			attrs[strings.ToLower(m[5])] = m[6]
		default:
			attrs[strconv.Itoa(n)] = m[7] + m[8]
			n++
		}
	}
	return attrs
}

// shortcodes expands the shortcodes that have an equivalent here —
// [caption], [gallery], [embed] — into HTML, and keeps every other one as
// the text it was, reported. [[name]] is WordPress's way to write a
// shortcode as text.
func (b *bodyConv) shortcodes(src string) string {
	var out strings.Builder
	for {
		i := strings.IndexAny(src, "[<")
		if i < 0 {
			out.WriteString(src)
			return out.String()
		}
		out.WriteString(src[:i])
		src = src[i:]
		if src[0] == '<' {
			n := tagEnd(src)
			out.WriteString(src[:n])
			src = src[n:]
			continue
		}
		if strings.HasPrefix(src, "[[") {
			if sc, ok := parseShortcode(src[1:]); ok && strings.HasPrefix(src[1+len(sc.open):], "]") {
				out.WriteString(sc.open)
				src = src[len(sc.open)+2:]
				continue
			}
		}
		sc, ok := parseShortcode(src)
		if !ok {
			out.WriteByte('[')
			src = src[1:]
			continue
		}
		b.closeShortcode(&sc, src)
		if h, ok := b.expand(sc); ok {
			out.WriteString(h)
			src = src[sc.end:]
			continue
		}
		b.problem("shortcode ["+sc.name+"]", "kept as text: there is no equivalent here")
		out.WriteString(sc.open)
		src = src[len(sc.open):]
	}
}

// tagEnd returns the length of the HTML tag or comment that starts s, so
// that shortcodes are not looked for inside attributes.
func tagEnd(s string) int {
	end := ">"
	if strings.HasPrefix(s, "<!--") {
		end = "-->"
	}
	i := strings.Index(s, end)
	if i < 0 {
		return len(s)
	}
	return i + len(end)
}

// expand returns the HTML for a shortcode that has an equivalent here.
func (b *bodyConv) expand(sc shortcode) (string, bool) {
	switch sc.name {
	case "caption", "wp_caption":
		if !sc.closed {
			return "", false
		}
		return b.caption(sc), true
	case "gallery":
		return b.gallery(sc), true
	case "embed":
		if !sc.closed {
			return "", false
		}
		return "<p>" + html.EscapeString(strings.TrimSpace(sc.content)) + "</p>", true
	}
	return "", false
}

// maxShortcodeDepth bounds how deep captions may nest.
const maxShortcodeDepth = 4

var captionMedia = regexp.MustCompile(`(?s)^\s*((?:<a\s[^>]*>\s*)?<img\s[^>]*>(?:\s*</a>)?)(.*)$`)

// caption turns [caption]<img> Text[/caption] into a figure.
func (b *bodyConv) caption(sc shortcode) string {
	media, text := sc.content, sc.attrs["caption"]
	if m := captionMedia.FindStringSubmatch(sc.content); m != nil {
		media = m[1]
		if text == "" {
			text = m[2]
		}
	}
	if b.depth++; b.depth > maxShortcodeDepth {
		b.problem("shortcode [caption]", "captions are nested too deeply; kept as text")
		return html.EscapeString(sc.open + sc.content + "[/" + sc.name + "]")
	}
	saved := b.unclosed
	b.unclosed = map[string]bool{}
	defer func() { b.depth, b.unclosed = b.depth-1, saved }()
	return "<figure>" + b.shortcodes(media) + "<figcaption>" + b.shortcodes(text) + "</figcaption></figure>"
}

// gallery turns [gallery ids="1,2"] into the images it lists, or, with
// no ids, into the images uploaded to the item.
func (b *bodyConv) gallery(sc shortcode) string {
	ids := sc.attrs["ids"]
	if ids == "" {
		ids = sc.attrs["include"]
	}
	var as []*Attachment
	if ids == "" {
		for _, a := range b.c.media.all {
			if a.ID != 0 && a.Parent == b.it.ID && isImage(a.Path) {
				as = append(as, a)
			}
		}
	}
	for _, f := range strings.Split(ids, ",") {
		id, err := strconv.Atoi(strings.TrimSpace(f))
		if err != nil {
			continue
		}
		if a := b.c.media.byID[id]; a != nil && a.URL != "" {
			as = append(as, a)
		} else {
			b.problem(fmt.Sprintf("gallery image %d", id), "it is not in the export; left out")
		}
	}
	var h strings.Builder
	h.WriteString("<figure>")
	for i, a := range as {
		if i > 0 {
			h.WriteString("\n")
		}
		fmt.Fprintf(&h, `<img src="%s" alt="%s">`, html.EscapeString(a.URL), html.EscapeString(a.Alt))
	}
	h.WriteString("</figure>")
	return h.String()
}

// isImage reports whether a file name looks like an image.
func isImage(p string) bool {
	i := strings.LastIndexByte(p, '.')
	return i >= 0 && slices.Contains([]string{".jpg", ".jpeg", ".png", ".gif", ".webp", ".avif", ".svg"}, strings.ToLower(p[i:]))
}
