package intake

import (
	"testing"

	"github.com/google/go-cmp/cmp"

	"clinic"
)

func TestTriage(t *testing.T) {
	chronicYoungBack := map[string][]string{qAge: {Age18To39}, qSince: {Over12Weeks}, qWhere: {LowBack}}
	with := func(base map[string][]string, more map[string][]string) map[string][]string {
		out := map[string][]string{}
		for k, v := range base {
			out[k] = v
		}
		for k, v := range more {
			out[k] = v
		}
		return out
	}
	for _, tc := range []struct {
		name         string
		change       map[string][]string
		want         Urgency
		signs        []string
		rheumatology bool
		notes        []string
	}{
		{"no red flag is routine", nil, Routine, nil, false, nil},
		{"a fever alone is routine", map[string][]string{qFever: {Yes}, qInfectRisk: {No}}, Routine, nil, false, nil},
		{"a fever with a weakened immune system is an emergency",
			map[string][]string{qFever: {Yes}, qInfectRisk: {Yes}}, Emergency, []string{"fever_infection_risk"}, false, nil},
		{"an answer to a question that was not asked does not count",
			map[string][]string{qFever: {No}, qInfectRisk: {Yes}}, Routine, nil, false, nil},
		{"cancer in the past is urgent", map[string][]string{qCancer: {Yes}}, Urgent, []string{"cancer"}, false, nil},
		{"cancer with new numbness is an emergency, and urgent too",
			map[string][]string{qCancer: {Yes}, qNewNumbness: {Yes}}, Emergency, []string{"cancer_new_numbness", "cancer"}, false, nil},
		{"first pain like this at 50 or over is urgent",
			map[string][]string{qAge: {Age65Plus}, qFirstTime: {Yes}}, Urgent, []string{"new_after_50"}, false, nil},
		{"first pain like this under 50 is routine",
			map[string][]string{qAge: {Age40To49}, qFirstTime: {Yes}}, Routine, nil, false, nil},
		{"a small fall with thin bones is urgent",
			map[string][]string{qMinorInjury: {Yes}, qWeakBones: {Yes}}, Urgent, []string{"minor_injury_weak_bones"}, false, nil},
		{"a small fall alone is routine", map[string][]string{qMinorInjury: {Yes}}, Routine, nil, false, nil},
		{"several emergency signs are all given, in the order of the list",
			map[string][]string{qMajorInjury: {Yes}, qBladder: {Yes}, qWeightLoss: {Yes}}, Emergency,
			[]string{"bladder", "major_injury", "weight_loss"}, false, nil},
		{"two criteria of inflammatory back pain suggest a rheumatologist",
			with(chronicYoungBack, map[string][]string{qMorningStiff: {Yes}, qNightWaking: {Yes}}),
			Routine, nil, true, []string{RheumatologyNote}},
		{"better with movement but not rest counts as one criterion",
			with(chronicYoungBack, map[string][]string{qBetter: {betterMoving}, qAltButtock: {Yes}}),
			Routine, nil, true, []string{RheumatologyNote}},
		{"better with movement and with rest does not count",
			with(chronicYoungBack, map[string][]string{qBetter: {betterRest, betterMoving}, qAltButtock: {Yes}}),
			Routine, nil, false, nil},
		{"one criterion is not enough",
			with(chronicYoungBack, map[string][]string{qMorningStiff: {Yes}}), Routine, nil, false, nil},
		{"the criteria do not apply to pain of under 12 weeks",
			with(chronicYoungBack, map[string][]string{qSince: {Weeks6To12}, qMorningStiff: {Yes}, qNightWaking: {Yes}}),
			Routine, nil, false, nil},
		{"the criteria do not apply at 50 or over",
			with(chronicYoungBack, map[string][]string{qAge: {Age50To64}, qFirstTime: {No}, qMorningStiff: {Yes}, qNightWaking: {Yes}}),
			Routine, nil, false, nil},
		{"the criteria do not apply to neck pain alone",
			with(chronicYoungBack, map[string][]string{qWhere: {Neck}, qMorningStiff: {Yes}, qNightWaking: {Yes}}),
			Routine, nil, false, nil},
		{"an inflammatory pattern with a red flag keeps both",
			with(chronicYoungBack, map[string][]string{qWeightLoss: {Yes}, qMorningStiff: {Yes}, qNightWaking: {Yes}}),
			Urgent, []string{"weight_loss"}, true, []string{RheumatologyNote}},
		{"under 18 gets a note", map[string][]string{qAge: {AgeUnder18}}, Routine, nil, false, []string{YoungPersonNote}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r, err := Triage(complete(t, tc.change))
			if err != nil {
				t.Fatal(err)
			}
			var signs []string
			for _, reason := range r.Reasons {
				signs = append(signs, reason.Sign)
				if reason.Said == "" || reason.Why == "" {
					t.Errorf("reason %s has no words", reason.Sign)
				}
			}
			got := struct {
				Urgency      Urgency
				Signs        []string
				Rheumatology bool
				Notes        []string
			}{r.Urgency, signs, r.Rheumatology, r.Notes}
			want := got
			want.Urgency, want.Signs, want.Rheumatology, want.Notes = tc.want, tc.signs, tc.rheumatology, tc.notes
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
}

func TestTriageOfAnUnfinishedCheckFails(t *testing.T) {
	a := complete(t, map[string][]string{qPainNow: nil, qWeightLoss: {Yes}})
	_, err := Triage(a)
	if clinic.ErrorKind(err) != clinic.EInvalid {
		t.Fatalf("Triage = %v, want an invalid error", err)
	}
	if want := `the symptom check is not finished: "pain_now" has no answer yet`; clinic.ErrorMessage(err) != want {
		t.Errorf("message %q, want %q", clinic.ErrorMessage(err), want)
	}
}

func TestNextAndPrevious(t *testing.T) {
	a := complete(t, map[string][]string{qFever: {Yes}, qInfectRisk: nil})
	if step := Next(a); step.Kind != Ask || step.Question.ID != qInfectRisk {
		t.Errorf("Next = %s %s, want to ask %s", step.Kind, step.Question.ID, qInfectRisk)
	}
	for _, tc := range []struct{ id, fever, want string }{
		{qCancer, Yes, qInfectRisk},
		{qCancer, No, qFever},
		{qBladder, No, ""},
		{"nothing", No, ""},
	} {
		b := complete(t, map[string][]string{qFever: {tc.fever}})
		q, ok := Previous(b, tc.id)
		if q.ID != tc.want || ok != (tc.want != "") {
			t.Errorf("Previous(fever %s, %s) = %q, %v; want %q", tc.fever, tc.id, q.ID, ok, tc.want)
		}
	}
}

func TestPathEndsAtTheNextQuestion(t *testing.T) {
	a := complete(t, map[string][]string{qSince: nil})
	path := Path(a)
	if last := path[len(path)-1]; last.ID != qSince {
		t.Errorf("the path ends at %s, want %s", last.ID, qSince)
	}
	for _, q := range path {
		if q.ID == qFirstTime || q.ID == qInfectRisk {
			t.Errorf("the path holds %s, which is not asked", q.ID)
		}
	}
}

func TestQuestionsAreWellFormed(t *testing.T) {
	seen := map[string]bool{}
	for _, q := range Questions() {
		if seen[q.ID] || q.Text == "" || q.Brief == "" || q.Kind == 0 || q.Section == 0 {
			t.Errorf("question %q is repeated or incomplete", q.ID)
		}
		seen[q.ID] = true
		if (q.Kind == OneOf || q.Kind == AnyOf) != (len(q.Choices) > 0) {
			t.Errorf("question %s: %d choices for its kind", q.ID, len(q.Choices))
		}
		if q.None != "" && !q.valid(q.None) {
			t.Errorf("question %s: none value %q is not a choice", q.ID, q.None)
		}
	}
	q, _ := QuestionByID(qWhere)
	q.Choices[0].Label = "changed"
	if again, _ := QuestionByID(qWhere); again.Choices[0].Label == "changed" {
		t.Error("changing a returned question changed the questions")
	}
}
