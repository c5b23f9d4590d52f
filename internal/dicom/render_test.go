package dicom

import (
	"bytes"
	"errors"
	"image"
	"math"
	"testing"

	"github.com/suyashkumar/dicom/pkg/tag"

	"clinic/internal/dicom/dicomtest"
)

// render draws frame i of a file.
func render(t *testing.T, file []byte, i int, w Window) image.Image {
	t.Helper()
	im, err := OpenImage(bytes.NewReader(file), int64(len(file)), Limits{})
	if err != nil {
		t.Fatalf("OpenImage: %v", err)
	}
	img, err := im.Render(i, w)
	if err != nil {
		t.Fatalf("Render: %v", err)
	}
	return img
}

// windowed is the grey level DICOM's linear window gives value v.
func windowed(v, center, width float64) uint8 {
	g := ((v-(center-0.5))/(width-1) + 0.5) * 255
	return uint8(math.Round(math.Min(math.Max(g, 0), 255)))
}

// expectGray compares every pixel of img with want(x, y), allowing tol.
func expectGray(t *testing.T, img image.Image, tol int, want func(x, y int) uint8) {
	t.Helper()
	g, ok := img.(*image.Gray)
	if !ok {
		t.Fatalf("got %T, want *image.Gray", img)
	}
	bad, sum := 0, 0
	b := g.Bounds()
	for y := 0; y < b.Dy(); y++ {
		for x := 0; x < b.Dx(); x++ {
			d := int(g.GrayAt(x, y).Y) - int(want(x, y))
			sum += abs(d)
			if abs(d) > tol {
				if bad++; bad <= 3 {
					t.Errorf("pixel (%d, %d) = %d, want %d", x, y, g.GrayAt(x, y).Y, want(x, y))
				}
			}
		}
	}
	if bad > 0 {
		t.Errorf("%d pixels off by more than %d (mean difference %.2f)", bad, tol, float64(sum)/float64(b.Dx()*b.Dy()))
	}
}

func abs(v int) int {
	if v < 0 {
		return -v
	}
	return v
}

func TestRenderEveryLosslessEncodingAlike(t *testing.T) {
	frame := dicomtest.Phantom(64, 64, 4000, 1)
	want := func(x, y int) uint8 { return windowed(float64(frame[y*64+x]), 1024, 2048) }
	for _, syntax := range []string{dicomtest.ImplicitLE, dicomtest.ExplicitLE, dicomtest.ExplicitBE,
		dicomtest.RLE, dicomtest.JPEGLossless, dicomtest.JPEGProc14} {
		t.Run("a 12-bit frame in "+syntaxOf(syntax).Name()+" "+syntax+" is drawn exactly with the file's window", func(t *testing.T) {
			expectGray(t, render(t, mr(t, syntax), 0, FileWindow), 0, want)
		})
	}
}

func TestRenderWindowsAndValues(t *testing.T) {
	ct := func(in *dicomtest.Instance) {
		in.BitsStored, in.Signed, in.Intercept, in.Slope = 16, true, "-24", "2"
		in.Frames = [][]int{dicomtest.Gray(64, 64, func(x, y int) int { return (x-32)*40 + y })}
	}
	hu := func(x, y int) float64 { return float64((x-32)*40+y)*2 - 24 }
	eight := func(in *dicomtest.Instance) {
		in.BitsAllocated, in.BitsStored = 8, 8
		in.WindowCenter, in.WindowWidth = "", ""
		in.Frames = [][]int{dicomtest.Gray(64, 64, func(x, y int) int { return x * 4 })}
	}
	mono1 := func(in *dicomtest.Instance) { in.Photometric = "MONOCHROME1" }
	frame := dicomtest.Phantom(64, 64, 4000, 1)
	tests := []struct {
		name   string
		file   []byte
		window Window
		tol    int
		want   func(x, y int) uint8
	}{
		{"signed 16-bit values are rescaled before the soft tissue window", mr(t, dicomtest.ExplicitLE, ct), SoftTissue, 0,
			func(x, y int) uint8 { return windowed(hu(x, y), 40, 400) }},
		{"signed 16-bit values in big endian are rescaled alike", mr(t, dicomtest.ExplicitBE, ct), Bone, 0,
			func(x, y int) uint8 { return windowed(hu(x, y), 400, 1800) }},
		{"signed 16-bit values in RLE are rescaled alike", mr(t, dicomtest.RLE, ct), SoftTissue, 0,
			func(x, y int) uint8 { return windowed(hu(x, y), 40, 400) }},
		{"signed 16-bit values in lossless JPEG are rescaled alike", mr(t, dicomtest.JPEGLossless, ct), SoftTissue, 0,
			func(x, y int) uint8 { return windowed(hu(x, y), 40, 400) }},
		{"MONOCHROME1 is drawn inverted", mr(t, dicomtest.ExplicitLE, mono1), FileWindow, 0,
			func(x, y int) uint8 { return 255 - windowed(float64(frame[y*64+x]), 1024, 2048) }},
		{"an 8-bit frame without a window gets one from its histogram", mr(t, dicomtest.ImplicitLE, eight), FileWindow, 1,
			func(x, y int) uint8 { return windowed(float64(x*4), 126, 252) }},
		{"JPEG baseline is drawn within the loss of its compression", mr(t, dicomtest.JPEGBaseline, eight), Window{Center: 128, Width: 256}, 6,
			func(x, y int) uint8 { return windowed(float64(x*4), 128, 256) }},
		{"a given window overrides the file's", mr(t, dicomtest.ExplicitLE), Window{Center: 2000, Width: 1000}, 0,
			func(x, y int) uint8 { return windowed(float64(frame[y*64+x]), 2000, 1000) }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			expectGray(t, render(t, tt.file, 0, tt.window), tt.tol, tt.want)
		})
	}
}

