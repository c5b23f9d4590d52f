package intake

import (
	"errors"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"clinic"
)

// addFiles adds the files that match pattern as seeds.
func addFiles(f *testing.F, pattern string) {
	names, err := filepath.Glob(pattern)
	if err != nil || len(names) == 0 {
		f.Fatalf("no seed files match %s: %v", pattern, err)
	}
	for _, name := range names {
		data, err := os.ReadFile(name)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
	}
}

var fileErrorShape = regexp.MustCompile(`^f\.yaml(:[1-9][0-9]*)?: `)

// checkFileError checks that a parser's error is an invalid-input error
// that names the file, and the line where there is one.
func checkFileError(t *testing.T, err error) {
	t.Helper()
	if clinic.ErrorKind(err) != clinic.EInvalid || !fileErrorShape.MatchString(clinic.ErrorMessage(err)) {
		t.Fatalf("the error %q is not an invalid-input error naming the file", err)
	}
}

func FuzzParseRules(f *testing.F) {
	addFiles(f, "../../content/triage/*.yaml")
	addFiles(f, "testdata/rules-*.yaml")
	f.Add([]byte(minimalRules))
	f.Add([]byte("clinicians: []\npictures: []\nfallback: {id: a, title: t, explanation: e, clinician: x}\n"))
	f.Add([]byte("pictures:\n  - when: [{where: {all: [neck], none: [arm]}}]\n"))
	answers := []Answers{complete(f, nil), complete(f, map[string][]string{qWhere: {Neck, Arm}, qSpreads: {Yes}, qHealth: {"pregnant", "pacemaker"}}), {}}
	f.Fuzz(func(t *testing.T, data []byte) {
		r, err := ParseRules("f.yaml", data, nil)
		if err != nil {
			checkFileError(t, err)
			return
		}
		checkRules(t, r)
		for _, a := range answers {
			checkRecommendation(t, r, Recommend(a, r))
		}
	})
}

// checkRules checks what ParseRules promises of rules it accepts.
func checkRules(t *testing.T, r *Rules) {
	t.Helper()
	for _, p := range append(slices.Clone(r.Pictures), r.Fallback) {
		if p.ID == "" || p.Title == "" || !slices.ContainsFunc(r.Clinicians, func(c Clinician) bool { return c.ID == p.Clinician }) {
			t.Fatalf("accepted a picture with no id, title or listed clinician: %+v", p)
		}
	}
	for _, p := range r.Pictures {
		checkConditions(t, p.When)
	}
	for _, c := range r.Contraindications {
		checkConditions(t, c.When)
		if (c.Action != Flag && c.Action != Remove) || len(c.Treatments) == 0 {
			t.Fatalf("accepted a contraindication with action %v and %d treatments", c.Action, len(c.Treatments))
		}
	}
}

func checkConditions(t *testing.T, conds []Condition) {
	t.Helper()
	if len(conds) == 0 {
		t.Fatal("accepted an empty when")
	}
	for _, c := range conds {
		for _, term := range c {
			q, ok := QuestionByID(term.Question)
			all := slices.Concat(term.Any, term.All, term.None)
			if !ok || len(all) == 0 || slices.ContainsFunc(all, func(v string) bool { return !q.valid(v) }) {
				t.Fatalf("accepted the term %+v", term)
			}
		}
	}
}

// checkRecommendation checks that every treatment recommended or withheld
// is one of its picture's, each once.
func checkRecommendation(t *testing.T, r *Rules, rec Recommendation) {
	t.Helper()
	if len(rec.Matches) == 0 {
		t.Fatal("no match, not even the fallback")
	}
	for _, m := range rec.Matches {
		var slugs []string
		for _, tr := range slices.Concat(m.Treatments, m.Withheld) {
			slugs = append(slugs, tr.Slug)
		}
		slices.Sort(slugs)
		want := slices.Sorted(slices.Values(m.Picture.Treatments))
		if !slices.Equal(slugs, want) {
			t.Fatalf("picture %s: treatments %v, want %v", m.Picture.ID, slugs, want)
		}
	}
}

