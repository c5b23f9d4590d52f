package intake

import (
	"os"
	"testing"

	"github.com/google/go-cmp/cmp"

	"clinic/content"
)

// catalogue returns the slugs of the demo clinic's treatments.
func catalogue(t testing.TB) []string {
	t.Helper()
	b, err := content.Read(os.DirFS("../../content"))
	if err != nil {
		t.Fatal(err)
	}
	var slugs []string
	for _, tr := range b.Treatments {
		slugs = append(slugs, tr.Slug)
	}
	return slugs
}

// shippedRules loads content/triage/rules.yaml against the demo catalogue.
func shippedRules(t testing.TB) *Rules {
	t.Helper()
	r, err := LoadRules(os.DirFS("../../content"), RulesPath, catalogue(t))
	if err != nil {
		t.Fatal(err)
	}
	return r
}

// found is a Recommendation reduced to what a test compares: per match,
// "picture: clinician", the kept treatments and the withheld ones, each
// with its number of notes.
type found struct {
	Picture, Clinician string
	Treatments         map[string]int
	Withheld           map[string]int
}

func reduce(r Recommendation) []found {
	var out []found
	for _, m := range r.Matches {
		f := found{Picture: m.Picture.ID, Clinician: m.Clinician.ID, Treatments: map[string]int{}, Withheld: map[string]int{}}
		for _, t := range m.Treatments {
			f.Treatments[t.Slug] = len(t.Notes)
		}
		for _, t := range m.Withheld {
			f.Withheld[t.Slug] = len(t.Notes)
		}
		out = append(out, f)
	}
	return out
}

