package outcomes

import (
	"fmt"
	"math"
	"testing"

	"clinic"
)

// Nothing in the package parses bytes: FuzzCompute builds cohorts from the
// fuzz bytes instead, valid ones checked against the oracle (N, means,
// intervals, shares, and no small group recoverable by subtracting
// figures) and raw ones that must give a clear error or figures, never a
// panic.
func FuzzCompute(f *testing.F) {
	f.Add([]byte{})
	f.Add([]byte{1, 3, 0, 0, 1, 2, 40, 1, 1, 7, 3, 2, 9, 9, 1})
	f.Add([]byte{5, 4, 1, 2, 0, 1, 60, 2, 0, 15, 3, 3, 3, 8, 1, 4, 5, 6, 7})
	f.Add([]byte{9, 2, 0, 1, 1, 2, 30, 3, 12, 12, 12, 0, 0, 1, 1})
	for i := range 8 {
		seed := make([]byte, 96)
		for j := range seed {
			seed[j] = byte(i*37 + j*11)
		}
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		r := &fuzzReader{b: data}
		if r.int(16) == 0 {
			fuzzRawCohort(t, r)
			return
		}
		c := r.cohort()
		rep, err := Compute(c)
		if err != nil {
			t.Fatalf("Compute refused a valid cohort: %v", err)
		}
		checkReport(t, c, rep, 7)
		for _, in := range c.Instruments {
			treatments := []string{""}
			for _, tr := range c.Treatments[:min(len(c.Treatments), MaxChartSeries-1)] {
				treatments = append(treatments, tr.Slug)
			}
			fig, err := rep.Figure("fuzz", in.ID, treatments)
			if err != nil {
				t.Fatalf("Figure: %v", err)
			}
			checkSafeSVG(t, parseSVG(t, string(fig.SVG)))
		}
	})
}

// fuzzReader hands out small numbers from the fuzz bytes, and zeros when
// they run out.
type fuzzReader struct{ b []byte }

func (r *fuzzReader) int(n int) int {
	v := 0
	for m := n - 1; m > 0; m >>= 8 {
		if len(r.b) > 0 {
			v = v<<8 | int(r.b[0])
			r.b = r.b[1:]
		}
	}
	return v % n
}

// cohort builds a valid cohort: up to five treatments in categories, one
// or two instruments, up to 60 patients with one or two treatments each,
// answering at some of the time points.
func (r *fuzzReader) cohort() Cohort {
	c := Cohort{Instruments: []Instrument{painNRS, odiPct, startBack}[:1+r.int(3)], Synthetic: r.int(2) == 0}
	for i := range 1 + r.int(5) {
		tr := Treatment{Slug: fmt.Sprintf("t%d", i)}
		if i > 0 && r.int(3) == 0 {
			tr.Parent = c.Treatments[r.int(i)].Slug
		}
		c.Treatments = append(c.Treatments, tr)
	}
	for p := range r.int(61) {
		first := r.int(len(c.Treatments))
		treatments := []int{first}
		if second := r.int(len(c.Treatments)); r.int(4) == 0 && second != first {
			treatments = append(treatments, second)
		}
		for _, tr := range treatments {
			for _, in := range c.Instruments {
				c.Responses = append(c.Responses, r.answers(fmt.Sprintf("p%d", p), c.Treatments[tr].Slug, in)...)
			}
		}
	}
	return c
}

// answers draws one course's answers: often all, often stopping early,
// sometimes skipping.
func (r *fuzzReader) answers(patient, treatment string, in Instrument) []Response {
	pattern := []int{0b1111, 0b0111, 0b0011, 0b0001}[r.int(4)]
	if r.int(4) == 0 {
		pattern = r.int(16)
	}
	step := (in.Max - in.Min) / 10
	var out []Response
	for tp := range TimePoint(numTimes) {
		if pattern&(1<<tp) != 0 {
			out = append(out, Response{patient, treatment, in.ID, tp, in.Min + step*float64(r.int(11))})
		}
	}
	return out
}

// fuzzRawCohort calls Compute with values straight from the fuzz bytes,
// many of them wrong, and wants an EInvalid error or figures.
func fuzzRawCohort(t *testing.T, r *fuzzReader) {
	names := []string{"", "a", "b", "a/b", "<x>", "\x00", "c"}
	floats := []float64{0, 1, -1, 10, 100, 1e308, math.NaN(), math.Inf(1), math.Inf(-1), 2.5}
	c := Cohort{}
	for range r.int(4) {
		c.Treatments = append(c.Treatments, Treatment{Slug: names[r.int(len(names))], Name: names[r.int(len(names))], Parent: names[r.int(len(names))]})
	}
	for range r.int(3) {
		c.Instruments = append(c.Instruments, Instrument{
			ID: names[r.int(len(names))], Min: floats[r.int(len(floats))], Max: floats[r.int(len(floats))],
			MCID: MCID{Points: floats[r.int(len(floats))], Percent: floats[r.int(len(floats))], LowerIsBetter: r.int(2) == 0},
		})
	}
	for range r.int(40) {
		c.Responses = append(c.Responses, Response{
			Patient: names[r.int(len(names))], Treatment: names[r.int(len(names))], Instrument: names[r.int(len(names))],
			Time: TimePoint(r.int(7) - 1), Score: floats[r.int(len(floats))],
		})
	}
	rep, err := Compute(c)
	if err != nil {
		if clinic.ErrorKind(err) != clinic.EInvalid {
			t.Fatalf("error of kind %q, want %q: %v", clinic.ErrorKind(err), clinic.EInvalid, err)
		}
		return
	}
	checkReport(t, c, rep, 7)
}
