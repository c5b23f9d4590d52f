package intake

// StepKind says what comes next in the symptom check.
type StepKind int

const (
	// Ask means the next screen asks Step.Question.
	Ask StepKind = iota + 1
	// EmergencyStop means an emergency sign was answered yes: the only
	// screen left is the one that sends the person to an emergency
	// department, with nothing else to click first.
	EmergencyStop
	// Finished means every question that applies is answered: the result
	// comes next.
	Finished
)

func (k StepKind) String() string {
	switch k {
	case Ask:
		return "ask"
	case EmergencyStop:
		return "emergency stop"
	case Finished:
		return "finished"
	}
	return "unknown step"
}

// A Step is what the symptom check shows next.
type Step struct {
	Kind     StepKind
	Question Question // when Kind is Ask
}

// Next returns what comes after the answers so far. As soon as any
// emergency sign is answered yes, whatever else is answered or not, it is
// the emergency stop. Otherwise it is the first question, in the order of
// Questions, that applies and has no answer; or Finished when there is
// none. Answers may come in any order and any subset: Next looks at what
// is there, not at how it got there.
func Next(a Answers) Step {
	if len(emergencySigns(a)) > 0 {
		return Step{Kind: EmergencyStop}
	}
	for _, q := range questions {
		if q.Asked(a) && !a.Has(q.ID) {
			return Step{Kind: Ask, Question: q}
		}
	}
	return Step{Kind: Finished}
}

// Previous returns the question asked before question id, given the
// answers, for a Back button; false when id is the first question or no
// question at all.
func Previous(a Answers, id string) (Question, bool) {
	i, ok := questionIndex[id]
	if !ok {
		return Question{}, false
	}
	for i--; i >= 0; i-- {
		if questions[i].Asked(a) {
			q, _ := QuestionByID(questions[i].ID)
			return q, true
		}
	}
	return Question{}, false
}

// Path returns the questions that apply to the answers, in order, up to
// and including the next one to ask: the path a person has taken.
func Path(a Answers) []Question {
	var out []Question
	for _, q := range questions {
		if !q.Asked(a) {
			continue
		}
		out = append(out, q)
		if !a.Has(q.ID) {
			break
		}
	}
	return out
}
