package intake

import (
	"os"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/google/go-cmp/cmp"

	"clinic"
)

// shipped returns the instrument of the id from content/instruments.
func shipped(t testing.TB, id string) *Instrument {
	t.Helper()
	all, err := LoadInstruments(os.DirFS("../../content"), InstrumentsDir)
	if err != nil {
		t.Fatal(err)
	}
	for _, inst := range all {
		if inst.ID == id {
			return inst
		}
	}
	t.Fatalf("no instrument %s is shipped", id)
	return nil
}

func TestTheShippedInstrumentsHaveWordingSourceAndLicence(t *testing.T) {
	all, err := LoadInstruments(os.DirFS("../../content"), InstrumentsDir)
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, inst := range all {
		ids = append(ids, inst.ID)
		if inst.Structural() || inst.Source == "" || !strings.HasPrefix(inst.Licence, "Free to use") || len(inst.References) == 0 {
			t.Errorf("%s: wording %v, source %q, licence %q, %d references", inst.ID, !inst.Structural(), inst.Source, inst.Licence, len(inst.References))
		}
	}
	want := []string{"global-rating-of-change", "pain-back-neck", "pain-leg-arm"}
	if diff := cmp.Diff(want, ids); diff != "" {
		t.Errorf("shipped instruments (-want +got):\n%s", diff)
	}
}

func TestTheNumericPainRating(t *testing.T) {
	for _, id := range []string{"pain-back-neck", "pain-leg-arm"} {
		inst := shipped(t, id)
		for pos := range 11 {
			res, err := Score(inst, Response{"pain": pos})
			if err != nil {
				t.Fatal(err)
			}
			if s := res.PrimaryScore(); s.Value != float64(pos) || s.Min != 0 || s.Max != 10 {
				t.Errorf("%s: choice %d scores %+v, want %d of 0 to 10", id, pos, s, pos)
			}
		}
		if _, err := Score(inst, Response{}); err == nil {
			t.Errorf("%s: an unanswered rating was scored", id)
		}
		if inst.MCID != (MCID{Points: 2, Percent: 30}) {
			t.Errorf("%s: MCID %+v, want 2 points or 30 %%", id, inst.MCID)
		}
	}
}

func TestTheGlobalRatingOfChange(t *testing.T) {
	inst := shipped(t, "global-rating-of-change")
	var bands []string
	for pos := range 7 {
		res, err := Score(inst, Response{"change": pos})
		if err != nil {
			t.Fatal(err)
		}
		s := res.PrimaryScore()
		if s.Value != float64(pos-3) {
			t.Errorf("choice %d scores %g, want %d", pos, s.Value, pos-3)
		}
		bands = append(bands, s.Band)
	}
	want := []string{"Worse", "Worse", "About the same", "About the same", "About the same", "Better", "Better"}
	if diff := cmp.Diff(want, bands); diff != "" {
		t.Errorf("bands (-want +got):\n%s", diff)
	}
}

// minimalInstrument is the smallest valid instrument file; the error
// cases change one line of it.
const minimalInstrument = `id: demo
title: "Demo"
source: "Ours"
licence: "Free"
better: lower
max_missing: 1
items:
  - {id: a, scale: {from: 0, to: 4}}
  - id: b
    choices:
      - {value: 0}
      - {value: 2}
scores:
  - id: total
    label: "Total"
    method: sum
    bands:
      - {up_to: 3, label: "Low"}
      - {up_to: 6, label: "High"}
groups:
  - label: "Some"
    when: {total: {at_least: 1}}
  - label: "None"
mcid: {points: 2}
`

func TestParseInstrumentAcceptsTheMinimalFile(t *testing.T) {
	inst, err := ParseInstrument("demo.yaml", []byte(minimalInstrument))
	if err != nil {
		t.Fatal(err)
	}
	one := 1.0
	want := &Instrument{
		ID: "demo", Title: "Demo", Language: "en", Source: "Ours", Licence: "Free", Better: LowerIsBetter, MaxMissing: 1,
		Items: []Item{
			{ID: "a", Choices: []ItemChoice{{0, "0"}, {1, "1"}, {2, "2"}, {3, "3"}, {4, "4"}}},
			{ID: "b", Choices: []ItemChoice{{Value: 0}, {Value: 2}}},
		},
		Scores: []ScoreRule{{ID: "total", Label: "Total", Method: Sum, Items: []string{"a", "b"}, Min: 0, Max: 6,
			Bands: []Band{{3, "Low"}, {6, "High"}}}},
		Primary: "total",
		Groups:  []Group{{Label: "Some", When: []Bound{{Score: "total", AtLeast: &one}}}, {Label: "None"}},
		MCID:    MCID{Points: 2},
	}
	if diff := cmp.Diff(want, inst); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
}

