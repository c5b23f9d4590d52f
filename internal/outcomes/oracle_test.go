package outcomes

import (
	"fmt"
	"math"
	"testing"
)

// The oracle checks a Report against the cohort it came from, worked out
// again from the responses alone, without the package's groups, cells or
// audit.

// course is one patient's course of one treatment on one instrument, with
// a baseline answer.
type course struct {
	patient, treatment string
	score              [numTimes]float64
	answered           [numTimes]bool
}

// figure is one published point and the courses it counts.
type figure struct {
	name    string
	point   Point
	courses []int
}

// oracleFigures returns, per instrument, the published figures of r with
// the courses each counts, and the courses themselves.
func oracleFigures(c Cohort, r *Report) (map[string][]figure, map[string][]course) {
	courses := map[string][]course{}
	index := map[[3]string]int{}
	for _, resp := range c.Responses {
		k := [3]string{resp.Instrument, resp.Patient, resp.Treatment}
		i, ok := index[k]
		if !ok {
			i = len(courses[resp.Instrument])
			index[k] = i
			courses[resp.Instrument] = append(courses[resp.Instrument], course{patient: resp.Patient, treatment: resp.Treatment})
		}
		courses[resp.Instrument][i].score[resp.Time] = resp.Score
		courses[resp.Instrument][i].answered[resp.Time] = true
	}
	parent := map[string]string{}
	for _, tr := range c.Treatments {
		parent[tr.Slug] = tr.Parent
	}
	under := func(treatment, heading string) bool {
		for s, steps := treatment, 0; s != "" && steps <= MaxDepth; s, steps = parent[s], steps+1 {
			if s == heading {
				return true
			}
		}
		return heading == ""
	}
	figures := map[string][]figure{}
	for _, s := range r.Series {
		for _, p := range s.Points {
			if p.Status != Shown {
				continue
			}
			f := figure{name: fmt.Sprintf("%s %q at %v", s.Instrument, s.Treatment, p.Time), point: p}
			for i, co := range courses[s.Instrument] {
				if co.answered[Baseline] && co.answered[p.Time] && under(co.treatment, s.Treatment) {
					f.courses = append(f.courses, i)
				}
			}
			figures[s.Instrument] = append(figures[s.Instrument], f)
		}
	}
	return figures, courses
}

// checkReport checks every published figure of r: its N, mean, change and
// share against the responses, its intervals around its values, and that
// no pair of published figures, nor any sum or difference of up to
// maxAll of them (when there are no more), describes fewer than
// MinPatients people.
func checkReport(t testing.TB, c Cohort, r *Report, maxAll int) {
	t.Helper()
	figures, courses := oracleFigures(c, r)
	mcid := map[string]MCID{}
	for _, in := range c.Instruments {
		mcid[in.ID] = in.MCID
	}
	for in, fs := range figures {
		for _, f := range fs {
			checkFigure(t, f, courses[in], mcid[in])
		}
		checkPairs(t, fs, courses[in])
		if len(fs) <= maxAll {
			checkCombinations(t, fs, courses[in])
		}
	}
}

func checkFigure(t testing.TB, f figure, courses []course, m MCID) {
	t.Helper()
	p := f.point
	var sum, change float64
	reached := 0
	for _, i := range f.courses {
		co := courses[i]
		sum += co.score[p.Time]
		change += co.score[p.Time] - co.score[Baseline]
		if m.Reached(co.score[Baseline], co.score[p.Time]) {
			reached++
		}
	}
	n := len(f.courses)
	same := func(a, b float64) bool { return math.Abs(a-b) <= 1e-9*max(1, math.Abs(a)) }
	switch {
	case people(courses, f.courses) < MinPatients:
		t.Errorf("%s is published for %d people", f.name, people(courses, f.courses))
	case p.N != n || !same(p.Mean.Value, sum/float64(n)):
		t.Errorf("%s: N %d, mean %v; want %d, %v", f.name, p.N, p.Mean.Value, n, sum/float64(n))
	case !(p.Mean.Lo <= p.Mean.Value && p.Mean.Value <= p.Mean.Hi):
		t.Errorf("%s: the mean %v is not within its interval %v to %v", f.name, p.Mean.Value, p.Mean.Lo, p.Mean.Hi)
	case p.Time == Baseline:
		if p.Change != (Estimate{}) || p.MCID != (Share{}) {
			t.Errorf("%s: a baseline has a change %v or a share %v", f.name, p.Change, p.MCID)
		}
	case !same(p.Change.Value, change/float64(n)) || !(p.Change.Lo <= p.Change.Value && p.Change.Value <= p.Change.Hi):
		t.Errorf("%s: change %+v, want %v within its interval", f.name, p.Change, change/float64(n))
	case !m.Defined():
		if p.MCID != (Share{}) {
			t.Errorf("%s: a share %+v of an instrument without an MCID", f.name, p.MCID)
		}
	case p.MCID.Reached != reached || p.MCID.N != n || !(0 <= p.MCID.Lo && p.MCID.Lo <= p.MCID.Value && p.MCID.Value <= p.MCID.Hi && p.MCID.Hi <= 1):
		t.Errorf("%s: share %+v, want %d of %d within an interval in [0, 1]", f.name, p.MCID, reached, n)
	}
}

// people counts the distinct patients of some courses.
func people(courses []course, which []int) int {
	seen := map[string]bool{}
	for _, i := range which {
		seen[courses[i].patient] = true
	}
	return len(seen)
}

// checkPairs subtracts every published figure from every other of the
// same instrument.
func checkPairs(t testing.TB, fs []figure, courses []course) {
	t.Helper()
	for i := range fs {
		for j := i + 1; j < len(fs); j++ {
			w := make([]int, len(courses))
			for _, k := range fs[i].courses {
				w[k]++
			}
			for _, k := range fs[j].courses {
				w[k]--
			}
			if n := support(w, courses); n > 0 && n < MinPatients {
				t.Errorf("%s minus %s describes %d people", fs[i].name, fs[j].name, n)
			}
		}
	}
}

// checkCombinations adds and subtracts the published figures in every
// way, each with weight -1, 0 or 1.
func checkCombinations(t testing.TB, fs []figure, courses []course) {
	t.Helper()
	total := 1
	for range fs {
		total *= 3
	}
	w := make([]int, len(courses))
	for combo := 1; combo < total; combo++ {
		clear(w)
		name := ""
		for i, x := 0, combo; i < len(fs); i, x = i+1, x/3 {
			sign := x%3 - 1 // -1, 0 or 1
			if sign == 0 {
				continue
			}
			name += fmt.Sprintf(" %+d×(%s)", sign, fs[i].name)
			for _, k := range fs[i].courses {
				w[k] += sign
			}
		}
		if n := support(w, courses); n > 0 && n < MinPatients {
			t.Errorf("%s describes %d people", name, n)
			return
		}
	}
}

// support counts the distinct patients with a course of weight other than
// zero.
func support(w []int, courses []course) int {
	var which []int
	for k, v := range w {
		if v != 0 {
			which = append(which, k)
		}
	}
	return people(courses, which)
}
