package content

import (
	"bytes"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"

	"clinic"

	"go.yaml.in/yaml/v3"
)

// File is a content file after ParseFile: its Markdown body and where each
// front matter key was, so that later checks can name the line at fault.
type File struct {
	Name string // the path used in error messages: "posts/posture.md"
	Body string
	// BodyLine is the line the body starts on.
	BodyLine int
	lines    map[string]int
}

// Line returns the line of the front matter key, or 1 when the key is
// absent, which is where a missing key is reported.
func (f *File) Line(key string) int {
	if n := f.lines[key]; n > 0 {
		return n
	}
	return 1
}

// errorf returns an EInvalid error that names the file and line.
func (f *File) errorf(line int, format string, args ...any) error {
	return invalid(f.Name, line, fmt.Sprintf(format, args...))
}

// keyErrorf returns an EInvalid error at the line of the key.
func (f *File) keyErrorf(key, format string, args ...any) error {
	return f.errorf(f.Line(key), format, args...)
}

func invalid(name string, line int, msg string) error {
	return clinic.Errorf(clinic.EInvalid, "%s:%d: %s", name, line, msg)
}

// ParseFile splits a content file into its YAML front matter, which it
// decodes into v (a pointer to a struct with yaml tags), and its Markdown
// body. A UTF-8 byte order mark and CRLF line endings are accepted. Unknown
// keys, repeated keys, YAML tags and values of the wrong type are errors.
// The body loses the newline after the closing "---" and trailing white
// space. Errors are *clinic.Error of kind EInvalid reading "name:line: what".
func ParseFile(name string, data []byte, v any) (*File, error) {
	text, err := normalize(name, data)
	if err != nil {
		return nil, err
	}
	front, body, bodyLine, err := split(name, text)
	if err != nil {
		return nil, err
	}
	f := &File{Name: name, Body: body, BodyLine: bodyLine}
	doc, err := parseYAML(front)
	if err == nil {
		err = checkTags(doc)
	}
	if err == nil {
		f.lines, err = decodeMapping(doc, v)
	}
	if err != nil {
		return nil, fileError(name, err)
	}
	return f, nil
}

// parseYAML parses the front matter, which must be one YAML document.
func parseYAML(front string) (*yaml.Node, error) {
	dec := yaml.NewDecoder(strings.NewReader(front))
	var doc, next yaml.Node
	if err := dec.Decode(&doc); err != nil && err != io.EOF {
		return nil, err
	}
	switch err := dec.Decode(&next); {
	case err == io.EOF:
		return &doc, nil
	case err != nil:
		return nil, err
	}
	return nil, &lineError{next.Line, "the front matter holds a second YAML document"}
}

// normalize checks that data is UTF-8 without control characters, drops a
// byte order mark and turns CRLF into LF.
func normalize(name string, data []byte) (string, error) {
	data = bytes.TrimPrefix(data, []byte("\uFEFF"))
	if !utf8.Valid(data) {
		for i := 0; i < len(data); {
			r, size := utf8.DecodeRune(data[i:])
			if r == utf8.RuneError && size == 1 {
				return "", invalid(name, lineAt(data, i), "invalid UTF-8")
			}
			i += size
		}
	}
	text := strings.ReplaceAll(string(data), "\r\n", "\n")
	for i, r := range text {
		if forbidden(r) {
			return "", invalid(name, lineAt([]byte(text), i), fmt.Sprintf("character %U is not allowed", r))
		}
	}
	return text, nil
}

// forbidden reports the runes YAML does not allow, lone carriage returns
// included: control characters other than tab and newline, and the two
// non-characters U+FFFE and U+FFFF.
func forbidden(r rune) bool {
	switch {
	case r == '\t' || r == '\n':
		return false
	case r < 0x20 || r == 0x7f:
		return true
	case r >= 0x80 && r <= 0x9f && r != 0x85:
		return true
	}
	return r == 0xfffe || r == 0xffff
}

func lineAt(data []byte, offset int) int {
	return 1 + bytes.Count(data[:offset], []byte("\n"))
}

