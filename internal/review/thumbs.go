package review

import (
	"bytes"
	"context"
	"encoding/hex"
	"fmt"
	"io"

	"clinic"
	"clinic/internal/dicom"
)

// MaxImageBytes is the largest image file read into memory to be drawn.
const MaxImageBytes = 512 << 20

// Thumbnails draws each series' thumbnail from its middle image, for the
// series whose middle image changed since their thumbnail was drawn.
func (g *Ingest) Thumbnails(ctx context.Context, requestID int64) error {
	studies, err := g.DB.ReviewStudies(ctx, requestID)
	if err != nil {
		return err
	}
	for _, st := range studies {
		for _, se := range st.Series {
			if err := g.thumbnail(ctx, se); err != nil {
				return err
			}
		}
	}
	return nil
}

func (g *Ingest) thumbnail(ctx context.Context, se *clinic.ReviewSeries) error {
	ins, err := g.DB.SeriesInstances(ctx, se.ID)
	if err != nil {
		return err
	}
	mid := Middle(ins)
	if mid == nil || mid.ID == se.ThumbInstance {
		return nil
	}
	png, err := g.drawThumbnail(ctx, mid)
	if err != nil {
		return nil // the series has no preview; the viewer says why
	}
	st, err := g.Blobs.Put(ctx, bytes.NewReader(png))
	if err != nil {
		return err
	}
	old, err := g.DB.SetThumbnail(ctx, se.ID, mid.ID, st.Name, hex.EncodeToString(st.SHA256[:]))
	if err != nil {
		g.Blobs.Delete(context.WithoutCancel(ctx), st.Name)
		return err
	}
	if old != "" {
		g.Blobs.Delete(context.WithoutCancel(ctx), old)
	}
	return nil
}

// Middle is the image in the middle of a series, of those with pixels
// that can be drawn, or nil.
func Middle(ins []*clinic.ReviewInstance) *clinic.ReviewInstance {
	var ok []*clinic.ReviewInstance
	for _, in := range ins {
		if in.HasPixels && in.NoPreview == "" {
			ok = append(ok, in)
		}
	}
	if len(ok) == 0 {
		return nil
	}
	return ok[len(ok)/2]
}

func (g *Ingest) drawThumbnail(ctx context.Context, in *clinic.ReviewInstance) ([]byte, error) {
	img, err := g.OpenImage(ctx, in)
	if err != nil {
		return nil, err
	}
	frame, err := img.Render(img.Frames()/2, dicom.FileWindow)
	if err != nil {
		return nil, err
	}
	size := g.ThumbSize
	if size <= 0 {
		size = 160
	}
	return dicom.EncodePNG(dicom.Thumbnail(frame, size))
}

// OpenImage reads an instance's file and opens it for drawing.
func (g *Ingest) OpenImage(ctx context.Context, in *clinic.ReviewInstance) (*dicom.Image, error) {
	if in.Size > MaxImageBytes {
		return nil, clinic.Errorf(clinic.ETooLarge, "The image file is too large to show here.")
	}
	b, err := g.ReadBlob(ctx, in.Blob, in.Size)
	if err != nil {
		return nil, err
	}
	return dicom.OpenImage(bytes.NewReader(b), int64(len(b)), dicom.Limits{})
}

// ReadBlob reads a blob of the size recorded into memory.
func (g *Ingest) ReadBlob(ctx context.Context, name string, size int64) ([]byte, error) {
	rc, err := g.Blobs.Open(ctx, name)
	if err != nil {
		return nil, err
	}
	defer rc.Close()
	b := make([]byte, size)
	if _, err := io.ReadFull(rc, b); err != nil {
		return nil, fmt.Errorf("review: read blob: %w", err)
	}
	return b, nil
}

// ReadAll reads a small blob whole, up to limit bytes.
func (g *Ingest) ReadAll(ctx context.Context, name string, limit int64) ([]byte, error) {
	rc, err := g.Blobs.Open(ctx, name)
	if err != nil {
		return nil, err
	}
	defer rc.Close()
	b, err := io.ReadAll(io.LimitReader(rc, limit))
	if err != nil {
		return nil, fmt.Errorf("review: read blob: %w", err)
	}
	return b, nil
}
