package outcomes

import "clinic"

// Status says whether a figure is published and, if not, why. The public
// pages show Small and Withheld alike, so that neither reveals which of
// the two it is (see SuppressedText).
type Status int

const (
	Empty    Status = iota // nobody has answered yet
	Shown                  // published
	Small                  // fewer than MinPatients people
	Withheld               // it would let a group of fewer than MinPatients be worked out
)

// SuppressedText is what the public pages show in place of a Small or a
// Withheld figure.
const SuppressedText = "fewer than 11 or withheld"

func (s Status) String() string {
	switch s {
	case Empty:
		return "no answers yet"
	case Shown:
		return "shown"
	case Small:
		return "fewer than 11 patients"
	case Withheld:
		return "withheld"
	}
	return "unknown status"
}

// Point is the figures of one treatment, instrument and time point. Unless
// Status is Shown, every number in it is zero.
type Point struct {
	Time   TimePoint
	Status Status
	// N is the number of patients: those with a baseline answer who
	// answered at Time. A patient treated twice under one category counts
	// twice in the category's figures.
	N int
	// Mean is the mean score at Time.
	Mean Estimate
	// Change is the mean change from the baseline among the same
	// patients (follow-ups only): negative when scores fell.
	Change Estimate
	// MCID is the share of the same patients whose improvement from the
	// baseline reached the instrument's MCID (follow-ups of instruments
	// with an MCID only).
	MCID Share
}

// Series is one treatment's figures on one instrument over time.
type Series struct {
	Treatment  string // the slug; "" for all treatments together
	Name       string // the treatment's name, or AllTreatments
	Instrument string
	Points     [numTimes]Point // by TimePoint
}

// Report is the published figures of a cohort.
type Report struct {
	// Synthetic says the figures come from generated data; the pages
	// must say so wherever they show them.
	Synthetic   bool
	Instruments []Instrument
	// Series holds, for each instrument in order, all treatments together
	// first and then every treatment, depth first in the order given.
	Series []Series
}

// Find returns the series of one treatment ("" for all treatments) on
// one instrument.
func (r *Report) Find(instrument, treatment string) (Series, error) {
	for _, s := range r.Series {
		if s.Instrument == instrument && s.Treatment == treatment {
			return s, nil
		}
	}
	return Series{}, clinic.Errorf(clinic.ENotFound, "no outcomes of treatment %q on instrument %q", treatment, instrument)
}

// instrument returns the instrument of the given id.
func (r *Report) instrument(id string) (Instrument, error) {
	for _, in := range r.Instruments {
		if in.ID == id {
			return in, nil
		}
	}
	return Instrument{}, clinic.Errorf(clinic.ENotFound, "no outcomes on instrument %q", id)
}

// series turns the cells of one instrument into its published series.
func series(t *tree, in Instrument, cells []cell, q quantiles) []Series {
	out := make([]Series, 0, len(t.order))
	for _, n := range t.order {
		s := Series{Treatment: t.nodes[n].slug, Name: t.nodes[n].name, Instrument: in.ID}
		for tp := range TimePoint(numTimes) {
			s.Points[tp] = point(tp, cells[n*numTimes+int(tp)], in.MCID.Defined(), q)
		}
		out = append(out, s)
	}
	return out
}

func point(tp TimePoint, c cell, mcid bool, q quantiles) Point {
	p := Point{Time: tp, Status: c.status}
	if c.status != Shown {
		return p
	}
	p.N = c.score.n
	p.Mean, _ = meanCI(c.score, q)
	if tp != Baseline {
		p.Change, _ = meanCI(c.change, q)
	}
	if tp != Baseline && mcid {
		p.MCID = wilson(c.reached, c.score.n)
	}
	return p
}
