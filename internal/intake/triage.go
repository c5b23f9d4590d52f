package intake

import "clinic"

// Urgency is how soon a person should be seen. Greater is more urgent.
type Urgency int

const (
	// Routine: nothing in the answers needs urgent care.
	Routine Urgency = iota + 1
	// Urgent: see a doctor within days; booking is offered.
	Urgent
	// Emergency: go to an emergency department now.
	Emergency
)

func (u Urgency) String() string {
	switch u {
	case Routine:
		return "routine"
	case Urgent:
		return "urgent"
	case Emergency:
		return "emergency"
	}
	return "unknown"
}

// Advice is what to do, in one or two plain sentences.
func (u Urgency) Advice() string {
	switch u {
	case Emergency:
		return "Go to an emergency department now. If you cannot get there safely, call 911."
	case Urgent:
		return "Please see a doctor within the next few days. You can book with us, or see your own doctor."
	case Routine:
		return "Nothing in your answers needs urgent care. An appointment at a time that suits you is reasonable."
	}
	return ""
}

// A Reason is one answer that set the urgency, in plain language.
type Reason struct {
	Sign    string  // the sign's id, stable for storage: "bladder", "cancer"
	Urgency Urgency // Emergency or Urgent
	Said    string  // what the person told us
	Why     string  // why it matters
}

// TriageResult is the outcome of Triage.
type TriageResult struct {
	Urgency Urgency
	// Reasons are the signs found, emergency ones first, each once.
	Reasons []Reason
	// Rheumatology is set when the answers fit a pattern of inflammatory
	// back pain: the person should ask about a rheumatology referral.
	Rheumatology bool
	// Notes are further advice in plain language, such as
	// RheumatologyNote.
	Notes []string
}

// Notes that a TriageResult may carry.
const (
	RheumatologyNote = "Some of your answers fit a pattern called inflammatory back pain, which is caused by " +
		"conditions such as axial spondyloarthritis. Ask your doctor whether you should see a rheumatologist, " +
		"a specialist in inflammatory joint conditions."
	YoungPersonNote = "This check was written for adults. Back or neck pain in a child or teenager should be " +
		"checked by their own doctor."
)

// Triage decides the urgency from the answers. Red flags come first: as
// soon as one emergency sign is answered yes the result is Emergency,
// however many other questions are still unanswered. Otherwise every
// question that applies must be answered (Next returns Finished), or
// Triage fails with an EInvalid error naming the next question, so that an
// unfinished check never reads as Routine.
func Triage(a Answers) (TriageResult, error) {
	r := TriageResult{Urgency: Routine}
	for _, s := range signs {
		if s.holds(a) {
			r.Reasons = append(r.Reasons, Reason{Sign: s.id, Urgency: s.urgency, Said: s.said, Why: s.why})
			r.Urgency = max(r.Urgency, s.urgency)
		}
	}
	if r.Urgency == Emergency {
		return r, nil
	}
	if step := Next(a); step.Kind != Finished {
		return TriageResult{}, clinic.Errorf(clinic.EInvalid, "the symptom check is not finished: %q has no answer yet", step.Question.ID)
	}
	if inflammatory(a) {
		r.Rheumatology = true
		r.Notes = append(r.Notes, RheumatologyNote)
	}
	if a.Choice(qAge) == AgeUnder18 {
		r.Notes = append(r.Notes, YoungPersonNote)
	}
	return r, nil
}

// emergencySigns returns the ids of the emergency signs in a.
func emergencySigns(a Answers) []string {
	var out []string
	for _, s := range signs {
		if s.urgency == Emergency && s.holds(a) {
			out = append(out, s.id)
		}
	}
	return out
}

