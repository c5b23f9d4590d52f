package outcomes

import "math"

// The t quantile is computed, not approximated: Student's t distribution
// function is written with the regularized incomplete beta function,
//
//	P(T <= t) = 1 - I_x(df/2, 1/2) / 2,  x = df / (df + t²),  t >= 0,
//
// which is evaluated by its continued fraction (modified Lentz method), and
// the quantile is found by bisection to 1e-12. tdist_test.go checks it
// against the closed forms for one and two degrees of freedom and against
// printed tables of t.

// z975 is the 0.975 quantile of the standard normal distribution.
const z975 = 1.959963984540054 // math.Sqrt2 * math.Erfinv(0.95)

// tQuantile returns the p-quantile of Student's t distribution with df
// degrees of freedom, for 0.5 <= p < 1 and df >= 1.
func tQuantile(p float64, df int) float64 {
	if p <= 0.5 {
		return 0
	}
	hi := 1.0
	for tCDF(hi, df) < p {
		hi *= 2
	}
	lo := 0.0
	for hi-lo > 1e-12*hi {
		mid := (lo + hi) / 2
		if tCDF(mid, df) < p {
			lo = mid
		} else {
			hi = mid
		}
	}
	return (lo + hi) / 2
}

// tCDF returns P(T <= t) for t >= 0 under Student's t with df degrees of
// freedom.
func tCDF(t float64, df int) float64 {
	v := float64(df)
	return 1 - regIncBeta(v/2, 0.5, v/(v+t*t))/2
}

// regIncBeta returns the regularized incomplete beta function I_x(a, b).
func regIncBeta(a, b, x float64) float64 {
	switch {
	case x <= 0:
		return 0
	case x >= 1:
		return 1
	}
	la, _ := math.Lgamma(a)
	lb, _ := math.Lgamma(b)
	lab, _ := math.Lgamma(a + b)
	front := math.Exp(lab - la - lb + a*math.Log(x) + b*math.Log1p(-x))
	// The continued fraction converges fast for x below its mean; above
	// it, use I_x(a, b) = 1 - I_{1-x}(b, a).
	if x < (a+1)/(a+b+2) {
		return front * betaFraction(a, b, x) / a
	}
	return 1 - front*betaFraction(b, a, 1-x)/b
}

// betaFraction evaluates the continued fraction of the incomplete beta
// function by the modified Lentz method.
func betaFraction(a, b, x float64) float64 {
	const tiny, eps = 1e-300, 1e-15
	c, d := 1.0, 1-(a+b)*x/(a+1)
	if math.Abs(d) < tiny {
		d = tiny
	}
	d = 1 / d
	h := d
	for m := 1; m <= 100_000; m++ {
		fm := float64(m)
		for _, num := range [2]float64{
			fm * (b - fm) * x / ((a + 2*fm - 1) * (a + 2*fm)),
			-(a + fm) * (a + b + fm) * x / ((a + 2*fm) * (a + 2*fm + 1)),
		} {
			d = 1 + num*d
			if math.Abs(d) < tiny {
				d = tiny
			}
			c = 1 + num/c
			if math.Abs(c) < tiny {
				c = tiny
			}
			d = 1 / d
			h *= d * c
		}
		if math.Abs(d*c-1) < eps {
			break
		}
	}
	return h
}
