package intake

import "slices"

// RulesPath is where the rules file lives in a content tree.
const RulesPath = "triage/rules.yaml"

// Rules say, for pictures of pain that the answers can show, which kind of
// clinician is most likely to help and which treatments of the catalogue
// are commonly considered, and which answers withhold or flag a treatment.
// Clinicians edit them as a YAML file (content/triage/rules.yaml);
// ParseRules reads and checks one.
type Rules struct {
	Clinicians        []Clinician
	Pictures          []Picture
	Fallback          Picture // when no picture fits
	Contraindications []Contraindication
}

// A Clinician is a kind of clinician, such as a spine surgeon.
type Clinician struct {
	ID    string
	Name  string // "Spine surgeon"
	About string // what they do, in a sentence
}

// A Picture is a pattern of answers, such as leg pain from an irritated
// nerve, with the care commonly considered for it.
type Picture struct {
	ID          string
	Title       string
	Explanation string
	When        []Condition // the picture fits when any one holds
	Clinician   string      // a Clinician's ID
	Treatments  []string    // treatment slugs, in the order to show them
}

// A Contraindication withholds or flags treatments when it fits.
type Contraindication struct {
	ID         string
	When       []Condition // it applies when any one holds
	Treatments []string
	Action     Action
	Note       string // what to tell the person, in plain words
}

// Action is what a contraindication does to a treatment.
type Action int

const (
	// Flag keeps the treatment and adds the note.
	Flag Action = iota + 1
	// Remove withholds the treatment and gives the note as the reason.
	Remove
)

func (a Action) String() string {
	switch a {
	case Flag:
		return "flag"
	case Remove:
		return "remove"
	}
	return "unknown"
}

// A Condition holds when each of its terms holds.
type Condition []Term

// A Term tests the answer to one question. It holds when the answer
// includes one of Any (if Any is given), every one of All, and none of
// None. An unanswered question holds only a term with None alone.
type Term struct {
	Question string
	Any      []string
	All      []string
	None     []string
}

// Holds reports whether every term of c holds for the answers.
func (c Condition) Holds(a Answers) bool {
	for _, t := range c {
		if !t.Holds(a) {
			return false
		}
	}
	return true
}

// Holds reports whether t holds for the answers.
func (t Term) Holds(a Answers) bool {
	got := a.m[t.Question]
	in := func(v string) bool { return slices.Contains(got, v) }
	switch {
	case len(t.Any) > 0 && !slices.ContainsFunc(t.Any, in):
		return false
	case slices.ContainsFunc(t.All, func(v string) bool { return !in(v) }):
		return false
	}
	return !slices.ContainsFunc(t.None, in)
}

func anyHolds(conds []Condition, a Answers) bool {
	return slices.ContainsFunc(conds, func(c Condition) bool { return c.Holds(a) })
}

// A Recommendation is what Recommend found.
type Recommendation struct {
	// Matches are the pictures that fit, in the order of the rules; the
	// fallback alone when none fits; none at all after an emergency sign.
	Matches []Match
}

// A Match is one picture that fits, with its care.
type Match struct {
	Picture   Picture
	Clinician Clinician
	// Treatments are the treatments commonly considered, with the notes
	// of the contraindications that flag them.
	Treatments []Treatment
	// Withheld are the treatments a contraindication removed, with its
	// note as the reason.
	Withheld []Treatment
}

// A Treatment is a treatment of the catalogue, by slug, with notes.
type Treatment struct {
	Slug  string
	Notes []string
}

// Treatments returns the slugs of every treatment of every match, each
// once, in the order of the matches.
func (r Recommendation) Treatments() []string {
	var out []string
	for _, m := range r.Matches {
		for _, t := range m.Treatments {
			if !slices.Contains(out, t.Slug) {
				out = append(out, t.Slug)
			}
		}
	}
	return out
}

// Recommend applies the rules to the answers. It gives nothing when the
// answers hold an emergency sign: the only advice then is to go to an
// emergency department. Otherwise it works with whatever is answered;
// call Triage first to know the check is finished and how urgent it is.
func Recommend(a Answers, r *Rules) Recommendation {
	if len(emergencySigns(a)) > 0 {
		return Recommendation{}
	}
	var out Recommendation
	for _, p := range r.Pictures {
		if anyHolds(p.When, a) {
			out.Matches = append(out.Matches, r.match(p, a))
		}
	}
	if len(out.Matches) == 0 {
		out.Matches = []Match{r.match(r.Fallback, a)}
	}
	return out
}

// match applies the contraindications to picture p's treatments.
func (r *Rules) match(p Picture, a Answers) Match {
	m := Match{Picture: p, Clinician: r.clinician(p.Clinician)}
	for _, slug := range p.Treatments {
		flags, removals := r.notes(slug, a)
		if len(removals) > 0 {
			m.Withheld = append(m.Withheld, Treatment{Slug: slug, Notes: removals})
		} else {
			m.Treatments = append(m.Treatments, Treatment{Slug: slug, Notes: flags})
		}
	}
	return m
}

// notes returns the notes of the contraindications that apply to the
// treatment slug: those that flag it and those that remove it.
func (r *Rules) notes(slug string, a Answers) (flags, removals []string) {
	for _, c := range r.Contraindications {
		if !slices.Contains(c.Treatments, slug) || !anyHolds(c.When, a) {
			continue
		}
		if c.Action == Remove {
			removals = append(removals, c.Note)
		} else {
			flags = append(flags, c.Note)
		}
	}
	return flags, removals
}

func (r *Rules) clinician(id string) Clinician {
	for _, c := range r.Clinicians {
		if c.ID == id {
			return c
		}
	}
	return Clinician{ID: id}
}
