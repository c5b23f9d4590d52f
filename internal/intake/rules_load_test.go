package intake

import (
	"os"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"clinic"
)

// minimalRules is the smallest valid rules file; the error cases change
// one line of it.
const minimalRules = `clinicians:
  - id: gp
    name: "Family doctor"
pictures:
  - id: back
    title: "Back pain"
    explanation: "Pain in the back."
    when:
      - where: [low_back]
        spreads: no
    clinician: gp
    treatments: [massage]
fallback:
  id: other
  title: "Other"
  explanation: "Anything else."
  clinician: gp
contraindications:
  - id: pregnant
    when:
      - health: {any: [pregnant]}
    action: remove
    note: "Not in pregnancy."
    treatments: [massage]
`

func TestParseRulesAcceptsTheMinimalFile(t *testing.T) {
	r, err := ParseRules("rules.yaml", []byte(minimalRules), []string{"massage"})
	if err != nil {
		t.Fatal(err)
	}
	want := &Rules{
		Clinicians: []Clinician{{ID: "gp", Name: "Family doctor"}},
		Pictures: []Picture{{ID: "back", Title: "Back pain", Explanation: "Pain in the back.", Clinician: "gp",
			Treatments: []string{"massage"},
			When:       []Condition{{{Question: qWhere, Any: []string{LowBack}}, {Question: qSpreads, Any: []string{No}}}}}},
		Fallback: Picture{ID: "other", Title: "Other", Explanation: "Anything else.", Clinician: "gp"},
		Contraindications: []Contraindication{{ID: "pregnant", Action: Remove, Note: "Not in pregnancy.",
			Treatments: []string{"massage"}, When: []Condition{{{Question: qHealth, Any: []string{"pregnant"}}}}}},
	}
	if diff := cmp.Diff(want, r); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
}