// split returns the front matter (with its opening "---" line, so that YAML
// line numbers are file line numbers) and the body.
func split(name, text string) (front, body string, bodyLine int, err error) {
	first, _, _ := strings.Cut(text, "\n")
	if !isDelimiter(first) {
		return "", "", 0, invalid(name, 1, `no front matter: the file must start with a line "---"`)
	}
	pos := len(first) + 1 // where line 2 starts
	for line := 2; pos <= len(text); line++ {
		l, _, _ := strings.Cut(text[pos:], "\n")
		if isDelimiter(l) {
			rest := text[min(pos+len(l)+1, len(text)):]
			return text[:pos], strings.TrimRight(rest, " \t\n"), line + 1, nil
		}
		pos += len(l) + 1
	}
	return "", "", 0, invalid(name, 1, `front matter is not closed: no line "---" after it`)
}

func isDelimiter(line string) bool {
	return strings.TrimRight(line, " \t") == "---"
}

// lineError is a decoding error at a line of the file.
type lineError struct {
	line int
	msg  string
}

func (e *lineError) Error() string { return fmt.Sprintf("line %d: %s", e.line, e.msg) }

func fileError(name string, err error) error {
	if le, ok := err.(*lineError); ok {
		return invalid(name, le.line, le.msg)
	}
	line, msg := errorLine(err, 1)
	return invalid(name, line, strings.TrimPrefix(msg, "yaml: "))
}

// errorLine takes the line out of a yaml error message: "yaml: line 7: …"
// or, for type errors, "line 7: …". It returns def when there is none.
func errorLine(err error, def int) (int, string) {
	if te, ok := err.(*yaml.TypeError); ok && len(te.Errors) > 0 {
		return errorLine(fmt.Errorf("%s", te.Errors[0]), def)
	}
	msg := err.Error()
	prefix := ""
	if rest, ok := strings.CutPrefix(msg, "yaml: "); ok {
		prefix, msg = "yaml: ", rest
	}
	var line int
	if n, _ := fmt.Sscanf(msg, "line %d:", &line); n == 1 {
		_, msg, _ = strings.Cut(msg, ": ")
		if prefix != "" && parserProblem(msg) {
			line++
		}
		return line, prefix + msg
	}
	return def, prefix + msg
}

// parserProblem reports the problems that the YAML parser, unlike its
// scanner, reports with a line counted from zero: the line where the
// enclosing list or mapping starts.
func parserProblem(msg string) bool {
	switch msg {
	case "did not find expected ',' or ']'", "did not find expected ',' or '}'",
		"did not find expected '-' indicator", "did not find expected <document start>",
		"did not find expected key", "did not find expected node content",
		"found undefined tag handle", "found incompatible YAML document":
		return true
	}
	return false
}

// checkTags refuses explicit YAML tags such as !!binary: content files
// hold plain values.
func checkTags(n *yaml.Node) error {
	if n.Style&yaml.TaggedStyle != 0 {
		return &lineError{n.Line, fmt.Sprintf("YAML tag %s is not allowed", n.Tag)}
	}
	for _, c := range n.Content {
		if err := checkTags(c); err != nil {
			return err
		}
	}
	return nil
}

// FormatFile encodes v as front matter followed by the body: the inverse
// of ParseFile for a body without trailing white space.
func FormatFile(v any, body string) ([]byte, error) {
	var buf bytes.Buffer
	buf.WriteString("---\n")
	if err := encodeFront(&buf, v); err != nil {
		return nil, err
	}
	buf.WriteString("---\n")
	if body != "" {
		buf.WriteString(body)
		buf.WriteString("\n")
	}
	return buf.Bytes(), nil
}

func encodeFront(buf *bytes.Buffer, v any) error {
	var y bytes.Buffer
	enc := yaml.NewEncoder(&y)
	enc.SetIndent(2)
	if err := enc.Encode(v); err != nil {
		return fmt.Errorf("content: encode front matter: %w", err)
	}
	if err := enc.Close(); err != nil {
		return fmt.Errorf("content: encode front matter: %w", err)
	}
	if s := y.String(); s != "{}\n" {
		buf.WriteString(s)
	}
	return nil
}
