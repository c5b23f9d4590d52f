package outcomes

import (
	"math"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"clinic"
)

// knownCohort is twelve patients of one treatment who rated their back
// pain at the baseline and at 6 weeks:
//
//	patient   1  2  3  4  5  6  7  8  9 10 11 12
//	baseline  6  7  8  6  7  8  6  7  8  6  7  8
//	6 weeks   3  5  4  5  6  5  2  7  6  4  8  4
//	change   -3 -2 -4 -1 -1 -3 -4  0 -2 -2 +1 -4
//	MCID      y  y  y  n  n  y  y  n  y  y  n  y   (2 points, or 30 % of the baseline)
func knownCohort() Cohort {
	base := []float64{6, 7, 8, 6, 7, 8, 6, 7, 8, 6, 7, 8}
	week6 := []float64{3, 5, 4, 5, 6, 5, 2, 7, 6, 4, 8, 4}
	var scores [][numTimes]float64
	for i := range base {
		scores = append(scores, [numTimes]float64{base[i], week6[i], none, none})
	}
	return Cohort{
		Treatments:  []Treatment{{Slug: "endoscopic-decompression", Name: "Endoscopic decompression"}},
		Instruments: []Instrument{painNRS},
		Responses:   patients("p", "endoscopic-decompression", "pain", 12, scores...),
	}
}

func TestComputeKnownCohort(t *testing.T) {
	r := compute(t, knownCohort())
	want := [numTimes]Point{
		// Baseline: Σx = 84, mean 7; Σ(x - 7)² = 8, s² = 8/11 = 0.72727,
		// s = 0.85280, se = s/√12 = 0.24618, t(0.975, 11) = 2.20099,
		// half-width 0.54185: 6.4582 to 7.5418.
		{Time: Baseline, Status: Shown, N: 12, Mean: Estimate{7, 6.4582, 7.5418}},
		{
			Time: Weeks6, Status: Shown, N: 12,
			// Σx = 59, mean 4.91667; Σx² = 321, Σ(x - mean)² = 321 - 59²/12 = 30.91667,
			// s² = 2.81061, s = 1.67649, se = 0.48396, half-width 2.20099 × 0.48396 = 1.06519.
			Mean: Estimate{4.9167, 3.8515, 5.9819},
			// Σd = -25, mean -2.08333; Σd² = 81, Σ(d - mean)² = 81 - 625/12 = 28.91667,
			// s² = 2.62879, s = 1.62135, se = 0.46804, half-width 1.03016.
			Change: Estimate{-2.0833, -3.1135, -1.0532},
			// 8 of 12 reached the MCID; Wilson interval as in TestWilson.
			MCID: Share{8, 12, 0.6667, 0.3906, 0.8619},
		},
		{Time: Months3, Status: Empty},
		{Time: Months12, Status: Empty},
	}
	for _, treatment := range []string{"endoscopic-decompression", ""} {
		got := find(t, r, "pain", treatment).Points
		if diff := cmp.Diff(want, got, near); diff != "" {
			t.Errorf("points of %q (-want +got):\n%s", treatment, diff)
		}
	}
}

func TestComputeOrdersSeriesAsTheTree(t *testing.T) {
	c := Cohort{
		Treatments: []Treatment{
			{Slug: "injections"}, {Slug: "mis", Name: "Minimally invasive spine surgery"},
			{Slug: "fusion", Parent: "mis"}, {Slug: "decompression", Parent: "mis"},
		},
		Instruments: []Instrument{painNRS, odiPct},
	}
	r := compute(t, c)
	var got []string
	for _, s := range r.Series {
		got = append(got, s.Instrument+" "+s.Treatment+" "+s.Name)
	}
	want := []string{
		"pain  All treatments", "pain injections injections", "pain mis Minimally invasive spine surgery",
		"pain fusion fusion", "pain decompression decompression",
		"odi  All treatments", "odi injections injections", "odi mis Minimally invasive spine surgery",
		"odi fusion fusion", "odi decompression decompression",
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("series (-want +got):\n%s", diff)
	}
	for _, s := range r.Series {
		if statuses(s) != [numTimes]Status{} {
			t.Errorf("series %s %q of an empty cohort has statuses %v, want all empty", s.Instrument, s.Treatment, statuses(s))
		}
	}
}

