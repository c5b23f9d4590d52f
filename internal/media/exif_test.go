package media

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"image"
	"image/color"
	"testing"

	"github.com/google/go-cmp/cmp"
	"golang.org/x/image/draw"
)

func TestOrientation(t *testing.T) {
	t.Parallel()
	jpg := encodeJPEG(t, gradient(16, 16))
	le, be := binary.LittleEndian, binary.BigEndian
	exif := func(o uint16) []byte { return insertSegment(jpg, 0xE1, exifPayload(le, o)) }
	tests := []struct {
		name string
		data []byte
		want int
	}{
		{"a JPEG without EXIF is upright", jpg, 1},
		{"little-endian EXIF with orientation 6 is read", exif(6), 6},
		{"big-endian EXIF with orientation 8 is read", insertSegment(jpg, 0xE1, exifPayload(be, 8)), 8},
		{"orientation 3 is read", exif(3), 3},
		{"orientation 0 is out of range and ignored", exif(0), 1},
		{"orientation 9 is out of range and ignored", exif(9), 1},
		{"EXIF after an XMP APP1 is still found",
			insertSegment(insertSegment(jpg, 0xE1, exifPayload(le, 5)), 0xE1, []byte("http://ns.adobe.com/xap/1.0/\x00<x/>")), 5},
		{"EXIF after a comment and fill bytes is found",
			append(append([]byte{0xFF, 0xD8, 0xFF, 0xFF, 0xFE, 0, 4, 'h', 'i'}, segment(0xE1, exifPayload(be, 7))...), jpg[2:]...), 7},
		{"an APP1 that is not EXIF is ignored", insertSegment(jpg, 0xE1, []byte("Exif")), 1},
		{"a segment length past the end of the file is ignored",
			[]byte{0xFF, 0xD8, 0xFF, 0xE1, 0xFF, 0xFF, 'E', 'x', 'i', 'f', 0, 0}, 1},
		{"a segment length under two is ignored", []byte{0xFF, 0xD8, 0xFF, 0xE1, 0x00, 0x01, 0, 0}, 1},
		{"a file of only the start marker is upright", []byte{0xFF, 0xD8}, 1},
		{"a file ending in fill bytes is upright", []byte{0xFF, 0xD8, 0xFF, 0xFF}, 1},
		{"a file that is not JPEG is upright", []byte("\x89PNG\r\n\x1A\n"), 1},
		{"EXIF after the first scan is not read",
			append(append([]byte{0xFF, 0xD8, 0xFF, 0xDA, 0, 2}, segment(0xE1, exifPayload(le, 6))...), 0xFF, 0xD9), 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := orientation(tt.data); got != tt.want {
				t.Errorf("orientation = %d, want %d", got, tt.want)
			}
		})
	}
}

func segment(marker byte, payload []byte) []byte {
	return insertSegment([]byte{0xFF, 0xD8}, marker, payload)[2:]
}

func TestTIFFOrientationRefusesBrokenStructures(t *testing.T) {
	t.Parallel()
	good := exifPayload(binary.LittleEndian, 6)[6:]
	patch := func(at int, b ...byte) []byte {
		out := bytes.Clone(good)
		copy(out[at:], b)
		return out
	}
	tests := []struct {
		name string
		tiff []byte
	}{
		{"an empty structure", nil},
		{"a header cut short", good[:7]},
		{"an unknown byte order", patch(0, 'X', 'X')},
		{"a wrong magic number", patch(2, 43, 0)},
		{"a directory offset inside the header", patch(4, 4, 0, 0, 0)},
		{"a directory offset past the end", patch(4, 0xFF, 0xFF, 0xFF, 0xFF)},
		{"a directory cut before its entries", good[:12]},
		{"an orientation stored as LONG", patch(8+2+12+2, 4, 0)},
		{"an orientation with two values", patch(8+2+12+4, 2, 0, 0, 0)},
		{"a directory claiming more entries than it holds", patch(8, 0xFF, 0xFF)[:8+2+12]},
	}
	for _, tt := range tests {
		t.Run(tt.name+" reads as upright", func(t *testing.T) {
			if got := tiffOrientation(tt.tiff); got != 1 {
				t.Errorf("tiffOrientation = %d, want 1", got)
			}
		})
	}
}

