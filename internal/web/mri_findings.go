package web

import (
	"net/http"
	"strconv"
	"strings"
	"time"

	"clinic"
)

// findingsLinkLife is how long the link in "your review is ready" works.
const findingsLinkLife = 90 * 24 * time.Hour

// findingsLink is the signed link to a request's findings.
func (s *Server) findingsLink(id int64) string {
	return s.cfg.BaseURL + "/mri-review/findings/" + s.signReview("findings", id, s.now().Add(findingsLinkLife))
}

type mriFindingsPage struct {
	basePage
	Token      string
	BirthDate  string
	Problem    string
	Findings   *clinic.ReviewFindings
	Treatments []*clinic.Treatment
}

// mriFindings asks for the date of birth before the findings show.
func (s *Server) mriFindings(w http.ResponseWriter, r *http.Request) error {
	if _, ok := s.readReview("findings", r.PathValue("token")); !ok {
		return clinic.Errorf(clinic.ENotFound, "This link is not one we sent, or it has expired. Please call us and we will send a new one.")
	}
	return s.renderFindings(w, r, http.StatusOK, mriFindingsPage{Token: r.PathValue("token")})
}

func (s *Server) renderFindings(w http.ResponseWriter, r *http.Request, status int, p mriFindingsPage) error {
	var err error
	if p.basePage, err = s.base(r.Context(), r, "Your MRI review", "The answer to your free MRI review."); err != nil {
		return err
	}
	p.NoIndex = true
	w.Header().Set("Cache-Control", "no-store")
	w.Header().Set("Referrer-Policy", "no-referrer")
	return s.render(w, status, "mri-findings", p)
}

// mriFindingsCheck shows the findings to whoever gives the patient's
// date of birth; wrong dates are throttled like sign-in attempts, per
// request and per client address.
func (s *Server) mriFindingsCheck(w http.ResponseWriter, r *http.Request) error {
	id, p, ok, err := s.checkFindingsLink(w, r)
	if !ok {
		return err
	}
	ctx := r.Context()
	if p.Findings, err = s.cfg.Reviews.Findings(ctx, id); err != nil || p.Findings.SentAt.IsZero() {
		return clinic.Errorf(clinic.ENotFound, "Your review is not ready yet. We will email you when it is.")
	}
	for _, slug := range p.Findings.Treatments {
		if t, err := s.content.Treatment(ctx, slug); err == nil {
			p.Treatments = append(p.Treatments, t)
		}
	}
	return s.renderFindings(w, r, http.StatusOK, p)
}

// checkFindingsLink reads a findings link and the date of birth posted to it,
// and checks that date. It answers a link not ours, bad form data and a
// wrong or throttled date itself, and then returns false.
func (s *Server) checkFindingsLink(w http.ResponseWriter, r *http.Request) (int64, mriFindingsPage, bool, error) {
	token := r.PathValue("token")
	id, ok := s.readReview("findings", token)
	if !ok {
		return 0, mriFindingsPage{}, false, clinic.Errorf(clinic.ENotFound, "This link is not one we sent, or it has expired. Please call us and we will send a new one.")
	}
	if err := parseForm(r); err != nil {
		return 0, mriFindingsPage{}, false, err
	}
	p := mriFindingsPage{Token: token, BirthDate: strings.TrimSpace(r.PostForm.Get("birth_date"))}
	ok, err := s.findingsBirthDate(w, r, id, &p)
	return id, p, ok, err
}

// findingsBirthDate checks the date of birth p carries against request
// id's, throttled like sign-in attempts per request and client address; it
// answers a wrong or throttled one itself and then returns false.
func (s *Server) findingsBirthDate(w http.ResponseWriter, r *http.Request, id int64, p *mriFindingsPage) (bool, error) {
	ctx := r.Context()
	attempt, limited, err := s.cfg.Staff.TakeAttempt(ctx, s.now(), s.throttleKeys(r, "review:", strconv.FormatInt(id, 10))...)
	if err != nil {
		return false, err
	}
	if limited {
		p.Problem = "Too many wrong dates were tried. Please wait 15 minutes, or call us."
		return false, s.renderFindings(w, r, http.StatusTooManyRequests, *p)
	}
	q, err := s.cfg.Reviews.Review(ctx, id)
	if err != nil {
		return false, err
	}
	if p.BirthDate == "" || p.BirthDate != q.BirthDate {
		p.Problem = "That date of birth does not match the one given with the request. Please check it."
		return false, s.renderFindings(w, r, http.StatusUnprocessableEntity, *p)
	}
	return true, s.cfg.Staff.ForgetAttempt(ctx, attempt)
}

// reviewCookie carries, to the booking pages, which MRI review a booking
// is made from: signed, for two hours, naming the request only.
const (
	reviewCookie   = "mri_review"
	reviewBookLife = 2 * time.Hour
)

// mriBook sends the patient who read their answer to the booking pages,
// with the review named in a cookie, so that the appointment they book
// comes with it. The date of birth is asked again, as for the answer.
func (s *Server) mriBook(w http.ResponseWriter, r *http.Request) error {
	id, _, ok, err := s.checkFindingsLink(w, r)
	if !ok {
		return err
	}
	http.SetCookie(w, &http.Cookie{Name: reviewCookie, Value: s.signReview("book", id, s.now().Add(reviewBookLife)),
		Path: "/appointments", MaxAge: int(reviewBookLife / time.Second), HttpOnly: true,
		Secure: strings.HasPrefix(s.cfg.BaseURL, "https://"), SameSite: http.SameSiteLaxMode})
	http.Redirect(w, r, "/appointments", http.StatusSeeOther)
	return nil
}

// attachReview keeps, with the appointment just booked, the MRI review the
// booking's browser names, and forgets the cookie. A failure does not undo
// the booking: it is logged.
func (s *Server) attachReview(w http.ResponseWriter, r *http.Request, a *clinic.Appointment) {
	c, err := r.Cookie(reviewCookie)
	if err != nil || s.cfg.Reviews == nil {
		return
	}
	http.SetCookie(w, &http.Cookie{Name: reviewCookie, Path: "/appointments", MaxAge: -1, HttpOnly: true,
		Secure: strings.HasPrefix(s.cfg.BaseURL, "https://"), SameSite: http.SameSiteLaxMode})
	id, ok := s.readReview("book", c.Value)
	if !ok {
		return
	}
	if err := s.cfg.Reviews.AttachAppointment(r.Context(), id, a.ID); err != nil {
		s.log.ErrorContext(r.Context(), "attach the MRI review to a booking", "review", id, "appointment", a.ID, "err", err)
	}
}
