package web

import (
	"errors"
	"html/template"
	"net/http"
	"strings"
	"time"

	"clinic"
	"clinic/internal/jsonld"
)

// reviewCookieName holds the patient's review request while they upload:
// the request's id and an expiry, signed with the link key. It is
// HttpOnly and sent only to /mri-review, so only this browser can add to
// the request or see what it holds.
const reviewCookieName = "clinic_mri_review"

// reviewCookieLife is how long a patient may keep adding files.
const reviewCookieLife = 7 * 24 * time.Hour

// signReview is a token naming request id for purpose until expires.
func (s *Server) signReview(purpose string, id int64, expires time.Time) string {
	return s.signLink("mri review "+purpose, expires, uint64(id))
}

// readReview checks a token of signReview and returns its request id.
func (s *Server) readReview(purpose, token string) (int64, bool) {
	nums, expires, ok := s.readLink("mri review "+purpose, token, 1)
	if !ok || !s.now().Before(expires) {
		return 0, false
	}
	return int64(nums[0]), true
}

// reviewCookie returns the request of the patient's cookie.
func (s *Server) reviewCookie(r *http.Request) (int64, bool) {
	c, err := r.Cookie(reviewCookieName)
	if err != nil {
		return 0, false
	}
	return s.readReview("upload", c.Value)
}

func (s *Server) setReviewCookie(w http.ResponseWriter, id int64) {
	http.SetCookie(w, &http.Cookie{Name: reviewCookieName, Value: s.signReview("upload", id, s.now().Add(reviewCookieLife)),
		Path: "/mri-review", HttpOnly: true, Secure: strings.HasPrefix(s.cfg.BaseURL, "https://"),
		SameSite: http.SameSiteStrictMode, MaxAge: int(reviewCookieLife / time.Second)})
}

// uploadingReview is the patient's request, still open for files.
func (s *Server) uploadingReview(r *http.Request) (*clinic.ReviewRequest, error) {
	id, ok := s.reviewCookie(r)
	if !ok || s.mri == nil {
		return nil, clinic.Errorf(clinic.ENotFound, "We could not find your request in this browser. Please fill in the form again, or call us.")
	}
	q, err := s.cfg.Reviews.Review(r.Context(), id)
	if err != nil {
		return nil, err
	}
	if q.Status != clinic.ReviewUploading {
		return nil, clinic.Errorf(clinic.EConflict, "Your images were already sent to the clinic. To send more, please start a new request or call us.")
	}
	return q, nil
}

type mriFormPage struct {
	basePage
	Intro   template.HTML
	Form    clinic.ReviewRequest
	Errors  clinic.FieldErrors
	Problem string
	Resume  bool // the browser has a request still uploading
}

// mriForm renders the review form with what the person typed.
func (s *Server) mriForm(w http.ResponseWriter, r *http.Request, status int, p mriFormPage) error {
	ctx := r.Context()
	pg, err := s.content.Page(ctx, "mri-review")
	if err == nil {
		p.Intro, err = s.md.HTML(pg.Body)
	}
	if err != nil && clinic.ErrorKind(err) != clinic.ENotFound {
		return err
	}
	if p.basePage, err = s.base(ctx, r, "Free MRI review", "Send us your MRI and a spine specialist will tell you what it shows, at no cost.",
		jsonld.Crumb{Name: "Free MRI review", Path: "/mri-review"}); err != nil {
		return err
	}
	if id, ok := s.reviewCookie(r); ok {
		q, err := s.cfg.Reviews.Review(ctx, id)
		p.Resume = err == nil && q.Status == clinic.ReviewUploading
	}
	w.Header().Set("Cache-Control", "no-store")
	return s.render(w, status, "mri-review", p)
}

func (s *Server) mriReview(w http.ResponseWriter, r *http.Request) error {
	return s.mriForm(w, r, http.StatusOK, mriFormPage{Form: clinic.ReviewRequest{}})
}

// mriSubmit stores the form and sends the patient on to the upload.
func (s *Server) mriSubmit(w http.ResponseWriter, r *http.Request) error {
	if s.mri == nil {
		return clinic.Errorf(clinic.ENotFound, "Online upload is not available. Please call us.")
	}
	if err := r.ParseForm(); err != nil {
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) {
			return clinic.Errorf(clinic.ETooLarge, "The form is too long to send. Please shorten what you wrote.")
		}
		return clinic.Errorf(clinic.EInvalid, "We could not read the form. Please try again.")
	}
	f := r.PostForm
	q := clinic.ReviewRequest{Name: f.Get("name"), BirthDate: f.Get("birth_date"), Email: f.Get("email"), Phone: f.Get("phone"),
		Complaint: f.Get("complaint"), Since: f.Get("since"), Question: f.Get("question"), Consent: f.Get("consent") == "yes",
		ClientAddr: s.clientAddr(r)}
	q.Normalize()
	if errs := q.Validate(s.now()); errs != nil {
		return s.mriForm(w, r, http.StatusUnprocessableEntity, mriFormPage{Form: q, Errors: errs, Problem: "Please correct the fields marked below."})
	}
	if err := s.cfg.Reviews.CreateReview(r.Context(), &q); err != nil {
		if clinic.ErrorKind(err) == clinic.ETooMany {
			return s.mriForm(w, r, http.StatusTooManyRequests, mriFormPage{Form: q, Problem: clinic.ErrorMessage(err)})
		}
		return err
	}
	s.setReviewCookie(w, q.ID)
	http.Redirect(w, r, "/mri-review/upload", http.StatusSeeOther)
	return nil
}

type mriUploadPage struct {
	basePage
	Uploads  []*clinic.ReviewUpload
	MaxStudy int64
	MaxForm  int64
	Problem  string
}

// mriUpload is the upload page: the script's folder picker and drop zone,
// and a plain form that works without it.
func (s *Server) mriUpload(w http.ResponseWriter, r *http.Request) error {
	q, err := s.uploadingReview(r)
	if err != nil {
		if clinic.ErrorKind(err) == clinic.ENotFound {
			http.Redirect(w, r, "/mri-review", http.StatusSeeOther)
			return nil
		}
		return err
	}
	p := mriUploadPage{MaxStudy: s.mri.cfg.MaxStudy / 1e6, MaxForm: maxFormUpload >> 20}
	if p.Uploads, err = s.cfg.Reviews.Uploads(r.Context(), q.ID); err != nil {
		return err
	}
	if p.basePage, err = s.base(r.Context(), r, "Send your MRI", "Upload the images of your MRI for a free review."); err != nil {
		return err
	}
	p.NoIndex = true
	w.Header().Set("Cache-Control", "no-store")
	return s.render(w, http.StatusOK, "mri-upload", p)
}
