package outcomes

import (
	"fmt"
	"math"
	"testing"
)

func TestTQuantileMatchesClosedForms(t *testing.T) {
	tests := []struct {
		name string
		p    float64
		df   int
		want float64
	}{
		// One degree of freedom is the Cauchy distribution: t = tan(π(p - 1/2)).
		{"one degree of freedom is the Cauchy quantile", 0.975, 1, math.Tan(math.Pi * 0.475)},
		{"one degree of freedom at 0.995 is the Cauchy quantile", 0.995, 1, math.Tan(math.Pi * 0.495)},
		// Two degrees of freedom: t = (2p - 1) / √(2p(1 - p)).
		{"two degrees of freedom follow their closed form", 0.975, 2, 0.95 / math.Sqrt(2*0.975*0.025)},
		{"two degrees of freedom at 0.9 follow their closed form", 0.9, 2, 0.8 / math.Sqrt(2*0.9*0.1)},
		{"the median is zero", 0.5, 7, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tQuantile(tt.p, tt.df); math.Abs(got-tt.want) > 1e-9*max(1, tt.want) {
				t.Errorf("tQuantile(%v, %d) = %.12f, want %.12f", tt.p, tt.df, got, tt.want)
			}
		})
	}
}

// TestTQuantileMatchesPrintedTables compares with the table of upper
// critical values of Student's t in the NIST/SEMATECH e-Handbook of
// Statistical Methods, section 1.3.6.7.2, as printed to three decimals.
func TestTQuantileMatchesPrintedTables(t *testing.T) {
	table := map[float64]map[int]float64{
		0.975: {
			1: 12.706, 2: 4.303, 3: 3.182, 4: 2.776, 5: 2.571, 6: 2.447, 7: 2.365, 8: 2.306, 9: 2.262,
			10: 2.228, 11: 2.201, 12: 2.179, 13: 2.160, 14: 2.145, 15: 2.131, 16: 2.120, 17: 2.110,
			18: 2.101, 19: 2.093, 20: 2.086, 25: 2.060, 30: 2.042, 40: 2.021, 50: 2.009, 60: 2.000,
			80: 1.990, 100: 1.984,
		},
		0.95:  {1: 6.314, 5: 2.015, 10: 1.812, 30: 1.697, 100: 1.660},
		0.995: {1: 63.657, 5: 4.032, 10: 3.169, 30: 2.750, 100: 2.626},
	}
	for p, rows := range table {
		for df, want := range rows {
			t.Run(fmt.Sprintf("the %v quantile with %d degrees of freedom is %v", p, df, want), func(t *testing.T) {
				if got := tQuantile(p, df); math.Abs(got-want) > 0.0005 {
					t.Errorf("tQuantile(%v, %d) = %.4f, want %.3f", p, df, got, want)
				}
			})
		}
	}
}

func TestTQuantileApproachesTheNormalQuantile(t *testing.T) {
	if z := math.Sqrt2 * math.Erfinv(0.95); math.Abs(z-z975) > 1e-15 {
		t.Fatalf("z975 = %.16f, want %.16f", z975, z)
	}
	prev := math.Inf(1)
	for _, df := range []int{1, 3, 10, 100, 1_000, 10_000, 100_000, 1_000_000} {
		got := tQuantile(0.975, df)
		if got >= prev || got <= z975 {
			t.Errorf("tQuantile(0.975, %d) = %.8f, want between %.8f and the previous %.8f", df, got, z975, prev)
		}
		prev = got
	}
	// With many degrees of freedom, t ≈ z + (z³ + z) / 4df.
	if got, want := tQuantile(0.975, 10_000), z975+(z975*z975*z975+z975)/40_000; math.Abs(got-want) > 1e-6 {
		t.Errorf("tQuantile(0.975, 10000) = %.8f, want %.8f", got, want)
	}
}
