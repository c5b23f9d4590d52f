package media

import (
	"encoding/binary"
	"testing"

	"golang.org/x/image/draw"
)

// BenchmarkProcess processes a 12-megapixel (4000 × 3000) JPEG, the size
// of a phone photo, into the original and the default variants, with each
// interpolator the package could use.
func BenchmarkProcess(b *testing.B) {
	jpg := encodeJPEG(b, gradient(4000, 3000))
	turned := insertSegment(jpg, 0xE1, exifPayload(binary.LittleEndian, 6))
	for _, bb := range []struct {
		name   string
		data   []byte
		interp draw.Interpolator
	}{
		{"CatmullRom", jpg, draw.CatmullRom},
		{"ApproxBiLinear", jpg, draw.ApproxBiLinear},
		{"CatmullRom,orientation6", turned, draw.CatmullRom},
	} {
		b.Run(bb.name, func(b *testing.B) {
			b.ReportAllocs()
			b.SetBytes(int64(len(bb.data)))
			for b.Loop() {
				if _, err := process(bb.data, DefaultLimits(), bb.interp); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
