package web

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"clinic"
	"clinic/internal/intake"
	"clinic/internal/outcomes"
)

// The outcome figures are computed from the questionnaire responses by
// package outcomes and kept in the database; the pages read the figures
// kept. A run is claimed in the database first, so that of several
// instances that start the same night's run one does it, once.

// outcomesLease is how long a run may take before another instance may
// take it over.
const outcomesLease = 10 * time.Minute

// demoSeed makes the demo's synthetic cohort the same on every first run.
const demoSeed = 20261206

// seedChunk is how many synthetic responses one transaction stores, so
// that seeding never holds SQLite's write lock for long.
const seedChunk = 2000

// RecomputeOutcomes computes the figures under the run key unless that
// run was done or is under way elsewhere, and reports whether it ran.
// Real responses are used when there are any; the synthetic cohort, and
// figures labelled synthetic, only when there are none.
func (s *Server) RecomputeOutcomes(ctx context.Context, key string) (bool, error) {
	if s.cfg.Outcomes == nil {
		return false, clinic.Errorf(clinic.EInternal, "web: no outcomes service")
	}
	run, ok, err := s.cfg.Outcomes.ClaimOutcomesRun(ctx, key, s.now(), outcomesLease)
	if err != nil || !ok {
		return false, err
	}
	rep, err := s.computeOutcomes(ctx)
	if err != nil {
		return false, fmt.Errorf("outcomes run %s: %w", key, err)
	}
	b, err := json.Marshal(rep)
	if err != nil {
		return false, fmt.Errorf("outcomes run %s: %w", key, err)
	}
	return true, s.cfg.Outcomes.FinishOutcomesRun(ctx, run, b, s.now())
}

// computeOutcomes reads the cohort and computes its figures.
func (s *Server) computeOutcomes(ctx context.Context) (*outcomes.Report, error) {
	real, _, err := s.cfg.Outcomes.CountResponses(ctx)
	if err != nil {
		return nil, err
	}
	rs, err := s.cfg.Outcomes.Responses(ctx, real == 0)
	if err != nil {
		return nil, err
	}
	c, err := s.cohort(ctx, rs)
	if err != nil {
		return nil, err
	}
	c.Synthetic = real == 0 && len(rs) > 0
	return outcomes.Compute(c)
}

// cohort turns stored responses into the outcomes' cohort, with the
// catalogue's treatments and the instruments loaded. Responses of a
// treatment or an instrument no longer there are left out.
func (s *Server) cohort(ctx context.Context, rs []*clinic.QuestionnaireResponse) (outcomes.Cohort, error) {
	ts, err := s.outcomeTreatments(ctx)
	if err != nil {
		return outcomes.Cohort{}, err
	}
	c := outcomes.Cohort{Treatments: ts, Instruments: outcomeInstruments(s.cfg.Instruments)}
	known := map[string]bool{}
	for _, t := range ts {
		known["t "+t.Slug] = true
	}
	for _, in := range c.Instruments {
		known["i "+in.ID] = true
	}
	c.Responses = make([]outcomes.Response, 0, len(rs))
	for _, r := range rs {
		if known["t "+r.Treatment] && known["i "+r.Instrument] {
			c.Responses = append(c.Responses, outcomes.Response{Patient: r.PatientKey, Treatment: r.Treatment,
				Instrument: r.Instrument, Time: outcomes.TimePoint(r.Time), Score: r.Score})
		}
	}
	return c, nil
}

// outcomeTreatments is the catalogue as outcomes heads it.
func (s *Server) outcomeTreatments(ctx context.Context) ([]outcomes.Treatment, error) {
	all, err := s.content.Treatments(ctx)
	if err != nil {
		return nil, err
	}
	out := make([]outcomes.Treatment, 0, len(all))
	for _, t := range all {
		out = append(out, outcomes.Treatment{Slug: t.Slug, Name: t.Title, Parent: t.Parent})
	}
	return out, nil
}