func TestRecommendWithTheShippedRules(t *testing.T) {
	rules := shippedRules(t)
	none := map[string]int{}
	for _, tc := range []struct {
		name   string
		change map[string][]string
		want   []found
	}{
		{"recent sciatica sees a first clinician",
			map[string][]string{qWhere: {LowBack, ButtockLeg}, qSpreads: {Yes}, qSince: {Under6Weeks}},
			[]found{{"recent-sciatica", "spine-clinician", map[string]int{"interventional-spinal-injections": 0}, none}}},
		{"sciatica after 6 weeks sees a surgeon",
			map[string][]string{qWhere: {ButtockLeg}, qSpreads: {Yes}, qSince: {Weeks6To12}},
			[]found{{"lasting-sciatica", "spine-surgeon", map[string]int{"interventional-spinal-injections": 0, "endoscopic-decompression": 0}, none}}},
		{"pain that stops above the knee is referred pain",
			map[string][]string{qWhere: {LowBack, ButtockLeg}, qSpreads: {No}},
			[]found{{"referred-leg-pain", "spine-clinician", map[string]int{"interventional-spinal-injections": 0}, none}}},
		{"low back pain alone",
			map[string][]string{qWhere: {LowBack}},
			[]found{{"low-back-pain", "spine-clinician", map[string]int{"interventional-spinal-injections": 0, "endoscopic-nerve-excision": 0}, none}}},
		{"neck and arm pain sees a surgeon, and not the neck-only picture",
			map[string][]string{qWhere: {Neck, Arm}, qSpreads: {No}},
			[]found{{"neck-and-arm-pain", "spine-surgeon", map[string]int{"interventional-spinal-injections": 0,
				"anterior-cervical-decompression-and-fusion": 0, "disc-replacement": 0, "endoscopic-decompression": 0}, none}}},
		{"a blood thinner flags needle treatments",
			map[string][]string{qWhere: {LowBack}, qHealth: {"blood_thinner"}},
			[]found{{"low-back-pain", "spine-clinician", map[string]int{"interventional-spinal-injections": 1, "endoscopic-nerve-excision": 1}, none}}},
		{"a skin infection withholds needle treatments, and a pacemaker touches none of these",
			map[string][]string{qWhere: {Arm}, qHealth: {"pacemaker", "skin_infection"}},
			[]found{{"arm-pain", "sports-medicine", map[string]int{"sports-injury-care": 0, "peripheral-nerve-pain-treatment": 0},
				map[string]int{"platelet-rich-plasma-injection": 1}}}},
		{"pregnancy withholds operations and flags injections",
			map[string][]string{qWhere: {ButtockLeg}, qSpreads: {Yes}, qSince: {Over12Weeks}, qHealth: {"pregnant"}},
			[]found{{"lasting-sciatica", "spine-surgeon", map[string]int{"interventional-spinal-injections": 1},
				map[string]int{"endoscopic-decompression": 1}}}},
		{"a fall with thin bones adds a possible fracture",
			map[string][]string{qWhere: {MidBack}, qMinorInjury: {Yes}, qWeakBones: {Yes}},
			[]found{
				{"compression-fracture", "spine-surgeon", map[string]int{"vertebroplasty-and-kyphoplasty": 0}, none},
				{"mid-back-pain", "spine-clinician", map[string]int{"interventional-spinal-injections": 0}, none},
			}},
		{"walking leg pain that eases sitting suggests stenosis",
			map[string][]string{qWhere: {ButtockLeg}, qSpreads: {No}, qWorse: {"walking"}, qBetter: {"sitting"}},
			[]found{
				{"walking-leg-pain", "spine-surgeon", map[string]int{"interventional-spinal-injections": 0, "interlaminar-implant": 0, "endoscopic-decompression": 0}, none},
				{"referred-leg-pain", "spine-clinician", map[string]int{"interventional-spinal-injections": 0}, none},
			}},
		{"neck pain that spreads, with no arm chosen, is still neck and arm pain",
			map[string][]string{qWhere: {Neck}, qSpreads: {Yes}},
			[]found{{"neck-and-arm-pain", "spine-surgeon", map[string]int{"interventional-spinal-injections": 0,
				"anterior-cervical-decompression-and-fusion": 0, "disc-replacement": 0, "endoscopic-decompression": 0}, none}}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := reduce(Recommend(complete(t, tc.change), rules))
			if diff := cmp.Diff(tc.want, got); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
}

func TestRecommendGivesNothingAfterAnEmergencySign(t *testing.T) {
	rules := shippedRules(t)
	for _, id := range []string{qBladder, qSaddle, qBowel, qLegsWeaker, qBothLegs, qMajorInjury} {
		if got := Recommend(complete(t, map[string][]string{id: {Yes}}), rules); len(got.Matches) != 0 {
			t.Errorf("%s: recommended %v", id, reduce(got))
		}
	}
}

func TestRecommendFallsBack(t *testing.T) {
	rules := shippedRules(t)
	got := Recommend(Answers{}, rules)
	if len(got.Matches) != 1 || got.Matches[0].Picture.ID != "first-assessment" || len(got.Treatments()) != 0 {
		t.Errorf("nothing answered: %+v, want the fallback alone", reduce(got))
	}
}

func TestRecommendationTreatmentsAreEachListedOnce(t *testing.T) {
	rules := shippedRules(t)
	got := Recommend(complete(t, map[string][]string{qWhere: {MidBack}, qMinorInjury: {Yes}, qWeakBones: {Yes}}), rules)
	want := []string{"vertebroplasty-and-kyphoplasty", "interventional-spinal-injections"}
	if diff := cmp.Diff(want, got.Treatments()); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
}

// TestEveryPictureOfTheShippedRulesCanBeReached checks that no picture is
// dead: some finished answers reach each.
func TestEveryPictureOfTheShippedRulesCanBeReached(t *testing.T) {
	rules := shippedRules(t)
	reached := map[string]bool{}
	for _, where := range [][]string{{Neck}, {MidBack}, {LowBack}, {ButtockLeg}, {Arm}, {Neck, Arm}, {LowBack, ButtockLeg}} {
		for _, spreads := range []string{Yes, No} {
			for _, since := range []string{Under6Weeks, Weeks6To12, Over12Weeks} {
				a := complete(t, map[string][]string{qWhere: where, qSpreads: {spreads}, qSince: {since},
					qTried: {"surgery"}, qWorse: {"walking"}, qBetter: {"sitting"}, qMinorInjury: {Yes}, qWeakBones: {Yes}})
				for _, m := range Recommend(a, rules).Matches {
					reached[m.Picture.ID] = true
				}
			}
		}
	}
	for _, p := range rules.Pictures {
		if !reached[p.ID] {
			t.Errorf("no answers reach the picture %s", p.ID)
		}
	}
}