func FuzzParseInstrument(f *testing.F) {
	addFiles(f, "../../content/instruments/*.yaml")
	addFiles(f, "testdata/instruments/*.yaml")
	f.Add([]byte(minimalInstrument))
	f.Add([]byte("id: x\nitems: [{id: a, scale: {from: -5, to: 5}}]\nscores: [{id: s, label: s, method: percent}]\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		inst, err := ParseInstrument("f.yaml", data)
		if err != nil {
			checkFileError(t, err)
			return
		}
		for seed := range 4 {
			checkScore(t, inst, responseFrom(inst, data, seed))
		}
	})
}

// responseFrom picks a response to inst from the bytes of data, skipping
// some items.
func responseFrom(inst *Instrument, data []byte, seed int) Response {
	r := Response{}
	for i, it := range inst.Items {
		b := int(data[(i*7+seed*13)%len(data)]) + seed
		if b%5 != 0 || seed == 0 {
			r[it.ID] = b % len(it.Choices)
		}
	}
	return r
}

// checkScore checks what Score promises: every score in its range and
// band, a group when there are groups, and no MCID for no change.
func checkScore(t *testing.T, inst *Instrument, r Response) {
	t.Helper()
	res, err := Score(inst, r)
	if err != nil {
		if !errors.Is(err, ErrTooManySkipped) || len(inst.Items)-len(r) <= inst.MaxMissing {
			t.Fatalf("Score refused a valid response: %v", err)
		}
		return
	}
	for i, s := range res.Scores {
		rule := inst.Scores[i]
		if s.Value < s.Min-1e-6 || s.Value > s.Max+1e-6 || (len(rule.Bands) > 0 && s.Band == "") {
			t.Fatalf("score %s = %g, band %q: outside %g to %g or in no band", s.ID, s.Value, s.Band, s.Min, s.Max)
		}
	}
	if (len(inst.Groups) > 0) != (res.Group != "") {
		t.Fatalf("group %q with %d groups", res.Group, len(inst.Groups))
	}
	if v := res.PrimaryScore().Value; inst.ReachesMCID(v, v) {
		t.Fatalf("no change from %g reaches the MCID", v)
	}
}

func FuzzParseAnswers(f *testing.F) {
	f.Add("")
	f.Add(complete(f, nil).Encode().Encode())
	f.Add(complete(f, map[string][]string{qFever: {Yes}, qInfectRisk: {Yes}}).Encode().Encode())
	f.Add("bladder=no&saddle_numbness=no&where=neck&where=arm&pain_now=11&health=none&health=pregnant")
	f.Add("sciatica_both_legs=yes&age=50-64&first_time=yes")
	f.Fuzz(func(t *testing.T, query string) {
		form, err := url.ParseQuery(query)
		if err != nil {
			return
		}
		a, _ := ParseAnswers(form)
		again, errs := ParseAnswers(a.Encode())
		if errs != nil || !cmp.Equal(a.Encode(), again.Encode()) {
			t.Fatalf("Encode then ParseAnswers: %v, errors %v; want %v", again.Encode(), errs, a.Encode())
		}
		checkFlow(t, a)
		for _, l := range Summary(a) {
			if l.Topic == "" || l.Text == "" || strings.ContainsRune(l.Text, 0) {
				t.Fatalf("summary line %+v", l)
			}
		}
	})
}

// checkFlow checks that Next and Triage agree: an emergency sign stops
// the check and triages as an emergency; a finished check triages; an
// unfinished one without an emergency sign does not.
func checkFlow(t *testing.T, a Answers) {
	t.Helper()
	step := Next(a)
	r, err := Triage(a)
	switch step.Kind {
	case EmergencyStop:
		if err != nil || r.Urgency != Emergency {
			t.Fatalf("emergency stop, but Triage = %v, %v", r.Urgency, err)
		}
	case Finished:
		if err != nil || r.Urgency == Emergency {
			t.Fatalf("finished, but Triage = %v, %v", r.Urgency, err)
		}
	case Ask:
		if err == nil {
			t.Fatalf("asking %s, but Triage = %v", step.Question.ID, r.Urgency)
		}
		if path := Path(a); path[len(path)-1].ID != step.Question.ID {
			t.Fatalf("Path ends at %s, Next asks %s", path[len(path)-1].ID, step.Question.ID)
		}
	}
}
