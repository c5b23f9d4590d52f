package main

import (
	"math/rand/v2"
	"slices"
	"testing"
	"time"
)

func TestBucketRangeHoldsItsValues(t *testing.T) {
	values := []uint64{0, 1, 63, 64, 127, 128, 129, 255, 256, 1000, 123456, 1 << 40, 1<<63 - 1}
	for _, v := range values {
		i := bucketOf(v)
		low, width := bucketRange(i)
		if v < low || v-low >= width {
			t.Errorf("value %d went to bucket %d = [%d, %d+%d)", v, i, low, low, width)
		}
		if width > 1 && float64(width)/float64(low) > 1.0/subBuckets+1e-9 {
			t.Errorf("bucket %d of value %d is %d wide from %d: coarser than 1/%d", i, v, width, low, subBuckets)
		}
	}
}

func TestQuantileIsCloseToTheExactOne(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	tests := []struct {
		name string
		gen  func() time.Duration
	}{
		{"uniform latencies between 0 and 10ms", func() time.Duration { return time.Duration(rng.Int64N(int64(10 * time.Millisecond))) }},
		{"exponential latencies around 1ms", func() time.Duration { return time.Duration(rng.ExpFloat64() * float64(time.Millisecond)) }},
		{"a few distinct values", func() time.Duration { return time.Duration(1+rng.IntN(3)) * time.Millisecond }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var h histogram
			sample := make([]time.Duration, 20000)
			for i := range sample {
				sample[i] = tt.gen()
				h.record(sample[i])
			}
			slices.Sort(sample)
			for _, q := range []float64{0.5, 0.9, 0.99, 1} {
				exact := sample[int(q*float64(len(sample))+0.999999)-1]
				got := h.quantile(q)
				if diff := got - exact; diff < 0 && -diff > exact/subBuckets+1 || diff > 0 && diff > exact/subBuckets+1 {
					t.Errorf("quantile %v = %v, exact %v: off by more than 1/%d", q, got, exact, subBuckets)
				}
			}
			if h.max != sample[len(sample)-1] || h.min != sample[0] {
				t.Errorf("min, max = %v, %v; want %v, %v", h.min, h.max, sample[0], sample[len(sample)-1])
			}
		})
	}
}

func TestMergeAddsCounts(t *testing.T) {
	var a, b, both histogram
	for i := range 1000 {
		d := time.Duration(i) * time.Microsecond
		both.record(d)
		if i%3 == 0 {
			a.record(d)
		} else {
			b.record(d)
		}
	}
	var merged histogram
	merged.merge(&a)
	merged.merge(&b)
	merged.merge(&histogram{})
	if merged != both {
		t.Errorf("merging two halves differs from recording all: n %d/%d, min %v/%v, max %v/%v, sum %v/%v",
			merged.n, both.n, merged.min, both.min, merged.max, both.max, merged.sum, both.sum)
	}
}

func TestEmptyHistogramReportsZero(t *testing.T) {
	var h histogram
	if q, m := h.quantile(0.99), h.mean(); q != 0 || m != 0 {
		t.Errorf("quantile, mean of nothing = %v, %v; want 0, 0", q, m)
	}
}
