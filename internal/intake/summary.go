package intake

import (
	"slices"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Disclaimer is shown with every result of the symptom check.
const Disclaimer = "This check is not a diagnosis and does not replace an examination by a clinician. " +
	"It uses your answers to suggest how soon to be seen and which kinds of care are often considered " +
	"for pain like yours; only a clinician who examines you can say what is causing your pain and what " +
	"is right for you. If your symptoms change or get worse, or you are worried, call your doctor. " +
	"In an emergency, call 911."

// A Line is one answer in a summary.
type Line struct {
	Topic string // the question's Brief: "Pain now"
	Text  string // the answer in words: "6 out of 10"
}

// Summary returns the answers to the questions that apply, one line each,
// in the order they were asked, for the person's result page and for
// staff. Answers to questions that do not apply are left out.
func Summary(a Answers) []Line {
	var out []Line
	for _, q := range questions {
		if q.Asked(a) && a.Has(q.ID) {
			out = append(out, Line{Topic: q.Brief, Text: answerText(q, a)})
		}
	}
	return out
}

func answerText(q Question, a Answers) string {
	switch q.Kind {
	case YesNo:
		if a.Yes(q.ID) {
			return "Yes"
		}
		return "No"
	case Rating:
		n, _ := a.Rating(q.ID)
		return strconv.Itoa(n) + " out of 10"
	}
	var labels []string
	for _, v := range a.m[q.ID] {
		labels = append(labels, q.Label(v))
	}
	return list(labels)
}

// Describe sums up the pain in one sentence, such as "Pain in the low back
// and buttock or leg, spreading below the knee or elbow, for more than 12
// weeks; 6 out of 10 now and 5 on average." It says only what was
// answered, and "" when nothing about the pain was.
func Describe(a Answers) string {
	var parts []string
	where := questions[questionIndex[qWhere]]
	if a.Has(qWhere) {
		parts = append(parts, "Pain in the "+lower(answerText(where, a)))
	}
	if a.Yes(qSpreads) {
		parts = append(parts, "spreading below the knee or elbow")
	}
	if since := a.Choice(qSince); since != "" {
		parts = append(parts, "for "+lower(questions[questionIndex[qSince]].Label(since)))
	}
	s := strings.Join(parts, ", ")
	if r := ratings(a); r != "" && s != "" {
		s += "; " + r
	} else if r != "" {
		s = upper(r)
	}
	if s == "" {
		return ""
	}
	return s + "."
}

// ratings writes the two pain ratings: "6 out of 10 now and 5 on average".
func ratings(a Answers) string {
	now, okNow := a.Rating(qPainNow)
	avg, okAvg := a.Rating(qPainAverage)
	switch {
	case okNow && okAvg:
		return strconv.Itoa(now) + " out of 10 now and " + strconv.Itoa(avg) + " on average"
	case okNow:
		return strconv.Itoa(now) + " out of 10 now"
	case okAvg:
		return strconv.Itoa(avg) + " out of 10 on average"
	}
	return ""
}

// list joins labels as a person would: "Neck, low back and arm". Labels
// that hold commas of their own are joined with semicolons.
func list(labels []string) string {
	for i := 1; i < len(labels); i++ {
		labels[i] = lower(labels[i])
	}
	if slices.ContainsFunc(labels, func(l string) bool { return strings.Contains(l, ",") }) {
		return strings.Join(labels, "; ")
	}
	if len(labels) < 2 {
		return strings.Join(labels, "")
	}
	return strings.Join(labels[:len(labels)-1], ", ") + " and " + labels[len(labels)-1]
}

// lower lowers the first letter of s unless it starts a word such as "I"
// or "HIV" that keeps its capital.
func lower(s string) string {
	_, n := utf8.DecodeRuneInString(s)
	if second, _ := utf8.DecodeRuneInString(s[n:]); !unicode.IsLower(second) {
		return s
	}
	return mapFirst(s, unicode.ToLower)
}

func upper(s string) string { return mapFirst(s, unicode.ToUpper) }

func mapFirst(s string, f func(rune) rune) string {
	r, n := utf8.DecodeRuneInString(s)
	if n == 0 {
		return s
	}
	return string(f(r)) + s[n:]
}
