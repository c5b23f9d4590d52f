package intake

import (
	"slices"
	"testing"
)

// redFlags are the yes/no questions of the red flags, emergency and
// urgent, including those asked only after another (a fever, then the risk
// of infection).
var redFlags = []string{
	qBladder, qSaddle, qBowel, qLegsWeaker, qBothLegs, qMajorInjury, qFever, qInfectRisk,
	qCancer, qNewNumbness, qMinorInjury, qWeakBones, qWeightLoss, qNightPain, qFirstTime,
}

// combination is one set of answers to the red flags: bit i of mask
// answers redFlags[i] yes.
type combination struct {
	mask uint
	age  string
}

func (c combination) yes(id string) bool {
	return c.mask&(1<<slices.Index(redFlags, id)) != 0
}

// emergency and urgent restate the red flags from the clinic's list, apart
// from the code under test. answered limits them to the questions answered
// so far; nil means all.
func (c combination) emergency(answered map[string]bool) bool {
	y := c.answeredYes(answered)
	return y(qBladder) || y(qSaddle) || y(qBowel) || y(qLegsWeaker) || y(qBothLegs) || y(qMajorInjury) ||
		(y(qFever) && y(qInfectRisk)) || (y(qCancer) && y(qNewNumbness))
}

func (c combination) urgent() bool {
	over50 := c.age == Age50To64 || c.age == Age65Plus
	return c.yes(qCancer) || c.yes(qWeightLoss) || c.yes(qNightPain) || (over50 && c.yes(qFirstTime)) ||
		(!c.yes(qMajorInjury) && c.yes(qMinorInjury) && c.yes(qWeakBones))
}

func (c combination) answeredYes(answered map[string]bool) func(string) bool {
	return func(id string) bool { return c.yes(id) && (answered == nil || answered[id]) }
}

// answer is how the walk answers q: red flags and age from c, the rest
// with a fixed picture of low back pain.
func (c combination) answer(q Question) []string {
	switch {
	case slices.Contains(redFlags, q.ID):
		if c.yes(q.ID) {
			return []string{Yes}
		}
		return []string{No}
	case q.ID == qAge:
		return []string{c.age}
	}
	return pictureAnswers[q.ID]
}

var pictureAnswers = map[string][]string{
	qWhere: {LowBack, ButtockLeg}, qSpreads: {No}, qSince: {Over12Weeks}, qPainNow: {"6"}, qPainAverage: {"5"},
	qBetter: {"lying_down"}, qWorse: {"sitting"}, qTried: {noneOfThese}, qHealth: {noneOfThese},
	qMorningStiff: {No}, qNightWaking: {No}, qAltButtock: {No},
}

// TestEveryCombinationOfRedFlags walks the symptom check with every
// combination of answers to the red flags (2^15, at an age under 50 and
// one over), screen by screen as a person would, and checks that:
// an emergency sign answered yes leads straight to the emergency stop, with
// only safety questions before it and nothing after; without one the walk
// finishes; and the triage of the walk is Emergency, Urgent or Routine
// exactly as the clinic's list of red flags says.
func TestEveryCombinationOfRedFlags(t *testing.T) {
	n := 0
	for _, age := range []string{Age40To49, Age50To64} {
		for mask := uint(0); mask < 1<<len(redFlags); mask++ {
			c := combination{mask, age}
			a := walk(t, c)
			checkTriage(t, c, a)
			checkFlagsAlone(t, c)
			n++
		}
	}
	if n != 2<<len(redFlags) {
		t.Fatalf("walked %d combinations, want %d", n, 2<<len(redFlags))
	}
}

// walk answers the screens Next shows until it stops or finishes.
func walk(t *testing.T, c combination) Answers {
	t.Helper()
	var a Answers
	answered := map[string]bool{}
	for range len(questions) + 1 {
		step := Next(a)
		switch step.Kind {
		case EmergencyStop:
			if !c.emergency(answered) {
				t.Fatalf("%+v: emergency stop with no emergency sign answered yes", c)
			}
			return a
		case Finished:
			if c.emergency(nil) {
				t.Fatalf("%+v: finished without the emergency stop", c)
			}
			return a
		}
		q := step.Question
		if c.emergency(answered) {
			t.Fatalf("%+v: asked %s after an emergency sign was answered yes", c, q.ID)
		}
		if c.emergency(nil) && q.Section != Safety {
			t.Fatalf("%+v: showed the %s screen before the emergency stop", c, q.ID)
		}
		if answered[q.ID] {
			t.Fatalf("%+v: asked %s twice", c, q.ID)
		}
		a.set(q.ID, c.answer(q))
		answered[q.ID] = true
	}
	t.Fatalf("%+v: the walk never ended", c)
	return a
}

func checkTriage(t *testing.T, c combination, a Answers) {
	t.Helper()
	r, err := Triage(a)
	if err != nil {
		t.Fatalf("%+v: Triage: %v", c, err)
	}
	want := Routine
	switch {
	case c.emergency(nil):
		want = Emergency
	case c.urgent():
		want = Urgent
	}
	if r.Urgency != want {
		t.Fatalf("%+v: urgency %s, want %s (reasons %+v)", c, r.Urgency, want, r.Reasons)
	}
	if (want == Routine) != (len(r.Reasons) == 0) {
		t.Fatalf("%+v: %s with reasons %+v", c, r.Urgency, r.Reasons)
	}
}

// checkFlagsAlone checks the answers to every red flag with nothing else:
// an emergency stops; anything else asks on and cannot be triaged yet.
func checkFlagsAlone(t *testing.T, c combination) {
	t.Helper()
	var a Answers
	for _, id := range redFlags {
		a.set(id, c.answer(questions[questionIndex[id]]))
	}
	a.set(qAge, []string{c.age})
	step := Next(a)
	if c.emergency(nil) {
		if step.Kind != EmergencyStop {
			t.Fatalf("%+v: red flags alone lead to %s, want the emergency stop", c, step.Kind)
		}
		return
	}
	if step.Kind != Ask || step.Question.Section == Safety {
		t.Fatalf("%+v: red flags alone lead to %s %s, want the first question about the pain", c, step.Kind, step.Question.ID)
	}
	if r, err := Triage(a); err == nil {
		t.Fatalf("%+v: an unfinished check was triaged as %s", c, r.Urgency)
	}
}

func TestEmergencyQuestionsComeFirst(t *testing.T) {
	inEmergency := map[string]bool{}
	for _, s := range signs {
		if s.urgency == Emergency {
			for _, id := range s.questions {
				inEmergency[id] = true
			}
		}
	}
	last := -1
	for i, q := range questions {
		if inEmergency[q.ID] {
			last = i
		}
	}
	for i, q := range questions[:last] {
		if !inEmergency[q.ID] {
			t.Errorf("question %d, %s, is in no emergency sign but comes before the emergency question %s", i, q.ID, questions[last].ID)
		}
	}
}

func TestRedFlagsListsEveryYesNoSafetyQuestion(t *testing.T) {
	var want []string
	for _, q := range questions {
		if q.Section == Safety && q.Kind == YesNo {
			want = append(want, q.ID)
		}
	}
	if !slices.Equal(want, redFlags) {
		t.Errorf("the red-flag walk covers %v, but the safety questions are %v", redFlags, want)
	}
}