func TestProcessAppliesOrientation(t *testing.T) {
	t.Parallel()
	// The stored image is 64 × 32: red, green over blue, white.
	jpg := encodeJPEG(t, quadrants(64, 32))
	r, g, b, w := red, green, blue, white
	tests := []struct {
		o       uint16
		w, h    int
		corners [4]color.RGBA // top-left, top-right, bottom-left, bottom-right
	}{
		{1, 64, 32, [4]color.RGBA{r, g, b, w}},
		{2, 64, 32, [4]color.RGBA{g, r, w, b}},
		{3, 64, 32, [4]color.RGBA{w, b, g, r}},
		{4, 64, 32, [4]color.RGBA{b, w, r, g}},
		{5, 32, 64, [4]color.RGBA{r, b, g, w}},
		{6, 32, 64, [4]color.RGBA{b, r, w, g}},
		{7, 32, 64, [4]color.RGBA{w, g, b, r}},
		{8, 32, 64, [4]color.RGBA{g, w, r, b}},
	}
	for _, tt := range tests {
		t.Run(fmt.Sprintf("orientation %d is shown as the camera saw it", tt.o), func(t *testing.T) {
			data := insertSegment(jpg, 0xE1, exifPayload(binary.BigEndian, tt.o))
			img, err := Process(data, DefaultLimits())
			if err != nil {
				t.Fatal(err)
			}
			for _, out := range append([][]byte{img.Original}, variantData(img)...) {
				checkCorners(t, decodeAny(t, out), tt.w, tt.h, tt.corners)
			}
		})
	}
}

func checkCorners(t *testing.T, m image.Image, w, h int, want [4]color.RGBA) {
	t.Helper()
	if got := m.Bounds().Size(); got != image.Pt(w, h) {
		t.Fatalf("size = %v, want %dx%d", got, w, h)
	}
	at := []image.Point{{w / 4, h / 4}, {3 * w / 4, h / 4}, {w / 4, 3 * h / 4}, {3 * w / 4, 3 * h / 4}}
	for i, p := range at {
		if c := m.At(p.X, p.Y); !near(c, want[i], 24) {
			t.Errorf("at %v: %v, want %v", p, c, want[i])
		}
	}
}

func TestProcessStripsEXIFAndGPS(t *testing.T) {
	t.Parallel()
	jpg := encodeJPEG(t, quadrants(64, 32))
	for _, order := range []byteOrder{binary.LittleEndian, binary.BigEndian} {
		t.Run(fmt.Sprintf("a %v phone photo loses its EXIF, GPS, ICC and comment", order), func(t *testing.T) {
			data := insertSegment(jpg, 0xE1, exifPayload(order, 6))
			data = insertSegment(data, 0xE2, []byte("ICC_PROFILE\x00\x01\x01fake profile"))
			data = insertSegment(data, 0xFE, []byte("taken at the Kirkland clinic"))
			img, err := Process(data, DefaultLimits())
			if err != nil {
				t.Fatal(err)
			}
			if img.Width != 32 || img.Height != 64 {
				t.Errorf("size = %dx%d, want 32x64 (turned)", img.Width, img.Height)
			}
			for _, out := range append([][]byte{img.Original}, variantData(img)...) {
				checkNoMetadata(t, out, order)
			}
		})
	}
}

// checkNoMetadata checks that a JPEG output has only the segments our
// encoder writes and none of the bytes of the metadata put in.
func checkNoMetadata(t *testing.T, jpg []byte, order byteOrder) {
	t.Helper()
	// Quantisation tables, frame, Huffman tables, scan: no APPn, no COM.
	if diff := cmp.Diff([]byte{0xDB, 0xC0, 0xC4, 0xDA}, jpegMarkers(jpg)); diff != "" {
		t.Errorf("markers (-want +got):\n%s", diff)
	}
	for _, s := range [][]byte{
		[]byte("Exif"), []byte("ICC_PROFILE"), []byte("Kirkland"), []byte("Phone 1"),
		rationalBytes(order, gpsLatitude),
	} {
		if bytes.Contains(jpg, s) {
			t.Errorf("output still holds %q", s)
		}
	}
}

func FuzzOrientation(f *testing.F) {
	jpg := encodeJPEG(f, gradient(8, 8))
	f.Add(jpg)
	f.Add(insertSegment(jpg, 0xE1, exifPayload(binary.LittleEndian, 6)))
	f.Add(insertSegment(jpg, 0xE1, exifPayload(binary.BigEndian, 8))[:40])
	f.Fuzz(func(t *testing.T, data []byte) {
		if o := orientation(data); o < 1 || o > 8 {
			t.Errorf("orientation = %d, want 1 to 8", o)
		}
	})
}

