package web

import (
	"bytes"
	"context"
	"errors"
	"io"
	"net/http"
	"strconv"
	"strings"
	"time"

	"clinic"
	"clinic/internal/markdown"
	"clinic/internal/media"
)

type mediaPage struct {
	adminPage
	Media []*clinic.Media
	Alt   string
	InUse *mediaInUse // an image that could not be deleted, and why
}

// mediaInUse is an image some texts still show, with links to them.
type mediaInUse struct {
	Image *clinic.Media
	Uses  []mediaUseLink
}

type mediaUseLink struct {
	clinic.MediaUse
	URL, Noun string // its editor, and what it is: "post", "page", …
}

// kindNouns name one item of each kind of content.
var kindNouns = map[string]string{"post": "post", "pages": "page", "treatments": "treatment", "doctors": "doctor",
	"locations": "location", "videos": "video answer", "publications": "publication"}

func (s *Server) mediaLibrary(w http.ResponseWriter, r *http.Request) error {
	return s.mediaForm(w, r, http.StatusOK, "", nil, "")
}

func (s *Server) mediaForm(w http.ResponseWriter, r *http.Request, status int, alt string, errs clinic.FieldErrors, problem string) error {
	return s.mediaPage(w, r, status, mediaPage{Alt: alt}, errs, problem)
}

func (s *Server) mediaPage(w http.ResponseWriter, r *http.Request, status int, mp mediaPage, errs clinic.FieldErrors, problem string) error {
	p, err := s.adminBase(r, "Media")
	if err != nil {
		return err
	}
	p.Errors, p.Problem = errs, problem
	mp.adminPage = p
	if mp.Media, _, err = s.cfg.Media.MediaList(r.Context(), 200, 0); err != nil {
		return err
	}
	return s.renderAdmin(w, status, "admin-media", mp)
}

// mediaDelete removes an image from the library. One that a page or post
// still shows stays, and the page lists where it is used.
func (s *Server) mediaDelete(w http.ResponseWriter, r *http.Request) error {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil {
		return clinic.Errorf(clinic.ENotFound, "There is no such image.")
	}
	ctx, e := s.auditing(r, "media.delete", idRecord("media", id), "")
	err = s.audited(r, e, s.cfg.Media.DeleteMedia(ctx, id))
	if clinic.ErrorKind(err) == clinic.EConflict {
		return s.mediaStillUsed(w, r, id, clinic.ErrorMessage(err))
	} else if err != nil {
		return err
	}
	http.Redirect(w, r, doneURL("/admin/media", "deleted"), http.StatusSeeOther)
	return nil
}

// mediaStillUsed shows the library with the places image id is used.
func (s *Server) mediaStillUsed(w http.ResponseWriter, r *http.Request, id int64, problem string) error {
	uses, err := s.cfg.Media.MediaUses(r.Context(), id)
	if err != nil {
		return err
	}
	in := &mediaInUse{}
	for _, u := range uses {
		in.Uses = append(in.Uses, mediaUseLink{MediaUse: u, URL: editorURL(u.Kind, u.Slug), Noun: kindNouns[u.Kind]})
	}
	mp := mediaPage{InUse: in}
	ms, _, err := s.cfg.Media.MediaList(r.Context(), 0, 0)
	if err != nil {
		return err
	}
	for _, m := range ms {
		if m.ID == id {
			in.Image = m
		}
	}
	return s.mediaPage(w, r, http.StatusConflict, mp, nil, "The image was not deleted. "+problem)
}

// editorURL is the back-office page that edits an item of kind.
func editorURL(kind, slug string) string {
	if kind == "post" {
		return "/admin/posts/" + slug
	}
	return "/admin/content/" + kind + "/" + slug
}

// mediaUpload takes one image with its description. The image is
// recognised by its content, re-encoded without metadata (EXIF, GPS) and
// stored in the widths the site serves.
func (s *Server) mediaUpload(w http.ResponseWriter, r *http.Request) error {
	if err := r.ParseMultipartForm(1 << 20); err != nil {
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) {
			return clinic.Errorf(clinic.ETooLarge, "The file is larger than 20 MB, so it was not uploaded. Please make it smaller.")
		}
		return clinic.Errorf(clinic.EInvalid, "We could not read the upload. Please try again.")
	}
	defer r.MultipartForm.RemoveAll()
	alt := strings.TrimSpace(r.FormValue("alt"))
	if msg := clinic.CheckAlt(alt); msg != "" {
		return s.mediaForm(w, r, http.StatusUnprocessableEntity, alt, clinic.FieldErrors{"alt": msg}, "The image was not uploaded.")
	}
	f, _, err := r.FormFile("file")
	if err != nil {
		return s.mediaForm(w, r, http.StatusUnprocessableEntity, alt, clinic.FieldErrors{"file": "Choose an image file to upload."}, "The image was not uploaded.")
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, maxUploadBody+1))
	if err != nil {
		return clinic.Errorf(clinic.EInvalid, "We could not read the upload. Please try again.")
	}
	m, files, err := s.processImage(r.Context(), data, alt)
	if err != nil {
		if clinic.ErrorKind(err) == clinic.EInvalid {
			return s.mediaForm(w, r, http.StatusUnprocessableEntity, alt, clinic.FieldErrors{"file": clinic.ErrorMessage(err)}, "The image was not uploaded.")
		}
		return err
	}
	sess := sessionFrom(r.Context())
	if err := s.cfg.Media.SaveMedia(r.Context(), m, files, sess.User.ID); err != nil {
		return err
	}
	s.audit(r, sess, "media.upload", idRecord("media", m.ID), clinic.AuditOK, "")
	http.Redirect(w, r, doneURL("/admin/media", "uploaded"), http.StatusSeeOther)
	return nil
}

