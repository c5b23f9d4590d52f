package intake

// Kind is the kind of answer a question takes.
type Kind int

const (
	// YesNo takes "yes" or "no".
	YesNo Kind = iota + 1
	// OneOf takes the value of one of its choices.
	OneOf
	// AnyOf takes the values of one or more of its choices.
	AnyOf
	// Rating takes a whole number from 0 to 10.
	Rating
)

// Section groups the screens of the symptom check.
type Section int

const (
	// Safety holds the red-flag questions, asked first.
	Safety Section = iota + 1
	// Pain holds the questions about the pain itself.
	Pain
	// Health holds what matters for the choice of treatment.
	Health
)

// Answers to a YesNo question.
const (
	Yes = "yes"
	No  = "no"
)

// The lowest and highest answer to a Rating question.
const (
	RatingMin = 0
	RatingMax = 10
)

// A Choice is one answer a person can pick.
type Choice struct {
	Value string // what is stored and sent in forms
	Label string // what the person reads
}

// A Question is one screen of the symptom check.
type Question struct {
	ID      string
	Section Section
	Kind    Kind
	Text    string   // the question, asked plainly
	Brief   string   // a short name for summaries: "Fever", "Where it hurts"
	Hint    string   // a sentence that helps to answer, or ""
	Choices []Choice // for OneOf and AnyOf; YesNo questions have Yes and No
	// None is, for AnyOf, the value that means "none of these" and may
	// not be picked with another.
	None string
	// asked says whether the question applies given the answers so far;
	// nil means always.
	asked func(Answers) bool
}

// Asked reports whether q is asked, given the answers so far. A question
// that is not asked is skipped, and an answer to it is ignored.
func (q Question) Asked(a Answers) bool { return q.asked == nil || q.asked(a) }

// valid reports whether v is one of q's choice values.
func (q Question) valid(v string) bool {
	if q.Kind == YesNo {
		return v == Yes || v == No
	}
	for _, c := range q.Choices {
		if c.Value == v {
			return true
		}
	}
	return false
}

// Label returns the label of q's choice v, or v itself.
func (q Question) Label(v string) string {
	for _, c := range q.Choices {
		if c.Value == v {
			return c.Label
		}
	}
	return v
}

// Questions returns the questions of the symptom check in the order they
// are asked: the emergency signs first, then the urgent ones, then the
// pain itself, health, and the inflammatory pattern.
func Questions() []Question {
	out := make([]Question, len(questions))
	for i, q := range questions {
		out[i] = q
		out[i].Choices = append([]Choice(nil), q.Choices...)
	}
	return out
}

// QuestionByID returns the question with the id.
func QuestionByID(id string) (Question, bool) {
	i, ok := questionIndex[id]
	if !ok {
		return Question{}, false
	}
	q := questions[i]
	q.Choices = append([]Choice(nil), q.Choices...)
	return q, true
}

// questionIndex maps a question's id to its place in questions.
var questionIndex = func() map[string]int {
	m := make(map[string]int, len(questions))
	for i, q := range questions {
		m[q.ID] = i
	}
	return m
}()
