package outcomes

import "math"

// Estimate is a mean with its 95 % confidence interval, Lo <= Value <= Hi.
type Estimate struct {
	Value, Lo, Hi float64
}

// Share is the share of N patients of whom Reached reached a threshold,
// with its 95 % confidence interval (Wilson score interval).
type Share struct {
	Reached, N    int
	Value, Lo, Hi float64
}

// acc accumulates a count, a mean and the sum of squared deviations from
// the mean (Welford's method), so that equal scores give a spread of
// exactly zero, and two accumulators merge without the scores (Chan et
// al.'s pairwise update).
type acc struct {
	n        int
	mean, m2 float64
}

func (a *acc) add(x float64) {
	a.n++
	d := x - a.mean
	a.mean += d / float64(a.n)
	a.m2 += d * (x - a.mean)
}

func (a *acc) merge(b acc) {
	switch {
	case b.n == 0:
		return
	case a.n == 0:
		*a = b
		return
	}
	n := a.n + b.n
	d := b.mean - a.mean
	a.mean += d * float64(b.n) / float64(n)
	a.m2 += b.m2 + d*d*float64(a.n)*float64(b.n)/float64(n)
	a.n = n
}

// sd is the sample standard deviation (n-1 in the denominator).
func (a acc) sd() float64 { return math.Sqrt(max(a.m2, 0) / float64(a.n-1)) }

// quantiles remembers t quantiles by degrees of freedom for one
// computation.
type quantiles map[int]float64

func (q quantiles) t975(df int) float64 {
	v, ok := q[df]
	if !ok {
		v = tQuantile(0.975, df)
		q[df] = v
	}
	return v
}

// meanCI returns the mean of a with its 95 % confidence interval from the
// t distribution with n-1 degrees of freedom: mean ± t × sd / √n. With
// fewer than two values there is no interval, and ok is false.
func meanCI(a acc, q quantiles) (e Estimate, ok bool) {
	if a.n < 2 {
		return Estimate{a.mean, a.mean, a.mean}, false
	}
	half := q.t975(a.n-1) * a.sd() / math.Sqrt(float64(a.n))
	return Estimate{a.mean, a.mean - half, a.mean + half}, true
}

// wilson returns the share k/n with its 95 % Wilson score interval:
//
//	(p + z²/2n ± z √(p(1-p)/n + z²/4n²)) / (1 + z²/n)
//
// which stays within 0 to 1 and is sound for small n and for shares near
// 0 or 1, where the textbook p ± z √(p(1-p)/n) is not.
func wilson(k, n int) Share {
	if n <= 0 || k < 0 || k > n {
		return Share{Reached: k, N: n}
	}
	p, nf, z2 := float64(k)/float64(n), float64(n), z975*z975
	denom := 1 + z2/nf
	centre := (p + z2/(2*nf)) / denom
	half := z975 * math.Sqrt(p*(1-p)/nf+z2/(4*nf*nf)) / denom
	lo, hi := max(centre-half, 0), min(centre+half, 1)
	// At 0 and 1 the bound is exact; rounding must not move it off.
	if k == 0 {
		lo = 0
	}
	if k == n {
		hi = 1
	}
	return Share{Reached: k, N: n, Value: p, Lo: min(lo, p), Hi: max(hi, p)}
}