// processImage runs the image pipeline, one image at a time: a large photo
// takes hundreds of megabytes while it is scaled.
func (s *Server) processImage(ctx context.Context, data []byte, alt string) (*clinic.Media, []clinic.MediaFile, error) {
	select {
	case s.imageSlot <- struct{}{}:
		defer func() { <-s.imageSlot }()
	case <-ctx.Done():
		return nil, nil, ctx.Err()
	}
	img, err := media.Process(data, media.DefaultLimits())
	if err != nil {
		return nil, nil, err
	}
	return mediaOf(img, alt)
}

// mediaOf names the files of a processed image.
func mediaOf(img *media.Image, alt string) (*clinic.Media, []clinic.MediaFile, error) {
	m := &clinic.Media{Hash: img.SHA256, Alt: alt, Ext: "jpg"}
	if img.ContentType == media.PNG {
		m.Ext = "png"
	}
	// The site serves the sizes made for it, up to 1600 pixels wide; an
	// image narrower than that comes at its own width among them.
	variants := img.Variants
	if len(variants) == 0 {
		variants = []media.Variant{{Width: img.Width, Height: img.Height, ContentType: img.ContentType, Data: img.Original}}
	}
	files := make([]clinic.MediaFile, 0, len(variants))
	for _, v := range variants {
		if v.ContentType != img.ContentType {
			return nil, nil, errors.New("web: media: a variant's type differs from the original's")
		}
		m.Widths = append(m.Widths, v.Width)
		m.Width, m.Height = v.Width, v.Height
		files = append(files, clinic.MediaFile{Name: m.FileName(v.Width), ContentType: v.ContentType, Data: v.Data})
	}
	return m, files, nil
}

// mediaAlt changes an image's description.
func (s *Server) mediaAlt(w http.ResponseWriter, r *http.Request) error {
	if err := parseForm(r); err != nil {
		return err
	}
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil {
		return clinic.Errorf(clinic.ENotFound, "There is no such image.")
	}
	if err := s.cfg.Media.SetMediaAlt(r.Context(), id, r.PostForm.Get("alt")); err != nil {
		return err
	}
	s.audit(r, sessionFrom(r.Context()), "media.alt", idRecord("media", id), clinic.AuditOK, "")
	http.Redirect(w, r, doneURL("/admin/media", "saved"), http.StatusSeeOther)
	return nil
}

// mediaFile serves a file of the media library. Its name holds the
// image's hash, so it never changes and is cached for a year.
func (s *Server) mediaFile(w http.ResponseWriter, r *http.Request) error {
	name := r.PathValue("name")
	if len(name) > 64 {
		return clinic.Errorf(clinic.ENotFound, "There is no such file.")
	}
	f, err := s.cfg.Media.MediaFile(r.Context(), name)
	if err != nil {
		return err
	}
	h := w.Header()
	h.Set("Content-Type", f.ContentType)
	h.Set("Cache-Control", "public, max-age=31536000, immutable")
	h.Set("ETag", `"`+name+`"`)
	http.ServeContent(w, r, "", time.Time{}, bytes.NewReader(f.Data))
	return nil
}

// refreshImages reloads the table the Markdown renderer looks images up
// in, so that library images in any text get their srcset.
func (s *Server) refreshImages(ctx context.Context) {
	if s.cfg.Media == nil {
		return
	}
	ms, _, err := s.cfg.Media.MediaList(ctx, 0, 0)
	if err != nil {
		s.log.ErrorContext(ctx, "load media library", "err", err)
		return
	}
	sets := make(map[string]markdown.ImageSet, len(ms)*3)
	for _, m := range ms {
		set := markdown.ImageSet{SrcSet: m.SrcSet(), Width: m.Width, Height: m.Height}
		for _, w := range m.Widths {
			sets["/media/"+m.FileName(w)] = set
		}
	}
	s.images.Store(&sets)
}

// imageSet is the renderer's lookup.
func (s *Server) imageSet(src string) (markdown.ImageSet, bool) {
	sets := s.images.Load()
	if sets == nil {
		return markdown.ImageSet{}, false
	}
	set, ok := (*sets)[src]
	return set, ok
}
