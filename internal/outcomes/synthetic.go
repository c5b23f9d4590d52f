package outcomes

import (
	"fmt"
	"math"
	"math/rand/v2"
)

// SyntheticTreatment is one treatment of a synthetic cohort.
type SyntheticTreatment struct {
	Treatment Treatment
	// Patients is how many patients had it; 0 for a category.
	Patients int
	// Response is the share of patients who improve markedly, 0 to 1;
	// the others change little.
	Response float64
}

// SyntheticScale says how an instrument's scores behave in a synthetic
// cohort.
type SyntheticScale struct {
	Instrument Instrument
	// Baseline is the usual range of scores before treatment: about two
	// patients in three start within it.
	Baseline [2]float64
	// Step is the granularity of scores: 1 for a 0-10 rating, 2 for the
	// Oswestry percentage.
	Step float64
}

// PainScale is a 0-10 numeric pain rating, with baseline pain of 6 to 8.
func PainScale(in Instrument) SyntheticScale {
	return SyntheticScale{Instrument: in, Baseline: [2]float64{6, 8}, Step: 1}
}

// DisabilityScale is an Oswestry-like disability percentage, with a
// baseline of 40 to 60 %.
func DisabilityScale(in Instrument) SyntheticScale {
	return SyntheticScale{Instrument: in, Baseline: [2]float64{40, 60}, Step: 2}
}

// SyntheticSpec describes a synthetic cohort.
type SyntheticSpec struct {
	Seed       uint64
	Treatments []SyntheticTreatment
	Scales     []SyntheticScale
	// Dropout is the chance that a patient stops answering before each
	// follow-up; Skip the chance of missing one follow-up and answering
	// the next.
	Dropout, Skip float64
}

// Limits of a synthetic cohort.
const MaxSyntheticPatients = 200_000

// Synthetic generates the cohort spec describes. The same spec always gives
// the same cohort, on every machine and Go version: the random numbers come
// from a PCG generator seeded with spec.Seed, and are turned into uniform
// and normal numbers here. The cohort is marked Synthetic, and its patient
// ids say "synthetic".
//
// Each patient has a severity shared by all instruments, is a responder or
// not, and improves along a course that reaches about 70 % of its final
// gain by 6 weeks and 90 % by 3 months, with noise at every answer.
// Responders gain about half of the distance from their baseline to the
// best score, others about a tenth; some get worse.
func Synthetic(spec SyntheticSpec) (Cohort, error) {
	if err := spec.validate(); err != nil {
		return Cohort{}, err
	}
	c := Cohort{Synthetic: true}
	for _, s := range spec.Scales {
		c.Instruments = append(c.Instruments, s.Instrument)
	}
	g := gen{rand.NewPCG(spec.Seed, 0x6f7574636f6d6573)}
	id := 0
	for _, tr := range spec.Treatments {
		c.Treatments = append(c.Treatments, tr.Treatment)
		for range tr.Patients {
			id++
			c.Responses = append(c.Responses, g.patient(spec, tr, fmt.Sprintf("synthetic-%06d", id))...)
		}
	}
	return c, nil
}

func (spec SyntheticSpec) validate() error {
	total := 0
	for _, tr := range spec.Treatments {
		if tr.Patients < 0 || !(tr.Response >= 0 && tr.Response <= 1) {
			return invalid("synthetic treatment %q needs zero or more patients and a response from 0 to 1", tr.Treatment.Slug)
		}
		total += tr.Patients
	}
	switch {
	case total > MaxSyntheticPatients:
		return invalid("%d synthetic patients are more than the %d allowed", total, MaxSyntheticPatients)
	case !(spec.Dropout >= 0 && spec.Dropout <= 1 && spec.Skip >= 0 && spec.Skip <= 1):
		return invalid("the dropout and skip chances must be from 0 to 1")
	}
	for _, s := range spec.Scales {
		if err := s.Instrument.validate(); err != nil {
			return err
		}
		lo, hi, in := s.Baseline[0], s.Baseline[1], s.Instrument
		if !(lo >= in.Min && lo <= hi && hi <= in.Max) || !(s.Step > 0 && s.Step <= in.Max-in.Min) {
			return invalid("the synthetic scale of %q needs a baseline range within the scores and a step above zero", in.ID)
		}
	}
	return nil
}

