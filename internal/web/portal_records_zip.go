package web

import (
	"archive/zip"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"time"

	"clinic"
)

// portalExportZIP downloads everything at once as a ZIP: the records as
// JSON, and the original files of the MRI reviews (DICOM images and the
// reports sent with them) and of the insurance card's photos, streamed
// from the blob store one after the other. Audited before anything is
// read, like the other downloads.
func (s *Server) portalExportZIP(w http.ResponseWriter, r *http.Request) error {
	e, err := s.portalRecords(r, "zip")
	if err != nil {
		return err
	}
	files, err := s.exportFiles(r, e)
	if err != nil {
		return err
	}
	page, err := s.recordsHTML(r, e)
	if err != nil {
		return err
	}
	w.Header().Set("Content-Type", "application/zip")
	w.Header().Set("Content-Disposition", `attachment; filename="my-records.zip"`)
	zw := zip.NewWriter(w)
	j, err := zw.CreateHeader(&zip.FileHeader{Name: "records.json", Method: zip.Deflate, Modified: e.Exported})
	if err != nil {
		return err
	}
	enc := json.NewEncoder(j)
	enc.SetIndent("", "  ")
	if err := enc.Encode(e); err != nil {
		return err
	}
	h, err := zw.CreateHeader(&zip.FileHeader{Name: "records.html", Method: zip.Deflate, Modified: e.Exported})
	if err != nil {
		return err
	}
	if _, err := h.Write(page); err != nil {
		return err
	}
	for _, f := range files {
		if err := s.zipBlob(r, zw, f, e.Exported); err != nil {
			// The answer has begun: it stops here, and the archive
			// without its end tells the browser it is incomplete.
			s.log.ErrorContext(r.Context(), "records ZIP", "route", r.Pattern, "err", err)
			return nil
		}
	}
	return zw.Close()
}

// recordsHTML is the readable summary of the records page as a file of
// its own, to open without the site: the page's content in a plain
// document.
func (s *Server) recordsHTML(r *http.Request, e *portalExport) ([]byte, error) {
	t, err := s.views.lookup("portal-records")
	if err != nil {
		return nil, err
	}
	b, err := s.base(r.Context(), r, "Your records", "")
	if err != nil {
		return nil, err
	}
	var buf bytes.Buffer
	buf.WriteString(`<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Your records</title></head><body>`)
	if err := t.ExecuteTemplate(&buf, "content", portalExportPage{basePage: b, portalExport: e}); err != nil {
		return nil, fmt.Errorf("web: records summary: %w", err)
	}
	buf.WriteString("</body></html>\n")
	return buf.Bytes(), nil
}

// exportFile is a stored original and its name in the archive.
type exportFile struct {
	Name, Blob string
}

// exportFiles lists the originals the clinic holds for the records: each
// review's images by series and instance, the reports sent with them,
// and the photos sent with forms.
func (s *Server) exportFiles(r *http.Request, e *portalExport) ([]exportFile, error) {
	if s.cfg.MRI.Blobs == nil {
		return nil, nil
	}
	var fs []exportFile
	for _, q := range e.Reviews {
		more, err := s.reviewFiles(r, q.ID)
		if err != nil {
			return nil, err
		}
		fs = append(fs, more...)
	}
	for _, f := range e.Forms {
		for side, c := range map[string]*clinic.FormFile{"front": f.Answers.CardFront, "back": f.Answers.CardBack} {
			if c != nil {
				fs = append(fs, exportFile{Name: fmt.Sprintf("forms/%d-card-%s%s", f.ID, side, photoExt(c.Type)), Blob: c.Blob})
			}
		}
	}
	return fs, nil
}

// reviewFiles lists one review's originals.
func (s *Server) reviewFiles(r *http.Request, id int64) ([]exportFile, error) {
	ctx := r.Context()
	studies, err := s.cfg.Reviews.ReviewStudies(ctx, id)
	if err != nil {
		return nil, err
	}
	var fs []exportFile
	for si, st := range studies {
		for _, se := range st.Series {
			is, err := s.cfg.Reviews.SeriesInstances(ctx, se.ID)
			if err != nil {
				return nil, err
			}
			for _, in := range is {
				fs = append(fs, exportFile{Name: fmt.Sprintf("mri-review-%d/study-%d/series-%d/%05d-%d.dcm", id, si+1, se.Number, in.Number, in.ID), Blob: in.Blob})
			}
		}
	}
	items, err := s.cfg.Reviews.ReviewItems(ctx, id)
	if err != nil {
		return nil, err
	}
	for _, it := range items {
		if it.Blob != "" && it.Problem == "" && (it.Kind == "pdf" || it.Kind == "jpeg" || it.Kind == "png") {
			fs = append(fs, exportFile{Name: fmt.Sprintf("mri-review-%d/report-%d.%s", id, it.ID, it.Kind), Blob: it.Blob})
		}
	}
	return fs, nil
}

func photoExt(typ string) string {
	if typ == "image/png" {
		return ".png"
	}
	return ".jpg"
}

// zipBlob streams one stored original into the archive, as it is: the
// images are compressed already, or compress little.
func (s *Server) zipBlob(r *http.Request, zw *zip.Writer, f exportFile, at time.Time) error {
	rc, err := s.cfg.MRI.Blobs.Open(r.Context(), f.Blob)
	if err != nil {
		return err
	}
	defer rc.Close()
	w, err := zw.CreateHeader(&zip.FileHeader{Name: f.Name, Method: zip.Store, Modified: at})
	if err != nil {
		return err
	}
	_, err = io.Copy(w, rc)
	return err
}
