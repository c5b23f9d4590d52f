package media

import (
	"bytes"
	"image"
	"image/color"
	"image/color/palette"
	"image/gif"
	"testing"

	"github.com/google/go-cmp/cmp"

	"clinic"
)

type refusal struct {
	Kind    string
	Message string
}

func TestProcessRefusesWhatIsNotAnImage(t *testing.T) {
	t.Parallel()
	jpg := encodeJPEG(t, gradient(64, 48))
	png := encodePNG(t, gradient(64, 48))
	webp := readTestdata(t, "blue-purple-pink.lossy.webp")
	lossless := readTestdata(t, "blue-purple-pink.lossless.webp")
	var gifData bytes.Buffer
	if err := gif.Encode(&gifData, image.NewPaletted(image.Rect(0, 0, 8, 8), palette.Plan9), nil); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		data []byte
	}{
		{"an empty file", nil},
		{"a GIF", gifData.Bytes()},
		{"an SVG", []byte(`<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>`)},
		{"an HTML page", []byte("<!DOCTYPE html><html><body>hello</body></html>")},
		{"a PDF", []byte("%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\n%%EOF")},
		{"a Windows program named photo.jpg", append([]byte("MZ\x90\x00\x03\x00\x00\x00"), make([]byte, 120)...)},
		{"a JPEG signature alone", []byte{0xFF, 0xD8, 0xFF}},
		{"a JPEG cut in half", jpg[:len(jpg)/2]},
		{"a JPEG cut inside its header", jpg[:40]},
		{"a PNG signature alone", png[:8]},
		{"a PNG cut in half", png[:len(png)/2]},
		{"a PNG with a damaged header checksum", flip(png, 30)},
		{"a lossy WebP cut in half", webp[:len(webp)/2]},
		{"a lossless WebP cut in half", lossless[:len(lossless)/2]},
		{"a RIFF file that is a WAVE sound", append([]byte("RIFF\x24\x00\x00\x00WAVEfmt "), make([]byte, 32)...)},
		{"a WebP header with nothing after it", []byte("RIFF\x04\x00\x00\x00WEBP")},
		{"a JPEG claiming to be 0 pixels high", withJPEGSize(jpg, 64, 0)},
	}
	want := refusal{clinic.EInvalid, "this file is not a JPEG, PNG or WebP image"}
	for _, tt := range tests {
		t.Run(tt.name+" is refused", func(t *testing.T) {
			img, err := Process(tt.data, DefaultLimits())
			if img != nil {
				t.Error("got an image")
			}
			got := refusal{clinic.ErrorKind(err), clinic.ErrorMessage(err)}
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("error %v (-want +got):\n%s", err, diff)
			}
		})
	}
}

func flip(b []byte, at int) []byte {
	out := bytes.Clone(b)
	out[at] ^= 0xFF
	return out
}

func TestProcessRefusesWhatIsTooLarge(t *testing.T) {
	t.Parallel()
	png := encodePNG(t, gradient(64, 48))
	jpg := encodeJPEG(t, gradient(64, 48))
	small := DefaultLimits()
	small.MaxBytes = int64(len(png) - 1)
	tests := []struct {
		name string
		data []byte
		lim  Limits
		want refusal
	}{
		{
			name: "a file one byte over the byte limit",
			data: png, lim: small,
			want: refusal{clinic.ETooLarge, megabytesMessage(len(png), small.MaxBytes)},
		},
		{
			name: "a 21 MB file under the default limit",
			data: append(bytes.Clone(png), make([]byte, 21<<20)...), lim: DefaultLimits(),
			want: refusal{clinic.ETooLarge, "this file is 21.0 MB; the largest we accept is 20 MB"},
		},
		{
			name: "a PNG claiming 50,000 × 50,000 pixels",
			data: withPNGSize(png, 50_000, 50_000), lim: DefaultLimits(),
			want: refusal{clinic.EInvalid, "this image is 50000 × 50000 pixels; the largest we accept is 12000 pixels on a side and 40 megapixels in all"},
		},
		{
			name: "a PNG of 8,000 × 6,000 pixels, under the side limit but over the pixel limit",
			data: withPNGSize(png, 8000, 6000), lim: DefaultLimits(),
			want: refusal{clinic.EInvalid, "this image is 8000 × 6000 pixels; the largest we accept is 12000 pixels on a side and 40 megapixels in all"},
		},
		{
			name: "a PNG one pixel wider than the side limit",
			data: withPNGSize(png, 12_001, 1), lim: DefaultLimits(),
			want: refusal{clinic.EInvalid, "this image is 12001 × 1 pixels; the largest we accept is 12000 pixels on a side and 40 megapixels in all"},
		},
		{
			name: "a JPEG claiming 65,535 × 65,535 pixels",
			data: withJPEGSize(jpg, 65535, 65535), lim: DefaultLimits(),
			want: refusal{clinic.EInvalid, "this image is 65535 × 65535 pixels; the largest we accept is 12000 pixels on a side and 40 megapixels in all"},
		},
		{
			name: "a WebP of 150 × 100 under a 10,000-pixel limit",
			data: readTestdata(t, "blue-purple-pink.lossy.webp"), lim: Limits{MaxBytes: 1 << 20, MaxPixels: 10_000, MaxSide: 1000},
			want: refusal{clinic.EInvalid, "this image is 150 × 100 pixels; the largest we accept is 1000 pixels on a side and 0.01 megapixels in all"},
		},
		{
			name: "a lossless WebP of 16,384 × 16,384 pixels",
			data: solidWebP(16384, 16384, color.NRGBA{1, 2, 3, 255}), lim: DefaultLimits(),
			want: refusal{clinic.EInvalid, "this image is 16384 × 16384 pixels; the largest we accept is 12000 pixels on a side and 40 megapixels in all"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name+" is refused before decoding", func(t *testing.T) {
			_, err := Process(tt.data, tt.lim)
			got := refusal{clinic.ErrorKind(err), clinic.ErrorMessage(err)}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("error %v (-want +got):\n%s", err, diff)
			}
		})
	}
}

func megabytesMessage(n int, limit int64) string {
	return "this file is " + megabytes(int64(n)) + "; the largest we accept is " + megabytes(limit)
}

func TestSniff(t *testing.T) {
	t.Parallel()
	type result struct {
		ContentType string
		OK          bool
	}
	tests := []struct {
		name string
		data []byte
		want result
	}{
		{"a JPEG", encodeJPEG(t, gradient(8, 8)), result{JPEG, true}},
		{"a PNG", encodePNG(t, gradient(8, 8)), result{PNG, true}},
		{"a lossy WebP", readTestdata(t, "blue-purple-pink.lossy.webp"), result{WebP, true}},
		{"a lossless WebP", readTestdata(t, "blue-purple-pink.lossless.webp"), result{WebP, true}},
		{"an empty file", nil, result{}},
		{"two bytes of a JPEG", []byte{0xFF, 0xD8}, result{}},
		{"a GIF", []byte("GIF89a\x01\x00\x01\x00"), result{}},
		{"a RIFF WAVE", []byte("RIFF\x00\x00\x00\x00WAVE"), result{}},
		{"a RIFF cut before its form type", []byte("RIFF\x00\x00\x00\x00WEB"), result{}},
		{"text that says PNG", []byte("PNG image"), result{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ct, ok := Sniff(tt.data)
			if diff := cmp.Diff(tt.want, result{ct, ok}); diff != "" {
				t.Errorf("Sniff (-want +got):\n%s", diff)
			}
		})
	}
}
