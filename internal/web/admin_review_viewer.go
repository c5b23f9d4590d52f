package web

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"strconv"
	"sync"

	"clinic"
	"clinic/internal/dicom"
)

type adminViewerPage struct {
	adminPage
	Review  *clinic.ReviewRequest
	Content *reviewContent
	Presets []string
}

// adminReviewViewer opens a request's study in the viewer: an audited
// PHI read.
func (s *Server) adminReviewViewer(w http.ResponseWriter, r *http.Request) error {
	id, err := reviewID(r, "id")
	if err != nil {
		return err
	}
	ctx := r.Context()
	if err := s.auditOrFail(r, sessionFrom(ctx), "review.open_study", idRecord("review", id), clinic.AuditOK, ""); err != nil {
		return err
	}
	p := adminViewerPage{Presets: []string{"file", "auto", "soft-tissue", "bone"}}
	if p.Review, err = s.cfg.Reviews.Review(ctx, id); err != nil {
		return err
	}
	if p.Review.Status == clinic.ReviewUploading {
		return clinic.Errorf(clinic.ENotFound, "There is no such review request.")
	}
	if p.Content, err = s.readContent(ctx, id); err != nil {
		return err
	}
	if p.adminPage, err = s.adminBase(r, "MRI viewer"); err != nil {
		return err
	}
	return s.renderAdmin(w, http.StatusOK, "admin-review-viewer", p)
}

// sliceJSON is one image of a series' stack: a frame of an instance.
type sliceJSON struct {
	Instance    int64     `json:"instance"`
	Frame       int       `json:"frame"`
	Rows        int       `json:"rows"`
	Columns     int       `json:"columns"`
	Spacing     []float64 `json:"spacing,omitempty"`
	Orientation []float64 `json:"orientation,omitempty"`
	NoPreview   string    `json:"noPreview,omitempty"`
	Center      float64   `json:"wc,omitempty"` // the file's window, if it has one
	Width       float64   `json:"ww,omitempty"`
}

// adminReviewSeries gives the viewer a series' stack, one entry per frame.
func (s *Server) adminReviewSeries(w http.ResponseWriter, r *http.Request) error {
	id, err := reviewID(r, "id")
	if err != nil {
		return err
	}
	series, err := reviewID(r, "series")
	if err != nil {
		return err
	}
	ctx := r.Context()
	if _, err := s.cfg.Reviews.Series(ctx, id, series); err != nil {
		return err
	}
	ins, err := s.cfg.Reviews.SeriesInstances(ctx, series)
	if err != nil {
		return err
	}
	out := []sliceJSON{}
	for _, in := range ins {
		if !in.HasPixels {
			continue
		}
		for f := range max(in.Frames, 1) {
			sl := sliceJSON{Instance: in.ID, Frame: f, Rows: in.Rows, Columns: in.Columns,
				Spacing: in.Geometry.PixelSpacing, Orientation: in.Geometry.Orientation, NoPreview: in.NoPreview}
			if g := in.Geometry; len(g.WindowCenter) > 0 && len(g.WindowWidth) > 0 {
				sl.Center, sl.Width = g.WindowCenter[0], g.WindowWidth[0]
			}
			out = append(out, sl)
		}
	}
	w.Header().Set("Content-Type", "application/json")
	return json.NewEncoder(w).Encode(out)
}

// adminReviewImage draws one frame through a window: a preset by name
// (?preset=bone) or a centre and width (?wc=40&ww=400).
func (s *Server) adminReviewImage(w http.ResponseWriter, r *http.Request) error {
	id, err := reviewID(r, "id")
	if err != nil {
		return err
	}
	inst, err := reviewID(r, "instance")
	if err != nil {
		return err
	}
	frame, err := strconv.Atoi(r.PathValue("frame"))
	if err != nil || frame < 0 {
		return clinic.Errorf(clinic.ENotFound, "There is no such frame.")
	}
	win, err := windowOf(r)
	if err != nil {
		return err
	}
	in, err := s.cfg.Reviews.Instance(r.Context(), id, inst)
	if err != nil {
		return err
	}
	b, err := s.drawFrame(r.Context(), in, frame, win)
	if err != nil {
		return err
	}
	writePNG(w, b)
	return nil
}

