package intake

import (
	"fmt"
	"io/fs"
	"path"
	"strings"

	"go.yaml.in/yaml/v3"

	"clinic"
)

// Limits of an instrument file, beyond its size.
const (
	MaxItems   = 200
	MaxChoices = 101
	maxValue   = 1000
)

// LoadInstruments reads every *.yaml file in the folder dir of fsys, in
// name order. Two files with one id are refused.
func LoadInstruments(fsys fs.FS, dir string) ([]*Instrument, error) {
	names, err := fs.Glob(fsys, path.Join(dir, "*.yaml"))
	if err != nil {
		return nil, fmt.Errorf("intake: load instruments: %w", err)
	}
	var out []*Instrument
	byID := map[string]string{}
	for _, name := range names {
		data, err := readFile(fsys, name)
		if err != nil {
			return nil, fmt.Errorf("intake: load instruments: %w", err)
		}
		inst, err := ParseInstrument(name, data)
		if err != nil {
			return nil, err
		}
		if other, ok := byID[inst.ID]; ok {
			return nil, clinic.Errorf(clinic.EInvalid, "%s: the id %q is already used by %s", name, inst.ID, other)
		}
		byID[inst.ID] = name
		out = append(out, inst)
	}
	return out, nil
}

// ParseInstrument reads an instrument file and checks it strictly. The
// error is an EInvalid *clinic.Error that names the file and line.
func ParseInstrument(name string, data []byte) (*Instrument, error) {
	root, err := parseYAML(data)
	if err != nil {
		return nil, fileError(name, err)
	}
	l := &instrumentLoader{}
	inst := l.instrument(root)
	if l.err == nil {
		l.check(inst, root)
	}
	if l.err != nil {
		return nil, fileError(name, l.err)
	}
	return inst, nil
}

type instrumentLoader struct {
	decoder
	lines map[string]int // "item x", "score y" -> line, to refuse repeats and name lines
}

const instrumentKeys = "id! title! version language instructions source! licence! references better! " +
	"max_missing items! scores! primary groups mcid"

func (l *instrumentLoader) instrument(n *yaml.Node) *Instrument {
	l.lines = map[string]int{}
	f := l.fields(n, "the instrument", instrumentKeys)
	inst := &Instrument{
		ID: l.text(f["id"], "id"), Title: l.text(f["title"], "title"), Version: l.text(f["version"], "version"),
		Language: l.text(f["language"], "language"), Instructions: l.text(f["instructions"], "instructions"),
		Source: l.text(f["source"], "source"), Licence: l.text(f["licence"], "licence"),
		MaxMissing: l.integer(f["max_missing"], "max_missing"), Primary: l.text(f["primary"], "primary"),
	}
	if inst.Language == "" {
		inst.Language = "en"
	}
	if f["id"] != nil && !slug(inst.ID) {
		l.fail(f["id"], "the id %q may hold only lower-case letters, digits, - and _", inst.ID)
	}
	for _, r := range l.texts(f["references"], "references") {
		inst.References = append(inst.References, r.Value)
	}
	inst.Better = l.direction(f["better"])
	for _, it := range l.list(f["items"], "items") {
		inst.Items = append(inst.Items, l.item(it))
	}
	for _, s := range l.list(f["scores"], "scores") {
		inst.Scores = append(inst.Scores, l.score(s, inst))
	}
	for _, g := range l.list(f["groups"], "groups") {
		inst.Groups = append(inst.Groups, l.group(g, inst))
	}
	inst.MCID = l.mcid(f["mcid"])
	return inst
}

func (l *instrumentLoader) direction(n *yaml.Node) Direction {
	switch s := l.text(n, "better"); s {
	case "lower":
		return LowerIsBetter
	case "higher":
		return HigherIsBetter
	case "":
	default:
		l.fail(n, "better: %q is neither lower nor higher", s)
	}
	return 0
}

func (l *instrumentLoader) item(n *yaml.Node) Item {
	f := l.fields(n, "an item", "id! text choices scale")
	it := Item{ID: l.name(f["id"], "item"), Text: l.text(f["text"], "text")}
	switch {
	case (f["choices"] == nil) == (f["scale"] == nil):
		l.fail(n, "item %s needs either choices or a scale", it.ID)
	case f["scale"] != nil:
		it.Choices, it.Low, it.High = l.scale(f["scale"])
	default:
		for _, c := range l.list(f["choices"], "choices") {
			it.Choices = append(it.Choices, l.choice(c))
		}
	}
	if len(it.Choices) < 2 || len(it.Choices) > MaxChoices {
		l.fail(n, "item %s has %d choices; it needs from 2 to %d", it.ID, len(it.Choices), MaxChoices)
	}
	return it
}

func (l *instrumentLoader) choice(n *yaml.Node) ItemChoice {
	f := l.fields(n, "a choice", "value! text")
	return ItemChoice{Value: l.value(f["value"]), Text: l.text(f["text"], "text")}
}

// scale reads a numeric scale: {from: 0, to: 10, low: "...", high: "..."}.
func (l *instrumentLoader) scale(n *yaml.Node) ([]ItemChoice, string, string) {
	f := l.fields(n, "a scale", "from! to! low high")
	from, to := l.value(f["from"]), l.value(f["to"])
	if l.err != nil {
		return nil, "", ""
	}
	if to <= from || to-from >= MaxChoices {
		l.fail(n, "a scale runs from a lower number to a higher one, with at most %d steps", MaxChoices)
		return nil, "", ""
	}
	var out []ItemChoice
	for v := from; v <= to; v++ {
		out = append(out, ItemChoice{Value: v, Text: fmt.Sprint(v)})
	}
	return out, l.text(f["low"], "low"), l.text(f["high"], "high")
}

func (l *instrumentLoader) value(n *yaml.Node) int {
	v := l.integer(n, "value")
	if v < -maxValue || v > maxValue {
		l.fail(n, "the value %d is outside %d to %d", v, -maxValue, maxValue)
	}
	return v
}

// name reads the id of an item or a score, unique among its kind.
func (l *instrumentLoader) name(n *yaml.Node, kind string) string {
	s := l.text(n, "id")
	if n == nil || l.err != nil {
		return s
	}
	if !slug(s) {
		l.fail(n, "the id %q may hold only lower-case letters, digits, - and _", s)
	}
	if line, ok := l.lines[kind+" "+s]; ok {
		l.fail(n, "the %s id %q is already used on line %d", kind, s, line)
	}
	l.lines[kind+" "+s] = n.Line
	return s
}

func (l *instrumentLoader) mcid(n *yaml.Node) MCID {
	if n == nil {
		return MCID{}
	}
	f := l.fields(n, "mcid", "points percent")
	m := MCID{Points: l.number(f["points"], "points"), Percent: l.number(f["percent"], "percent")}
	if m.Points < 0 || m.Percent < 0 || m.Percent > 100 || m.Points+m.Percent == 0 {
		l.fail(n, "mcid: points must be positive, or percent from above 0 to 100, or both")
	}
	return m
}

// lineOf returns the line where an item or score was defined.
func (l *instrumentLoader) lineOf(kind, id string) int {
	return max(l.lines[kind+" "+id], 1)
}

func joinIDs[T any](xs []T, id func(T) string) string {
	ids := make([]string, len(xs))
	for i, x := range xs {
		ids[i] = id(x)
	}
	return strings.Join(ids, ", ")
}
