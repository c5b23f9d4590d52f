package intake

import (
	"errors"
	"net/url"
	"strconv"
	"strings"

	"clinic"
)

// A Response holds, for each answered item by id, the position of the
// chosen choice in the item's Choices, counted from 0. An item that is
// not in the map was skipped.
type Response map[string]int

// ErrTooManySkipped is in the chain of Score's error when more items are
// unanswered than the instrument's MaxMissing allows.
var ErrTooManySkipped = errors.New("too many items unanswered")

// ParseResponse reads a response to inst from form values: for each item,
// its id as the key and the position of the choice as the value. An item
// with no value, or an empty one, is skipped; keys that name no item are
// ignored. It returns what is valid and a message for each item whose
// value is not (nil when all are valid).
func ParseResponse(inst *Instrument, v url.Values) (Response, clinic.FieldErrors) {
	r := Response{}
	errs := clinic.FieldErrors{}
	for _, it := range inst.Items {
		vals := nonEmpty(v[it.ID])
		if len(vals) == 0 {
			continue
		}
		pos, err := strconv.Atoi(vals[0])
		if len(vals) > 1 || err != nil || pos < 0 || pos >= len(it.Choices) || vals[0] != strconv.Itoa(pos) {
			errs[it.ID] = "Please choose one of the answers shown."
			continue
		}
		r[it.ID] = pos
	}
	if len(errs) == 0 {
		errs = nil
	}
	return r, errs
}

// Encode writes r as form values that ParseResponse reads back.
func (r Response) Encode() url.Values {
	v := make(url.Values, len(r))
	for id, pos := range r {
		v.Set(id, strconv.Itoa(pos))
	}
	return v
}

// ScoreResult is a scored response.
type ScoreResult struct {
	Instrument        string
	Scores            []ScoreValue // in the order of the instrument's scores
	Primary           string       // the id of the primary score
	Group             string       // the label of the group, or "" when the instrument has none
	Answered, Skipped int
}

// A ScoreValue is the value of one score.
type ScoreValue struct {
	ID, Label string
	Value     float64
	Min, Max  float64
	Band      string // the label of the band Value is in, or ""
}

// Score returns the score of ID id, and whether there is one.
func (r ScoreResult) Score(id string) (ScoreValue, bool) {
	for _, s := range r.Scores {
		if s.ID == id {
			return s, true
		}
	}
	return ScoreValue{}, false
}

// PrimaryScore returns the primary score.
func (r ScoreResult) PrimaryScore() ScoreValue {
	s, _ := r.Score(r.Primary)
	return s
}

// Score scores a response to inst by the instrument's rules. A response
// that names an unknown item or choice fails with EInvalid; so does one
// with more than inst.MaxMissing items skipped, with ErrTooManySkipped in
// the error's chain.
func Score(inst *Instrument, r Response) (ScoreResult, error) {
	if err := checkResponse(inst, r); err != nil {
		return ScoreResult{}, err
	}
	res := ScoreResult{Instrument: inst.ID, Primary: inst.Primary, Answered: len(r), Skipped: len(inst.Items) - len(r)}
	if res.Skipped > inst.MaxMissing {
		return ScoreResult{}, &clinic.Error{Kind: clinic.EInvalid, Err: ErrTooManySkipped, Message: skippedMessage(inst, res.Skipped)}
	}
	for _, rule := range inst.Scores {
		res.Scores = append(res.Scores, score(inst, rule, r))
	}
	res.Group = group(inst.Groups, res)
	return res, nil
}

func checkResponse(inst *Instrument, r Response) error {
	for id, pos := range r {
		it, ok := inst.item(id)
		switch {
		case !ok:
			return clinic.Errorf(clinic.EInvalid, "%s has no item %q", inst.Title, id)
		case pos < 0 || pos >= len(it.Choices):
			return clinic.Errorf(clinic.EInvalid, "item %s of %s has no choice %d", id, inst.Title, pos)
		}
	}
	return nil
}

func skippedMessage(inst *Instrument, skipped int) string {
	var b strings.Builder
	b.WriteString(strconv.Itoa(skipped) + " of the " + strconv.Itoa(len(inst.Items)) + " items of " + inst.Title + " are unanswered; ")
	switch inst.MaxMissing {
	case 0:
		b.WriteString("it is scored only with every item answered")
	default:
		b.WriteString("it is scored with at most " + strconv.Itoa(inst.MaxMissing) + " unanswered")
	}
	return b.String()
}

// score computes one score. checkMissing made sure every score has an
// answered item.
func score(inst *Instrument, rule ScoreRule, r Response) ScoreValue {
	var sum, most float64
	answered := 0
	for _, id := range rule.Items {
		pos, ok := r[id]
		if !ok {
			continue
		}
		it, _ := inst.item(id)
		_, hi := valueRange(it)
		sum += float64(it.Choices[pos].Value)
		most += float64(hi)
		answered++
	}
	v := ScoreValue{ID: rule.ID, Label: rule.Label, Min: rule.Min, Max: rule.Max}
	switch rule.Method {
	case Percent:
		v.Value = sum / most * 100
	default:
		v.Value = sum * float64(len(rule.Items)) / float64(answered)
	}
	v.Band = band(rule.Bands, v.Value)
	return v
}

func band(bands []Band, v float64) string {
	for _, b := range bands {
		if v <= b.UpTo+epsilon {
			return b.Label
		}
	}
	return ""
}

// group returns the label of the first group whose bounds all hold.
func group(groups []Group, res ScoreResult) string {
	for _, g := range groups {
		if boundsHold(g.When, res) {
			return g.Label
		}
	}
	return ""
}

func boundsHold(bounds []Bound, res ScoreResult) bool {
	for _, b := range bounds {
		s, _ := res.Score(b.Score)
		if (b.AtLeast != nil && s.Value < *b.AtLeast-epsilon) || (b.AtMost != nil && s.Value > *b.AtMost+epsilon) {
			return false
		}
	}
	return true
}
