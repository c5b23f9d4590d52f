package web

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"io"
	"mime/multipart"
	"net/http"
	"strings"
	"time"

	"github.com/tus/tusd/v2/pkg/handler"
	"github.com/tus/tusd/v2/pkg/memorylocker"
	expslog "golang.org/x/exp/slog" // tusd's logger: it logs upload ids, so it is silenced

	"clinic"
	"clinic/internal/blob"
	"clinic/internal/review"
)

// MRIConfig is what the free MRI review needs beyond the review service.
type MRIConfig struct {
	Blobs  *blob.Store
	Ingest *review.Ingest
	// MaxStudy bounds the bytes of one request's files (default 2 GB).
	MaxStudy int64
	// PartSize bounds each stored part of an upload (default 16 MiB).
	PartSize int64
	// Wake is told, without blocking, that an upload is complete.
	Wake chan<- struct{}
	// Locker keeps two requests from writing one upload at once. Nil is
	// a locker in this process's memory, which is enough for one instance;
	// several instances need one they share (internal/tuslock).
	Locker handler.Locker
}

// DefaultMaxStudy is how much one review request may upload.
const DefaultMaxStudy = 2_000_000_000

// maxFormUpload is the most the plain form (without JavaScript) takes in
// one go; the page says so.
const maxFormUpload = 100 << 20

// mriParts are the MRI review's upload handlers.
type mriParts struct {
	cfg    MRIConfig
	tus    *handler.UnroutedHandler
	images *imageCache
}

// newMRI builds the tus handler over our encrypting store, with downloads
// and cross-origin requests off; nil when the server has no blob store.
func (s *Server) newMRI() (*mriParts, error) {
	c := s.cfg.MRI
	if c.Blobs == nil || s.cfg.Reviews == nil {
		return nil, nil
	}
	if c.MaxStudy <= 0 {
		c.MaxStudy = DefaultMaxStudy
	}
	if c.PartSize <= 0 {
		c.PartSize = 16 << 20
	}
	st := &review.TusStore{DB: s.cfg.Reviews, Blobs: c.Blobs, PartSize: c.PartSize, MaxStudy: c.MaxStudy, Log: s.log, Completed: func(string) {
		select {
		case c.Wake <- struct{}{}:
		default:
		}
	}}
	comp := handler.NewStoreComposer()
	st.UseIn(comp)
	if c.Locker != nil {
		comp.UseLocker(c.Locker)
	} else {
		memorylocker.New().UseIn(comp)
	}
	// The address of each upload is absolute on the site's own address, so
	// that behind a proxy that ends TLS the browser is sent to https, not
	// to the http the server itself is spoken to with.
	h, err := handler.NewUnroutedHandler(handler.Config{StoreComposer: comp, BasePath: strings.TrimSuffix(s.cfg.BaseURL, "/") + "/mri-review/files/", MaxSize: c.MaxStudy,
		DisableDownload: true, DisableConcatenation: true, Cors: &handler.CorsConfig{Disable: true},
		Logger: expslog.New(expslog.NewTextHandler(io.Discard, nil)), NetworkTimeout: time.Minute})
	if err != nil {
		return nil, err
	}
	return &mriParts{cfg: c, tus: h, images: &imageCache{budget: 256 << 20, byID: map[int64]cachedImage{}}}, nil
}

// mriBodyLimit is the most a request under /mri-review/ may send: tusd
// checks each PATCH against the upload's own size, the plain form is
// held to maxFormUpload, and the form fields to the usual limit.
func mriBodyLimit(r *http.Request) int64 {
	switch {
	case strings.HasPrefix(r.URL.Path, "/mri-review/files"):
		return DefaultMaxStudy * 2
	case r.URL.Path == "/mri-review/upload":
		return maxFormUpload + 1<<20
	}
	return maxBody
}

// tusMethod is one of tusd's handlers of a method.
type tusMethod func(*handler.UnroutedHandler, http.ResponseWriter, *http.Request)

// The tus methods served: creation, offset, upload and termination.
var (
	tusCreate    tusMethod = (*handler.UnroutedHandler).PostFile
	tusOffset    tusMethod = (*handler.UnroutedHandler).HeadFile
	tusWrite     tusMethod = (*handler.UnroutedHandler).PatchFile
	tusTerminate tusMethod = (*handler.UnroutedHandler).DelFile
)

