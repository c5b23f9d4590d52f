package content

import (
	"fmt"
	"reflect"
	"regexp"
	"strings"
	"time"

	"go.yaml.in/yaml/v3"
)

// decodeMapping decodes a YAML mapping into the struct v points to, key by
// key, so that an unknown or repeated key, or a value of the wrong type, is
// reported at its own line. It returns the line of each key. A document
// node stands for its content; an empty document or null leaves v alone.
func decodeMapping(n *yaml.Node, v any) (map[string]int, error) {
	if n.Kind == yaml.DocumentNode {
		if len(n.Content) == 0 {
			return map[string]int{}, nil
		}
		n = n.Content[0]
	}
	if n.Kind == 0 || (n.Kind == yaml.ScalarNode && n.ShortTag() == "!!null") {
		return map[string]int{}, nil
	}
	if n.Kind != yaml.MappingNode {
		return nil, &lineError{n.Line, "want keys and values, not " + describe(n)}
	}
	fields := yamlFields(reflect.TypeOf(v).Elem())
	lines := make(map[string]int, len(n.Content)/2)
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, val := n.Content[i], n.Content[i+1]
		if err := checkKey(k, fields, lines); err != nil {
			return nil, err
		}
		lines[k.Value] = k.Line
		field := reflect.ValueOf(v).Elem().Field(fields[k.Value])
		if err := decodeValue(k, val, field.Addr().Interface()); err != nil {
			return nil, err
		}
		if field.Kind() == reflect.Slice && field.Len() == 0 {
			field.SetZero() // an empty list is no list, as Write leaves it out
		}
	}
	return lines, nil
}

func checkKey(k *yaml.Node, fields map[string]int, seen map[string]int) error {
	if k.Kind != yaml.ScalarNode {
		return &lineError{k.Line, "a key must be a name, not " + describe(k)}
	}
	if line, ok := seen[k.Value]; ok {
		return &lineError{k.Line, fmt.Sprintf("key %q repeats the one on line %d", k.Value, line)}
	}
	if _, ok := fields[k.Value]; !ok {
		return &lineError{k.Line, fmt.Sprintf("unknown key %q", k.Value)}
	}
	return nil
}

func decodeValue(k, val *yaml.Node, dst any) error {
	err := val.Decode(dst)
	if err == nil {
		return nil
	}
	if le, ok := err.(*lineError); ok {
		return &lineError{le.line, k.Value + ": " + le.msg}
	}
	line, msg := errorLine(err, k.Line)
	return &lineError{line, fmt.Sprintf("%s: %s", k.Value, plainTypeError(msg))}
}

var typeError = regexp.MustCompile("^cannot unmarshal !!(\\w+)(?: `(.*)`)? into (.+)$")

// plainTypeError rewords yaml's "cannot unmarshal !!str `two` into int"
// for people who edit content rather than Go: "want a whole number, not "two"".
func plainTypeError(msg string) string {
	m := typeError.FindStringSubmatch(msg)
	if m == nil {
		return msg
	}
	got := map[string]string{"seq": "a list", "map": "keys and values"}[m[1]]
	if got == "" {
		got = fmt.Sprintf("%q", m[2])
	}
	want := "keys and values"
	switch {
	case strings.HasPrefix(m[3], "[]"):
		want = "a list"
	case m[3] == "string":
		want = "text"
	case strings.HasPrefix(m[3], "int"):
		want = "a whole number"
	case strings.HasPrefix(m[3], "float"):
		want = "a number"
	}
	return fmt.Sprintf("want %s, not %s", want, got)
}

func describe(n *yaml.Node) string {
	switch n.Kind {
	case yaml.SequenceNode:
		return "a list"
	case yaml.MappingNode:
		return "keys and values"
	case yaml.AliasNode:
		return "an alias"
	}
	return fmt.Sprintf("%q", n.Value)
}

// yamlFields maps the yaml names of t's fields to their index.
func yamlFields(t reflect.Type) map[string]int {
	m := make(map[string]int, t.NumField())
	for i := range t.NumField() {
		f := t.Field(i)
		name, _, _ := strings.Cut(f.Tag.Get("yaml"), ",")
		if f.IsExported() && name != "" && name != "-" {
			m[name] = i
		}
	}
	return m
}

// scalar returns the text of a scalar node, or an error naming what it is.
func scalar(n *yaml.Node, want string) (string, error) {
	if n.Kind != yaml.ScalarNode {
		return "", &lineError{n.Line, fmt.Sprintf("want %s, not %s", want, describe(n))}
	}
	return n.Value, nil
}

// timestamp is a time written in RFC 3339 or as a plain date, which means
// midnight UTC. It is written back in RFC 3339, keeping its offset.
type timestamp time.Time

func (t *timestamp) UnmarshalYAML(n *yaml.Node) error {
	s, err := scalar(n, "a time")
	if err != nil {
		return err
	}
	v, err := parseTime(s)
	if err != nil {
		return &lineError{n.Line, fmt.Sprintf("%q is not a time like 2024-03-05T09:00:00-08:00 or a date like 2024-03-05", s)}
	}
	*t = timestamp(v)
	return nil
}

func parseTime(s string) (time.Time, error) {
	if len(s) == len(time.DateOnly) {
		return time.Parse(time.DateOnly, s)
	}
	return time.Parse(time.RFC3339, s)
}

func (t timestamp) MarshalYAML() (any, error) {
	v := time.Time(t)
	if _, offset := v.Zone(); offset%60 != 0 {
		v = v.UTC() // RFC 3339 offsets have no seconds
	}
	if v.Year() < 0 || v.Year() > 9999 {
		return nil, fmt.Errorf("content: time %v is outside years 0 to 9999", v)
	}
	return v, nil
}

func (t timestamp) IsZero() bool { return time.Time(t).IsZero() }

// duration is a Go duration: "3m20s".
type duration time.Duration

func (d *duration) UnmarshalYAML(n *yaml.Node) error {
	s, err := scalar(n, "a duration")
	if err != nil {
		return err
	}
	v, err := time.ParseDuration(s)
	if err != nil || v < 0 {
		return &lineError{n.Line, fmt.Sprintf("%q is not a duration like 3m20s", s)}
	}
	*d = duration(v)
	return nil
}

func (d duration) MarshalYAML() (any, error) { return time.Duration(d).String(), nil }

func (d duration) IsZero() bool { return d == 0 }
