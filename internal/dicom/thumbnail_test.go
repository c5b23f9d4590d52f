package dicom

import (
	"bytes"
	"image"
	"image/png"
	"testing"

	"github.com/google/go-cmp/cmp"

	"clinic/internal/dicom/dicomtest"
)

func TestThumbnailAverages(t *testing.T) {
	src := image.NewGray(image.Rect(0, 0, 4, 2))
	copy(src.Pix, []byte{0, 100, 200, 200, 100, 200, 0, 0})
	got := Thumbnail(src, 2).(*image.Gray)
	if diff := cmp.Diff([]byte{100, 100}, got.Pix); diff != "" {
		t.Errorf("pixels (-want +got):\n%s", diff)
	}
	if got.Bounds().Dx() != 2 || got.Bounds().Dy() != 1 {
		t.Errorf("size %v, want 2 × 1", got.Bounds())
	}
}

func TestIngestMakesThumbnails(t *testing.T) {
	ls := func(in *dicomtest.Instance) {
		in.Rows, in.Columns = 256, 200
		in.Frames = [][]int{dicomtest.Phantom(256, 200, 4000, 0)}
	}
	palette := func(in *dicomtest.Instance) {
		in.SOPInstanceUID += ".2"
		in.Photometric = "PALETTE COLOR"
	}
	c := NewCollection()
	ingest(t, NewIngester(Config{}), c,
		File{Name: "a", Data: bytes.NewReader(mr(t, dicomtest.JPEGLossless, ls))},
		File{Name: "b", Data: bytes.NewReader(mr(t, dicomtest.ExplicitLE, palette))})
	ins := c.Studies()[0].Series[0].Instances
	img, err := png.Decode(bytes.NewReader(ins[0].Thumbnail))
	if err != nil {
		t.Fatalf("thumbnail: %v", err)
	}
	if got := img.Bounds().Size(); got != image.Pt(100, 128) {
		t.Errorf("thumbnail of %v, want 100 × 128", got)
	}
	if ins[1].Thumbnail != nil || ins[1].NoPreview != "palette colour images are not drawn here" {
		t.Errorf("palette image: thumbnail %d bytes, no preview %q", len(ins[1].Thumbnail), ins[1].NoPreview)
	}
	if c.Studies()[0].Series[0].Middle() != ins[0] {
		t.Errorf("the series is not shown by the image that has a thumbnail")
	}
}
