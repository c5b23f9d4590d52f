package intake

import (
	"slices"

	"go.yaml.in/yaml/v3"
)

func (l *instrumentLoader) score(n *yaml.Node, inst *Instrument) ScoreRule {
	f := l.fields(n, "a score", "id! label! method! items bands")
	s := ScoreRule{ID: l.name(f["id"], "score"), Label: l.text(f["label"], "label")}
	switch m := l.text(f["method"], "method"); m {
	case "sum":
		s.Method = Sum
	case "percent":
		s.Method = Percent
	case "":
	default:
		l.fail(f["method"], "method %q is neither sum nor percent", m)
	}
	s.Items = l.scoreItems(f["items"], inst)
	l.scoreRange(n, &s, inst)
	for _, b := range l.list(f["bands"], "bands") {
		s.Bands = append(s.Bands, l.band(b, s))
	}
	if len(s.Bands) > 0 && s.Bands[len(s.Bands)-1].UpTo < s.Max {
		l.fail(f["bands"], "the last band ends at %g, below the highest score, %g", s.Bands[len(s.Bands)-1].UpTo, s.Max)
	}
	return s
}

// scoreItems reads the items of a score; all of the instrument's when
// the file names none.
func (l *instrumentLoader) scoreItems(n *yaml.Node, inst *Instrument) []string {
	if n == nil {
		return joinAll(inst.Items)
	}
	var out []string
	for _, it := range l.texts(n, "items") {
		if _, ok := inst.item(it.Value); !ok {
			l.fail(it, "there is no item %q (the items are %s)", it.Value, joinIDs(inst.Items, func(i Item) string { return i.ID }))
		} else if slices.Contains(out, it.Value) {
			l.fail(it, "the item %q is listed twice", it.Value)
		}
		out = append(out, it.Value)
	}
	if len(out) == 0 {
		l.fail(n, "items: the list is empty")
	}
	return out
}

func joinAll(items []Item) []string {
	out := make([]string, len(items))
	for i, it := range items {
		out[i] = it.ID
	}
	return out
}

// scoreRange sets the lowest and highest score s can take.
func (l *instrumentLoader) scoreRange(n *yaml.Node, s *ScoreRule, inst *Instrument) {
	for _, id := range s.Items {
		it, _ := inst.item(id)
		lo, hi := valueRange(it)
		s.Min, s.Max = s.Min+float64(lo), s.Max+float64(hi)
		if s.Method == Percent && (lo < 0 || hi <= 0) {
			l.fail(n, "score %s is a percentage, so the values of item %s must be from 0 up, with one above 0", s.ID, id)
		}
	}
	if s.Method == Percent {
		s.Min, s.Max = 0, 100
	}
}

func valueRange(it Item) (lo, hi int) {
	for i, c := range it.Choices {
		if i == 0 || c.Value < lo {
			lo = c.Value
		}
		if i == 0 || c.Value > hi {
			hi = c.Value
		}
	}
	return lo, hi
}

func (l *instrumentLoader) band(n *yaml.Node, s ScoreRule) Band {
	f := l.fields(n, "a band", "up_to! label!")
	b := Band{UpTo: l.number(f["up_to"], "up_to"), Label: l.text(f["label"], "label")}
	if k := len(s.Bands); k > 0 && b.UpTo <= s.Bands[k-1].UpTo {
		l.fail(n, "bands go up: %g does not come after %g", b.UpTo, s.Bands[k-1].UpTo)
	}
	return b
}

func (l *instrumentLoader) group(n *yaml.Node, inst *Instrument) Group {
	f := l.fields(n, "a group", "label! when")
	g := Group{Label: l.text(f["label"], "label")}
	w := f["when"]
	if w == nil {
		return g
	}
	if w.Kind != yaml.MappingNode || len(w.Content) == 0 {
		l.fail(w, "when: name scores and their bounds, such as {overall: {at_most: 3}}")
		return g
	}
	for i := 0; i+1 < len(w.Content); i += 2 {
		b := l.bound(w.Content[i], w.Content[i+1], inst)
		if slices.ContainsFunc(g.When, func(o Bound) bool { return o.Score == b.Score }) {
			l.fail(w.Content[i], "the score %q is repeated: give at_least and at_most together", b.Score)
		}
		g.When = append(g.When, b)
	}
	return g
}

func (l *instrumentLoader) bound(k, v *yaml.Node, inst *Instrument) Bound {
	b := Bound{Score: k.Value}
	if !slices.ContainsFunc(inst.Scores, func(s ScoreRule) bool { return s.ID == k.Value }) {
		l.fail(k, "there is no score %s", describe(k))
	}
	f := l.fields(v, k.Value, "at_least at_most")
	if f["at_least"] == nil && f["at_most"] == nil {
		l.fail(v, "%s: give at_least, at_most or both", k.Value)
	}
	if f["at_least"] != nil {
		x := l.number(f["at_least"], "at_least")
		b.AtLeast = &x
	}
	if f["at_most"] != nil {
		x := l.number(f["at_most"], "at_most")
		b.AtMost = &x
	}
	return b
}

// check checks what ties the parts of an instrument together.
func (l *instrumentLoader) check(inst *Instrument, root *yaml.Node) {
	switch {
	case len(inst.Items) == 0 || len(inst.Items) > MaxItems:
		l.fail(root, "an instrument has from 1 to %d items, not %d", MaxItems, len(inst.Items))
	case len(inst.Scores) == 0:
		l.fail(root, "an instrument needs at least one score")
	case inst.Better == 0:
		l.fail(root, "the instrument needs better")
	}
	l.checkWording(inst)
	l.checkPrimary(inst, root)
	l.checkMissing(inst, root)
	l.checkGroups(inst, root)
}

func (l *instrumentLoader) checkWording(inst *Instrument) {
	for _, it := range inst.Items {
		if (it.Text == "") != inst.Structural() {
			l.fail(&yaml.Node{Line: l.lineOf("item", it.ID)}, "item %s has no text, but other items do: give every item its text, or none", it.ID)
		}
	}
}

func (l *instrumentLoader) checkPrimary(inst *Instrument, root *yaml.Node) {
	if inst.Primary == "" && len(inst.Scores) > 0 {
		inst.Primary = inst.Scores[0].ID
	}
	i := slices.IndexFunc(inst.Scores, func(s ScoreRule) bool { return s.ID == inst.Primary })
	switch {
	case i < 0:
		l.fail(root, "primary: there is no score %q", inst.Primary)
	case inst.MCID.Percent > 0 && inst.Scores[i].Min < 0:
		l.fail(root, "mcid: a percentage of the score before needs scores from 0 up, and %s goes below", inst.Primary)
	}
}

func (l *instrumentLoader) checkMissing(inst *Instrument, root *yaml.Node) {
	fewest := MaxItems
	for _, s := range inst.Scores {
		fewest = min(fewest, len(s.Items))
	}
	if inst.MaxMissing < 0 || inst.MaxMissing >= fewest {
		l.fail(root, "max_missing is %d; it must be from 0 to one less than the items of the smallest score (%d)", inst.MaxMissing, fewest)
	}
}

func (l *instrumentLoader) checkGroups(inst *Instrument, root *yaml.Node) {
	for i, g := range inst.Groups {
		last := i == len(inst.Groups)-1
		if (len(g.When) == 0) != last {
			l.fail(root, "groups: the last group, and only the last, has no when: it takes every response the others do not (group %q)", g.Label)
		}
	}
}
