package media

import (
	"bytes"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"image"
	"image/color"
	"testing"

	"github.com/google/go-cmp/cmp"

	"clinic"
)

// shape is what a test checks of a processed image, leaving out the bytes.
type shape struct {
	ContentType   string
	Width, Height int
	Variants      []variantShape
}

type variantShape struct {
	Width, Height int
	ContentType   string
}

func shapeOf(img *Image) shape {
	s := shape{ContentType: img.ContentType, Width: img.Width, Height: img.Height}
	for _, v := range img.Variants {
		s.Variants = append(s.Variants, variantShape{v.Width, v.Height, v.ContentType})
	}
	return s
}

func TestProcessMakesOriginalAndVariants(t *testing.T) {
	t.Parallel()
	lim := DefaultLimits()
	tests := []struct {
		name string
		data []byte
		want shape
	}{
		{
			name: "a wide JPEG photo gets every width",
			data: encodeJPEG(t, gradient(2000, 1000)),
			want: shape{JPEG, 2000, 1000, []variantShape{
				{480, 240, JPEG}, {960, 480, JPEG}, {1600, 800, JPEG}}},
		},
		{
			name: "a JPEG narrower than the largest width is capped at its own width",
			data: encodeJPEG(t, gradient(1200, 900)),
			want: shape{JPEG, 1200, 900, []variantShape{
				{480, 360, JPEG}, {960, 720, JPEG}, {1200, 900, JPEG}}},
		},
		{
			name: "a JPEG exactly as wide as a width is not scaled past it",
			data: encodeJPEG(t, gradient(960, 640)),
			want: shape{JPEG, 960, 640, []variantShape{
				{480, 320, JPEG}, {960, 640, JPEG}}},
		},
		{
			name: "a small PNG gets one variant at its own width",
			data: encodePNG(t, gradient(300, 200)),
			want: shape{PNG, 300, 200, []variantShape{{300, 200, PNG}}},
		},
		{
			name: "a PNG stays PNG in every variant",
			data: encodePNG(t, gradient(1000, 10)),
			want: shape{PNG, 1000, 10, []variantShape{
				{480, 5, PNG}, {960, 10, PNG}, {1000, 10, PNG}}},
		},
		{
			name: "a lossy WebP becomes JPEG",
			data: readTestdata(t, "blue-purple-pink.lossy.webp"),
			want: shape{JPEG, 150, 100, []variantShape{{150, 100, JPEG}}},
		},
		{
			name: "an opaque lossless WebP becomes JPEG",
			data: readTestdata(t, "blue-purple-pink.lossless.webp"),
			want: shape{JPEG, 150, 100, []variantShape{{150, 100, JPEG}}},
		},
		{
			name: "a WebP with transparency becomes PNG",
			data: solidWebP(600, 300, color.NRGBA{10, 20, 30, 128}),
			want: shape{PNG, 600, 300, []variantShape{{480, 240, PNG}, {600, 300, PNG}}},
		},
		{
			name: "a one-pixel-high image keeps at least one row",
			data: encodePNG(t, gradient(2000, 1)),
			want: shape{PNG, 2000, 1, []variantShape{
				{480, 1, PNG}, {960, 1, PNG}, {1600, 1, PNG}}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			img, err := Process(tt.data, lim)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tt.want, shapeOf(img)); diff != "" {
				t.Errorf("shape (-want +got):\n%s", diff)
			}
			checkEncoded(t, img)
		})
	}
}

// checkEncoded checks that every output of img decodes to its stated type
// and size, and that SHA256 is the hash of Original.
func checkEncoded(t *testing.T, img *Image) {
	t.Helper()
	type out struct {
		ContentType string
		Size        image.Point
	}
	check := func(what, ct string, w, h int, data []byte) {
		got, _ := Sniff(data)
		b := decodeAny(t, data).Bounds()
		if diff := cmp.Diff(out{ct, image.Pt(w, h)}, out{got, b.Size()}); diff != "" {
			t.Errorf("%s (-stated +encoded):\n%s", what, diff)
		}
	}
	check("original", img.ContentType, img.Width, img.Height, img.Original)
	for _, v := range img.Variants {
		check("variant", v.ContentType, v.Width, v.Height, v.Data)
	}
	sum := sha256.Sum256(img.Original)
	if img.SHA256 != hex.EncodeToString(sum[:]) {
		t.Errorf("SHA256 = %s, not the hash of Original", img.SHA256)
	}
}

func TestProcessIsDeterministic(t *testing.T) {
	t.Parallel()
	data := encodeJPEG(t, gradient(1000, 700))
	a, err := Process(data, DefaultLimits())
	if err != nil {
		t.Fatal(err)
	}
	b, err := Process(data, DefaultLimits())
	if err != nil {
		t.Fatal(err)
	}
	if a.SHA256 != b.SHA256 || !bytes.Equal(a.Variants[0].Data, b.Variants[0].Data) {
		t.Error("processing the same upload twice gave different bytes")
	}
}