func TestRenderMultiFrame(t *testing.T) {
	three := func(in *dicomtest.Instance) {
		in.Frames = [][]int{dicomtest.Phantom(64, 64, 4000, 0), dicomtest.Phantom(64, 64, 4000, 100), dicomtest.Phantom(64, 64, 4000, 200)}
	}
	for _, syntax := range []string{dicomtest.ExplicitLE, dicomtest.ExplicitBE, dicomtest.RLE, dicomtest.JPEGLossless} {
		t.Run("each of three frames in "+syntaxOf(syntax).Name()+" is its own", func(t *testing.T) {
			file := mr(t, syntax, three)
			for i := range 3 {
				frame := dicomtest.Phantom(64, 64, 4000, 100*i)
				expectGray(t, render(t, file, i, FileWindow), 0, func(x, y int) uint8 {
					return windowed(float64(frame[y*64+x]), 1024, 2048)
				})
			}
		})
	}
}

func TestRenderColor(t *testing.T) {
	rgb := func(in *dicomtest.Instance) {
		in.Samples, in.Photometric, in.BitsAllocated, in.BitsStored = 3, "RGB", 8, 8
		in.Frames = [][]int{dicomtest.RGBFrame(64, 64)}
	}
	for _, tt := range []struct {
		syntax string
		tol    int
	}{{dicomtest.ExplicitLE, 0}, {dicomtest.RLE, 0}, {dicomtest.JPEGBaseline, 8}} {
		t.Run("an RGB frame in "+syntaxOf(tt.syntax).Name()+" is drawn in colour", func(t *testing.T) {
			img := render(t, mr(t, tt.syntax, rgb), 0, FileWindow)
			c, ok := img.(*image.RGBA)
			if !ok {
				t.Fatalf("got %T, want *image.RGBA", img)
			}
			want := dicomtest.RGBFrame(64, 64)
			for j := 0; j < 64*64; j++ {
				for s := 0; s < 3; s++ {
					if d := abs(int(c.Pix[4*j+s]) - want[3*j+s]); d > tt.tol {
						t.Fatalf("pixel %d sample %d = %d, want %d", j, s, c.Pix[4*j+s], want[3*j+s])
					}
				}
			}
		})
	}
}

func TestRenderSaysNoPreview(t *testing.T) {
	palette := func(in *dicomtest.Instance) { in.Photometric = "PALETTE COLOR" }
	lossless := mr(t, dicomtest.JPEGLossless)
	tests := []struct {
		name string
		file []byte
	}{
		{"JPEG-LS without a decoder", rewriteSyntax(t, lossless, JPEGLSLossless)},
		{"palette colour", mr(t, dicomtest.ExplicitLE, palette)},
		{"a compressed frame far too small for the size it claims", rewriteElements(t, dicomtest.RLE, func(e *dicomtest.Elem) {
			if e.Tag == tag.Rows || e.Tag == tag.Columns {
				e.Value = []int{4000}
			}
		})},
		{"a lossless JPEG frame whose data is cut", rewriteElements(t, dicomtest.JPEGLossless, func(e *dicomtest.Elem) {
			if f, ok := e.Value.(dicomtest.Fragments); ok {
				f.Items[0] = f.Items[0][:len(f.Items[0])/4*2]
			}
		})},
	}
	for _, tt := range tests {
		t.Run(tt.name+" gives no preview, not a failure", func(t *testing.T) {
			im, err := OpenImage(bytes.NewReader(tt.file), int64(len(tt.file)), Limits{})
			if err != nil {
				t.Fatalf("OpenImage: %v", err)
			}
			if _, err := im.Render(0, FileWindow); !errors.Is(err, ErrNoPreview) {
				t.Errorf("Render = %v, want ErrNoPreview", err)
			}
		})
	}
}

// rewriteSyntax swaps a transfer syntax UID for another of the same
// length.
func rewriteSyntax(t *testing.T, file []byte, syntax string) []byte {
	t.Helper()
	from := []byte(dicomtest.JPEGLossless)
	if len(from) != len(syntax) || !bytes.Contains(file, from) {
		t.Fatalf("cannot rewrite %s as %s", from, syntax)
	}
	return bytes.ReplaceAll(file, from, []byte(syntax))
}

// rewriteElements writes fixture image 1 in a syntax after change has
// seen each element.
func rewriteElements(t *testing.T, syntax string, change func(*dicomtest.Elem)) []byte {
	t.Helper()
	in := dicomtest.MR(1, 1)
	in.Syntax = syntax
	elems, err := in.Elements()
	if err != nil {
		t.Fatal(err)
	}
	for i := range elems {
		change(&elems[i])
	}
	b, err := dicomtest.LibraryWrite(syntax, in.Meta(), elems)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func bytesSource(b []byte) *bytes.Reader { return bytes.NewReader(b) }
