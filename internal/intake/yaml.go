package intake

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"math"
	"slices"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"

	"clinic"
)

// MaxFileSize bounds a rules or instrument file, in bytes.
const MaxFileSize = 1 << 20

// A lineError is a problem at a line of a file.
type lineError struct {
	line int
	msg  string
}

func (e *lineError) Error() string { return fmt.Sprintf("line %d: %s", e.line, e.msg) }

// fileError turns err into an EInvalid error that names the file and, when
// known, the line: "rules.yaml:12: unknown key "treatment"".
func fileError(name string, err error) error {
	var le *lineError
	if errors.As(err, &le) {
		return clinic.Errorf(clinic.EInvalid, "%s:%d: %s", name, le.line, le.msg)
	}
	if line, msg, ok := yamlLine(err); ok {
		return clinic.Errorf(clinic.EInvalid, "%s:%d: %s", name, line, msg)
	}
	return clinic.Errorf(clinic.EInvalid, "%s: %s", name, strings.TrimPrefix(err.Error(), "yaml: "))
}

// yamlLine reads the line out of a YAML syntax error. The parser, unlike
// the scanner, counts some lines from zero.
func yamlLine(err error) (int, string, bool) {
	msg := strings.TrimPrefix(err.Error(), "yaml: ")
	var line int
	if n, _ := fmt.Sscanf(msg, "line %d:", &line); n != 1 {
		return 0, "", false
	}
	_, msg, _ = strings.Cut(msg, ": ")
	if strings.HasPrefix(msg, "did not find expected") || strings.HasPrefix(msg, "found undefined tag") ||
		msg == "found incompatible YAML document" {
		line++
	}
	return max(line, 1), msg, true
}

// parseYAML parses one YAML document into its top node, refusing what the
// files here never need: more than one document, anchors and aliases,
// and explicit tags.
func parseYAML(data []byte) (*yaml.Node, error) {
	if len(data) > MaxFileSize {
		return nil, fmt.Errorf("the file is %d bytes, more than the %d allowed", len(data), MaxFileSize)
	}
	dec := yaml.NewDecoder(bytes.NewReader(data))
	var doc yaml.Node
	if err := dec.Decode(&doc); err != nil {
		if err == io.EOF {
			return nil, &lineError{1, "the file is empty"}
		}
		return nil, err
	}
	var more yaml.Node
	if err := dec.Decode(&more); err != io.EOF {
		return nil, &lineError{max(more.Line, 1), "the file holds more than one YAML document"}
	}
	if len(doc.Content) == 0 {
		return nil, &lineError{1, "the file is empty"}
	}
	if err := plain(&doc); err != nil {
		return nil, err
	}
	return doc.Content[0], nil
}

// plain refuses anchors, aliases and tags anywhere under n.
func plain(n *yaml.Node) error {
	switch {
	case n.Kind == yaml.AliasNode || n.Anchor != "":
		return &lineError{n.Line, "anchors and aliases (& and *) are not allowed: write the value out"}
	case n.Style&yaml.TaggedStyle != 0:
		return &lineError{n.Line, fmt.Sprintf("the YAML tag %s is not allowed", n.Tag)}
	}
	for _, c := range n.Content {
		if err := plain(c); err != nil {
			return err
		}
	}
	return nil
}

// A decoder reads nodes and keeps the first problem it meets, so that a
// caller can read a whole mapping and check for an error once.
type decoder struct{ err error }

func (d *decoder) fail(n *yaml.Node, format string, args ...any) {
	if d.err == nil {
		d.err = &lineError{n.Line, fmt.Sprintf(format, args...)}
	}
}

// null reports whether n is absent or written empty.
func null(n *yaml.Node) bool {
	return n == nil || (n.Kind == yaml.ScalarNode && n.ShortTag() == "!!null")
}

// fields reads the mapping n of a what. keys lists the keys it may hold,
// space-separated; a key ending in "!" is required. It returns the value of
// each key present, refusing unknown and repeated keys.
func (d *decoder) fields(n *yaml.Node, what, keys string) map[string]*yaml.Node {
	out := map[string]*yaml.Node{}
	if n.Kind != yaml.MappingNode {
		d.fail(n, "%s: want keys and values, not %s", what, describe(n))
		return out
	}
	known, required := map[string]bool{}, []string{}
	for _, k := range strings.Fields(keys) {
		name, req := strings.CutSuffix(k, "!")
		known[name] = true
		if req {
			required = append(required, name)
		}
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		d.key(k, what, known, out)
		if !null(v) {
			out[k.Value] = v
		}
	}
	for _, name := range required {
		if out[name] == nil {
			d.fail(n, "%s needs %s", what, name)
		}
	}
	return out
}

func (d *decoder) key(k *yaml.Node, what string, known map[string]bool, seen map[string]*yaml.Node) {
	_, dup := seen[k.Value]
	switch {
	case k.Kind != yaml.ScalarNode:
		d.fail(k, "%s: a key must be a name, not %s", what, describe(k))
	case !known[k.Value]:
		d.fail(k, "%s: unknown key %q (the keys are %s)", what, k.Value, strings.Join(sortedKeys(known), ", "))
	case dup:
		d.fail(k, "%s: the key %q is repeated", what, k.Value)
	}
	seen[k.Value] = nil
}

// text reads a scalar as text; an absent node reads as "".
func (d *decoder) text(n *yaml.Node, what string) string {
	if null(n) {
		return ""
	}
	if n.Kind != yaml.ScalarNode {
		d.fail(n, "%s: want text, not %s", what, describe(n))
		return ""
	}
	if i := strings.IndexFunc(n.Value, func(r rune) bool { return r < ' ' && r != '\n' && r != '\t' }); i >= 0 {
		d.fail(n, "%s holds a control character", what)
		return ""
	}
	return n.Value
}

// list reads a sequence; an absent node reads as none.
func (d *decoder) list(n *yaml.Node, what string) []*yaml.Node {
	if null(n) {
		return nil
	}
	if n.Kind != yaml.SequenceNode {
		d.fail(n, "%s: want a list, not %s", what, describe(n))
		return nil
	}
	return n.Content
}

// texts reads a list of texts, or one text as a list of one.
func (d *decoder) texts(n *yaml.Node, what string) []*yaml.Node {
	if n != nil && n.Kind == yaml.ScalarNode {
		return []*yaml.Node{n}
	}
	items := d.list(n, what)
	for _, it := range items {
		d.text(it, what)
	}
	return items
}

// number reads a finite number.
func (d *decoder) number(n *yaml.Node, what string) float64 {
	s := d.text(n, what)
	v, err := strconv.ParseFloat(s, 64)
	if s != "" && (err != nil || math.IsInf(v, 0) || math.IsNaN(v)) {
		d.fail(n, "%s: want a number, not %q", what, s)
	}
	return v
}

// integer reads a whole number.
func (d *decoder) integer(n *yaml.Node, what string) int {
	s := d.text(n, what)
	v, err := strconv.Atoi(s)
	if s != "" && (err != nil || v < -1_000_000 || v > 1_000_000) {
		d.fail(n, "%s: want a whole number, not %q", what, s)
	}
	return v
}

func describe(n *yaml.Node) string {
	switch n.Kind {
	case yaml.SequenceNode:
		return "a list"
	case yaml.MappingNode:
		return "keys and values"
	}
	return fmt.Sprintf("%q", n.Value)
}

func sortedKeys(m map[string]bool) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	slices.Sort(out)
	return out
}