func TestParseInstrumentNamesTheLineOfEachProblem(t *testing.T) {
	for _, tc := range []struct{ name, old, new, want string }{
		{"an unknown key", `title: "Demo"`, "title: x\nname: y", `demo.yaml:3: the instrument: unknown key "name" (the keys are better, groups, id, instructions, items, language, licence, max_missing, mcid, primary, references, scores, source, title, version)`},
		{"no licence", "licence: \"Free\"\n", "", `demo.yaml:1: the instrument needs licence`},
		{"a bad direction", "better: lower", "better: less", `demo.yaml:5: better: "less" is neither lower nor higher`},
		{"choices and a scale", "  - {id: a, scale: {from: 0, to: 4}}", "  - {id: a, scale: {from: 0, to: 4}, choices: [{value: 1}, {value: 2}]}", `demo.yaml:8: item a needs either choices or a scale`},
		{"one choice", "      - {value: 2}\n", "", `demo.yaml:9: item b has 1 choices; it needs from 2 to 101`},
		{"a value that is not a number", "      - {value: 2}", "      - {value: two}", `demo.yaml:12: value: want a whole number, not "two"`},
		{"a scale that runs down", "scale: {from: 0, to: 4}", "scale: {from: 4, to: 0}", `demo.yaml:8: a scale runs from a lower number to a higher one, with at most 101 steps`},
		{"a repeated item", "  - id: b", "  - id: a", `demo.yaml:9: the item id "a" is already used on line 8`},
		{"an unknown item in a score", "    method: sum", "    method: sum\n    items: [a, c]", `demo.yaml:17: there is no item "c" (the items are a, b)`},
		{"an unknown method", "    method: sum", "    method: mean", `demo.yaml:16: method "mean" is neither sum nor percent`},
		{"bands that go down", "{up_to: 6, label: \"High\"}", "{up_to: 2, label: \"High\"}", `demo.yaml:19: bands go up: 2 does not come after 3`},
		{"bands that stop short", "{up_to: 6, label: \"High\"}", "{up_to: 5, label: \"High\"}", `demo.yaml:18: the last band ends at 5, below the highest score, 6`},
		{"too many may be missed", "max_missing: 1", "max_missing: 2", `demo.yaml:1: max_missing is 2; it must be from 0 to one less than the items of the smallest score (2)`},
		{"a group on an unknown score", "when: {total: {at_least: 1}}", "when: {sum: {at_least: 1}}", `demo.yaml:22: there is no score "sum"`},
		{"a group with no bound", "when: {total: {at_least: 1}}", "when: {total: {}}", `demo.yaml:22: total: give at_least, at_most or both`},
		{"a catch-all group first", "  - label: \"None\"\n", "  - label: \"None\"\n    when: {total: {at_most: 0}}\n", `demo.yaml:1: groups: the last group, and only the last, has no when: it takes every response the others do not (group "None")`},
		{"an unknown primary", "mcid:", "primary: index\nmcid:", `demo.yaml:1: primary: there is no score "index"`},
		{"a zero MCID", "mcid: {points: 2}", "mcid: {points: 0}", `demo.yaml:24: mcid: points must be positive, or percent from above 0 to 100, or both`},
		{"wording on some items only", "  - {id: a, scale: {from: 0, to: 4}}", "  - {id: a, text: \"How?\", scale: {from: 0, to: 4}}", `demo.yaml:9: item b has no text, but other items do: give every item its text, or none`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if !strings.Contains(minimalInstrument, tc.old) {
				t.Fatalf("the minimal file has no %q", tc.old)
			}
			data := strings.Replace(minimalInstrument, tc.old, tc.new, 1)
			_, err := ParseInstrument("demo.yaml", []byte(data))
			if clinic.ErrorKind(err) != clinic.EInvalid {
				t.Fatalf("err = %v, want an invalid error", err)
			}
			if diff := cmp.Diff(tc.want, clinic.ErrorMessage(err)); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
}

func TestParseInstrumentRefusesAPercentageOfNegativeValues(t *testing.T) {
	data := strings.NewReplacer("{value: 0}", "{value: -1}", "method: sum", "method: percent", "{up_to: 6,", "{up_to: 100,").
		Replace(minimalInstrument)
	_, err := ParseInstrument("demo.yaml", []byte(data))
	want := `demo.yaml:14: score total is a percentage, so the values of item b must be from 0 up, with one above 0`
	if clinic.ErrorMessage(err) != want {
		t.Errorf("err = %v, want %q", err, want)
	}
}

func TestLoadInstrumentsRefusesTwoFilesWithOneID(t *testing.T) {
	fsys := fstest.MapFS{
		"instruments/a.yaml":   {Data: []byte(minimalInstrument)},
		"instruments/b.yaml":   {Data: []byte(minimalInstrument)},
		"instruments/notes.md": {Data: []byte("not an instrument")},
	}
	_, err := LoadInstruments(fsys, InstrumentsDir)
	if want := `instruments/b.yaml: the id "demo" is already used by instruments/a.yaml`; clinic.ErrorMessage(err) != want {
		t.Errorf("err = %v, want %q", err, want)
	}
	delete(fsys, "instruments/b.yaml")
	if all, err := LoadInstruments(fsys, InstrumentsDir); err != nil || len(all) != 1 {
		t.Errorf("LoadInstruments = %d, %v; want the one .yaml file", len(all), err)
	}
}