func TestProcessKeepsTransparency(t *testing.T) {
	t.Parallel()
	src := image.NewNRGBA(image.Rect(0, 0, 1000, 500))
	for y := range 500 {
		for x := range 1000 {
			if x >= 500 {
				src.SetNRGBA(x, y, color.NRGBA{200, 30, 40, 255})
			}
		}
	}
	tests := []struct {
		name string
		data []byte
	}{
		{"a PNG with a transparent half", encodePNG(t, src)},
		{"a WebP with half-transparent pixels", solidWebP(1000, 500, color.NRGBA{200, 30, 40, 128})},
	}
	for _, tt := range tests {
		t.Run(tt.name+" keeps its alpha in the original and every variant", func(t *testing.T) {
			img, err := Process(tt.data, DefaultLimits())
			if err != nil {
				t.Fatal(err)
			}
			want := decodeAny(t, tt.data)
			left := want.At(10, 10)
			for _, data := range append([][]byte{img.Original}, variantData(img)...) {
				got := decodeAny(t, data)
				b := got.Bounds()
				if !near(got.At(b.Dx()/10, b.Dy()/2), left, 1) {
					t.Errorf("%v wide: left side is %v, want %v", b.Dx(), got.At(b.Dx()/10, b.Dy()/2), left)
				}
			}
		})
	}
}

func variantData(img *Image) [][]byte {
	var out [][]byte
	for _, v := range img.Variants {
		out = append(out, v.Data)
	}
	return out
}

func TestProcessDropsPNGTextChunks(t *testing.T) {
	t.Parallel()
	p := encodePNG(t, gradient(64, 64))
	p = insertPNGChunk(p, "tEXt", []byte("Author\x00Dr. Example, 555-0100"))
	p = insertPNGChunk(p, "iTXt", []byte("XML:com.adobe.xmp\x00\x00\x00\x00\x00<x:xmpmeta/>"))
	p = insertPNGChunk(p, "eXIf", exifPayload(binary.BigEndian, 6)[6:])
	if _, err := codecFor(PNG).decode(p); err != nil {
		t.Fatalf("the test file does not decode: %v", err)
	}
	img, err := Process(p, DefaultLimits())
	if err != nil {
		t.Fatal(err)
	}
	for _, data := range append([][]byte{img.Original}, variantData(img)...) {
		if diff := cmp.Diff([]string{"IHDR", "IDAT", "IEND"}, pngChunks(data)); diff != "" {
			t.Errorf("chunks (-want +got):\n%s", diff)
		}
		for _, s := range []string{"Dr. Example", "xmpmeta", "MM\x00\x2A"} {
			if bytes.Contains(data, []byte(s)) {
				t.Errorf("output still holds %q", s)
			}
		}
	}
}

func TestProcessDropsBytesAfterTheImage(t *testing.T) {
	t.Parallel()
	hidden := []byte("<html><script>alert(1)</script></html>")
	tests := []struct {
		name string
		data []byte
	}{
		{"a JPEG followed by HTML", append(encodeJPEG(t, gradient(32, 32)), hidden...)},
		{"a PNG followed by HTML", append(encodePNG(t, gradient(32, 32)), hidden...)},
	}
	for _, tt := range tests {
		t.Run(tt.name+" is stored without it", func(t *testing.T) {
			img, err := Process(tt.data, DefaultLimits())
			if err != nil {
				t.Fatal(err)
			}
			if bytes.Contains(img.Original, []byte("script")) {
				t.Error("the original still holds the HTML")
			}
		})
	}
}

func TestDefaultLimits(t *testing.T) {
	t.Parallel()
	want := Limits{MaxBytes: 20 << 20, MaxPixels: 40_000_000, MaxSide: 12_000, Widths: []int{480, 960, 1600}}
	if diff := cmp.Diff(want, DefaultLimits()); diff != "" {
		t.Errorf("DefaultLimits (-want +got):\n%s", diff)
	}
}

func TestProcessRefusesBadLimits(t *testing.T) {
	t.Parallel()
	data := encodePNG(t, gradient(8, 8))
	tests := []struct {
		name string
		lim  func(*Limits)
	}{
		{"a zero byte limit", func(l *Limits) { l.MaxBytes = 0 }},
		{"a negative pixel limit", func(l *Limits) { l.MaxPixels = -1 }},
		{"a zero side limit", func(l *Limits) { l.MaxSide = 0 }},
		{"a zero width", func(l *Limits) { l.Widths = []int{480, 0} }},
	}
	for _, tt := range tests {
		t.Run(tt.name+" is our mistake, not the uploader's", func(t *testing.T) {
			lim := DefaultLimits()
			tt.lim(&lim)
			_, err := Process(data, lim)
			if got := clinic.ErrorKind(err); got != clinic.EInternal {
				t.Errorf("kind = %q (%v), want %q", got, err, clinic.EInternal)
			}
		})
	}
}

func TestVariantWidths(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name   string
		wanted []int
		width  int
		want   []int
	}{
		{"a wide image gets every width", []int{480, 960, 1600}, 4000, []int{480, 960, 1600}},
		{"a narrower image is capped at its width", []int{480, 960, 1600}, 1000, []int{480, 960, 1000}},
		{"an image as wide as a width gets it once", []int{480, 960}, 960, []int{480, 960}},
		{"a tiny image gets only its own width", []int{480, 960}, 100, []int{100}},
		{"widths out of order and repeated are sorted once", []int{960, 480, 960}, 2000, []int{480, 960}},
		{"no widths give no variants", nil, 2000, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := variantWidths(tt.wanted, tt.width)
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("variantWidths(%v, %d) (-want +got):\n%s", tt.wanted, tt.width, diff)
			}
		})
	}
}

func TestMegabytes(t *testing.T) {
	t.Parallel()
	tests := []struct {
		n    int64
		want string
	}{
		{100, "100 bytes"},
		{1500, "1 KB"},
		{700 << 10, "700 KB"},
		{20 << 20, "20 MB"},
		{7 << 19, "3.5 MB"},
	}
	for _, tt := range tests {
		if got := megabytes(tt.n); got != tt.want {
			t.Errorf("megabytes(%d) = %q, want %q", tt.n, got, tt.want)
		}
	}
}