func TestParseRulesNamesTheLineOfEachProblem(t *testing.T) {
	for _, tc := range []struct {
		name, old, new string
		want           string
	}{
		{"an unknown key", "    name: \"Family doctor\"", "    name: x\n    title: y",
			`rules.yaml:4: a clinician: unknown key "title" (the keys are about, id, name)`},
		{"a repeated key", "    name: \"Family doctor\"", "    name: x\n    name: y",
			`rules.yaml:4: a clinician: the key "name" is repeated`},
		{"a missing key", "    explanation: \"Pain in the back.\"\n", "",
			`rules.yaml:5: a picture needs explanation`},
		{"an unknown question", "        spreads: no", "        radiates: no",
			`rules.yaml:10: unknown question "radiates"`},
		{"an unknown answer", "        spreads: no", "        spreads: sometimes",
			`rules.yaml:10: "sometimes" is not an answer to spreads (its answers are yes, no)`},
		{"an answer of another question", "      - where: [low_back]", "      - where: [low_back, knee]",
			`rules.yaml:9: "knee" is not an answer to where (its answers are neck, mid_back, low_back, buttock_leg, arm)`},
		{"a rating in a condition", "        spreads: no", "        pain_now: 7",
			`rules.yaml:10: pain_now is a rating from 0 to 10: a condition can name only a question with answers to choose from`},
		{"all on a question with one answer", "        spreads: no", "        spreads: {all: [yes, no]}",
			`rules.yaml:10: spreads takes one answer, so all cannot hold for two: use any`},
		{"an unknown key in a term", "      - health: {any: [pregnant]}", "      - health: {some: [pregnant]}",
			`rules.yaml:21: health: unknown key "some" (the keys are all, any, none)`},
		{"an empty when", "      - health: {any: [pregnant]}", "      - {}",
			`rules.yaml:21: when: each entry names questions and their answers, such as {where: [low_back]}, not keys and values`},
		{"an unknown treatment", "    treatments: [massage]\nfallback", "    treatments: [massage, reiki]\nfallback",
			`rules.yaml:12: unknown treatment "reiki": the catalogue has no treatment with that slug`},
		{"a treatment listed twice", "    treatments: [massage]\nfallback", "    treatments: [massage, massage]\nfallback",
			`rules.yaml:12: treatment "massage" is listed twice`},
		{"an unknown clinician", "    clinician: gp\n    treatments", "    clinician: surgeon\n    treatments",
			`rules.yaml:11: clinician "surgeon" is not one of the clinicians listed`},
		{"a repeated picture id", "  id: other", "  id: back",
			`rules.yaml:14: the picture id "back" is already used on line 5`},
		{"a bad id", "  - id: gp", "  - id: General Practice",
			`rules.yaml:2: the id "General Practice" may hold only lower-case letters, digits, - and _`},
		{"an unknown action", "    action: remove", "    action: warn",
			`rules.yaml:22: action "warn" is neither flag nor remove`},
		{"a list where text belongs", "    note: \"Not in pregnancy.\"", "    note: [a, b]",
			`rules.yaml:23: note: want text, not a list`},
		{"an alias", "    treatments: [massage]\n", "    treatments: &t [massage]\n",
			`rules.yaml:12: anchors and aliases (& and *) are not allowed: write the value out`},
		{"a YAML tag", "    name: \"Family doctor\"", "    name: !!binary aGk=",
			`rules.yaml:3: the YAML tag !!binary is not allowed`},
		{"a syntax error", "    name: \"Family doctor\"", "    name: \"Family doctor",
			`rules.yaml:2: did not find expected key`},
		{"a control character", "    name: \"Family doctor\"", "    name: \"Family\\u0000doctor\"",
			`rules.yaml:3: name holds a control character`},
		{"a second document", "contraindications:", "---\ncontraindications:",
			`rules.yaml:18: the file holds more than one YAML document`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if !strings.Contains(minimalRules, tc.old) {
				t.Fatalf("the minimal file has no %q", tc.old)
			}
			data := strings.Replace(minimalRules, tc.old, tc.new, 1)
			_, err := ParseRules("rules.yaml", []byte(data), []string{"massage"})
			if clinic.ErrorKind(err) != clinic.EInvalid {
				t.Fatalf("err = %v, want an invalid error", err)
			}
			if diff := cmp.Diff(tc.want, clinic.ErrorMessage(err)); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
}

func TestParseRulesWithoutACatalogueDoesNotCheckSlugs(t *testing.T) {
	data := strings.Replace(minimalRules, "[massage]\nfallback", "[reiki]\nfallback", 1)
	if _, err := ParseRules("rules.yaml", []byte(data), nil); err != nil {
		t.Error(err)
	}
	if _, err := ParseRules("rules.yaml", []byte(data), []string{}); err == nil {
		t.Error("an empty catalogue accepted a treatment")
	}
}

func TestParseRulesRefusesEmptyAndLargeFiles(t *testing.T) {
	for name, data := range map[string]string{
		"empty":    "",
		"a scalar": "rules",
		"large":    "# " + strings.Repeat("x", MaxFileSize),
	} {
		if _, err := ParseRules("rules.yaml", []byte(data), nil); clinic.ErrorKind(err) != clinic.EInvalid {
			t.Errorf("%s: err = %v, want an invalid error", name, err)
		}
	}
}

func TestAcupunctureContraindications(t *testing.T) {
	data, err := os.ReadFile("testdata/rules-acupuncture.yaml")
	if err != nil {
		t.Fatal(err)
	}
	rules, err := ParseRules("rules-acupuncture.yaml", data, []string{"acupuncture", "electro-acupuncture", "massage-therapy"})
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name   string
		health []string
		want   []found
	}{
		{"nothing to note", []string{noneOfThese}, []found{{"low-back-pain", "acupuncturist",
			map[string]int{"acupuncture": 0, "electro-acupuncture": 0, "massage-therapy": 0}, map[string]int{}}}},
		{"blood thinners flag acupuncture", []string{"blood_thinner"}, []found{{"low-back-pain", "acupuncturist",
			map[string]int{"acupuncture": 1, "electro-acupuncture": 1, "massage-therapy": 0}, map[string]int{}}}},
		{"a pacemaker removes electro-acupuncture", []string{"pacemaker", "bleeding_disorder"}, []found{{"low-back-pain", "acupuncturist",
			map[string]int{"acupuncture": 1, "massage-therapy": 0}, map[string]int{"electro-acupuncture": 1}}}},
		{"pregnancy flags both", []string{"pregnant"}, []found{{"low-back-pain", "acupuncturist",
			map[string]int{"acupuncture": 1, "electro-acupuncture": 1, "massage-therapy": 0}, map[string]int{}}}},
		{"an infection at the site removes both", []string{"skin_infection", "pregnant"}, []found{{"low-back-pain", "acupuncturist",
			map[string]int{"massage-therapy": 0}, map[string]int{"acupuncture": 1, "electro-acupuncture": 1}}}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			a := complete(t, map[string][]string{qWhere: {LowBack}, qHealth: tc.health})
			if diff := cmp.Diff(tc.want, reduce(Recommend(a, rules))); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
}
