package intake

import (
	"os"
	"testing"
)

// BenchmarkTriageRecommend triages one finished answer set and applies
// the shipped rules to it: what the result page computes per request.
func BenchmarkTriageRecommend(b *testing.B) {
	rules := shippedRules(b)
	a := complete(b, map[string][]string{
		qWhere: {LowBack, ButtockLeg}, qSpreads: {Yes}, qSince: {Weeks6To12}, qWeightLoss: {Yes},
		qHealth: {"blood_thinner", "pregnant"},
	})
	matches := 0
	for b.Loop() {
		r, err := Triage(a)
		if err != nil || r.Urgency != Urgent {
			b.Fatal(r.Urgency, err)
		}
		matches = len(Recommend(a, rules).Matches)
	}
	b.ReportMetric(float64(matches), "matches/op")
}

// BenchmarkScoreODI scores one Oswestry response with a section skipped.
func BenchmarkScoreODI(b *testing.B) {
	odi := fixture(b, "odi")
	r := positions("s", 2, 2, 2, 2, 2, 2, 2, 1, 1, -1)
	for b.Loop() {
		if _, err := Score(odi, r); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkParseRules reads the shipped rules file, as start-up does.
func BenchmarkParseRules(b *testing.B) {
	data, err := os.ReadFile("../../content/triage/rules.yaml")
	if err != nil {
		b.Fatal(err)
	}
	slugs := catalogue(b)
	b.SetBytes(int64(len(data)))
	for b.Loop() {
		if _, err := ParseRules("rules.yaml", data, slugs); err != nil {
			b.Fatal(err)
		}
	}
}
