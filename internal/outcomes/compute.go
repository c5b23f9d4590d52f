package outcomes

import "slices"

// Compute returns the published figures of c: for every instrument, for
// all treatments together and for every treatment, at every time point.
// Figures of fewer than MinPatients people, and figures that would let
// such a group be worked out from others, are withheld (see the package
// documentation). Bad input gives an EInvalid error.
func Compute(c Cohort) (*Report, error) {
	if err := c.validate(); err != nil {
		return nil, err
	}
	t, err := newTree(c.Treatments)
	if err != nil {
		return nil, err
	}
	episodes, people, err := gather(c, t)
	if err != nil {
		return nil, err
	}
	rep := &Report{Synthetic: c.Synthetic, Instruments: slices.Clone(c.Instruments)}
	q, pc := quantiles{}, newPeopleCounter(people)
	for i, in := range c.Instruments {
		groups := groupEpisodes(episodes[i], in.MCID, len(t.nodes))
		cells := buildCells(t, groups, pc)
		suppress(t, cells, groups, pc)
		rep.Series = append(rep.Series, series(t, in, cells, q)...)
	}
	return rep, nil
}

// episode is one patient's course of one treatment, on one instrument.
type episode struct {
	patient int32
	node    int32
	has     uint8 // bit t is set when the patient answered at time point t
	score   [numTimes]float64
}

// gather checks the responses and collects them into episodes, one list
// per instrument. It returns the number of distinct patients.
func gather(c Cohort, t *tree) ([][]episode, int, error) {
	instruments := make(map[string]int, len(c.Instruments))
	for i, in := range c.Instruments {
		if _, dup := instruments[in.ID]; dup {
			return nil, 0, invalid("instrument %q is listed twice", in.ID)
		}
		instruments[in.ID] = i
	}
	type key struct{ patient, node, instrument int32 }
	index := make(map[key]int32, len(c.Responses)/numTimes+1)
	patients := make(map[string]int32, len(c.Responses)/numTimes+1)
	episodes := make([][]episode, len(c.Instruments))
	for i, r := range c.Responses {
		in, ok := instruments[r.Instrument]
		if !ok {
			return nil, 0, invalid("response %d names an unknown instrument %q", i, r.Instrument)
		}
		n, ok := t.bySlug[r.Treatment]
		if !ok {
			return nil, 0, invalid("response %d names an unknown treatment %q", i, r.Treatment)
		}
		if err := checkResponse(i, r, c.Instruments[in]); err != nil {
			return nil, 0, err
		}
		p, ok := patients[r.Patient]
		if !ok {
			p = int32(len(patients))
			patients[r.Patient] = p
		}
		k := key{p, int32(n), int32(in)}
		e, ok := index[k]
		if !ok {
			e = int32(len(episodes[in]))
			index[k] = e
			episodes[in] = append(episodes[in], episode{patient: p, node: int32(n)})
		}
		ep := &episodes[in][e]
		if ep.has&(1<<r.Time) != 0 {
			return nil, 0, invalid("response %d is a second answer of one patient for the same treatment, instrument and time point", i)
		}
		ep.has |= 1 << r.Time
		ep.score[r.Time] = r.Score
	}
	return episodes, len(patients), nil
}

// group gathers the episodes of one treatment that were answered at the
// same time points. Every figure of that treatment and of its categories
// covers a group whole or not at all. Episodes with no baseline belong to
// no group: without a baseline there is no change to report.
type group struct {
	node     int
	pattern  uint8 // the time points answered, the baseline always among them
	patients []int32
	base     acc
	follow   [numTimes]acc // the scores at each follow-up
	change   [numTimes]acc // score at the follow-up minus the baseline
	reached  [numTimes]int // how many reached the MCID at each follow-up
}

func groupEpisodes(episodes []episode, mcid MCID, nodes int) []group {
	const patterns = 1 << numTimes
	slot := make([]int32, nodes*patterns)
	var groups []*group
	for _, e := range episodes {
		if e.has&1 == 0 {
			continue
		}
		s := int(e.node)*patterns + int(e.has)
		if slot[s] == 0 {
			groups = append(groups, &group{node: int(e.node), pattern: e.has})
			slot[s] = int32(len(groups))
		}
		groups[slot[s]-1].add(e, mcid)
	}
	// Sorted by slot, so that sums add in the same order every time.
	out := make([]group, 0, len(groups))
	for _, s := range slot {
		if s != 0 {
			out = append(out, *groups[s-1])
		}
	}
	return out
}

func (g *group) add(e episode, mcid MCID) {
	g.patients = append(g.patients, e.patient)
	b := e.score[Baseline]
	g.base.add(b)
	for tp := Weeks6; tp < numTimes; tp++ {
		if e.has&(1<<tp) == 0 {
			continue
		}
		g.follow[tp].add(e.score[tp])
		g.change[tp].add(e.score[tp] - b)
		if mcid.Reached(b, e.score[tp]) {
			g.reached[tp]++
		}
	}
}

// cell is one figure before publication: a treatment (or all of them) at
// a time point, over the patients with a baseline who answered then. Its
// index is node*numTimes + time point.
type cell struct {
	people  int // distinct patients
	score   acc // the baseline score at the baseline, the score then at a follow-up
	change  acc
	reached int
	groups  []int
	status  Status
}

func buildCells(t *tree, groups []group, pc *peopleCounter) []cell {
	cells := make([]cell, len(t.nodes)*numTimes)
	for gi, g := range groups {
		for n := g.node; n >= 0; n = t.nodes[n].parent {
			for tp := range TimePoint(numTimes) {
				if g.pattern&(1<<tp) == 0 {
					continue
				}
				c := &cells[n*numTimes+int(tp)]
				c.groups = append(c.groups, gi)
				if tp == Baseline {
					c.score.merge(g.base)
					continue
				}
				c.score.merge(g.follow[tp])
				c.change.merge(g.change[tp])
				c.reached += g.reached[tp]
			}
		}
	}
	for i := range cells {
		cells[i].people = pc.count(groups, cells[i].groups)
	}
	return cells
}

// peopleCounter counts the distinct patients of a set of groups: a
// patient treated twice under one category counts once towards
// MinPatients.
type peopleCounter struct {
	seen []uint32
	mark uint32
}

func newPeopleCounter(people int) *peopleCounter {
	return &peopleCounter{seen: make([]uint32, people)}
}

func (pc *peopleCounter) count(groups []group, which []int) int {
	if pc.mark++; pc.mark == 0 {
		clear(pc.seen)
		pc.mark = 1
	}
	n := 0
	for _, gi := range which {
		for _, p := range groups[gi].patients {
			if pc.seen[p] != pc.mark {
				pc.seen[p] = pc.mark
				n++
			}
		}
	}
	return n
}
