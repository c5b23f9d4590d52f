package web

import (
	"net/http"
	"strconv"

	"clinic"
)

// reviewRoutes are the back office's MRI review routes: the queue and a
// request (patients), assigning (assign), and the viewer, the findings
// and taking a request on (review).
func (s *Server) reviewRoutes() []adminRoute {
	return []adminRoute{
		{"GET /admin/reviews", clinic.PermPatients, s.adminReviews},
		{"GET /admin/reviews/{id}", clinic.PermPatients, s.adminReview},
		{"GET /admin/reviews/{id}/thumbs/{series}", clinic.PermPatients, s.adminReviewThumb},
		{"POST /admin/reviews/{id}/assign", clinic.PermAssign, s.adminReviewAssign},
		{"POST /admin/reviews/{id}/take", clinic.PermReview, s.adminReviewTake},
		{"POST /admin/reviews/{id}/status", clinic.PermReview, s.adminReviewStatus},
		{"POST /admin/reviews/{id}/findings", clinic.PermReview, s.adminReviewFindings},
		{"GET /admin/reviews/{id}/viewer", clinic.PermReview, s.adminReviewViewer},
		{"GET /admin/reviews/{id}/series/{series}", clinic.PermReview, s.adminReviewSeries},
		{"GET /admin/reviews/{id}/images/{instance}/{frame}", clinic.PermReview, s.adminReviewImage},
		{"GET /admin/reviews/{id}/files/{item}", clinic.PermReview, s.adminReviewFile},
	}
}

// reviewStatusNames are the queue's statuses in words.
var reviewStatusNames = map[string]string{
	clinic.ReviewUploading: "Uploading", clinic.ReviewNew: "New", clinic.ReviewAssigned: "Assigned",
	clinic.ReviewInReview: "In review", clinic.ReviewAnswered: "Answered", clinic.ReviewClosed: "Closed",
}

type reviewTab struct {
	Status, Name string
	Current      bool
}

type adminReviewsPage struct {
	adminPage
	Tabs    []reviewTab
	Reviews []*clinic.ReviewRequest
	Names   map[string]string
}

// adminReviews is the queue. It lists patients' names, so it is an
// audited read.
func (s *Server) adminReviews(w http.ResponseWriter, r *http.Request) error {
	status := r.URL.Query().Get("status")
	if status != "" && !clinic.ValidReviewStatus(status) {
		return clinic.Errorf(clinic.EInvalid, "There is no such status.")
	}
	if err := s.auditOrFail(r, sessionFrom(r.Context()), "review.list", "reviews", clinic.AuditOK, status); err != nil {
		return err
	}
	p, err := s.adminBase(r, "MRI reviews")
	if err != nil {
		return err
	}
	rp := adminReviewsPage{adminPage: p, Names: reviewStatusNames}
	rp.Tabs = append(rp.Tabs, reviewTab{"", "Open", status == ""})
	for _, st := range clinic.ReviewStatuses {
		rp.Tabs = append(rp.Tabs, reviewTab{st, reviewStatusNames[st], st == status})
	}
	all, err := s.cfg.Reviews.Reviews(r.Context(), status)
	if err != nil {
		return err
	}
	for _, q := range all {
		if status != "" || q.Status != clinic.ReviewClosed {
			rp.Reviews = append(rp.Reviews, q)
		}
	}
	return s.renderAdmin(w, http.StatusOK, "admin-reviews", rp)
}

// reviewID reads the request's id from the path.
func reviewID(r *http.Request, name string) (int64, error) {
	id, err := strconv.ParseInt(r.PathValue(name), 10, 64)
	if err != nil || id <= 0 {
		return 0, clinic.Errorf(clinic.ENotFound, "There is no such review request.")
	}
	return id, nil
}

type adminReviewPage struct {
	adminPage
	Review     *clinic.ReviewRequest
	Content    *reviewContent
	Findings   *clinic.ReviewFindings
	Providers  []*clinic.User
	Treatments []*clinic.Treatment
	Names      map[string]string
	Chosen     map[string]bool // the treatments the findings link
	CanAssign  bool
	CanReview  bool
}

// adminReview shows a request: the patient's own words, what their files
// held, who reviews it and the findings. An audited PHI read.
func (s *Server) adminReview(w http.ResponseWriter, r *http.Request) error {
	return s.renderReview(w, r, http.StatusOK, nil, "")
}

