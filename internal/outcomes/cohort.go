package outcomes

import (
	"math"

	"clinic"
)

// MinPatients is the smallest group of people a published figure may
// describe, directly or by subtracting other published figures.
const MinPatients = 11

// Limits of one cohort. They bound the work of one computation; a clinic's
// real data are far below them.
const (
	MaxResponses   = 2_000_000
	MaxTreatments  = 200
	MaxInstruments = 20
	MaxDepth       = 6 // levels of treatment categories below "all treatments"
	MaxIDLen       = 200
	MaxNameLen     = 200
	MaxScore       = 1_000_000 // the largest score magnitude an instrument may have
)

// TimePoint is when a questionnaire is answered, relative to the procedure.
type TimePoint int

const (
	Baseline TimePoint = iota // before the procedure, when it is booked
	Weeks6                    // 6 weeks after
	Months3                   // 3 months after
	Months12                  // 12 months after

	numTimes = 4
)

// String names the time point the way the pages do.
func (t TimePoint) String() string {
	switch t {
	case Baseline:
		return "Baseline"
	case Weeks6:
		return "6 weeks"
	case Months3:
		return "3 months"
	case Months12:
		return "12 months"
	}
	return "unknown time point"
}

// MCID is an instrument's minimal clinically important difference: the
// smallest improvement from baseline a patient would notice. Either rule
// that is set (more than zero) is enough: the Oswestry Disability Index
// counts 10 points or 30 % of the baseline score, the numeric pain rating
// 2 points or 30 %. With neither set, the instrument has no MCID and its
// figures no share reaching it.
type MCID struct {
	Points        float64 // improvement in score points; 0 for none
	Percent       float64 // improvement as a percentage of the baseline score; 0 for none
	LowerIsBetter bool    // true for pain and disability scores
}

// tolerance absorbs rounding in scores such as 44.4 % (20 of 45), so that
// an improvement exactly at the threshold counts.
const tolerance = 1e-9

// Improvement is how much better score is than baseline, in points:
// positive when the patient is better, negative when worse.
func (m MCID) Improvement(baseline, score float64) float64 {
	if m.LowerIsBetter {
		return baseline - score
	}
	return score - baseline
}

// Defined reports whether the MCID has a rule.
func (m MCID) Defined() bool { return m.Points > 0 || m.Percent > 0 }

// Reached reports whether the change from baseline to score is at least
// the MCID by either of its rules, as intake.Instrument.ReachesMCID
// decides it. A patient who is no better never reaches it, and the
// percentage rule needs a baseline above zero.
func (m MCID) Reached(baseline, score float64) bool {
	imp := m.Improvement(baseline, score)
	if imp <= 0 {
		return false
	}
	if m.Points > 0 && imp >= m.Points-tolerance {
		return true
	}
	return m.Percent > 0 && baseline > 0 && imp*100 >= m.Percent*baseline-tolerance
}

// Instrument is a questionnaire's score as the outcomes need it.
type Instrument struct {
	ID       string
	Name     string  // as the pages name it, e.g. "Back pain (0 to 10)"
	Min, Max float64 // the range of the score
	MCID     MCID
}

// Treatment is a heading outcomes are published under: a procedure, or a
// category of procedures whose figures cover all of its descendants.
type Treatment struct {
	Slug   string
	Name   string
	Parent string // the slug of its category; "" for the top level
}

// Response is one patient's score on one instrument at one time point of
// one course of treatment.
type Response struct {
	Patient    string // an opaque id of the person, the same across treatments
	Treatment  string // slug
	Instrument string // id
	Time       TimePoint
	Score      float64
}

// Cohort is everything the figures are computed from. A patient has at
// most one course per treatment: one response per treatment, instrument
// and time point.
type Cohort struct {
	Treatments  []Treatment
	Instruments []Instrument
	Responses   []Response
	// Synthetic marks generated data, which the pages must label as such.
	Synthetic bool
}

// validate checks c and returns the first problem as an EInvalid error.
// Messages name responses by position, never by patient or score.
func (c Cohort) validate() error {
	switch {
	case len(c.Responses) > MaxResponses:
		return invalid("%d responses are more than the %d allowed", len(c.Responses), MaxResponses)
	case len(c.Treatments) > MaxTreatments:
		return invalid("%d treatments are more than the %d allowed", len(c.Treatments), MaxTreatments)
	case len(c.Instruments) > MaxInstruments:
		return invalid("%d instruments are more than the %d allowed", len(c.Instruments), MaxInstruments)
	}
	for _, in := range c.Instruments {
		if err := in.validate(); err != nil {
			return err
		}
	}
	return nil
}

func (in Instrument) validate() error {
	m := in.MCID
	switch {
	case in.ID == "" || len(in.ID) > MaxIDLen:
		return invalid("an instrument id must have 1 to %d bytes", MaxIDLen)
	case len(in.Name) > MaxNameLen:
		return invalid("the name of instrument %q is longer than %d bytes", in.ID, MaxNameLen)
	case !(in.Min >= -MaxScore && in.Min < in.Max && in.Max <= MaxScore):
		return invalid("instrument %q needs a score range with its minimum below its maximum, within ±%d", in.ID, MaxScore)
	case !finite(m.Points) || m.Points < 0 || m.Points > in.Max-in.Min:
		return invalid("the MCID of instrument %q must be from 0 to %v points", in.ID, in.Max-in.Min)
	case !finite(m.Percent) || m.Percent < 0 || m.Percent > 100:
		return invalid("the MCID of instrument %q must be from 0 to 100 percent", in.ID)
	}
	return nil
}

// checkResponse checks response i against the instrument it names.
func checkResponse(i int, r Response, in Instrument) error {
	switch {
	case r.Patient == "" || len(r.Patient) > MaxIDLen:
		return invalid("response %d: a patient id must have 1 to %d bytes", i, MaxIDLen)
	case r.Time < Baseline || r.Time > Months12:
		return invalid("response %d: the time point is not one of baseline, 6 weeks, 3 months or 12 months", i)
	case !finite(r.Score) || r.Score < in.Min || r.Score > in.Max:
		return invalid("response %d: the score is not within %v to %v of instrument %q", i, in.Min, in.Max, in.ID)
	}
	return nil
}

func finite(x float64) bool { return !math.IsNaN(x) && !math.IsInf(x, 0) }

func invalid(format string, args ...any) error {
	return clinic.Errorf(clinic.EInvalid, format, args...)
}