// tusRoute serves one tus method for the patient's own request: a
// request without the review cookie, or for an upload of another
// request, is not found.
func (s *Server) tusRoute(serve tusMethod) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Cache-Control", "no-store")
		id, ok := s.reviewCookie(r)
		if !ok || s.mri == nil {
			http.Error(w, "upload not found", http.StatusNotFound)
			return
		}
		r = r.WithContext(review.WithRequest(r.Context(), id))
		if upload := r.PathValue("id"); upload != "" {
			r.URL.Path = upload // tusd reads the id from the path
		}
		s.mri.tus.Middleware(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { serve(s.mri.tus, w, r) })).ServeHTTP(w, r)
	})
}

// formUploadTime bounds a plain form's upload: 100 MB at 1.5 Mbit/s.
const formUploadTime = 10 * time.Minute

// handleFormUpload is handle for the plain upload form: the request may
// read its body, and the handler run, for formUploadTime rather than the
// server's usual limits.
func (s *Server) handleFormUpload(h handlerFunc) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		rc := http.NewResponseController(w)
		rc.SetReadDeadline(time.Now().Add(formUploadTime))
		rc.SetWriteDeadline(time.Now().Add(formUploadTime + time.Minute))
		ctx, cancel := context.WithTimeout(context.WithoutCancel(r.Context()), formUploadTime)
		defer cancel()
		if err := h(w, r.WithContext(ctx)); err != nil {
			s.fail(w, r, err)
		}
	})
}

// uploadForm takes files from the plain form, for browsers without
// JavaScript: each file is stored as an upload of one part.
func (s *Server) uploadForm(w http.ResponseWriter, r *http.Request) error {
	q, err := s.uploadingReview(r)
	if err != nil {
		return err
	}
	mr, err := r.MultipartReader()
	if err != nil {
		return clinic.Errorf(clinic.EInvalid, "Please choose the files to send.")
	}
	n := 0
	for {
		part, err := mr.NextPart()
		if err == io.EOF {
			break
		}
		if err != nil {
			return formReadError(err)
		}
		if part.FormName() != "files" || part.FileName() == "" {
			continue
		}
		if err := s.storeFormFile(r.Context(), q.ID, part); err != nil {
			return err
		}
		n++
	}
	if n == 0 {
		return clinic.Errorf(clinic.EInvalid, "Please choose the files to send.")
	}
	http.Redirect(w, r, "/mri-review/summary", http.StatusSeeOther)
	return nil
}

// formReadError is the answer to a form whose body could not be read:
// over the form's limit, or cut off. Errors of our own (the database, the
// blob store) are not read errors and keep their kind.
func formReadError(err error) error {
	var tooBig *http.MaxBytesError
	if errors.As(err, &tooBig) {
		return clinic.Errorf(clinic.ETooLarge, "The files come to more than %d MB, the most this form takes at once. Please send them in smaller groups, or as a ZIP through the upload above.", maxFormUpload>>20)
	}
	return &clinic.Error{Kind: clinic.EInvalid, Err: err, Message: "The upload was cut off. Please try again."}
}

// bodyRead remembers the error reading a request's body, so that a
// failed store can tell the client's cut-off from its own fault.
type bodyRead struct {
	r   io.Reader
	err error
}

func (b *bodyRead) Read(p []byte) (int, error) {
	n, err := b.r.Read(p)
	if err != nil && err != io.EOF {
		b.err = err
	}
	return n, err
}

// storeFormFile stores one file of the form as a complete upload, its
// name and type clipped as the tus uploads' are.
func (s *Server) storeFormFile(ctx context.Context, req int64, part *multipart.Part) error {
	body := &bodyRead{r: part}
	st, err := s.mri.cfg.Blobs.Put(ctx, body)
	if body.err != nil {
		return formReadError(body.err)
	}
	if err != nil {
		return err
	}
	u := &clinic.ReviewUpload{ID: strings.ToLower(rand.Text()), RequestID: req, Size: st.Size,
		Name: review.FileName(handler.MetaData{"filename": part.FileName()}), Type: review.Clip(part.Header.Get("Content-Type"), 100)}
	if err := s.cfg.Reviews.CreateUpload(ctx, u, s.mri.cfg.MaxStudy); err != nil || st.Size == 0 {
		s.mri.cfg.Blobs.Delete(ctx, st.Name)
		return err
	}
	p := clinic.UploadPart{Offset: 0, Size: st.Size, Blob: st.Name, SHA256: hex.EncodeToString(st.SHA256[:])}
	if err := s.cfg.Reviews.AddUploadPart(ctx, u.ID, p, p.SHA256); err != nil {
		s.mri.cfg.Blobs.Delete(ctx, st.Name)
		return err
	}
	select {
	case s.mri.cfg.Wake <- struct{}{}:
	default:
	}
	return nil
}