// DemoSpec returns a synthetic cohort for a demo clinic's treatments:
// every treatment without treatments below it gets from 6 to 400 patients
// (a few fewer than 11, so that the pages show withheld figures too) and a
// response from 50 to 75 %; one patient in ten stops answering before each
// follow-up, and three in a hundred miss one.
func DemoSpec(seed uint64, treatments []Treatment, scales ...SyntheticScale) SyntheticSpec {
	spec := SyntheticSpec{Seed: seed, Scales: scales, Dropout: 0.1, Skip: 0.03}
	parents := map[string]bool{}
	for _, tr := range treatments {
		parents[tr.Parent] = true
	}
	g := gen{rand.NewPCG(seed, 0x64656d6f)}
	for _, tr := range treatments {
		st := SyntheticTreatment{Treatment: tr}
		if !parents[tr.Slug] {
			st.Patients = int(math.Round(math.Exp(math.Log(6) + g.uniform()*math.Log(400.0/6))))
			st.Response = 0.5 + 0.25*g.uniform()
		}
		spec.Treatments = append(spec.Treatments, st)
	}
	return spec
}

// gen turns the PCG's 64-bit numbers into the draws the cohort needs.
type gen struct{ src *rand.PCG }

// uniform returns a number in (0, 1].
func (g gen) uniform() float64 { return float64(g.src.Uint64()>>11+1) * 0x1p-53 }

// normal returns a standard normal number (Box-Muller).
func (g gen) normal() float64 {
	return math.Sqrt(-2*math.Log(g.uniform())) * math.Cos(2*math.Pi*g.uniform())
}

// patient draws one patient's answers on every scale.
func (g gen) patient(spec SyntheticSpec, tr SyntheticTreatment, id string) []Response {
	severity := g.normal()
	gain := 0.1 + 0.12*g.normal()
	if g.uniform() <= tr.Response {
		gain = 0.5 + 0.15*g.normal()
	}
	gain = min(max(gain, -0.3), 0.95)
	answered := g.answered(spec)
	var out []Response
	for _, s := range spec.Scales {
		out = append(out, g.answers(s, severity, gain, answered, id, tr.Treatment.Slug)...)
	}
	return out
}

// answered draws the time points a patient answers: always the baseline,
// then each follow-up until dropping out, missing some on the way.
func (g gen) answered(spec SyntheticSpec) [numTimes]bool {
	a := [numTimes]bool{true}
	for tp := 1; tp < numTimes; tp++ {
		if g.uniform() <= spec.Dropout {
			break
		}
		a[tp] = g.uniform() > spec.Skip
	}
	return a
}

func (g gen) answers(s SyntheticScale, severity, gain float64, answered [numTimes]bool, id, treatment string) []Response {
	in := s.Instrument
	mid, half := (s.Baseline[0]+s.Baseline[1])/2, (s.Baseline[1]-s.Baseline[0])/2
	// In "worse is higher" terms; mirrored below for a higher-is-better score.
	base := mid + half*(0.8*severity+0.6*g.normal())
	if !in.MCID.LowerIsBetter {
		base = mid - half*(0.8*severity+0.6*g.normal())
	}
	best := in.Min
	if !in.MCID.LowerIsBetter {
		best = in.Max
	}
	// The share of the final gain reached at each time point.
	course := [numTimes]float64{0, 0.7, 0.9, 1}
	var out []Response
	for tp := range TimePoint(numTimes) {
		noise := 0.05 * (in.Max - in.Min) * g.normal()
		if !answered[tp] {
			continue
		}
		score := base + (best-base)*gain*course[tp]
		if tp != Baseline {
			score += noise
		}
		out = append(out, Response{Patient: id, Treatment: treatment, Instrument: in.ID, Time: tp, Score: s.round(score)})
	}
	return out
}

// round puts a score on the scale's steps, within its range.
func (s SyntheticScale) round(x float64) float64 {
	in := s.Instrument
	x = in.Min + math.Round((x-in.Min)/s.Step)*s.Step
	return min(max(x, in.Min), in.Max)
}
