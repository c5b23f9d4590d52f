package outcomes

import (
	"fmt"
	"testing"
)

// benchCohort is n patients spread over ten treatments in two categories,
// answering pain and disability questionnaires; every patient answers at
// all four time points unless dropout or skip say otherwise.
func benchCohort(b *testing.B, n int, dropout, skip float64) Cohort {
	spec := SyntheticSpec{Seed: 11, Scales: []SyntheticScale{PainScale(painNRS), DisabilityScale(odiPct)}, Dropout: dropout, Skip: skip}
	spec.Treatments = []SyntheticTreatment{
		{Treatment: Treatment{Slug: "surgery"}}, {Treatment: Treatment{Slug: "injections"}},
	}
	for i := range 10 {
		parent := []string{"surgery", "injections"}[i%2]
		tr := Treatment{Slug: fmt.Sprintf("treatment-%d", i), Parent: parent}
		spec.Treatments = append(spec.Treatments, SyntheticTreatment{Treatment: tr, Patients: n / 10, Response: 0.5 + 0.02*float64(i)})
	}
	c, err := Synthetic(spec)
	if err != nil {
		b.Fatal(err)
	}
	return c
}

// BenchmarkCompute10000Patients recomputes every figure of 10,000
// patients with four time points each on two instruments (80,000
// responses).
func BenchmarkCompute10000Patients(b *testing.B) {
	c := benchCohort(b, 10_000, 0, 0)
	b.ReportMetric(float64(len(c.Responses)), "responses")
	for b.Loop() {
		if _, err := Compute(c); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkCompute10000PatientsWithDropouts is the same with one patient
// in ten dropping out before each follow-up and three in a hundred
// skipping one, which gives the audit work to do.
func BenchmarkCompute10000PatientsWithDropouts(b *testing.B) {
	c := benchCohort(b, 10_000, 0.1, 0.03)
	b.ReportMetric(float64(len(c.Responses)), "responses")
	for b.Loop() {
		if _, err := Compute(c); err != nil {
			b.Fatal(err)
		}
	}
}
