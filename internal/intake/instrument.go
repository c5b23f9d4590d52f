package intake

// InstrumentsDir is the folder of instrument files in a content tree.
const InstrumentsDir = "instruments"

// An Instrument is a questionnaire read from a file: its items and
// choices, how it is scored, and where its wording comes from under which
// licence. ParseInstrument reads one; docs/INSTRUMENTS.md describes the
// format.
type Instrument struct {
	ID           string
	Title        string
	Version      string
	Language     string // a BCP 47 tag such as "en"; "en" when the file says none
	Instructions string // shown before the items, or ""
	Source       string // where the wording comes from
	Licence      string // the terms of the wording
	References   []string
	Better       Direction // which way is improvement
	// MaxMissing is how many items may be left unanswered for a response
	// still to be scored.
	MaxMissing int
	Items      []Item
	Scores     []ScoreRule
	Primary    string  // the id of the score that outcomes report
	Groups     []Group // classifications, first match wins; none when empty
	MCID       MCID    // the minimal clinically important difference of Primary
}

// Direction says whether lower or higher scores are better.
type Direction int

const (
	LowerIsBetter Direction = iota + 1
	HigherIsBetter
)

// An Item is one question of an instrument.
type Item struct {
	ID      string
	Text    string // "" in a structure-only file
	Choices []ItemChoice
	// Low and High label the ends of a numeric scale, such as "No pain".
	Low, High string
}

// An ItemChoice is an answer to an item and the value it scores.
type ItemChoice struct {
	Value int
	Text  string
}

// ScoreMethod is how a score combines the values of its items.
type ScoreMethod int

const (
	// Sum adds the values. A skipped item counts as the mean of the
	// answered items of the score, so a sum with skipped items is scaled
	// to all of them (Vernon's rule for the Neck Disability Index).
	Sum ScoreMethod = iota + 1
	// Percent is the sum of the answered items as a percentage of the
	// most they could have scored: total / (5 x sections answered) x 100
	// for the Oswestry Disability Index (Fairbank and Pynsent 2000).
	Percent
)

// A ScoreRule is one score of an instrument.
type ScoreRule struct {
	ID       string
	Label    string
	Method   ScoreMethod
	Items    []string // item ids
	Bands    []Band   // by upper bound, ascending; none when empty
	Min, Max float64  // the range of the score, from the items
}

// A Band names the scores from the band before it up to UpTo, inclusive.
type Band struct {
	UpTo  float64
	Label string
}

// A Group classifies a response, such as "High risk". A group with no
// bounds is the one for every response no earlier group took.
type Group struct {
	Label string
	When  []Bound // all must hold
}

// A Bound limits one score: AtLeast <= value <= AtMost, where set.
type Bound struct {
	Score           string
	AtLeast, AtMost *float64
}

// MCID is a minimal clinically important difference: an improvement of at
// least Points, or of at least Percent of the score before. A zero field
// is not a criterion; both zero means the instrument has none.
type MCID struct {
	Points  float64
	Percent float64
}

// Structural reports whether the instrument holds no wording: it can
// score responses gathered elsewhere but cannot be shown as a form.
func (inst *Instrument) Structural() bool {
	for _, it := range inst.Items {
		if it.Text != "" {
			return false
		}
	}
	return true
}

// Improvement returns how much better after is than before, in score
// points: positive when better, negative when worse.
func (inst *Instrument) Improvement(before, after float64) float64 {
	if inst.Better == HigherIsBetter {
		return after - before
	}
	return before - after
}

// ReachesMCID reports whether the change from the score before to the
// score after is an improvement that reaches the instrument's MCID: at
// least MCID.Points, or at least MCID.Percent of the score before. It is
// false when the instrument has no MCID, and for no change or a worsening.
func (inst *Instrument) ReachesMCID(before, after float64) bool {
	gain := inst.Improvement(before, after)
	m := inst.MCID
	switch {
	case gain <= 0:
		return false
	case m.Points > 0 && gain >= m.Points-epsilon:
		return true
	}
	return m.Percent > 0 && before > 0 && gain*100 >= m.Percent*before-epsilon
}

// epsilon absorbs the rounding of scores computed with fractions, so that
// 40 to 28 is 30 % whatever the rounding of a prorated score.
const epsilon = 1e-9

func (inst *Instrument) item(id string) (Item, bool) {
	for _, it := range inst.Items {
		if it.ID == id {
			return it, true
		}
	}
	return Item{}, false
}
