package dicom

import (
	"bytes"
	"context"
	"fmt"
	"testing"

	"clinic/internal/dicom/dicomtest"
)

// frame512 is a 512 × 512 16-bit MR frame in a syntax.
func frame512(b *testing.B, syntax string) []byte {
	return mr(b, syntax, func(in *dicomtest.Instance) {
		in.Rows, in.Columns = 512, 512
		in.Frames = [][]int{dicomtest.Phantom(512, 512, 4000, 0)}
	})
}

// BenchmarkRender512 draws one 512 × 512 16-bit frame to 8-bit grey with
// the file's window: scan, read, lookup table, window (target < 20 ms).
func BenchmarkRender512(b *testing.B) {
	for _, syntax := range []string{dicomtest.ExplicitLE, dicomtest.ExplicitBE, dicomtest.RLE, dicomtest.JPEGLossless} {
		file := frame512(b, syntax)
		b.Run(syntaxOf(syntax).Name(), func(b *testing.B) {
			b.SetBytes(512 * 512 * 2)
			for b.Loop() {
				im, err := OpenImage(bytes.NewReader(file), int64(len(file)), Limits{})
				if err != nil {
					b.Fatal(err)
				}
				if _, err := im.Render(0, FileWindow); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkRender512Auto draws the same frame with a window from its
// histogram.
func BenchmarkRender512Auto(b *testing.B) {
	file := frame512(b, dicomtest.ExplicitLE)
	for b.Loop() {
		im, _ := OpenImage(bytes.NewReader(file), int64(len(file)), Limits{})
		if _, err := im.Render(0, AutoWindow); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkIngest500 reads a 500-image study (five series of 100 images
// of 256 × 256 × 16 bits, as a CD holds them, in four encodings) and
// makes every thumbnail.
func BenchmarkIngest500(b *testing.B) {
	syntaxes := []string{dicomtest.ExplicitLE, dicomtest.ImplicitLE, dicomtest.JPEGLossless, dicomtest.RLE, dicomtest.ExplicitLE}
	var files []File
	for s := 1; s <= 5; s++ {
		for n := 1; n <= 100; n++ {
			in := dicomtest.MR(s, n)
			in.Syntax, in.Rows, in.Columns = syntaxes[s-1], 256, 256
			in.Frames = [][]int{dicomtest.Phantom(256, 256, 4000, n)}
			files = append(files, File{Name: fmt.Sprintf("DICOM/IM%06d", len(files)+1), Data: bytes.NewReader(in.MustBytes())})
		}
	}
	g := NewIngester(Config{})
	b.ResetTimer()
	for b.Loop() {
		c := NewCollection()
		if err := g.Ingest(context.Background(), c, files...); err != nil {
			b.Fatal(err)
		}
		if st := c.Studies(); len(st) != 1 || st[0].Images() != 500 {
			b.Fatalf("read %d studies", len(st))
		}
	}
}

// BenchmarkScan walks one 512 × 512 image.
func BenchmarkScan(b *testing.B) {
	file := frame512(b, dicomtest.ExplicitLE)
	for b.Loop() {
		if _, err := ScanBytes(file, Limits{}); err != nil {
			b.Fatal(err)
		}
	}
}
