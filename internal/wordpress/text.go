package wordpress

import (
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/net/html"
)

// plain returns the text of an HTML fragment on one line: tags dropped,
// entities decoded, runs of white space made one space. WordPress keeps
// titles and term names with entities ("Diet &amp; exercise").
func plain(s string) string {
	if !strings.ContainsAny(s, "<&") {
		return strings.Join(strings.Fields(s), " ")
	}
	z := html.NewTokenizer(strings.NewReader(s))
	var b strings.Builder
	for {
		switch z.Next() {
		case html.ErrorToken:
			return strings.Join(strings.Fields(b.String()), " ")
		case html.TextToken:
			b.Write(z.Text())
		case html.StartTagToken, html.EndTagToken, html.SelfClosingTagToken:
			b.WriteByte(' ')
		}
	}
}

// escapeText escapes the characters of s that Markdown would read as
// syntax anywhere in a line.
func escapeText(s string) string {
	var b strings.Builder
	for i, r := range s {
		switch r {
		case '\\', '`', '*', '[', ']', '<', '~':
			b.WriteByte('\\')
		case '_':
			if !wordRune(s[:i], true) || !wordRune(s[i+1:], false) {
				b.WriteByte('\\')
			}
		case '&':
			if entity.MatchString(s[i:]) {
				b.WriteByte('\\')
			}
		}
		b.WriteRune(r)
	}
	return b.String()
}

var entity = regexp.MustCompile(`^&(#[0-9]+|#[xX][0-9a-fA-F]+|[A-Za-z][A-Za-z0-9]*);`)

// wordRune reports whether the rune next to an underscore — the last of
// before, or the first of after — is a letter or digit.
func wordRune(s string, last bool) bool {
	var r rune
	if last {
		r, _ = utf8.DecodeLastRuneInString(s)
	} else {
		r, _ = utf8.DecodeRuneInString(s)
	}
	return r != utf8.RuneError && (unicode.IsLetter(r) || unicode.IsDigit(r))
}

// escapeLineStart escapes the start of a line of text that Markdown would
// read as block syntax: a heading, quote, list item, thematic break,
// setext underline or table row.
func escapeLineStart(line string) string {
	if line != "" && strings.IndexByte("#>+-=|", line[0]) >= 0 {
		return `\` + line
	}
	if n := digits(line); n > 0 && n < len(line) && (line[n] == '.' || line[n] == ')') &&
		(n+1 == len(line) || line[n+1] == ' ' || line[n+1] == '\t') {
		return line[:n] + `\` + line[n:]
	}
	return line
}

// digits returns how many ASCII digits, up to nine, start s; 0 for more.
func digits(s string) int {
	n := 0
	for n < len(s) && s[n] >= '0' && s[n] <= '9' {
		n++
	}
	if n > 9 {
		return 0
	}
	return n
}

// collapse turns each run of white space in s into one space.
func collapse(s string) string {
	if !strings.ContainsAny(s, "\t\n\r\f") && !strings.Contains(s, "  ") {
		return s
	}
	var b strings.Builder
	space := false
	for i := 0; i < len(s); i++ {
		switch c := s[i]; c {
		case ' ', '\t', '\n', '\r', '\f':
			if !space {
				b.WriteByte(' ')
			}
			space = true
		default:
			b.WriteByte(c)
			space = false
		}
	}
	return b.String()
}

// escapeURL makes a URL safe inside Markdown's (…) link destination.
func escapeURL(u string) string {
	return urlEscaper.Replace(u)
}

var urlEscaper = strings.NewReplacer(" ", "%20", "(", "%28", ")", "%29", "<", "%3C", ">", "%3E", "\n", "", "\t", "", "\\", "%5C", "|", "%7C")

// join puts Markdown blocks one after another, separated by blank lines.
// Two lists in a row get different markers so that they stay two lists.
func join(blocks []string) string {
	var out []string
	prev := ""
	for _, b := range blocks {
		if b = strings.Trim(b, "\n"); strings.TrimSpace(b) == "" {
			continue
		}
		if m := listMarker(b); m != "" && m == listMarker(prev) {
			b = switchMarkers(b)
		}
		out = append(out, b)
		prev = b
	}
	return strings.Join(out, "\n\n")
}

// listMarker returns the marker character of a list block: "-", "*",
// "." or ")"; "" when b is no list.
func listMarker(b string) string {
	if len(b) >= 2 && (b[0] == '-' || b[0] == '*') && b[1] == ' ' {
		return b[:1]
	}
	if n := digits(b); n > 0 && n+1 < len(b) && (b[n] == '.' || b[n] == ')') && b[n+1] == ' ' {
		return b[n : n+1]
	}
	return ""
}

// switchMarkers changes the markers of a list's own items (the lines
// that are not indented) to the other kind: "-" and "*", "." and ")".
func switchMarkers(b string) string {
	swap := map[string]string{"-": "*", "*": "-", ".": ")", ")": "."}
	lines := strings.Split(b, "\n")
	for i, l := range lines {
		if m := listMarker(l); m != "" {
			at := strings.Index(l, m)
			lines[i] = l[:at] + swap[m] + l[at+1:]
		}
	}
	return strings.Join(lines, "\n")
}
