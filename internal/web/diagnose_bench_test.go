package web_test

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"clinic"
	"clinic/internal/outcomes"
)

// BenchmarkDiagnoseResult renders the result of a finished symptom check
// through the real handler: reading and checking the answers carried,
// the triage, the rules, the catalogue's titles and the template.
func BenchmarkDiagnoseResult(b *testing.B) {
	s := newSiteWith(b, withDiagnose(b))
	form := plainAnswers()
	form.Set("health", "blood_thinner")
	form.Set("step", "")
	form.Set("go", "next")
	body := form.Encode()
	b.ReportAllocs()
	for b.Loop() {
		req := httptest.NewRequest(http.MethodPost, "/diagnose", strings.NewReader(body))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		req.Header.Set("Sec-Fetch-Site", "same-origin")
		rec := httptest.NewRecorder()
		s.srv.ServeHTTP(rec, req)
		if rec.Code != http.StatusOK || !strings.Contains(rec.Body.String(), `action="/diagnose/book"`) {
			b.Fatalf("status %d", rec.Code)
		}
	}
}

// BenchmarkRecomputeOutcomes recomputes the published figures from
// 10,000 patients who answered the back pain rating at all four time
// points (40,000 stored responses) in ten treatments: claiming the run,
// reading and unsealing the responses, computing with suppression,
// storing the figures. Each iteration is a run of its own.
func BenchmarkRecomputeOutcomes(b *testing.B) {
	s := newSiteWith(b, withDiagnose(b))
	ctx := context.Background()
	seedPatients(b, s, 10_000)
	n := 0
	b.ReportAllocs()
	for b.Loop() {
		n++
		ran, err := s.srv.RecomputeOutcomes(ctx, fmt.Sprintf("bench %d", n))
		if err != nil || !ran {
			b.Fatalf("ran %v: %v", ran, err)
		}
	}
}

// seedPatients stores a synthetic cohort of n patients spread over ten
// procedures of the catalogue, each answering at every time point.
func seedPatients(b *testing.B, s *site, n int) {
	b.Helper()
	ctx := context.Background()
	all, err := s.db.Treatments(ctx)
	if err != nil {
		b.Fatal(err)
	}
	spec := outcomes.SyntheticSpec{Seed: 1}
	for _, t := range all {
		if t.Parent != "" && len(spec.Treatments) < 10 {
			spec.Treatments = append(spec.Treatments, outcomes.SyntheticTreatment{
				Treatment: outcomes.Treatment{Slug: t.Slug, Name: t.Title}, Patients: n / 10, Response: 0.6})
		}
	}
	spec.Scales = []outcomes.SyntheticScale{outcomes.PainScale(outcomes.Instrument{ID: "pain-back-neck", Name: "Back or neck pain", Min: 0, Max: 10,
		MCID: outcomes.MCID{Points: 2, Percent: 30, LowerIsBetter: true}})}
	c, err := outcomes.Synthetic(spec)
	if err != nil {
		b.Fatal(err)
	}
	rs := make([]*clinic.QuestionnaireResponse, 0, len(c.Responses))
	for _, r := range c.Responses {
		rs = append(rs, &clinic.QuestionnaireResponse{PatientKey: r.Patient, Treatment: r.Treatment, Instrument: r.Instrument,
			Time: int(r.Time), Items: map[string]int{"pain": int(r.Score)}, Score: r.Score, AnsweredAt: testNow})
	}
	if len(rs) != 4*n {
		b.Fatalf("%d responses, want %d", len(rs), 4*n)
	}
	if err := s.db.AddResponses(ctx, rs); err != nil {
		b.Fatal(err)
	}
}
