// Package intake holds the logic of "Diagnose my pain" and of the
// questionnaires patients answer before and after treatment. It is pure:
// nothing in it reads a clock, a database or the network. Files come in
// as bytes or an fs.FS; answers come in as url.Values.
//
// # The symptom check
//
// Questions lists the screens, one question each, in the order they are
// asked. ParseAnswers reads the answers so far from form values (keyed by
// question id, as Answers.Encode writes them) and says per field what is
// wrong; Answers.With changes one answer. Next says what comes after the
// answers so far: a question to Ask, the EmergencyStop, or Finished.
// Previous and Path serve Back buttons and progress.
//
// Red flags come first in the logic. Every emergency sign is asked before
// any other question, and once any emergency sign is answered yes, Next
// returns EmergencyStop whatever else is or is not answered, and Triage
// returns Emergency. The emergency signs are the cauda equina signs of the
// 2023 national suspected cauda equina syndrome pathway (new trouble
// starting or feeling the flow of urine; numbness around the back passage,
// genitals or inner buttocks; no longer feeling when the bowel is full;
// weakness getting worse in both legs; sciatica in both legs), a fever in
// someone who injects drugs or has a weakened immune system, cancer with
// new numbness or weakness, and a major injury. The urgent signs are
// cancer now or in the past, weight loss without trying, a first episode
// of such pain at 50 or over, constant pain at night, and a minor injury
// with thin bones or long-term steroids. A question asked only after
// another (the risk of infection after a fever) counts only when it is
// asked. The red-flag questions are the YesNo questions of the Safety
// section (with the age band, which makes a first episode at 50 or over
// urgent); a test that walks every combination of their answers, as
// redflags_test.go does, can list them from Questions. The inflammatory
// pattern of Rudwaleit et al. (2006) adds a note
// to ask about a rheumatology referral; it does not change the urgency.
//
// Triage of an unfinished check without an emergency sign fails, so that
// missing answers never read as Routine. Summary and Describe put the
// answers in plain words; Disclaimer goes with every result.
//
// # The rules file
//
// LoadRules reads content/triage/rules.yaml (RulesPath in a content tree):
// pictures of pain, each with the kind of clinician most likely to help and
// the catalogue's treatments commonly considered, and contraindications
// that flag a treatment or withhold it. Clinicians edit it; the loader is
// strict and names the line of each problem. Recommend applies the rules
// to the answers, and gives nothing after an emergency sign. The urgency
// is not in the rules file, so no edit of it can change the red flags.
//
// # Instruments
//
// LoadInstruments reads the questionnaires in the instruments folder
// (InstrumentsDir): items, choices and their values, scores with their
// bands, groups, the MCID, and where the wording comes from under which
// licence. ParseResponse reads a response from form values, Score scores
// it by the instrument's rules (refusing one with more than MaxMissing
// items skipped, with ErrTooManySkipped), and ReachesMCID says whether a
// change between two scores is an important improvement. The engine
// implements the published scoring of the Oswestry Disability Index, the
// Neck Disability Index, the STarT Back tool and the numeric pain rating;
// docs/INSTRUMENTS.md says what ships, on what terms, and the formats.
package intake