// windowOf reads the window a viewer asks for.
func windowOf(r *http.Request) (dicom.Window, error) {
	q := r.URL.Query()
	if name := q.Get("preset"); name != "" {
		w, ok := dicom.Presets[name]
		if !ok {
			return w, clinic.Errorf(clinic.EInvalid, "There is no such window preset.")
		}
		return w, nil
	}
	if q.Get("ww") == "" {
		return dicom.FileWindow, nil
	}
	c, err1 := strconv.ParseFloat(q.Get("wc"), 64)
	wd, err2 := strconv.ParseFloat(q.Get("ww"), 64)
	if err1 != nil || err2 != nil || wd < 1 || wd > 1e6 || c < -1e6 || c > 1e6 {
		return dicom.Window{}, clinic.Errorf(clinic.EInvalid, "The window's centre and width are not valid.")
	}
	return dicom.Window{Center: c, Width: wd}, nil
}

// drawFrame renders a frame of an instance as PNG, reading the instance's
// file once for all its frames and windows while it is in the cache.
func (s *Server) drawFrame(ctx context.Context, in *clinic.ReviewInstance, frame int, win dicom.Window) ([]byte, error) {
	if s.mri == nil || s.mri.cfg.Ingest == nil {
		return nil, clinic.Errorf(clinic.ENotFound, "Images are not available on this server.")
	}
	img, err := s.mri.images.open(in.ID, func() (*dicom.Image, int64, error) {
		im, err := s.mri.cfg.Ingest.OpenImage(ctx, in)
		return im, in.Size, err
	})
	if err != nil {
		return nil, err
	}
	g, err := img.Render(frame, win)
	if err != nil {
		return nil, clinic.Errorf(clinic.ENotFound, "%s", clinic.ErrorMessage(err))
	}
	b, err := dicom.EncodePNG(g)
	if err != nil {
		return nil, fmt.Errorf("web: encode frame: %w", err)
	}
	return b, nil
}

// imageCache keeps the images opened last, up to a budget of bytes, so
// that scrolling through a series reads each file once.
type imageCache struct {
	mu     sync.Mutex
	budget int64
	used   int64
	order  []int64
	byID   map[int64]cachedImage
}

type cachedImage struct {
	img  *dicom.Image
	size int64
}

func (c *imageCache) open(id int64, load func() (*dicom.Image, int64, error)) (*dicom.Image, error) {
	c.mu.Lock()
	if e, ok := c.byID[id]; ok {
		c.mu.Unlock()
		return e.img, nil
	}
	c.mu.Unlock()
	img, size, err := load()
	if err != nil {
		return nil, err
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if _, ok := c.byID[id]; !ok {
		c.byID[id] = cachedImage{img, size}
		c.order, c.used = append(c.order, id), c.used+size
	}
	for c.used > c.budget && len(c.order) > 1 {
		old := c.order[0]
		c.order, c.used = c.order[1:], c.used-c.byID[old].size
		delete(c.byID, old)
	}
	return img, nil
}

// adminReviewFile sends a report the patient uploaded: an audited read.
func (s *Server) adminReviewFile(w http.ResponseWriter, r *http.Request) error {
	id, err := reviewID(r, "id")
	if err != nil {
		return err
	}
	item, err := reviewID(r, "item")
	if err != nil {
		return err
	}
	it, err := s.cfg.Reviews.ReviewItem(r.Context(), id, item)
	if err != nil {
		return err
	}
	types := map[string]string{"pdf": "application/pdf", "jpeg": "image/jpeg", "png": "image/png"}
	if it.Blob == "" || types[it.Kind] == "" || s.mri == nil {
		return clinic.Errorf(clinic.ENotFound, "There is no such file.")
	}
	if err := s.auditOrFail(r, sessionFrom(r.Context()), "review.file", idRecord("review", id), clinic.AuditOK, idRecord("file", item)); err != nil {
		return err
	}
	b, err := s.mri.cfg.Ingest.ReadBlob(r.Context(), it.Blob, it.Size)
	if err != nil {
		return err
	}
	h := w.Header()
	h.Set("Content-Type", types[it.Kind])
	h.Set("Content-Disposition", fmt.Sprintf(`attachment; filename="report-%d.%s"`, item, it.Kind))
	h.Set("Cache-Control", "no-store")
	w.Write(b)
	return nil
}
