package media

import (
	"encoding/binary"
	"image/color"
	"slices"
	"testing"

	"clinic"
)

// FuzzProcess feeds Process arbitrary bytes, seeded with one valid file of
// each kind. Whatever comes in, Process must either refuse it as the
// uploader's mistake or return outputs that decode to their stated sizes.
func FuzzProcess(f *testing.F) {
	jpg := encodeJPEG(f, gradient(40, 24))
	f.Add(jpg)
	f.Add(insertSegment(jpg, 0xE1, exifPayload(binary.LittleEndian, 6)))
	f.Add(encodePNG(f, gradient(24, 16)))
	f.Add(encodePNG(f, quadrants(16, 16)))
	f.Add(readTestdata(f, "blue-purple-pink.lossy.webp"))
	f.Add(readTestdata(f, "blue-purple-pink.lossless.webp"))
	f.Add(solidWebP(20, 10, color.NRGBA{1, 2, 3, 4}))
	// Small limits keep each run quick; the limits are what make that safe.
	lim := Limits{MaxBytes: 1 << 20, MaxPixels: 1 << 18, MaxSide: 2048, Widths: []int{16, 64}}
	f.Fuzz(func(t *testing.T, data []byte) {
		img, err := Process(data, lim)
		if err != nil {
			if k := clinic.ErrorKind(err); k != clinic.EInvalid && k != clinic.ETooLarge {
				t.Fatalf("kind %q for an upload: %v", k, err)
			}
			return
		}
		if img.Width*img.Height > lim.MaxPixels {
			t.Fatalf("accepted %dx%d", img.Width, img.Height)
		}
		if !slices.IsSortedFunc(img.Variants, func(a, b Variant) int { return a.Width - b.Width }) {
			t.Fatal("variants out of order")
		}
		for _, v := range append([]Variant{{img.Width, img.Height, img.ContentType, img.Original}}, img.Variants...) {
			m := decodeAny(t, v.Data)
			if b := m.Bounds(); b.Dx() != v.Width || b.Dy() != v.Height {
				t.Fatalf("stated %dx%d, encoded %v", v.Width, v.Height, b.Size())
			}
		}
	})
}
