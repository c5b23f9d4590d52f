package review

import (
	"archive/zip"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"log/slog"
	"strings"

	"clinic"
	"clinic/internal/blob"
	"clinic/internal/dicom"
)

// Ingest reads completed uploads into the database and draws thumbnails.
type Ingest struct {
	DB    clinic.ReviewService
	Blobs *blob.Store
	Dicom *dicom.Ingester
	Log   *slog.Logger
	// ThumbSize is the longest side of thumbnails (default 160).
	ThumbSize int
}

// blobRef is where a file read from an upload is kept.
type blobRef struct {
	Blob, SHA256 string
	Size         int64
	made         bool // written by this reading (not one of the upload's parts)
	twice        bool // a ZIP holds two entries of the name: neither is kept
}

// Read reads one completed upload and records what it holds. An image or
// report keeps a blob of its own: the upload's only part when the upload
// is that file, or a copy taken out of a ZIP or joined from parts.
func (g *Ingest) Read(ctx context.Context, u *clinic.ReviewUpload) error {
	src, err := source(ctx, g.Blobs, u)
	if err != nil {
		return err
	}
	defer src.Close()
	c := dicom.NewCollection()
	if err := g.Dicom.Ingest(ctx, c, dicom.File{Name: u.Name, Data: src}); err != nil {
		return err
	}
	refs := wanted(c, u)
	if err := g.keep(ctx, u, src, refs); err != nil {
		g.forget(refs)
		return err
	}
	res := result(c, u, refs)
	if res.SHA256, err = g.wholeHash(ctx, u, refs); err != nil {
		g.forget(refs)
		return err
	}
	drop, err := g.DB.RecordIngest(ctx, res)
	if err != nil {
		g.forget(refs)
		return err
	}
	for _, name := range drop {
		for _, r := range refs {
			if r.made && r.Blob == name {
				g.Blobs.Delete(context.WithoutCancel(ctx), name)
			}
		}
	}
	return nil
}

