package intake

import (
	"errors"
	"fmt"
	"net/url"
	"os"
	"testing"

	"github.com/google/go-cmp/cmp"

	"clinic"
)

// fixture loads a structure-only instrument from testdata/instruments.
func fixture(t testing.TB, name string) *Instrument {
	t.Helper()
	data, err := os.ReadFile("testdata/instruments/" + name + ".yaml")
	if err != nil {
		t.Fatal(err)
	}
	inst, err := ParseInstrument(name+".yaml", data)
	if err != nil {
		t.Fatal(err)
	}
	return inst
}

// positions makes a response from the chosen positions of items with ids
// prefix1, prefix2, ...; -1 skips an item.
func positions(prefix string, pos ...int) Response {
	r := Response{}
	for i, p := range pos {
		if p >= 0 {
			r[fmt.Sprintf("%s%d", prefix, i+1)] = p
		}
	}
	return r
}

// got is a ScoreResult reduced to "id=value band" per score and the group.
func got(res ScoreResult) []string {
	var out []string
	for _, s := range res.Scores {
		out = append(out, fmt.Sprintf("%s=%.4g %s", s.ID, s.Value, s.Band))
	}
	if res.Group != "" {
		out = append(out, "group "+res.Group)
	}
	return out
}

func TestScoreWorkedExamples(t *testing.T) {
	odi, ndi, sb := fixture(t, "odi"), fixture(t, "ndi"), fixture(t, "startback")
	for _, tc := range []struct {
		name string
		inst *Instrument
		r    Response
		want []string
	}{
		{"ODI: 16 of 50 is 32 % (Fairbank and Pynsent's example)", odi,
			positions("s", 2, 2, 2, 2, 2, 2, 1, 1, 1, 1), []string{"index=32 Moderate disability"}},
		{"ODI: 16 with one section missed is 16/45, 35.6 %", odi,
			positions("s", 2, 2, 2, 2, 2, 2, 2, 1, 1, -1), []string{"index=35.56 Moderate disability"}},
		{"ODI: 20 % is still minimal", odi,
			positions("s", 1, 1, 1, 1, 1, 1, 1, 1, 1, 1), []string{"index=20 Minimal disability"}},
		{"ODI: 22 % is moderate", odi,
			positions("s", 2, 1, 1, 1, 1, 1, 1, 1, 1, 1), []string{"index=22 Moderate disability"}},
		{"ODI: 9 of 45 with one missed is 20 %, minimal", odi,
			positions("s", -1, 1, 1, 1, 1, 1, 1, 1, 1, 1), []string{"index=20 Minimal disability"}},
		{"ODI: the lowest score", odi,
			positions("s", 0, 0, 0, 0, 0, 0, 0, 0, 0, 0), []string{"index=0 Minimal disability"}},
		{"ODI: the highest score", odi,
			positions("s", 5, 5, 5, 5, 5, 5, 5, 5, 5, 5), []string{"index=100 Bed-bound"}},
		{"ODI: 62 % is crippled", odi,
			positions("s", 3, 3, 3, 3, 3, 3, 3, 3, 3, 4), []string{"index=62 Crippled"}},
		{"NDI: 20 of 50 is 40 %, moderate", ndi,
			positions("s", 2, 2, 2, 2, 2, 2, 2, 2, 2, 2), []string{"total=20 Moderate disability", "percent=40 "}},
		{"NDI: 18 with one section missed counts the mean for it: 20 of 50", ndi,
			positions("s", 2, 2, 2, 2, 2, 2, 2, 2, 2, -1), []string{"total=20 Moderate disability", "percent=40 "}},
		{"NDI: 4 is no disability", ndi,
			positions("s", 1, 1, 1, 1, 0, 0, 0, 0, 0, 0), []string{"total=4 No disability", "percent=8 "}},
		{"NDI: 5 is mild", ndi,
			positions("s", 1, 1, 1, 1, 1, 0, 0, 0, 0, 0), []string{"total=5 Mild disability", "percent=10 "}},
		{"NDI: 35 is complete", ndi,
			positions("s", 4, 4, 4, 4, 4, 3, 3, 3, 3, 3), []string{"total=35 Complete disability", "percent=70 "}},
		{"NDI: 13 of 45 with one missed is 14.4 of 50, past the mild band", ndi,
			positions("s", 2, 2, 2, 2, 1, 1, 1, 1, 1, -1), []string{"total=14.44 Moderate disability", "percent=28.89 "}},
		{"STarT Back: nothing agreed is low risk", sb,
			positions("q", 0, 0, 0, 0, 0, 0, 0, 0, 0), []string{"overall=0 ", "psychosocial=0 ", "group Low risk"}},
		{"STarT Back: an overall score of 3 is low risk whatever the subscale", sb,
			positions("q", 0, 0, 0, 0, 1, 1, 1, 0, 0), []string{"overall=3 ", "psychosocial=3 ", "group Low risk"}},
		{"STarT Back: 4 overall with a subscale of 3 is medium risk", sb,
			positions("q", 1, 0, 0, 0, 1, 1, 1, 0, 0), []string{"overall=4 ", "psychosocial=3 ", "group Medium risk"}},
		{"STarT Back: a subscale of 4 is high risk", sb,
			positions("q", 0, 0, 0, 0, 1, 1, 1, 1, 0), []string{"overall=4 ", "psychosocial=4 ", "group High risk"}},
		{"STarT Back: very much bothersome counts as one", sb,
			positions("q", 1, 1, 0, 0, 1, 1, 1, 0, 3), []string{"overall=6 ", "psychosocial=4 ", "group High risk"}},
		{"STarT Back: moderately bothersome counts as none", sb,
			positions("q", 1, 1, 0, 0, 1, 1, 1, 0, 2), []string{"overall=5 ", "psychosocial=3 ", "group Medium risk"}},
		{"STarT Back: everything agreed is 9 and 5, high risk", sb,
			positions("q", 1, 1, 1, 1, 1, 1, 1, 1, 4), []string{"overall=9 ", "psychosocial=5 ", "group High risk"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			res, err := Score(tc.inst, tc.r)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tc.want, got(res)); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
}

func TestScoreRefusesTooManySkippedItems(t *testing.T) {
	odi, ndi, sb := fixture(t, "odi"), fixture(t, "ndi"), fixture(t, "startback")
	for _, tc := range []struct {
		name string
		inst *Instrument
		r    Response
		want string
	}{
		{"ODI with two sections missed", odi, positions("s", 1, 1, 1, 1, 1, 1, 1, 1, -1, -1),
			"2 of the 10 items of Oswestry Disability Index (structure only) are unanswered; it is scored with at most 1 unanswered"},
		{"NDI with two sections missed", ndi, positions("s", -1, 1, 1, 1, 1, 1, 1, 1, -1, 1),
			"2 of the 10 items of Neck Disability Index (structure only) are unanswered; it is scored with at most 1 unanswered"},
		{"STarT Back with one item missed", sb, positions("q", 1, 1, 1, 1, 1, 1, 1, 1, -1),
			"1 of the 9 items of STarT Back Screening Tool (structure only) are unanswered; it is scored only with every item answered"},
		{"an empty response", odi, Response{},
			"10 of the 10 items of Oswestry Disability Index (structure only) are unanswered; it is scored with at most 1 unanswered"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Score(tc.inst, tc.r)
			if !errors.Is(err, ErrTooManySkipped) || clinic.ErrorKind(err) != clinic.EInvalid {
				t.Fatalf("err = %v, want an invalid error with ErrTooManySkipped", err)
			}
			if diff := cmp.Diff(tc.want, clinic.ErrorMessage(err)); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
}

func TestScoreRefusesUnknownItemsAndChoices(t *testing.T) {
	odi := fixture(t, "odi")
	for name, r := range map[string]Response{
		"an unknown item":       {"s11": 0},
		"a choice past the end": {"s1": 6},
		"a negative choice":     {"s1": -1},
	} {
		if _, err := Score(odi, r); clinic.ErrorKind(err) != clinic.EInvalid || errors.Is(err, ErrTooManySkipped) {
			t.Errorf("%s: err = %v, want an invalid error", name, err)
		}
	}
}

func TestReachesMCID(t *testing.T) {
	odi, pain := fixture(t, "odi"), shipped(t, "pain-back-neck")
	groc := shipped(t, "global-rating-of-change")
	for _, tc := range []struct {
		name          string
		inst          *Instrument
		before, after float64
		want          bool
	}{
		{"pain: 2 points better reaches it", pain, 7, 5, true},
		{"pain: 1 point better does not", pain, 7, 6, false},
		{"pain: 1 point from 3 is 33 %, which reaches it", pain, 3, 2, true},
		{"pain: 30 % exactly reaches it", pain, 10, 7, true},
		{"pain: worse never reaches it", pain, 5, 7, false},
		{"pain: no pain before cannot improve", pain, 0, 0, false},
		{"ODI: 10 points better reaches it", odi, 40, 30, true},
		{"ODI: 9 points, 22.5 %, does not", odi, 40, 31, false},
		{"ODI: 6 points from 20 is 30 %, which reaches it", odi, 20, 14, true},
		{"ODI: 5 points from 20 is 25 %, which does not", odi, 20, 15, false},
		{"ODI: a prorated 35.6 to 25.6 is 10 points", odi, 16.0 / 45 * 100, 16.0/45*100 - 10, true},
		{"an instrument without an MCID never reaches one", groc, -3, 3, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := tc.inst.ReachesMCID(tc.before, tc.after); got != tc.want {
				t.Errorf("ReachesMCID(%g, %g) = %v, want %v", tc.before, tc.after, got, tc.want)
			}
		})
	}
	if got := groc.Improvement(0, 2); got != 2 {
		t.Errorf("a global rating from 0 to 2 improves by %g, want 2 (higher is better)", got)
	}
}

func TestParseResponse(t *testing.T) {
	sb := fixture(t, "startback")
	r, errs := ParseResponse(sb, url.Values{"q1": {"1"}, "q2": {""}, "q9": {"4"}, "q3": {"2"}, "q4": {"01"}, "q5": {"0", "1"}, "other": {"x"}})
	if diff := cmp.Diff(Response{"q1": 1, "q9": 4}, r); diff != "" {
		t.Errorf("response (-want +got):\n%s", diff)
	}
	want := clinic.FieldErrors{"q3": "Please choose one of the answers shown.", "q4": "Please choose one of the answers shown.",
		"q5": "Please choose one of the answers shown."}
	if diff := cmp.Diff(want, errs); diff != "" {
		t.Errorf("errors (-want +got):\n%s", diff)
	}
	back, errs := ParseResponse(sb, r.Encode())
	if errs != nil || !cmp.Equal(r, back) {
		t.Errorf("Encode then ParseResponse = %v, %v; want %v", back, errs, r)
	}
}
