package intake

// The ids of the questions, as forms, stored answers and the rules file
// name them.
const (
	qBladder      = "bladder"
	qSaddle       = "saddle_numbness"
	qBowel        = "bowel_feeling"
	qLegsWeaker   = "legs_weaker"
	qBothLegs     = "sciatica_both_legs"
	qMajorInjury  = "major_injury"
	qFever        = "fever"
	qInfectRisk   = "infection_risk"
	qCancer       = "cancer"
	qNewNumbness  = "new_numbness_weakness"
	qMinorInjury  = "minor_injury"
	qWeakBones    = "weak_bones"
	qWeightLoss   = "weight_loss"
	qNightPain    = "night_pain"
	qAge          = "age"
	qFirstTime    = "first_time"
	qWhere        = "where"
	qSpreads      = "spreads"
	qSince        = "since"
	qPainNow      = "pain_now"
	qPainAverage  = "pain_average"
	qBetter       = "better"
	qWorse        = "worse"
	qTried        = "tried"
	qHealth       = "health"
	qMorningStiff = "morning_stiffness"
	qNightWaking  = "night_waking"
	qAltButtock   = "alternating_buttock"
)

// Age bands, where pain is and how long it has lasted, as the rules file
// and the triage name them.
const (
	AgeUnder18 = "under-18"
	Age18To39  = "18-39"
	Age40To49  = "40-49"
	Age50To64  = "50-64"
	Age65Plus  = "65-plus"

	Neck       = "neck"
	MidBack    = "mid_back"
	LowBack    = "low_back"
	ButtockLeg = "buttock_leg"
	Arm        = "arm"

	Under6Weeks  = "under-6-weeks"
	Weeks6To12   = "6-12-weeks"
	Over12Weeks  = "over-12-weeks"
	noneOfThese  = "none"
	betterRest   = "rest"
	betterMoving = "movement"
)