// wholeHash is the SHA-256 of an upload of several parts, read through
// once more; one of one part has its part's, recorded already.
func (g *Ingest) wholeHash(ctx context.Context, u *clinic.ReviewUpload, refs map[string]*blobRef) (string, error) {
	if u.SHA256 != "" {
		return u.SHA256, nil
	}
	if r := refs[u.Name]; r != nil && r.made && r.Size == u.Size {
		return r.SHA256, nil // joined into one blob just now, hashed on the way
	}
	h := sha256.New()
	rc := stream(ctx, g.Blobs, u)
	defer rc.Close()
	if _, err := io.Copy(h, rc); err != nil {
		return "", fmt.Errorf("review: hash upload: %w", err)
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}

// wanted maps the name of every image and report to where it is kept:
// the upload's part when it is the whole upload, or nowhere yet.
func wanted(c *dicom.Collection, u *clinic.ReviewUpload) map[string]*blobRef {
	refs := map[string]*blobRef{}
	add := func(name string) {
		if refs[name] != nil {
			return
		}
		r := &blobRef{}
		if name == u.Name && len(u.Parts) == 1 {
			r.Blob, r.SHA256, r.Size = u.Parts[0].Blob, u.Parts[0].SHA256, u.Parts[0].Size
		}
		refs[name] = r
	}
	for _, st := range c.Studies() {
		for _, se := range st.Series {
			for _, in := range se.Instances {
				add(in.File)
			}
		}
	}
	for _, d := range c.Documents() {
		add(d.File)
	}
	return refs
}

// keep writes a blob for each wanted file that has none: taken out of the
// upload's ZIP, or the upload itself joined from its parts.
func (g *Ingest) keep(ctx context.Context, u *clinic.ReviewUpload, src sourceCloser, refs map[string]*blobRef) error {
	if r := refs[u.Name]; r != nil && r.Blob == "" {
		return g.put(ctx, r, stream(ctx, g.Blobs, u))
	}
	var need int
	for _, r := range refs {
		if r.Blob == "" {
			need++
		}
	}
	if need == 0 {
		return nil
	}
	zr, err := zip.NewReader(src, src.Size())
	if err != nil && zr == nil {
		return fmt.Errorf("review: reopen zip: %w", err)
	}
	seen := map[string]int{}
	for _, e := range zr.File {
		seen[e.Name]++
	}
	for _, e := range zr.File {
		r := refs[u.Name+"/"+e.Name]
		if r == nil || r.Blob != "" || r.twice {
			continue
		}
		if seen[e.Name] > 1 {
			r.twice = true
			continue
		}
		if err := g.putEntry(ctx, r, e); err != nil {
			return err
		}
	}
	return nil
}

func (g *Ingest) putEntry(ctx context.Context, r *blobRef, e *zip.File) error {
	rc, err := e.Open()
	if err != nil {
		return fmt.Errorf("review: open zip entry: %w", err)
	}
	return g.put(ctx, r, struct {
		io.Reader
		io.Closer
	}{io.LimitReader(rc, int64(min(e.UncompressedSize64, 1<<40))), rc})
}

// put stores rc whole as r's blob.
func (g *Ingest) put(ctx context.Context, r *blobRef, rc io.ReadCloser) error {
	defer rc.Close()
	st, err := g.Blobs.Put(ctx, rc)
	if err != nil {
		return err
	}
	r.Blob, r.SHA256, r.Size, r.made = st.Name, hex.EncodeToString(st.SHA256[:]), st.Size, true
	return nil
}

// forget deletes the blobs a failed reading made.
func (g *Ingest) forget(refs map[string]*blobRef) {
	for _, r := range refs {
		if r.made {
			g.Blobs.Delete(context.Background(), r.Blob)
		}
	}
}

// result is what the store records of a reading.
func result(c *dicom.Collection, u *clinic.ReviewUpload, refs map[string]*blobRef) *clinic.IngestResult {
	res := &clinic.IngestResult{UploadID: u.ID}
	for _, p := range c.Problems() {
		if p.Kind == dicom.ProblemMissing {
			continue // a DICOMDIR is checked against every upload of the request (Missing)
		}
		res.Items = append(res.Items, &clinic.ReviewItem{Name: p.File, Kind: "file", Problem: p.Kind.String(), Detail: p.Detail})
	}
	for _, d := range c.Documents() {
		it := &clinic.ReviewItem{Name: d.File, Kind: strings.ToLower(d.Kind.String()), Size: d.Size}
		if r := refs[d.File]; r.Blob != "" {
			it.Blob, it.SHA256, it.Size = r.Blob, r.SHA256, r.Size
		} else {
			it.Problem, it.Detail = "refused", "the ZIP holds two files of this name, so neither could be kept"
		}
		res.Items = append(res.Items, it)
	}
	for _, d := range c.Directories() {
		it := &clinic.ReviewItem{Name: d.File, Kind: "dicomdir"}
		for _, e := range d.Entries {
			it.Directory = append(it.Directory, e.Path+"\x00"+e.SOPInstanceUID)
		}
		res.Items = append(res.Items, it)
	}
	for i, st := range c.Studies() {
		res.Studies = append(res.Studies, studyOf(st))
		for j, se := range st.Series {
			for _, in := range se.Instances {
				res.Items, res.Instances = addInstance(res.Items, res.Instances, i, j, in, refs[in.File])
			}
		}
	}
	return res
}

// addInstance adds an instance kept in r, or an item saying why it is not.
func addInstance(items []*clinic.ReviewItem, ins []clinic.IngestInstance, study, series int, in *dicom.Instance, r *blobRef) ([]*clinic.ReviewItem, []clinic.IngestInstance) {
	if r.Blob == "" {
		return append(items, &clinic.ReviewItem{Name: in.File, Kind: "dicom", Problem: "refused",
			Detail: "the ZIP holds two files of this name, so neither could be kept"}), ins
	}
	ri := instanceOf(in)
	ri.Blob, ri.SHA256, ri.Size = r.Blob, r.SHA256, r.Size
	return items, append(ins, clinic.IngestInstance{Study: study, Series: series, Instance: ri, File: in.File})
}

func studyOf(st *dicom.Study) *clinic.ReviewStudy {
	out := &clinic.ReviewStudy{UID: st.UID, Date: isoDate(st.Date), Description: st.Description,
		PatientName: st.Patient.Name, PatientID: st.Patient.ID, PatientBirthDate: isoDate(st.Patient.BirthDate)}
	for _, se := range st.Series {
		out.Series = append(out.Series, &clinic.ReviewSeries{UID: se.UID, Number: se.Number, Description: se.Description,
			Modality: se.Modality, BodyPart: se.BodyPart})
	}
	return out
}

func instanceOf(in *dicom.Instance) *clinic.ReviewInstance {
	return &clinic.ReviewInstance{UID: in.SOPInstanceUID, Number: in.InstanceNumber, HasPixels: in.HasPixels,
		Frames: in.Frames, Rows: in.Rows, Columns: in.Columns, TransferSyntax: in.TransferSyntax, NoPreview: in.NoPreview,
		Geometry: clinic.ImageGeometry{PixelSpacing: in.PixelSpacing, Orientation: in.ImageOrientation,
			Position: in.ImagePosition, WindowCenter: in.WindowCenter, WindowWidth: in.WindowWidth}}
}

// isoDate is d as YYYY-MM-DD, or "".
func isoDate(d dicom.Date) string {
	if d.IsZero() {
		return ""
	}
	return fmt.Sprintf("%04d-%02d-%02d", d.Year, int(d.Month), d.Day)
}