func TestOrientTurnsEveryPixelLayoutAlike(t *testing.T) {
	t.Parallel()
	// A 6 × 4 image of distinct colours, in each layout orient handles.
	rgba := image.NewRGBA(image.Rect(0, 0, 6, 4))
	for y := range 4 {
		for x := range 6 {
			rgba.SetRGBA(x, y, color.RGBA{uint8(40 * x), uint8(60 * y), uint8(200 - 30*x), 255})
		}
	}
	layouts := map[string]image.Image{"RGBA": rgba, "NRGBA": toNRGBA(rgba), "Gray": toGray(rgba)}
	for _, r := range []image.YCbCrSubsampleRatio{
		image.YCbCrSubsampleRatio444, image.YCbCrSubsampleRatio422, image.YCbCrSubsampleRatio420,
		image.YCbCrSubsampleRatio440, image.YCbCrSubsampleRatio411,
	} {
		layouts["YCbCr "+r.String()] = toYCbCr(rgba, r)
	}
	for name, src := range layouts {
		for o := 1; o <= 8; o++ {
			t.Run(fmt.Sprintf("%s turned by orientation %d shows the same pixels as RGBA", name, o), func(t *testing.T) {
				got := orient(src, o)
				want := orient(toRGBA(src), o)
				if got.Bounds() != want.Bounds() {
					t.Fatalf("bounds %v, want %v", got.Bounds(), want.Bounds())
				}
				b := want.Bounds()
				for y := range b.Dy() {
					for x := range b.Dx() {
						if !near(got.At(x, y), want.At(x, y), 0) {
							t.Fatalf("at (%d,%d): %v, want %v", x, y, got.At(x, y), want.At(x, y))
						}
					}
				}
			})
		}
	}
}

func TestOrientRGBA(t *testing.T) {
	t.Parallel()
	// 3 × 2 pixels numbered 1 2 3 / 4 5 6 in their red channel.
	src := image.NewRGBA(image.Rect(0, 0, 3, 2))
	for i := range 6 {
		src.Pix[4*i] = uint8(i + 1)
	}
	tests := []struct {
		o    int
		want [][]uint8 // rows of red values
	}{
		{1, [][]uint8{{1, 2, 3}, {4, 5, 6}}},
		{2, [][]uint8{{3, 2, 1}, {6, 5, 4}}},
		{3, [][]uint8{{6, 5, 4}, {3, 2, 1}}},
		{4, [][]uint8{{4, 5, 6}, {1, 2, 3}}},
		{5, [][]uint8{{1, 4}, {2, 5}, {3, 6}}},
		{6, [][]uint8{{4, 1}, {5, 2}, {6, 3}}},
		{7, [][]uint8{{6, 3}, {5, 2}, {4, 1}}},
		{8, [][]uint8{{3, 6}, {2, 5}, {1, 4}}},
	}
	for _, tt := range tests {
		t.Run(fmt.Sprintf("orientation %d", tt.o), func(t *testing.T) {
			m := orient(src, tt.o).(*image.RGBA)
			var got [][]uint8
			for y := range m.Rect.Dy() {
				var row []uint8
				for x := range m.Rect.Dx() {
					row = append(row, m.RGBAAt(x, y).R)
				}
				got = append(got, row)
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("pixels (-want +got):\n%s", diff)
			}
		})
	}
}

func toNRGBA(src image.Image) *image.NRGBA {
	m := image.NewNRGBA(src.Bounds())
	draw.Draw(m, m.Rect, src, image.Point{}, draw.Src)
	return m
}

func toGray(src image.Image) *image.Gray {
	m := image.NewGray(src.Bounds())
	draw.Draw(m, m.Rect, src, image.Point{}, draw.Src)
	return m
}

func toYCbCr(src image.Image, r image.YCbCrSubsampleRatio) *image.YCbCr {
	b := src.Bounds()
	m := image.NewYCbCr(b, r)
	for y := range b.Dy() {
		for x := range b.Dx() {
			c := color.YCbCrModel.Convert(src.At(x, y)).(color.YCbCr)
			m.Y[m.YOffset(x, y)] = c.Y
			m.Cb[m.COffset(x, y)] = c.Cb
			m.Cr[m.COffset(x, y)] = c.Cr
		}
	}
	return m
}
