package web

import (
	"net/http"
	"strconv"

	"clinic"
)

// adminReviewFindings saves the findings, or sends them to the patient.
func (s *Server) adminReviewFindings(w http.ResponseWriter, r *http.Request) error {
	id, err := reviewID(r, "id")
	if err != nil {
		return err
	}
	if err := parseForm(r); err != nil {
		return err
	}
	f := r.PostForm
	send := f.Get("action") == "send"
	fd := &clinic.ReviewFindings{RequestID: id, Findings: f.Get("findings"), Recommendation: f.Get("recommendation"),
		Treatments: f["treatment"], OfferBooking: f.Get("offer_booking") == "yes", AuthorID: sessionFrom(r.Context()).User.ID}
	if errs := fd.Validate(send); errs != nil {
		for _, msg := range errs {
			return s.renderReview(w, r, http.StatusUnprocessableEntity, fd, msg)
		}
	}
	action := "review.findings.save"
	save := s.cfg.Reviews.SaveFindings
	if send {
		action, save = "review.findings.send", s.cfg.Reviews.SendFindings
	}
	ctx, e := s.auditing(r, action, idRecord("review", id), "")
	if err := s.audited(r, e, save(ctx, fd)); err != nil {
		return err
	}
	http.Redirect(w, r, doneURL("/admin/reviews/"+strconv.FormatInt(id, 10), "saved"), http.StatusSeeOther)
	return nil
}
