package outcomes

import (
	"fmt"
	"testing"
)

// The instruments of the tests, with the published MCIDs.
var (
	painNRS = Instrument{ID: "pain", Name: "Back pain (0 to 10)", Min: 0, Max: 10,
		MCID: MCID{Points: 2, Percent: 30, LowerIsBetter: true}}
	odiPct = Instrument{ID: "odi", Name: "Oswestry Disability Index (%)", Min: 0, Max: 100,
		MCID: MCID{Points: 10, Percent: 30, LowerIsBetter: true}}
	// startBack has no MCID: it sorts patients by risk.
	startBack = Instrument{ID: "start", Name: "STarT Back (0 to 9)", Min: 0, Max: 9, MCID: MCID{LowerIsBetter: true}}
)

// none marks a time point a patient did not answer.
const none = -1

// patients returns the responses of n patients of one treatment on one
// instrument, named prefix-1 to prefix-n, with scores[i] their answers at
// the four time points (none for no answer); scores cycle when shorter.
func patients(prefix, treatment, instrument string, n int, scores ...[numTimes]float64) []Response {
	var out []Response
	for i := range n {
		s := scores[i%len(scores)]
		for tp, v := range s {
			if v != none {
				out = append(out, Response{Patient: fmt.Sprintf("%s-%d", prefix, i+1), Treatment: treatment,
					Instrument: instrument, Time: TimePoint(tp), Score: v})
			}
		}
	}
	return out
}

// compute runs Compute and fails the test on an error.
func compute(t testing.TB, c Cohort) *Report {
	t.Helper()
	r, err := Compute(c)
	if err != nil {
		t.Fatalf("Compute: %v", err)
	}
	return r
}

// find returns a series and fails the test when there is none.
func find(t testing.TB, r *Report, instrument, treatment string) Series {
	t.Helper()
	s, err := r.Find(instrument, treatment)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// statuses lists a series' statuses by time point.
func statuses(s Series) [numTimes]Status {
	var out [numTimes]Status
	for i, p := range s.Points {
		out[i] = p.Status
	}
	return out
}
