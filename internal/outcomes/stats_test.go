package outcomes

import (
	"math"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
)

// near compares figures to the four decimals the hand computations carry.
var near = cmpopts.EquateApprox(0, 0.00005)

func accOf(xs ...float64) acc {
	var a acc
	for _, x := range xs {
		a.add(x)
	}
	return a
}

func TestMeanCI(t *testing.T) {
	tests := []struct {
		name   string
		scores []float64
		want   Estimate
		ok     bool
	}{
		// Σx = 84, mean 84/12 = 7; Σ(x - 7)² = 4·1 + 4·0 + 4·1 = 8;
		// s² = 8/11 = 0.72727, s = 0.85280, se = s/√12 = 0.24618;
		// t(0.975, 11) = 2.20099 (tables: 2.201); half-width 0.54185.
		{"twelve baselines of 6, 7 and 8 give 7 from 6.4582 to 7.5418",
			[]float64{6, 7, 8, 6, 7, 8, 6, 7, 8, 6, 7, 8}, Estimate{7, 6.4582, 7.5418}, true},
		// Mean 2; s² = (1 + 1)/1 = 2, s = 1.41421, se = 1; t(0.975, 1) = 12.70620.
		{"two scores use the t quantile with one degree of freedom",
			[]float64{1, 3}, Estimate{2, 2 - 12.7062, 2 + 12.7062}, true},
		{"equal scores give an interval of no width", []float64{4.4, 4.4, 4.4}, Estimate{4.4, 4.4, 4.4}, true},
		{"one score gives no interval", []float64{5}, Estimate{5, 5, 5}, false},
		{"no score gives no mean and no interval", nil, Estimate{}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, ok := meanCI(accOf(tt.scores...), quantiles{})
			if ok != tt.ok {
				t.Errorf("ok = %v, want %v", ok, tt.ok)
			}
			if diff := cmp.Diff(tt.want, got, near); diff != "" {
				t.Errorf("meanCI (-want +got):\n%s", diff)
			}
		})
	}
}

func TestEqualScoresHaveExactlyNoSpread(t *testing.T) {
	// 44.4 % is 20 of 45 on the Oswestry index: not exact in binary.
	x := 20.0 / 45 * 100
	a, b := accOf(x, x, x), accOf(x, x)
	a.merge(b)
	if a.m2 != 0 || a.mean != x || a.n != 5 {
		t.Errorf("five equal scores accumulate to n %d, mean %v, m2 %v; want 5, %v, 0", a.n, a.mean, a.m2, x)
	}
}

func TestMergedAccumulatorsMatchOneAccumulator(t *testing.T) {
	xs := []float64{3, 5, 4, 5, 6, 5, 2, 7, 6, 4, 8, 4}
	whole := accOf(xs...)
	parts := accOf(xs[:5]...)
	parts.merge(accOf(xs[5:]...))
	parts.merge(acc{})
	if whole.n != parts.n || math.Abs(whole.mean-parts.mean) > 1e-12 || math.Abs(whole.m2-parts.m2) > 1e-9 {
		t.Errorf("merged %+v, want %+v", parts, whole)
	}
}

func TestWilson(t *testing.T) {
	tests := []struct {
		name string
		k, n int
		want Share
	}{
		// p = 8/12 = 0.66667, z = 1.95996, z² = 3.84146;
		// denominator 1 + z²/n = 1.32012;
		// centre (p + z²/2n)/1.32012 = (0.66667 + 0.16006)/1.32012 = 0.62625;
		// half z·√(p(1-p)/n + z²/4n²)/1.32012 = 1.95996·√(0.018519 + 0.006669)/1.32012 = 0.23563.
		{"8 of 12 is 0.6667 from 0.3906 to 0.8619", 8, 12, Share{8, 12, 0.6667, 0.3906, 0.8619}},
		// p = 0: centre = (z²/2n)/(1 + z²/n) = 0.19207/1.38415 = 0.13876,
		// half = z·√(z²/4n²)/1.38415 = z²/2n/1.38415 = 0.13876: from 0 to 0.27753.
		{"none of 10 is 0 from 0 to 0.2775", 0, 10, Share{0, 10, 0, 0, 0.2775}},
		{"all of 10 is 1 from 0.7225 to 1", 10, 10, Share{10, 10, 1, 0.7225, 1}},
		// p = 0.5: centre 0.5; half = z·√(0.025 + 0.0096037)/1.38415 = 0.26340.
		{"5 of 10 is 0.5 from 0.2366 to 0.7634", 5, 10, Share{5, 10, 0.5, 0.2366, 0.7634}},
		{"no patients give no share", 0, 0, Share{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if diff := cmp.Diff(tt.want, wilson(tt.k, tt.n), near); diff != "" {
				t.Errorf("wilson(%d, %d) (-want +got):\n%s", tt.k, tt.n, diff)
			}
		})
	}
}

func TestMCIDReached(t *testing.T) {
	pain := MCID{Points: 2, Percent: 30, LowerIsBetter: true}
	odi := MCID{Points: 10, Percent: 30, LowerIsBetter: true}
	pointsOnly := MCID{Points: 2, LowerIsBetter: true}
	better := MCID{Points: 0.1, Percent: 10} // a higher-is-better score
	tests := []struct {
		name            string
		m               MCID
		baseline, score float64
		want            bool
	}{
		{"pain from 7 to 5 reaches 2 points", pain, 7, 5, true},
		{"pain from 7 to 6 reaches neither 2 points nor 2.1 (30 %)", pain, 7, 6, false},
		{"pain from 3 to 2 reaches 30 % (0.9 points) with one point", pain, 3, 2, true},
		{"pain from 3 to 2 does not reach 2 points when that is the only rule", pointsOnly, 3, 2, false},
		{"pain from 8 to 9 is worse and reaches nothing", pain, 8, 9, false},
		{"pain from 0 to 0 reaches nothing", pain, 0, 0, false},
		{"disability from 50 % to 38 % reaches 10 points", odi, 50, 38, true},
		{"disability from 60 % to 51 % reaches neither 10 points nor 18 (30 %)", odi, 60, 51, false},
		{"disability from 20 % to 14 % reaches exactly 30 %", odi, 20, 14, true},
		// 44.44 % (20 of 45) to 34.44 % (15.5 of 45, in float) is 10 points within rounding.
		{"disability improving by exactly 10 points in float counts", odi, 20.0 / 45 * 100, 20.0/45*100 - 10, true},
		{"a higher-is-better score from 0.5 to 0.6 reaches 0.1 points", better, 0.5, 0.6, true},
		{"a higher-is-better score from 0.5 to 0.4 is worse", better, 0.5, 0.4, false},
		{"a higher-is-better score from 0 counts no percentage", MCID{Percent: 10}, 0, 0.05, false},
		{"a higher-is-better score from below 0 counts no percentage", MCID{Percent: 10}, -0.2, 0.1, false},
		{"no rule is never reached", MCID{LowerIsBetter: true}, 10, 0, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.m.Reached(tt.baseline, tt.score); got != tt.want {
				t.Errorf("Reached(%v, %v) = %v, want %v", tt.baseline, tt.score, got, tt.want)
			}
		})
	}
}
