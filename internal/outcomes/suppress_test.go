package outcomes

import (
	"math"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// scores of one patient: a baseline of 7 and follow-ups as given.
func answers(w6, m3, m12 float64) [numTimes]float64 { return [numTimes]float64{7, w6, m3, m12} }

// subtract is the attack: the count and the sum of scores of the patients
// in whole but in none of parts, from published figures alone (a sum is
// N × mean). ok is false when a figure it needs is not published.
func subtract(whole Point, parts ...Point) (n int, sum float64, ok bool) {
	if whole.Status != Shown {
		return 0, 0, false
	}
	n, sum = whole.N, float64(whole.N)*whole.Mean.Value
	for _, p := range parts {
		if p.Status != Shown {
			return 0, 0, false
		}
		n, sum = n-p.N, sum-float64(p.N)*p.Mean.Value
	}
	return n, sum, true
}

// threeTreatments has 30, 20 and c patients of treatments a, b and c, who
// answered at the baseline only; the patients of c scored 9, the others
// 5 or 6.
func threeTreatments(c int) Cohort {
	return Cohort{
		Treatments:  []Treatment{{Slug: "a"}, {Slug: "b"}, {Slug: "c"}},
		Instruments: []Instrument{painNRS},
		Responses: append(append(
			patients("a", "a", "pain", 30, [numTimes]float64{5, none, none, none}, [numTimes]float64{6, none, none, none}),
			patients("b", "b", "pain", 20, [numTimes]float64{6, none, none, none})...),
			patients("c", "c", "pain", c, [numTimes]float64{9, none, none, none})...),
	}
}

func TestAllTreatmentsMinusTheOthersDoesNotRevealASmallTreatment(t *testing.T) {
	// With 11 patients of c everything is published, and the attack works:
	// all treatments minus a and b gives c's 11 patients, who scored 9.
	r := compute(t, threeTreatments(11))
	all, a, b := find(t, r, "pain", "").Points[Baseline], find(t, r, "pain", "a").Points[Baseline], find(t, r, "pain", "b").Points[Baseline]
	n, sum, ok := subtract(all, a, b)
	if !ok || n != 11 || math.Abs(sum/float64(n)-9) > 1e-9 {
		t.Fatalf("the attack on 11 patients gives n %d, mean %v, ok %v; want 11 patients with a mean of 9", n, sum/float64(n), ok)
	}

	// With 4 patients of c, c is fewer than 11, and the all-treatments
	// figure is withheld so that the same subtraction cannot be done.
	c := threeTreatments(4)
	r = compute(t, c)
	got := map[string]Status{}
	for _, s := range r.Series {
		got[s.Treatment] = s.Points[Baseline].Status
	}
	want := map[string]Status{"": Withheld, "a": Shown, "b": Shown, "c": Small}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("baseline statuses (-want +got):\n%s", diff)
	}
	all, a, b = find(t, r, "pain", "").Points[Baseline], find(t, r, "pain", "a").Points[Baseline], find(t, r, "pain", "b").Points[Baseline]
	if n, sum, ok := subtract(all, a, b); ok {
		t.Errorf("all treatments minus a and b still gives %d patients with a sum of %v", n, sum)
	}
	checkReport(t, c, r, 12)
}

func TestACategoryMinusItsTreatmentsDoesNotRevealASmallTreatment(t *testing.T) {
	// Spine surgery has fusion (25), decompression (15) and disc
	// replacement (3); injections (40) stand alone. Spine surgery minus
	// fusion and decompression would give the 3 disc replacements, and so
	// would all treatments minus injections, fusion and decompression.
	c := Cohort{
		Treatments: []Treatment{
			{Slug: "spine"}, {Slug: "fusion", Parent: "spine"}, {Slug: "decompression", Parent: "spine"},
			{Slug: "disc", Parent: "spine"}, {Slug: "injections"},
		},
		Instruments: []Instrument{painNRS},
		Responses: concat(
			patients("f", "fusion", "pain", 25, answers(4, none, none)),
			patients("d", "decompression", "pain", 15, answers(5, none, none)),
			patients("r", "disc", "pain", 3, answers(1, none, none)),
			patients("i", "injections", "pain", 40, answers(6, none, none)),
		),
	}
	r := compute(t, c)
	got := map[string][numTimes]Status{}
	for _, s := range r.Series {
		got[s.Treatment] = statuses(s)
	}
	want := map[string][numTimes]Status{
		"":              {Withheld, Withheld, Empty, Empty},
		"spine":         {Withheld, Withheld, Empty, Empty},
		"fusion":        {Shown, Shown, Empty, Empty},
		"decompression": {Shown, Shown, Empty, Empty},
		"disc":          {Small, Small, Empty, Empty},
		"injections":    {Shown, Shown, Empty, Empty},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("statuses (-want +got):\n%s", diff)
	}
	spine := find(t, r, "pain", "spine").Points[Weeks6]
	if _, _, ok := subtract(spine, find(t, r, "pain", "fusion").Points[Weeks6], find(t, r, "pain", "decompression").Points[Weeks6]); ok {
		t.Error("spine surgery minus fusion and decompression can still be computed")
	}
	checkReport(t, c, r, 12)
}

