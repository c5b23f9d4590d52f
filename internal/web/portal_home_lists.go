package web

import (
	"net/http"

	"clinic"
)

// The home page's lists beside the appointments and the reviews: the
// latest messages, the questionnaires waiting for an answer, and the
// documents the clinic holds from the patient.

// homeThreads is how many conversations the home page shows.
const homeThreads = 3

// portalDue is a questionnaire waiting for an answer, with a link signed
// now, as the email's was when it was sent.
type portalDue struct {
	When string // "6 weeks after your procedure"
	Link string
}

// portalDocuments are the files and signed texts the clinic holds from
// the patient, all of them in the download.
type portalDocuments struct {
	Consent *clinic.FormSubmission // the latest consent signed, or nil
	Card    *clinic.FormSubmission // the latest insurance form with a photo, or nil
	Reviews int                    // MRI reviews whose images were sent
}

// Any reports whether there is a document to show.
func (d portalDocuments) Any() bool { return d.Consent != nil || d.Card != nil || d.Reviews > 0 }

// homeLists fills in the home page's messages, questionnaires and
// documents. A guardian with view-only access sees no questionnaire to
// answer: answering is a change.
func (s *Server) homeLists(r *http.Request, p *portalHomePage) error {
	ctx, id := r.Context(), portalPatient(r.Context())
	if p.Offers.Messages {
		ts, err := s.cfg.Messages.PatientThreads(ctx, id)
		if err != nil {
			return err
		}
		p.Threads, p.MoreThreads = ts[:min(len(ts), homeThreads)], len(ts) > homeThreads
	}
	if s.cfg.Questionnaires != nil && p.Full {
		ds, err := s.cfg.Questionnaires.QuestionnairesDue(ctx, id)
		if err != nil {
			return err
		}
		for _, d := range ds {
			p.Due = append(p.Due, portalDue{When: timeName(d.Time), Link: s.questionnaireLink(d.AppointmentID, d.Time, s.now())})
		}
	}
	return s.homeDocuments(r, p)
}

func (s *Server) homeDocuments(r *http.Request, p *portalHomePage) error {
	for _, q := range p.Reviews {
		if q.Status != clinic.ReviewUploading {
			p.Documents.Reviews++
		}
	}
	if s.cfg.PreVisit == nil {
		return nil
	}
	forms, err := s.cfg.PreVisit.PatientForms(r.Context(), portalPatient(r.Context()))
	if err != nil {
		return err
	}
	for _, f := range forms { // newest first
		switch {
		case f.Kind == clinic.FormConsent && p.Documents.Consent == nil:
			p.Documents.Consent = f
		case f.Kind == clinic.FormInsurance && p.Documents.Card == nil && (f.Answers.CardFront != nil || f.Answers.CardBack != nil):
			p.Documents.Card = f
		}
	}
	return nil
}