// inflammatory reports whether the answers meet the criteria for
// inflammatory back pain of Rudwaleit et al. (Arthritis Rheum
// 2006;54:569-578): in chronic back pain under 50, at least two of
// morning stiffness over 30 minutes, improvement with exercise but not
// with rest, waking in the second half of the night, and alternating
// buttock pain.
func inflammatory(a Answers) bool {
	if !inflammatoryQuestions(a) {
		return false
	}
	n := 0
	for _, ok := range []bool{
		a.Yes(qMorningStiff),
		a.Includes(qBetter, betterMoving) && !a.Includes(qBetter, betterRest),
		a.Yes(qNightWaking),
		a.Yes(qAltButtock),
	} {
		if ok {
			n++
		}
	}
	return n >= 2
}

// A sign is a red flag: questions that, all answered yes where they are
// asked, make the triage Urgent or an Emergency.
type sign struct {
	id        string
	urgency   Urgency
	questions []string
	said, why string
}

// holds reports whether every question of s is asked and answered yes. A
// question asked only after another (a fever, then the risk of infection)
// counts only when the first was answered so that it is asked.
func (s sign) holds(a Answers) bool {
	for _, id := range s.questions {
		if !a.Yes(id) || !questions[questionIndex[id]].Asked(a) {
			return false
		}
	}
	return true
}

const (
	whyCaudaEquina = "With back pain, this can be a sign that the nerves at the bottom of the spine are being " +
		"squeezed (cauda equina syndrome). It needs to be checked in hospital today: treatment in time " +
		"protects bladder, bowel, sexual and leg function."
	whySoon = " should be checked by a doctor within days."
)

// signs are the red flags: the emergency signs (the cauda equina signs of
// the 2023 national suspected cauda equina syndrome pathway of NHS England's
// Getting It Right First Time programme, a fever with a risk of infection,
// cancer with new numbness or weakness, a major injury), then the urgent
// ones.
var signs = []sign{
	{"bladder", Emergency, []string{qBladder},
		"You have new trouble starting to pass urine, or feeling it flow.", whyCaudaEquina},
	{"saddle_numbness", Emergency, []string{qSaddle},
		"The skin around your back passage, genitals or inner buttocks is numb or feels different.", whyCaudaEquina},
	{"bowel_feeling", Emergency, []string{qBowel},
		"You can no longer feel when your bowel is full.", whyCaudaEquina},
	{"legs_weaker", Emergency, []string{qLegsWeaker},
		"Both of your legs are getting weaker.", whyCaudaEquina},
	{"sciatica_both_legs", Emergency, []string{qBothLegs},
		"You have pain running down both legs.", whyCaudaEquina},
	{"fever_infection_risk", Emergency, []string{qFever, qInfectRisk},
		"You have had a fever, and you inject drugs or your immune system is weakened.",
		"This can be a sign of an infection in the spine, which needs to be checked in hospital today."},
	{"cancer_new_numbness", Emergency, []string{qCancer, qNewNumbness},
		"You have or have had cancer, and you have new numbness or weakness in your arms or legs.",
		"This can mean the spinal cord or its nerves are being pressed on, which needs to be checked in hospital today."},
	{"major_injury", Emergency, []string{qMajorInjury},
		"Your pain started after a serious accident.",
		"After a serious accident a bone of the spine may be broken. It needs to be checked in hospital today."},
	{"cancer", Urgent, []string{qCancer},
		"You have or have had cancer.",
		"Back or neck pain in someone who has had cancer" + whySoon},
	{"weight_loss", Urgent, []string{qWeightLoss},
		"You have lost weight without trying.",
		"Weight loss without trying, together with back or neck pain," + whySoon},
	{"new_after_50", Urgent, []string{qFirstTime},
		"This is the first time you have had pain like this, and you are 50 or over.",
		"Pain like this for the first time after the age of 50" + whySoon},
	{"night_pain", Urgent, []string{qNightPain},
		"The pain is there all the time, even lying still at night.",
		"Pain that does not ease with rest or any position" + whySoon},
	{"minor_injury_weak_bones", Urgent, []string{qMinorInjury, qWeakBones},
		"Your pain started after a smaller fall, knock or lift, and you have thin bones or have taken steroid tablets for a long time.",
		"Thin bones or long-term steroids make a small fracture of the spine more likely, and it" + whySoon},
}
