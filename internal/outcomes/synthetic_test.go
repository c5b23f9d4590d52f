package outcomes

import (
	"math"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"clinic"
)

// demoTreatments are some of the demo clinic's treatments, with one
// category.
var demoTreatments = []Treatment{
	{Slug: "minimally-invasive-spine-surgery", Name: "Minimally invasive spine surgery"},
	{Slug: "endoscopic-decompression", Name: "Endoscopic decompression", Parent: "minimally-invasive-spine-surgery"},
	{Slug: "mis-fusion", Name: "MIS fusion", Parent: "minimally-invasive-spine-surgery"},
	{Slug: "interventional-spinal-injections", Name: "Interventional spinal injections"},
	{Slug: "spinal-cord-stimulators", Name: "Spinal cord stimulators"},
}

func demoSpec(seed uint64) SyntheticSpec {
	return DemoSpec(seed, demoTreatments, PainScale(painNRS), DisabilityScale(odiPct))
}

func synthetic(t testing.TB, spec SyntheticSpec) Cohort {
	t.Helper()
	c, err := Synthetic(spec)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func TestSyntheticIsDeterministic(t *testing.T) {
	a, b := synthetic(t, demoSpec(7)), synthetic(t, demoSpec(7))
	if diff := cmp.Diff(a, b); diff != "" {
		t.Errorf("two cohorts from seed 7 differ (-first +second):\n%s", diff)
	}
	if c := synthetic(t, demoSpec(8)); cmp.Equal(a.Responses, c.Responses) {
		t.Error("seeds 7 and 8 give the same responses")
	}
	// The same numbers on every machine and Go version: PCG's output is
	// specified, and the uniform and normal draws are our own.
	want := []Response{
		{"synthetic-000001", "endoscopic-decompression", "pain", Baseline, 7},
		{"synthetic-000001", "endoscopic-decompression", "pain", Weeks6, 6},
		{"synthetic-000001", "endoscopic-decompression", "pain", Months3, 6},
		{"synthetic-000001", "endoscopic-decompression", "pain", Months12, 6},
		{"synthetic-000001", "endoscopic-decompression", "odi", Baseline, 60},
		{"synthetic-000001", "endoscopic-decompression", "odi", Weeks6, 46},
		{"synthetic-000001", "endoscopic-decompression", "odi", Months3, 54},
		{"synthetic-000001", "endoscopic-decompression", "odi", Months12, 46},
	}
	if diff := cmp.Diff(want, a.Responses[:len(want)]); diff != "" {
		t.Errorf("the first responses of seed 7 (-want +got):\n%s", diff)
	}
}

func TestSyntheticIsLabelledAndWithinTheScales(t *testing.T) {
	c := synthetic(t, demoSpec(1))
	if !c.Synthetic || !compute(t, c).Synthetic {
		t.Error("the cohort or its report is not marked synthetic")
	}
	steps := map[string]float64{"pain": 1, "odi": 2}
	for i, r := range c.Responses {
		if !strings.HasPrefix(r.Patient, "synthetic-") {
			t.Fatalf("response %d has patient id %q, want one starting with synthetic-", i, r.Patient)
		}
		if r.Score < 0 || r.Score > map[string]float64{"pain": 10, "odi": 100}[r.Instrument] || math.Mod(r.Score, steps[r.Instrument]) != 0 {
			t.Fatalf("response %d: %v is not a %s score", i, r.Score, r.Instrument)
		}
	}
}

func TestSyntheticIsPlausibleForSpineProcedures(t *testing.T) {
	spec := demoSpec(1)
	for i := range spec.Treatments {
		if spec.Treatments[i].Patients > 0 {
			spec.Treatments[i].Patients = 300
		}
	}
	c := synthetic(t, spec)
	r := compute(t, c)
	checkReport(t, c, r, 0)
	for _, in := range []struct {
		id       string
		baseline [2]float64
		mcid     float64 // the least share of patients reaching the MCID at 12 months
	}{{"pain", [2]float64{6, 8}, 0.3}, {"odi", [2]float64{40, 60}, 0.3}} {
		for _, s := range r.Series {
			if s.Instrument != in.id {
				continue
			}
			p := s.Points
			if st := statuses(s); st != [numTimes]Status{Shown, Shown, Shown, Shown} {
				t.Fatalf("%s %q: statuses %v, want all shown", in.id, s.Treatment, st)
			}
			switch {
			case p[Baseline].Mean.Value < in.baseline[0] || p[Baseline].Mean.Value > in.baseline[1]:
				t.Errorf("%s %q: baseline mean %.1f, want within %v", in.id, s.Treatment, p[Baseline].Mean.Value, in.baseline)
			case !(p[Weeks6].Mean.Value < p[Baseline].Mean.Value && p[Months12].Mean.Value < p[Weeks6].Mean.Value):
				t.Errorf("%s %q: means %.1f, %.1f, %.1f, %.1f do not improve", in.id, s.Treatment,
					p[0].Mean.Value, p[1].Mean.Value, p[2].Mean.Value, p[3].Mean.Value)
			case !(p[Months12].N < p[Weeks6].N && p[Weeks6].N < p[Baseline].N):
				t.Errorf("%s %q: %d, %d, %d, %d patients: nobody dropped out", in.id, s.Treatment, p[0].N, p[1].N, p[2].N, p[3].N)
			case p[Months12].MCID.Value < in.mcid || p[Months12].MCID.Value > 0.9:
				t.Errorf("%s %q: %.2f reached the MCID at 12 months", in.id, s.Treatment, p[Months12].MCID.Value)
			}
		}
	}
	if !someoneSkipped(c) {
		t.Error("nobody skipped a follow-up and answered the next")
	}
}

// someoneSkipped reports whether a patient answered at 12 months but not
// at 3 months.
func someoneSkipped(c Cohort) bool {
	answered := map[string][numTimes]bool{}
	for _, r := range c.Responses {
		a := answered[r.Patient+r.Instrument]
		a[r.Time] = true
		answered[r.Patient+r.Instrument] = a
	}
	for _, a := range answered {
		if a[Months12] && !a[Months3] {
			return true
		}
	}
	return false
}

func TestDemoSpecSizesTheTreatments(t *testing.T) {
	spec := demoSpec(3)
	for _, tr := range spec.Treatments {
		category := tr.Treatment.Slug == "minimally-invasive-spine-surgery"
		switch {
		case category && tr.Patients != 0:
			t.Errorf("the category has %d patients of its own", tr.Patients)
		case !category && (tr.Patients < 6 || tr.Patients > 400 || tr.Response < 0.5 || tr.Response > 0.75):
			t.Errorf("%s: %d patients, response %.2f; want 6 to 400 and 0.5 to 0.75", tr.Treatment.Slug, tr.Patients, tr.Response)
		}
	}
	if diff := cmp.Diff(spec, demoSpec(3)); diff != "" {
		t.Errorf("two specs of seed 3 differ:\n%s", diff)
	}
}

func TestSyntheticRefusesBadSpecs(t *testing.T) {
	tests := []struct {
		name string
		edit func(*SyntheticSpec)
		want string
	}{
		{"negative patients are refused", func(s *SyntheticSpec) { s.Treatments[1].Patients = -1 },
			`synthetic treatment "endoscopic-decompression" needs zero or more patients and a response from 0 to 1`},
		{"a response over 1 is refused", func(s *SyntheticSpec) { s.Treatments[1].Response = 1.5 },
			`synthetic treatment "endoscopic-decompression" needs zero or more patients and a response from 0 to 1`},
		{"too many patients are refused", func(s *SyntheticSpec) {
			for i := range s.Treatments {
				s.Treatments[i].Patients = 0
			}
			s.Treatments[1].Patients = MaxSyntheticPatients + 1
		},
			`200001 synthetic patients are more than the 200000 allowed`},
		{"a dropout chance that is not a number is refused", func(s *SyntheticSpec) { s.Dropout = math.NaN() },
			"the dropout and skip chances must be from 0 to 1"},
		{"a baseline outside the scale is refused", func(s *SyntheticSpec) { s.Scales[0].Baseline = [2]float64{6, 12} },
			`the synthetic scale of "pain" needs a baseline range within the scores and a step above zero`},
		{"a step of zero is refused", func(s *SyntheticSpec) { s.Scales[1].Step = 0 },
			`the synthetic scale of "odi" needs a baseline range within the scores and a step above zero`},
		{"a bad instrument is refused", func(s *SyntheticSpec) { s.Scales[1].Instrument.MCID.Percent = 101 },
			`the MCID of instrument "odi" must be from 0 to 100 percent`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			spec := demoSpec(1)
			tt.edit(&spec)
			_, err := Synthetic(spec)
			if clinic.ErrorKind(err) != clinic.EInvalid || clinic.ErrorMessage(err) != tt.want {
				t.Errorf("Synthetic() error = %v, want %s %q", err, clinic.EInvalid, tt.want)
			}
		})
	}
}
