package web

import (
	"context"
	"net/http"
	"strconv"
	"strings"

	"clinic"
	"clinic/internal/review"
)

// studyView is a study as the summary pages show it.
type studyView struct {
	Summary string
	Series  []seriesView
	// Patient is whom the images name, for staff to check against the
	// form: "ALEX TESTPERSON, born 1970-01-01".
	Patient string
}

type seriesView struct {
	ID      int64
	Summary string
	Thumb   bool
}

// reviewContent is what a request's files held: studies, reports and
// what could not be used, and why.
type reviewContent struct {
	Studies  []studyView
	Reports  []*clinic.ReviewItem
	Problems []*clinic.ReviewItem
	Pending  int // files sent whole and not read yet
	Partial  int // files whose upload stopped part of the way: left out
	Images   int
}

// readContent gathers what a request's uploads held, with the files its
// CD's DICOMDIR names that were not sent.
func (s *Server) readContent(ctx context.Context, id int64) (*reviewContent, error) {
	c := &reviewContent{}
	studies, err := s.cfg.Reviews.ReviewStudies(ctx, id)
	if err != nil {
		return nil, err
	}
	uids := map[string]bool{}
	for _, st := range studies {
		sum, series := review.Summaries(st)
		v := studyView{Summary: sum, Patient: strings.TrimSpace(strings.Join(strings.Fields(strings.ReplaceAll(st.PatientName, "^", " ")), " "))}
		if st.PatientBirthDate != "" {
			v.Patient += ", born " + st.PatientBirthDate
		}
		for i, se := range st.Series {
			v.Series = append(v.Series, seriesView{ID: se.ID, Summary: series[i], Thumb: se.ThumbBlob != ""})
			c.Images += se.Images
			ins, err := s.cfg.Reviews.SeriesInstances(ctx, se.ID)
			if err != nil {
				return nil, err
			}
			for _, in := range ins {
				uids[in.UID] = true
			}
		}
		c.Studies = append(c.Studies, v)
	}
	return c, s.readItems(ctx, id, c, uids)
}

func (s *Server) readItems(ctx context.Context, id int64, c *reviewContent, uids map[string]bool) error {
	items, err := s.cfg.Reviews.ReviewItems(ctx, id)
	if err != nil {
		return err
	}
	uploads, err := s.cfg.Reviews.Uploads(ctx, id)
	if err != nil {
		return err
	}
	var names []string
	for _, u := range uploads {
		names = append(names, u.Name)
		switch {
		case u.CompletedAt.IsZero():
			c.Partial++
		case u.IngestedAt.IsZero():
			c.Pending++
		}
	}
	for _, it := range items {
		switch {
		case it.Problem != "":
			c.Problems = append(c.Problems, it)
		case it.Blob != "":
			c.Reports = append(c.Reports, it)
		}
	}
	c.Problems = append(c.Problems, review.Missing(items, uids, names)...)
	return nil
}

type mriSummaryPage struct {
	basePage
	*reviewContent
	Problem string
}

// mriSummary shows what was read from the files before the patient sends
// them; while files are still being read it looks again shortly.
func (s *Server) mriSummary(w http.ResponseWriter, r *http.Request) error {
	return s.renderSummary(w, r, http.StatusOK, "")
}

func (s *Server) renderSummary(w http.ResponseWriter, r *http.Request, status int, problem string) error {
	q, err := s.uploadingReview(r)
	if err != nil {
		return err
	}
	ctx := r.Context()
	c, err := s.readContent(ctx, q.ID)
	if err != nil {
		return err
	}
	if c.Pending == 0 && s.mri.cfg.Ingest != nil && missingThumbs(c) {
		if err := s.mri.cfg.Ingest.Thumbnails(ctx, q.ID); err != nil {
			return err
		}
		if c, err = s.readContent(ctx, q.ID); err != nil {
			return err
		}
	}
	p := mriSummaryPage{reviewContent: c, Problem: problem}
	if p.basePage, err = s.base(ctx, r, "Check what you sent", "What we read from your files before you send them."); err != nil {
		return err
	}
	p.NoIndex = true
	w.Header().Set("Cache-Control", "no-store")
	if c.Pending > 0 {
		w.Header().Set("Refresh", "3") // look again while files are being read
	}
	return s.render(w, status, "mri-summary", p)
}

func missingThumbs(c *reviewContent) bool {
	for _, st := range c.Studies {
		for _, se := range st.Series {
			if !se.Thumb {
				return true
			}
		}
	}
	return false
}

// mriSend sends the request to the clinic.
func (s *Server) mriSend(w http.ResponseWriter, r *http.Request) error {
	q, err := s.uploadingReview(r)
	if err != nil {
		return err
	}
	if err := s.cfg.Reviews.SubmitReview(r.Context(), q.ID); err != nil {
		if clinic.ErrorKind(err) == clinic.EInvalid {
			return s.renderSummary(w, r, http.StatusUnprocessableEntity, clinic.ErrorMessage(err))
		}
		return err
	}
	http.Redirect(w, r, "/mri-review/sent", http.StatusSeeOther)
	return nil
}

func (s *Server) mriSent(w http.ResponseWriter, r *http.Request) error {
	p, err := s.base(r.Context(), r, "We received your images", "Your MRI was sent to the clinic for review.")
	if err != nil {
		return err
	}
	p.NoIndex = true
	return s.render(w, http.StatusOK, "mri-sent", p)
}

// mriThumb serves a series' thumbnail to the browser that sent it; any
// other answers not found.
func (s *Server) mriThumb(w http.ResponseWriter, r *http.Request) error {
	id, ok := s.reviewCookie(r)
	if !ok || s.mri == nil {
		return clinic.Errorf(clinic.ENotFound, "There is no such picture.")
	}
	return s.serveThumb(w, r, id)
}

// serveThumb writes the thumbnail of the series named in the path, if it
// belongs to request id.
func (s *Server) serveThumb(w http.ResponseWriter, r *http.Request, id int64) error {
	series, err := strconv.ParseInt(r.PathValue("series"), 10, 64)
	if err != nil {
		return clinic.Errorf(clinic.ENotFound, "There is no such picture.")
	}
	se, err := s.cfg.Reviews.Series(r.Context(), id, series)
	if err != nil {
		return err
	}
	if se.ThumbBlob == "" {
		return clinic.Errorf(clinic.ENotFound, "There is no picture of this series.")
	}
	b, err := s.mri.cfg.Ingest.ReadAll(r.Context(), se.ThumbBlob, maxThumbBytes)
	if err != nil {
		return err
	}
	writePNG(w, b)
	return nil
}

// maxThumbBytes bounds a thumbnail read; they are a few kilobytes.
const maxThumbBytes = 4 << 20

// writePNG answers with PNG bytes that no cache may keep.
func writePNG(w http.ResponseWriter, b []byte) {
	h := w.Header()
	h.Set("Content-Type", "image/png")
	h.Set("Cache-Control", "no-store")
	h.Set("Content-Length", strconv.Itoa(len(b)))
	w.Write(b)
}
