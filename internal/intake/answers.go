package intake

import (
	"net/url"
	"slices"
	"strconv"
	"strings"

	"clinic"
)

// Answers is what a person has answered so far, by question id. The zero
// value holds no answers. Answers are values: With returns a copy.
type Answers struct {
	m map[string][]string
}

// maxValueLen bounds one submitted value, in bytes; every valid value is
// shorter.
const maxValueLen = 64

// ParseAnswers reads answers from form values keyed by question id, as
// Encode writes them. Keys that name no question are ignored, so a form
// may carry other fields. A question with no value, or only empty ones, is
// unanswered. It returns the answers that are valid and, for each
// question whose values are not, a message saying what to fix (nil when
// all are valid).
func ParseAnswers(v url.Values) (Answers, clinic.FieldErrors) {
	var a Answers
	errs := clinic.FieldErrors{}
	for _, q := range questions {
		vals := nonEmpty(v[q.ID])
		if len(vals) == 0 {
			continue
		}
		if msg := check(q, vals); msg != "" {
			errs[q.ID] = msg
			continue
		}
		a.set(q.ID, vals)
	}
	if len(errs) == 0 {
		errs = nil
	}
	return a, errs
}

// With returns a copy of a in which question id has the values, or no
// answer when there are none. The error is an EInvalid *clinic.Error
// saying what is wrong with them.
func (a Answers) With(id string, values ...string) (Answers, error) {
	q, ok := QuestionByID(id)
	if !ok {
		return a, clinic.Errorf(clinic.EInvalid, "there is no question %q", id)
	}
	values = nonEmpty(values)
	if len(values) > 0 {
		if msg := check(q, values); msg != "" {
			return a, clinic.Errorf(clinic.EInvalid, "%s: %s", id, msg)
		}
	}
	b := Answers{m: make(map[string][]string, len(a.m)+1)}
	for k, v := range a.m {
		b.m[k] = v
	}
	if len(values) == 0 {
		delete(b.m, id)
		return b, nil
	}
	b.set(id, values)
	return b, nil
}

// set records values, which check has passed, sorted in the question's
// order of choices so that equal answers compare equal.
func (a *Answers) set(id string, values []string) {
	if a.m == nil {
		a.m = map[string][]string{}
	}
	q := questions[questionIndex[id]]
	vals := slices.Clone(values)
	if q.Kind == AnyOf {
		slices.SortFunc(vals, func(x, y string) int { return choiceIndex(q, x) - choiceIndex(q, y) })
	}
	a.m[id] = vals
}

// check returns what is wrong with non-empty values for q, or "".
func check(q Question, vals []string) string {
	for _, v := range vals {
		if len(v) > maxValueLen {
			return "Please choose one of the answers shown."
		}
	}
	switch q.Kind {
	case Rating:
		return checkRating(vals)
	case YesNo, OneOf:
		if len(vals) > 1 {
			return "Please choose only one answer."
		}
	}
	return checkChoices(q, vals)
}

func checkRating(vals []string) string {
	msg := "Please choose a number from 0 to 10."
	if len(vals) > 1 {
		return msg
	}
	n, err := strconv.Atoi(vals[0])
	if err != nil || n < RatingMin || n > RatingMax || vals[0] != strconv.Itoa(n) {
		return msg
	}
	return ""
}

func checkChoices(q Question, vals []string) string {
	seen := map[string]bool{}
	for _, v := range vals {
		if !q.valid(v) {
			return "Please choose one of the answers shown."
		}
		if seen[v] {
			return "Please choose each answer only once."
		}
		seen[v] = true
	}
	if q.None != "" && seen[q.None] && len(vals) > 1 {
		return "Please choose “" + q.Label(q.None) + "” or the others, not both."
	}
	return ""
}

func choiceIndex(q Question, v string) int {
	return slices.IndexFunc(q.Choices, func(c Choice) bool { return c.Value == v })
}

func nonEmpty(vals []string) []string {
	var out []string
	for _, v := range vals {
		if v = strings.TrimSpace(v); v != "" {
			out = append(out, v)
		}
	}
	return out
}

// Encode writes a as form values that ParseAnswers reads back.
func (a Answers) Encode() url.Values {
	v := make(url.Values, len(a.m))
	for k, vals := range a.m {
		v[k] = slices.Clone(vals)
	}
	return v
}

// Has reports whether question id has an answer.
func (a Answers) Has(id string) bool { return len(a.m[id]) > 0 }

// Len returns how many questions have an answer.
func (a Answers) Len() int { return len(a.m) }

// Yes reports whether the YesNo question id was answered yes.
func (a Answers) Yes(id string) bool { return a.Choice(id) == Yes }

// No reports whether the YesNo question id was answered no.
func (a Answers) No(id string) bool { return a.Choice(id) == No }

// Choice returns the answer to a question that takes one value, or "".
func (a Answers) Choice(id string) string {
	if vals := a.m[id]; len(vals) == 1 {
		return vals[0]
	}
	return ""
}

// Choices returns the values chosen for question id, in the question's
// order of choices.
func (a Answers) Choices(id string) []string { return slices.Clone(a.m[id]) }

// Includes reports whether value is among the answers to question id.
func (a Answers) Includes(id, value string) bool { return slices.Contains(a.m[id], value) }

// Rating returns the answer to a Rating question and whether it has one.
func (a Answers) Rating(id string) (int, bool) {
	n, err := strconv.Atoi(a.Choice(id))
	return n, err == nil && a.Has(id)
}