func TestTimePointsDifferingByFewerThan11DoNotRevealTheDropouts(t *testing.T) {
	// 30 patients at the baseline, 25 of them at 6 weeks. The 6-week mean
	// and mean change give the 25's baseline sum (N × mean - N × change);
	// the baseline figure minus that would give the baseline of the 5 who
	// did not answer.
	c := Cohort{
		Treatments:  []Treatment{{Slug: "a"}},
		Instruments: []Instrument{painNRS},
		Responses:   concat(patients("s", "a", "pain", 25, answers(4, none, none)), patients("d", "a", "pain", 5, [numTimes]float64{10, none, none, none})),
	}
	r := compute(t, c)
	for _, treatment := range []string{"a", ""} {
		s := find(t, r, "pain", treatment)
		if got, want := statuses(s), [numTimes]Status{Shown, Withheld, Empty, Empty}; got != want {
			t.Errorf("statuses of %q = %v, want %v", treatment, got, want)
		}
	}
	checkReport(t, c, r, 12)
}

func TestADropoutGroupHiddenByTreatmentButNotByTotalsIsWithheld(t *testing.T) {
	// Treatment a: 40 patients, 5 of whom did not answer at 6 weeks;
	// treatment b: 100 patients, 20 of whom did not. Withholding a's
	// 6 weeks is not enough: all treatments at 6 weeks minus b at 6 weeks
	// gives a's 35, and a's baseline minus those gives a's 5 dropouts.
	c := Cohort{
		Treatments:  []Treatment{{Slug: "a"}, {Slug: "b"}},
		Instruments: []Instrument{painNRS},
		Responses: concat(
			patients("a", "a", "pain", 35, answers(4, none, none)),
			patients("ad", "a", "pain", 5, [numTimes]float64{9, none, none, none}),
			patients("b", "b", "pain", 80, answers(5, none, none)),
			patients("bd", "b", "pain", 20, [numTimes]float64{6, none, none, none}),
		),
	}
	r := compute(t, c)
	got := map[string][numTimes]Status{}
	for _, s := range r.Series {
		got[s.Treatment] = statuses(s)
	}
	want := map[string][numTimes]Status{
		"":  {Shown, Withheld, Empty, Empty},
		"a": {Shown, Withheld, Empty, Empty},
		"b": {Shown, Shown, Empty, Empty},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("statuses (-want +got):\n%s", diff)
	}
	checkReport(t, c, r, 12)
}

func TestASmallClassNoCombinationIsolatesStaysPublished(t *testing.T) {
	// 45 answered everything, 12 stopped after 6 weeks, 15 after 3 months,
	// 12 answered only the baseline, and 3 skipped 3 months but answered
	// at 12. The 3 share no figure set with anyone, yet no combination of
	// figures isolates them: everything is published.
	cohort := func(extra ...[]Response) Cohort {
		return Cohort{
			Treatments:  []Treatment{{Slug: "a"}},
			Instruments: []Instrument{painNRS},
			Responses: concat(append([][]Response{
				patients("all", "a", "pain", 45, answers(4, 3, 3)),
				patients("w6", "a", "pain", 15, answers(5, 4, none)),
				patients("skip", "a", "pain", 3, answers(6, none, 2)),
			}, extra...)...),
		}
	}
	c := cohort(patients("stop6", "a", "pain", 12, answers(5, none, none)),
		patients("base", "a", "pain", 12, [numTimes]float64{8, none, none, none}))
	r := compute(t, c)
	for _, treatment := range []string{"a", ""} {
		if got, want := statuses(find(t, r, "pain", treatment)), [numTimes]Status{Shown, Shown, Shown, Shown}; got != want {
			t.Errorf("statuses of %q = %v, want %v", treatment, got, want)
		}
	}
	checkReport(t, c, r, 12)

	// Without those who stopped after 6 weeks, 6 weeks minus 3 months is
	// exactly the 3, and something must be withheld.
	c = cohort(patients("base", "a", "pain", 12, [numTimes]float64{8, none, none, none}))
	r = compute(t, c)
	if got := statuses(find(t, r, "pain", "a")); got == [numTimes]Status{Shown, Shown, Shown, Shown} {
		t.Errorf("statuses of a = %v, want something withheld", got)
	}
	checkReport(t, c, r, 12)
}

func TestTwoInstrumentsAreAuditedApart(t *testing.T) {
	// Pain is answered by 20 patients at both time points; disability by
	// 20 at the baseline and 15 at 6 weeks. Only disability at 6 weeks is
	// withheld.
	c := Cohort{
		Treatments:  []Treatment{{Slug: "a"}},
		Instruments: []Instrument{painNRS, odiPct},
		Responses: concat(
			patients("p", "a", "pain", 20, answers(4, none, none)),
			patients("p", "a", "odi", 15, [numTimes]float64{50, 30, none, none}),
			patients("q", "a", "odi", 5, [numTimes]float64{60, none, none, none}),
		),
	}
	r := compute(t, c)
	if got, want := statuses(find(t, r, "pain", "a")), [numTimes]Status{Shown, Shown, Empty, Empty}; got != want {
		t.Errorf("pain statuses = %v, want %v", got, want)
	}
	if got, want := statuses(find(t, r, "odi", "a")), [numTimes]Status{Shown, Withheld, Empty, Empty}; got != want {
		t.Errorf("disability statuses = %v, want %v", got, want)
	}
	checkReport(t, c, r, 12)
}

func concat(lists ...[]Response) []Response {
	var out []Response
	for _, l := range lists {
		out = append(out, l...)
	}
	return out
}