func (s *Server) renderReview(w http.ResponseWriter, r *http.Request, status int, draft *clinic.ReviewFindings, problem string) error {
	id, err := reviewID(r, "id")
	if err != nil {
		return err
	}
	ctx := r.Context()
	sess := sessionFrom(ctx)
	if err := s.auditOrFail(r, sess, "review.read", idRecord("review", id), clinic.AuditOK, ""); err != nil {
		return err
	}
	p := adminReviewPage{Names: reviewStatusNames, CanAssign: sess.User.Role.Can(clinic.PermAssign),
		CanReview: sess.User.Role.Can(clinic.PermReview), Findings: draft}
	if p.Review, err = s.cfg.Reviews.Review(ctx, id); err != nil {
		return err
	}
	if p.Review.Status == clinic.ReviewUploading {
		return clinic.Errorf(clinic.ENotFound, "There is no such review request.")
	}
	if p.Content, err = s.readContent(ctx, id); err != nil {
		return err
	}
	if p.Findings == nil {
		if p.Findings, err = s.cfg.Reviews.Findings(ctx, id); clinic.ErrorKind(err) == clinic.ENotFound {
			p.Findings, err = &clinic.ReviewFindings{RequestID: id}, nil
		}
		if err != nil {
			return err
		}
	}
	p.Chosen = map[string]bool{}
	for _, t := range p.Findings.Treatments {
		p.Chosen[t] = true
	}
	if err := s.reviewChoices(r, &p); err != nil {
		return err
	}
	if p.adminPage, err = s.adminBase(r, "MRI review request"); err != nil {
		return err
	}
	p.Problem = problem
	return s.renderAdmin(w, status, "admin-review", p)
}

// reviewChoices fills in the providers who may review and the catalogue's
// treatments.
func (s *Server) reviewChoices(r *http.Request, p *adminReviewPage) error {
	users, err := s.cfg.Staff.Users(r.Context())
	if err != nil {
		return err
	}
	for _, u := range users {
		if !u.Disabled && u.Role.Can(clinic.PermReview) {
			p.Providers = append(p.Providers, u)
		}
	}
	all, err := s.content.Treatments(r.Context())
	if err != nil {
		return err
	}
	for _, t := range all {
		if t.Parent != "" {
			p.Treatments = append(p.Treatments, t)
		}
	}
	return nil
}

func (s *Server) adminReviewThumb(w http.ResponseWriter, r *http.Request) error {
	id, err := reviewID(r, "id")
	if err != nil || s.mri == nil {
		return clinic.Errorf(clinic.ENotFound, "There is no such picture.")
	}
	return s.serveThumb(w, r, id)
}

// adminReviewAssign names the provider who reviews a request.
func (s *Server) adminReviewAssign(w http.ResponseWriter, r *http.Request) error {
	id, err := reviewID(r, "id")
	if err != nil {
		return err
	}
	if err := parseForm(r); err != nil {
		return err
	}
	user, err := strconv.ParseInt(r.PostForm.Get("provider"), 10, 64)
	if err != nil {
		return clinic.Errorf(clinic.EInvalid, "Please choose a provider.")
	}
	ctx, e := s.auditing(r, "review.assign", idRecord("review", id), idRecord("user", user))
	if err := s.audited(r, e, s.cfg.Reviews.AssignReview(ctx, id, user)); err != nil {
		return err
	}
	http.Redirect(w, r, doneURL("/admin/reviews/"+strconv.FormatInt(id, 10), "saved"), http.StatusSeeOther)
	return nil
}

// adminReviewTake assigns a request to the provider signed in, in review.
func (s *Server) adminReviewTake(w http.ResponseWriter, r *http.Request) error {
	id, err := reviewID(r, "id")
	if err != nil {
		return err
	}
	ctx, e := s.auditing(r, "review.take", idRecord("review", id), "")
	err = s.cfg.Reviews.AssignReview(ctx, id, sessionFrom(ctx).User.ID)
	if err == nil {
		err = s.cfg.Reviews.SetReviewStatus(ctx, id, clinic.ReviewInReview)
		if clinic.ErrorKind(err) == clinic.EConflict {
			err = nil // in review already
		}
	}
	if err := s.audited(r, e, err); err != nil {
		return err
	}
	http.Redirect(w, r, "/admin/reviews/"+strconv.FormatInt(id, 10)+"/viewer", http.StatusSeeOther)
	return nil
}

// adminReviewStatus closes a request, or reopens one closed by mistake.
func (s *Server) adminReviewStatus(w http.ResponseWriter, r *http.Request) error {
	id, err := reviewID(r, "id")
	if err != nil {
		return err
	}
	if err := parseForm(r); err != nil {
		return err
	}
	st := r.PostForm.Get("status")
	ctx, e := s.auditing(r, "review.status", idRecord("review", id), truncate(cleanParam(st), 20))
	if err := s.audited(r, e, s.cfg.Reviews.SetReviewStatus(ctx, id, st)); err != nil {
		return err
	}
	http.Redirect(w, r, doneURL("/admin/reviews/"+strconv.FormatInt(id, 10), "saved"), http.StatusSeeOther)
	return nil
}