// questions is the symptom check, in the order it is asked. Red flags come
// first: every emergency sign is asked before anything else, so that a
// person with one is sent to an emergency department before any other
// screen.
var questions = []Question{
	{ID: qBladder, Section: Safety, Kind: YesNo,
		Brief: "New trouble passing urine",
		Text:  "Since this pain began, has it become hard to start passing urine, or can you no longer feel the urine flowing?",
		Hint:  "Answer yes only if this is new for you."},
	{ID: qSaddle, Section: Safety, Kind: YesNo,
		Brief: "Numbness around the back passage, genitals or inner buttocks",
		Text:  "Is the skin around your back passage, your genitals or the inside of your buttocks numb, or does it feel different, like pins and needles?",
		Hint:  "These are the parts of you that would touch a bicycle saddle."},
	{ID: qBowel, Section: Safety, Kind: YesNo,
		Brief: "Cannot feel a full bowel",
		Text:  "Have you stopped being able to feel when your bowel is full and you need to open your bowels?"},
	{ID: qLegsWeaker, Section: Safety, Kind: YesNo,
		Brief: "Both legs getting weaker",
		Text:  "Are both of your legs getting weaker, for example tripping more or finding stairs harder than a few days ago?"},
	{ID: qBothLegs, Section: Safety, Kind: YesNo,
		Brief: "Pain down both legs",
		Text:  "Do you have pain running down both legs, below the buttocks, at the same time?",
		Hint:  "This is sometimes called sciatica in both legs."},
	{ID: qMajorInjury, Section: Safety, Kind: YesNo,
		Brief: "A serious accident",
		Text:  "Did this pain start after a serious accident, such as a road accident, a fall from a height or a heavy blow to the back or neck?"},
	{ID: qFever, Section: Safety, Kind: YesNo,
		Brief: "Fever",
		Text:  "Have you had a fever, or felt hot and shivery, since the pain began?"},
	{ID: qInfectRisk, Section: Safety, Kind: YesNo, asked: yes(qFever),
		Brief: "Injects drugs or has a weakened immune system",
		Text:  "Do you inject drugs, or is your immune system weakened, for example by chemotherapy, HIV, an organ transplant or long-term steroid tablets?"},
	{ID: qCancer, Section: Safety, Kind: YesNo,
		Brief: "Cancer now or in the past",
		Text:  "Do you have cancer now, or have you had cancer in the past?"},
	{ID: qNewNumbness, Section: Safety, Kind: YesNo, asked: yes(qCancer),
		Brief: "New numbness or weakness",
		Text:  "Since this pain began, have you noticed new numbness or weakness in your arms or legs?"},
	{ID: qMinorInjury, Section: Safety, Kind: YesNo, asked: no(qMajorInjury),
		Brief: "A smaller fall, knock or lift",
		Text:  "Did the pain start after a smaller fall, slip or knock, or after lifting something?"},
	{ID: qWeakBones, Section: Safety, Kind: YesNo, asked: yes(qMinorInjury),
		Brief: "Thin bones or long-term steroids",
		Text:  "Have you been told you have thin bones (osteoporosis), or have you taken steroid tablets such as prednisone for more than three months?"},
	{ID: qWeightLoss, Section: Safety, Kind: YesNo,
		Brief: "Weight loss without trying",
		Text:  "Have you lost weight in the last few months without trying?"},
	{ID: qNightPain, Section: Safety, Kind: YesNo,
		Brief: "Constant pain, even at night",
		Text:  "Is the pain there all the time, even at night when you lie still, with no position that eases it?"},
	{ID: qAge, Section: Safety, Kind: OneOf,
		Brief: "Age",
		Text:  "How old are you?",
		Choices: []Choice{
			{AgeUnder18, "Under 18"}, {Age18To39, "18 to 39"}, {Age40To49, "40 to 49"},
			{Age50To64, "50 to 64"}, {Age65Plus, "65 or over"},
		}},
	{ID: qFirstTime, Section: Safety, Kind: YesNo, asked: fiftyOrOver,
		Brief: "First time with pain like this",
		Text:  "Is this the first time you have had pain like this in your back or neck?"},
	{ID: qWhere, Section: Pain, Kind: AnyOf,
		Brief: "Where it hurts",
		Text:  "Where does it hurt? Choose all that apply.",
		Choices: []Choice{
			{Neck, "Neck"}, {MidBack, "Middle of the back"}, {LowBack, "Low back"},
			{ButtockLeg, "Buttock or leg"}, {Arm, "Arm"},
		}},
	{ID: qSpreads, Section: Pain, Kind: YesNo,
		Brief: "Spreads below the knee or elbow",
		Text:  "Does the pain spread below the knee or below the elbow?"},
	{ID: qSince, Section: Pain, Kind: OneOf,
		Brief: "How long",
		Text:  "How long have you had this pain?",
		Choices: []Choice{
			{Under6Weeks, "Less than 6 weeks"}, {Weeks6To12, "6 to 12 weeks"}, {Over12Weeks, "More than 12 weeks"},
		}},
	{ID: qPainNow, Section: Pain, Kind: Rating,
		Brief: "Pain now",
		Text:  "How bad is the pain right now?",
		Hint:  "0 means no pain and 10 the worst pain you can imagine."},
	{ID: qPainAverage, Section: Pain, Kind: Rating,
		Brief: "Pain on average",
		Text:  "How bad has the pain been on average over the last week?",
		Hint:  "0 means no pain and 10 the worst pain you can imagine."},
	{ID: qBetter, Section: Pain, Kind: AnyOf, None: noneOfThese,
		Brief: "Better with",
		Text:  "What makes the pain better? Choose all that apply.",
		Choices: []Choice{
			{betterRest, "Resting"}, {betterMoving, "Moving about or exercise"}, {"sitting", "Sitting"},
			{"bending_forward", "Bending forward, as when leaning on a shopping cart"},
			{"lying_down", "Lying down"}, {"heat", "Heat"}, {"medicine", "Pain medicine"},
			{noneOfThese, "Nothing helps"},
		}},
	{ID: qWorse, Section: Pain, Kind: AnyOf, None: noneOfThese,
		Brief: "Worse with",
		Text:  "What makes the pain worse? Choose all that apply.",
		Choices: []Choice{
			{"sitting", "Sitting"}, {"standing", "Standing"}, {"walking", "Walking"},
			{"bending_forward", "Bending forward"}, {"bending_back", "Leaning back"}, {"lifting", "Lifting"},
			{"coughing", "Coughing or sneezing"}, {"rest", "Keeping still"},
			{noneOfThese, "Nothing in particular"},
		}},
	{ID: qTried, Section: Pain, Kind: AnyOf, None: noneOfThese,
		Brief: "Tried so far",
		Text:  "What have you tried for this pain so far? Choose all that apply.",
		Choices: []Choice{
			{"exercise", "Exercise or stretching at home"}, {"physical_therapy", "Physical therapy"},
			{"chiropractic", "Chiropractic or osteopathy"}, {"massage", "Massage"}, {"acupuncture", "Acupuncture"},
			{"pharmacy_medicine", "Pain relievers from a pharmacy"}, {"prescription_medicine", "Prescription medicine"},
			{"injections", "Injections"}, {"surgery", "Surgery"}, {noneOfThese, "Nothing yet"},
		}},
	{ID: qHealth, Section: Health, Kind: AnyOf, None: noneOfThese,
		Brief: "Health",
		Text:  "Do any of these apply to you? Choose all that apply.",
		Hint:  "Some treatments need extra care, or wait, when one of these is true.",
		Choices: []Choice{
			{"blood_thinner", "I take a blood thinner, such as warfarin, apixaban, rivaroxaban or clopidogrel"},
			{"bleeding_disorder", "I have a bleeding disorder, such as hemophilia"},
			{"pacemaker", "I have a pacemaker or an implanted defibrillator"},
			{"pregnant", "I am or might be pregnant"},
			{"skin_infection", "I have a skin infection, an open wound or a rash where the pain is"},
			{noneOfThese, "None of these"},
		}},
	{ID: qMorningStiff, Section: Pain, Kind: YesNo, asked: inflammatoryQuestions,
		Brief: "Morning stiffness over half an hour",
		Text:  "When you get up in the morning, are you stiff for more than half an hour?"},
	{ID: qNightWaking, Section: Pain, Kind: YesNo, asked: inflammatoryQuestions,
		Brief: "Woken by pain in the early hours",
		Text:  "Does the pain wake you in the second half of the night, in the early hours?"},
	{ID: qAltButtock, Section: Pain, Kind: YesNo, asked: inflammatoryQuestions,
		Brief: "Buttock pain that changes side",
		Text:  "Does pain in the buttocks move from one side to the other at different times?"},
}

// yes returns a condition: question id was answered yes.
func yes(id string) func(Answers) bool { return func(a Answers) bool { return a.Yes(id) } }

// no returns a condition: question id was answered no.
func no(id string) func(Answers) bool { return func(a Answers) bool { return a.No(id) } }

// fiftyOrOver reports whether the age band is 50 or over.
func fiftyOrOver(a Answers) bool {
	age := a.Choice(qAge)
	return age == Age50To64 || age == Age65Plus
}

// inflammatoryQuestions reports whether the questions of the inflammatory
// back pain criteria apply: back or buttock pain for more than 12 weeks in
// someone under 50, the population in which Rudwaleit et al. (Arthritis
// Rheum 2006;54:569-578) tested them.
func inflammatoryQuestions(a Answers) bool {
	age := a.Choice(qAge)
	young := age == AgeUnder18 || age == Age18To39 || age == Age40To49
	back := a.Includes(qWhere, LowBack) || a.Includes(qWhere, MidBack) || a.Includes(qWhere, ButtockLeg)
	return young && back && a.Choice(qSince) == Over12Weeks
}