func TestComputeEdgeCases(t *testing.T) {
	one := func(n int, scores ...[numTimes]float64) Cohort {
		return Cohort{
			Treatments:  []Treatment{{Slug: "a"}},
			Instruments: []Instrument{painNRS},
			Responses:   patients("p", "a", "pain", n, scores...),
		}
	}
	same := [numTimes]float64{7, 7, 7, 7}
	tests := []struct {
		name   string
		cohort Cohort
		want   [numTimes]Point
	}{
		{"no patients give empty figures", one(0, same), [numTimes]Point{{}, {Time: 1}, {Time: 2}, {Time: 3}}},
		{"one patient is fewer than 11", one(1, same),
			[numTimes]Point{{Status: Small}, {Time: 1, Status: Small}, {Time: 2, Status: Small}, {Time: 3, Status: Small}}},
		{"ten patients are fewer than 11", one(10, same),
			[numTimes]Point{{Status: Small}, {Time: 1, Status: Small}, {Time: 2, Status: Small}, {Time: 3, Status: Small}}},
		{"eleven patients with the same scores give intervals of no width and nobody reaching the MCID", one(11, same),
			[numTimes]Point{
				{Status: Shown, N: 11, Mean: Estimate{7, 7, 7}},
				{Time: 1, Status: Shown, N: 11, Mean: Estimate{7, 7, 7}, MCID: Share{0, 11, 0, 0, 0.2588}},
				{Time: 2, Status: Shown, N: 11, Mean: Estimate{7, 7, 7}, MCID: Share{0, 11, 0, 0, 0.2588}},
				{Time: 3, Status: Shown, N: 11, Mean: Estimate{7, 7, 7}, MCID: Share{0, 11, 0, 0, 0.2588}},
			}},
		{"follow-ups without a baseline count nowhere", one(20, [numTimes]float64{none, 3, 3, 3}),
			[numTimes]Point{{}, {Time: 1}, {Time: 2}, {Time: 3}}},
		{"a time point nobody answered is empty and the others are shown", one(11, [numTimes]float64{8, none, 4, 2}),
			[numTimes]Point{
				{Status: Shown, N: 11, Mean: Estimate{8, 8, 8}},
				{Time: 1},
				{Time: 2, Status: Shown, N: 11, Mean: Estimate{4, 4, 4}, Change: Estimate{-4, -4, -4}, MCID: Share{11, 11, 1, 0.7412, 1}},
				{Time: 3, Status: Shown, N: 11, Mean: Estimate{2, 2, 2}, Change: Estimate{-6, -6, -6}, MCID: Share{11, 11, 1, 0.7412, 1}},
			}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := find(t, compute(t, tt.cohort), "pain", "a").Points
			if diff := cmp.Diff(tt.want, got, near); diff != "" {
				t.Errorf("points (-want +got):\n%s", diff)
			}
		})
	}
}

func TestComputeCountsAPatientOnceTowardsTheThreshold(t *testing.T) {
	// Six people had both treatments of one category: twelve courses, but
	// six people, so the category's figures are fewer than 11 people.
	c := Cohort{
		Treatments:  []Treatment{{Slug: "mis"}, {Slug: "a", Parent: "mis"}, {Slug: "b", Parent: "mis"}},
		Instruments: []Instrument{painNRS},
	}
	c.Responses = append(patients("p", "a", "pain", 6, [numTimes]float64{7, 5, none, none}),
		patients("p", "b", "pain", 6, [numTimes]float64{6, 4, none, none})...)
	r := compute(t, c)
	if got := statuses(find(t, r, "pain", "mis")); got[Baseline] != Small {
		t.Errorf("the category of six people in twelve courses has statuses %v, want its baseline Small", got)
	}
}

