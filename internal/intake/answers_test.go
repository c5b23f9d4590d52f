package intake

import (
	"net/url"
	"testing"

	"github.com/google/go-cmp/cmp"

	"clinic"
)

func TestParseAnswers(t *testing.T) {
	for _, tc := range []struct {
		name     string
		form     url.Values
		want     url.Values
		wantErrs clinic.FieldErrors
	}{
		{"an empty form answers nothing", url.Values{}, url.Values{}, nil},
		{"fields that name no question are ignored",
			url.Values{"csrf": {"x"}, qFever: {No}}, url.Values{qFever: {No}}, nil},
		{"empty values leave a question unanswered",
			url.Values{qFever: {"", " "}, qPainNow: {""}}, url.Values{}, nil},
		{"values are trimmed",
			url.Values{qFever: {" yes "}, qPainNow: {"7 "}}, url.Values{qFever: {Yes}, qPainNow: {"7"}}, nil},
		{"several choices come back in the question's order",
			url.Values{qWhere: {Arm, Neck, LowBack}}, url.Values{qWhere: {Neck, LowBack, Arm}}, nil},
		{"a yes/no question takes only yes or no",
			url.Values{qFever: {"maybe"}}, url.Values{},
			clinic.FieldErrors{qFever: "Please choose one of the answers shown."}},
		{"a question with one answer takes only one",
			url.Values{qSince: {Under6Weeks, Over12Weeks}, qFever: {Yes, No}}, url.Values{},
			clinic.FieldErrors{qSince: "Please choose only one answer.", qFever: "Please choose only one answer."}},
		{"a rating is a whole number from 0 to 10",
			url.Values{qPainNow: {"11"}, qPainAverage: {"-1"}}, url.Values{},
			clinic.FieldErrors{qPainNow: "Please choose a number from 0 to 10.", qPainAverage: "Please choose a number from 0 to 10."}},
		{"a rating is written plainly",
			url.Values{qPainNow: {"07"}, qPainAverage: {"+5"}}, url.Values{},
			clinic.FieldErrors{qPainNow: "Please choose a number from 0 to 10.", qPainAverage: "Please choose a number from 0 to 10."}},
		{"a rating takes one number",
			url.Values{qPainNow: {"3", "4"}}, url.Values{},
			clinic.FieldErrors{qPainNow: "Please choose a number from 0 to 10."}},
		{"none of these goes alone",
			url.Values{qHealth: {noneOfThese, "pacemaker"}}, url.Values{},
			clinic.FieldErrors{qHealth: "Please choose “None of these” or the others, not both."}},
		{"a choice is picked once",
			url.Values{qWhere: {Neck, Neck}}, url.Values{},
			clinic.FieldErrors{qWhere: "Please choose each answer only once."}},
		{"an unknown choice is refused",
			url.Values{qWhere: {"knee"}}, url.Values{},
			clinic.FieldErrors{qWhere: "Please choose one of the answers shown."}},
		{"a very long value is refused",
			url.Values{qWhere: {string(make([]byte, 100))}}, url.Values{},
			clinic.FieldErrors{qWhere: "Please choose one of the answers shown."}},
		{"valid answers are kept beside invalid ones",
			url.Values{qFever: {Yes}, qAge: {"42"}}, url.Values{qFever: {Yes}},
			clinic.FieldErrors{qAge: "Please choose one of the answers shown."}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			a, errs := ParseAnswers(tc.form)
			if diff := cmp.Diff(tc.wantErrs, errs); diff != "" {
				t.Errorf("errors (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff(tc.want, a.Encode()); diff != "" {
				t.Errorf("answers (-want +got):\n%s", diff)
			}
		})
	}
}

func TestWithCopiesAndChecks(t *testing.T) {
	a, err := Answers{}.With(qFever, Yes)
	if err != nil {
		t.Fatal(err)
	}
	b, err := a.With(qFever, No)
	if err != nil {
		t.Fatal(err)
	}
	if !a.Yes(qFever) || !b.No(qFever) {
		t.Errorf("With changed the answers it was called on: a %v, b %v", a.Encode(), b.Encode())
	}
	c, err := b.With(qFever)
	if err != nil || c.Has(qFever) || !b.Has(qFever) {
		t.Errorf("With and no values: has %v, err %v; want the answer gone from the copy only", c.Has(qFever), err)
	}
	for _, bad := range [][]string{{"nope", "maybe"}, {"question", Yes}} {
		if _, err := a.With(bad[0], bad[1]); clinic.ErrorKind(err) != clinic.EInvalid {
			t.Errorf("With(%q, %q) = %v, want an invalid error", bad[0], bad[1], err)
		}
	}
	if _, err := a.With(qFever, "maybe"); err == nil {
		t.Error("With accepted maybe for a yes/no question")
	}
}

func TestAnswersRoundTrip(t *testing.T) {
	a := complete(t, nil)
	b, errs := ParseAnswers(a.Encode())
	if errs != nil {
		t.Fatal(errs)
	}
	if diff := cmp.Diff(a.Encode(), b.Encode()); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
}

// complete returns a finished symptom check with no red flag, changed by
// the answers in change (a nil value removes an answer).
func complete(t testing.TB, change map[string][]string) Answers {
	t.Helper()
	var a Answers
	for _, q := range questions {
		switch {
		case q.ID == qAge:
			a.set(q.ID, []string{Age40To49})
		case q.Kind == YesNo && q.Section == Safety:
			a.set(q.ID, []string{No})
		default:
			a.set(q.ID, pictureAnswers[q.ID])
		}
	}
	for id, vals := range change {
		var err error
		if a, err = a.With(id, vals...); err != nil {
			t.Fatal(err)
		}
	}
	return a
}
