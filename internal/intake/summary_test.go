package intake

import (
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestSummaryListsTheAnswersThatApply(t *testing.T) {
	a := complete(t, map[string][]string{
		qFever: {Yes}, qInfectRisk: {No}, qWhere: {Arm, Neck},
		qHealth: {"blood_thinner", "pacemaker"}, qTried: {"physical_therapy", "pharmacy_medicine"},
	})
	got := map[string]string{}
	var order []string
	for _, l := range Summary(a) {
		got[l.Topic] = l.Text
		order = append(order, l.Topic)
	}
	want := map[string]string{
		"Fever": "Yes",
		"Injects drugs or has a weakened immune system": "No",
		"Where it hurts":                  "Neck and arm",
		"Pain now":                        "6 out of 10",
		"Age":                             "40 to 49",
		"Health":                          "I take a blood thinner, such as warfarin, apixaban, rivaroxaban or clopidogrel; I have a pacemaker or an implanted defibrillator",
		"Tried so far":                    "Physical therapy and pain relievers from a pharmacy",
		"How long":                        "More than 12 weeks",
		"Spreads below the knee or elbow": "No",
	}
	for topic, text := range want {
		if got[topic] != text {
			t.Errorf("%s: %q, want %q", topic, got[topic], text)
		}
	}
	for _, topic := range []string{"First time with pain like this", "Morning stiffness over half an hour"} {
		if _, ok := got[topic]; ok {
			t.Errorf("the summary holds %q, a question that was not asked", topic)
		}
	}
	if order[0] != "New trouble passing urine" {
		t.Errorf("the summary starts with %q, want the first question", order[0])
	}
}

func TestDescribe(t *testing.T) {
	for _, tc := range []struct {
		name   string
		answer map[string][]string
		want   string
	}{
		{"nothing answered says nothing", nil, ""},
		{"a full picture reads as one sentence",
			map[string][]string{qWhere: {LowBack, ButtockLeg}, qSpreads: {Yes}, qSince: {Over12Weeks}, qPainNow: {"6"}, qPainAverage: {"5"}},
			"Pain in the low back and buttock or leg, spreading below the knee or elbow, for more than 12 weeks; 6 out of 10 now and 5 on average."},
		{"three places are listed with commas",
			map[string][]string{qWhere: {Neck, MidBack, Arm}, qSpreads: {No}},
			"Pain in the neck, middle of the back and arm."},
		{"ratings alone start with a capital",
			map[string][]string{qPainAverage: {"3"}}, "3 out of 10 on average."},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var a Answers
			for id, v := range tc.answer {
				var err error
				if a, err = a.With(id, v...); err != nil {
					t.Fatal(err)
				}
			}
			if diff := cmp.Diff(tc.want, Describe(a)); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
}