func TestComputeRefusesBadInput(t *testing.T) {
	valid := knownCohort
	tests := []struct {
		name string
		edit func(*Cohort)
		want string
	}{
		{"an unknown treatment is refused", func(c *Cohort) { c.Responses[3].Treatment = "x" },
			`response 3 names an unknown treatment "x"`},
		{"the all-treatments slug is not a treatment", func(c *Cohort) { c.Responses[0].Treatment = "" },
			`response 0 names an unknown treatment ""`},
		{"an unknown instrument is refused", func(c *Cohort) { c.Responses[5].Instrument = "eq5d" },
			`response 5 names an unknown instrument "eq5d"`},
		{"a score above the range is refused without showing it", func(c *Cohort) { c.Responses[2].Score = 11 },
			`response 2: the score is not within 0 to 10 of instrument "pain"`},
		{"a score that is not a number is refused", func(c *Cohort) { c.Responses[2].Score = math.NaN() },
			`response 2: the score is not within 0 to 10 of instrument "pain"`},
		{"an unknown time point is refused", func(c *Cohort) { c.Responses[1].Time = 4 },
			"response 1: the time point is not one of baseline, 6 weeks, 3 months or 12 months"},
		{"a missing patient id is refused", func(c *Cohort) { c.Responses[1].Patient = "" },
			"response 1: a patient id must have 1 to 200 bytes"},
		{"a second answer at one time point is refused", func(c *Cohort) { c.Responses = append(c.Responses, c.Responses[0]) },
			"response 24 is a second answer of one patient for the same treatment, instrument and time point"},
		{"a treatment listed twice is refused", func(c *Cohort) { c.Treatments = append(c.Treatments, c.Treatments[0]) },
			`treatment "endoscopic-decompression" is listed twice`},
		{"an unknown category is refused", func(c *Cohort) { c.Treatments[0].Parent = "nowhere" },
			`treatment "endoscopic-decompression" names an unknown category "nowhere"`},
		{"a treatment in its own category is refused", func(c *Cohort) { c.Treatments[0].Parent = c.Treatments[0].Slug },
			`treatment "endoscopic-decompression" is nested more than 6 levels deep, or its categories form a loop`},
		{"an empty treatment slug is refused", func(c *Cohort) { c.Treatments = append(c.Treatments, Treatment{}) },
			"a treatment slug must have 1 to 200 bytes"},
		{"an instrument listed twice is refused", func(c *Cohort) { c.Instruments = append(c.Instruments, painNRS) },
			`instrument "pain" is listed twice`},
		{"an instrument without a range is refused", func(c *Cohort) { c.Instruments[0].Max = 0 },
			`instrument "pain" needs a score range with its minimum below its maximum, within ±1000000`},
		{"an instrument with an infinite range is refused", func(c *Cohort) { c.Instruments[0].Max = math.Inf(1) },
			`instrument "pain" needs a score range with its minimum below its maximum, within ±1000000`},
		{"an instrument with a huge range is refused", func(c *Cohort) { c.Instruments[0].Min = -2e6 },
			`instrument "pain" needs a score range with its minimum below its maximum, within ±1000000`},
		{"an MCID over 100 % is refused", func(c *Cohort) { c.Instruments[0].MCID.Percent = 130 },
			`the MCID of instrument "pain" must be from 0 to 100 percent`},
		{"a negative MCID is refused", func(c *Cohort) { c.Instruments[0].MCID.Points = -2 },
			`the MCID of instrument "pain" must be from 0 to 10 points`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := valid()
			tt.edit(&c)
			_, err := Compute(c)
			if clinic.ErrorKind(err) != clinic.EInvalid || clinic.ErrorMessage(err) != tt.want {
				t.Errorf("Compute() error = %v, want %s %q", err, clinic.EInvalid, tt.want)
			}
		})
	}
}

func TestComputeRefusesCategoriesNestedTooDeep(t *testing.T) {
	c := Cohort{Treatments: []Treatment{{Slug: "l0"}}}
	for i := 1; i <= MaxDepth; i++ {
		c.Treatments = append(c.Treatments, Treatment{Slug: "l" + strings.Repeat("i", i), Parent: c.Treatments[i-1].Slug})
	}
	_, err := Compute(c)
	if want := `treatment "liiiiii" is nested more than 6 levels deep, or its categories form a loop`; clinic.ErrorMessage(err) != want {
		t.Errorf("Compute() error = %v, want %q", err, want)
	}
	c.Treatments = c.Treatments[:MaxDepth]
	if _, err := Compute(c); err != nil {
		t.Errorf("Compute() of %d levels: %v", MaxDepth, err)
	}
}

func TestAnInstrumentWithoutAnMCIDHasNoShares(t *testing.T) {
	c := Cohort{
		Treatments:  []Treatment{{Slug: "a"}},
		Instruments: []Instrument{startBack},
		Responses:   patients("p", "a", "start", 12, [numTimes]float64{6, 3, none, none}),
	}
	r := compute(t, c)
	want := Point{Time: Weeks6, Status: Shown, N: 12, Mean: Estimate{3, 3, 3}, Change: Estimate{-3, -3, -3}}
	if diff := cmp.Diff(want, find(t, r, "start", "a").Points[Weeks6]); diff != "" {
		t.Errorf("6 weeks (-want +got):\n%s", diff)
	}
	f, err := r.Figure("s", "start", []string{"a"})
	if err != nil {
		t.Fatal(err)
	}
	if got := f.Table.Rows[1].MCID; got != "—" {
		t.Errorf("the share column reads %q, want —", got)
	}
	if got, want := f.Table.Notes[2], "This questionnaire has no established minimal clinically important difference, so no share of meaningful improvement is given."; got != want {
		t.Errorf("note %q, want %q", got, want)
	}
	checkReport(t, c, r, 8)
}