// outcomeInstruments are the instruments whose primary score is reported
// before and after treatment: those with a minimal clinically important
// difference, since an instrument without one (a global rating of
// change) asks about change itself and has no baseline to compare with.
func outcomeInstruments(ins []*intake.Instrument) []outcomes.Instrument {
	var out []outcomes.Instrument
	for _, in := range ins {
		rule, ok := primaryRule(in)
		if !ok || (in.MCID.Points <= 0 && in.MCID.Percent <= 0) {
			continue
		}
		out = append(out, outcomes.Instrument{ID: in.ID, Name: rule.Label, Min: rule.Min, Max: rule.Max,
			MCID: outcomes.MCID{Points: in.MCID.Points, Percent: in.MCID.Percent, LowerIsBetter: in.Better == intake.LowerIsBetter}})
	}
	return out
}

func primaryRule(in *intake.Instrument) (intake.ScoreRule, bool) {
	for _, r := range in.Scores {
		if r.ID == in.Primary {
			return r, true
		}
	}
	return intake.ScoreRule{}, false
}

// SeedSyntheticOutcomes gives a database without any questionnaire
// response the demo's synthetic cohort, generated from a fixed seed for
// the catalogue's treatments, and computes its figures, so that the
// outcome pages show figures, labelled synthetic, on first run.
func (s *Server) SeedSyntheticOutcomes(ctx context.Context) error {
	real, synthetic, err := s.cfg.Outcomes.CountResponses(ctx)
	if err != nil || real+synthetic > 0 {
		return err
	}
	ts, err := s.outcomeTreatments(ctx)
	if err != nil {
		return err
	}
	var scales []outcomes.SyntheticScale
	for _, in := range outcomeInstruments(s.cfg.Instruments) {
		scales = append(scales, outcomes.PainScale(in))
	}
	c, err := outcomes.Synthetic(outcomes.DemoSpec(demoSeed, ts, scales...))
	if err != nil {
		return err
	}
	rs := syntheticResponses(c, s.now())
	for start := 0; start < len(rs); start += seedChunk {
		err = s.cfg.Outcomes.AddResponses(ctx, rs[start:min(start+seedChunk, len(rs))])
		if clinic.ErrorKind(err) == clinic.EConflict {
			return nil // another instance, starting with this one, seeds it
		}
		if err != nil {
			return err
		}
	}
	_, err = s.RecomputeOutcomes(ctx, "synthetic cohort "+s.now().UTC().Format(time.RFC3339))
	return err
}

// syntheticResponses are a synthetic cohort's responses to store, dated
// as if the procedure had been a year ago.
func syntheticResponses(c outcomes.Cohort, now time.Time) []*clinic.QuestionnaireResponse {
	offsets := [clinic.NumTimes]time.Duration{-365 * 24 * time.Hour, -323 * 24 * time.Hour, -275 * 24 * time.Hour, 0}
	out := make([]*clinic.QuestionnaireResponse, 0, len(c.Responses))
	for _, r := range c.Responses {
		out = append(out, &clinic.QuestionnaireResponse{PatientKey: r.Patient, Treatment: r.Treatment,
			Instrument: r.Instrument, Time: int(r.Time), Items: nil, Score: r.Score,
			AnsweredAt: now.Add(offsets[r.Time]), Synthetic: true})
	}
	return out
}

// RecomputeNightly runs the night's recomputation once the clinic's clock
// has passed 2 a.m.: whichever instance comes first that day does it, the
// run named by the clinic's date.
func (s *Server) RecomputeNightly(ctx context.Context) (bool, error) {
	site, err := s.content.Settings(ctx)
	if err != nil {
		return false, err
	}
	local := s.now().In(s.zone(site))
	if local.Hour() < 2 {
		return false, nil
	}
	return s.RecomputeOutcomes(ctx, "nightly "+local.Format(time.DateOnly))
}
