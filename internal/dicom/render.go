package dicom

import (
	"image"
	"io"
	"math"
	"strings"
)

// Image is a DICOM file opened for drawing its frames.
type Image struct {
	src io.ReaderAt
	lay *Layout
	lim Limits
}

// OpenImage scans a file and returns it ready to draw. A file without
// pixel data is refused; a file whose pixels cannot be drawn here opens,
// and Render says why.
func OpenImage(r io.ReaderAt, size int64, lim Limits) (*Image, error) {
	lay, err := Scan(r, size, lim)
	if err != nil {
		return nil, err
	}
	return openLayout(r, lay, lim)
}

func openLayout(r io.ReaderAt, lay *Layout, lim Limits) (*Image, error) {
	if lay.PixelData == nil {
		return nil, noPreview("the file holds no image")
	}
	return &Image{src: r, lay: lay, lim: lim.withDefaults()}, nil
}

// Frames is the number of frames.
func (im *Image) Frames() int { return im.lay.Pixels.Frames }

// Info is the image's pixel attributes.
func (im *Image) Info() PixelInfo { return im.lay.Pixels }

// Window maps values after rescale to grey levels: Center-Width/2 is
// black, Center+Width/2 white (DICOM PS3.3 C.11.2.1.2, linear).
type Window struct{ Center, Width float64 }

// Windows a caller can ask for. The zero Window is the file's own, or
// automatic when the file has none.
var (
	FileWindow = Window{}
	AutoWindow = Window{Width: -1} // the 1st to 99th percentile of the frame
	SoftTissue = Window{Center: 40, Width: 400}
	Bone       = Window{Center: 400, Width: 1800}
)

// Presets are the windows a viewer offers by name.
var Presets = map[string]Window{
	"file":        FileWindow,
	"auto":        AutoWindow,
	"soft-tissue": SoftTissue,
	"bone":        Bone,
}

// Render draws frame i (from 0) as 8-bit grey (*image.Gray), or colour
// (*image.RGBA) for RGB and YBR images, which take no window. Frames that
// cannot be drawn here give an error wrapping ErrNoPreview.
func (im *Image) Render(i int, w Window) (img image.Image, err error) {
	defer func() {
		if v := recover(); v != nil {
			img, err = nil, noPreview("the frame could not be decoded")
		}
	}()
	p := im.lay.Pixels
	if i < 0 || i >= p.Frames {
		return nil, noPreview("there is no frame %d", i+1)
	}
	if err := im.drawable(); err != nil {
		return nil, err
	}
	s, err := im.decode(i)
	if err != nil {
		return nil, err
	}
	if p.SamplesPerPixel == 3 {
		return im.color(s), nil
	}
	return im.gray(s, w), nil
}

// drawable refuses what the renderer does not draw, before any decoding.
func (im *Image) drawable() error {
	p := im.lay.Pixels
	switch {
	case p.Rows == 0 || p.Columns == 0:
		return noPreview("the image has no size")
	case p.BitsAllocated != 8 && p.BitsAllocated != 16:
		return noPreview("images of %d bits are not drawn here", p.BitsAllocated)
	case p.SamplesPerPixel != 1 && p.SamplesPerPixel != 3:
		return noPreview("images of %d samples per pixel are not drawn here", p.SamplesPerPixel)
	case p.SamplesPerPixel == 1 && !strings.HasPrefix(p.Photometric, "MONOCHROME"),
		p.SamplesPerPixel == 3 && p.Photometric != "RGB" && p.Photometric != "YBR_FULL" && im.lay.Syntax.UID != JPEGBaseline:
		return noPreview("%s images are not drawn here", photometricWords(p.Photometric))
	case int64(p.Rows)*int64(p.Columns)*int64(p.SamplesPerPixel) > im.lim.MaxFramePixels:
		return noPreview("the image is %d × %d, over the limit for previews", p.Columns, p.Rows)
	}
	return nil
}

// photometricWords names a photometric interpretation; values the
// standard does not define are not repeated, as they come from the file.
func photometricWords(p string) string {
	switch p {
	case "PALETTE COLOR":
		return "palette colour"
	case "RGB", "YBR_FULL", "YBR_FULL_422", "YBR_PARTIAL_420", "YBR_ICT", "YBR_RCT", "HSV", "ARGB", "CMYK":
		return p
	}
	return "untyped"
}

// gray windows one-sample values through a lookup table indexed by the
// stored bit pattern, which folds sign, rescale, window and MONOCHROME1
// inversion into one step.
func (im *Image) gray(s []uint16, w Window) *image.Gray {
	p := im.lay.Pixels
	lut := im.lut(s, w)
	mask := uint16(1<<p.BitsStored - 1)
	out := image.NewGray(image.Rect(0, 0, p.Columns, p.Rows))
	for j, v := range s[:len(out.Pix)] {
		out.Pix[j] = lut[v&mask]
	}
	return out
}

// value is the rescaled value of a stored bit pattern.
func (p PixelInfo) value(bits uint16) float64 {
	v := int(bits)
	if p.Signed && v >= 1<<(p.BitsStored-1) {
		v -= 1 << p.BitsStored
	}
	return float64(v)*p.RescaleSlope + p.RescaleIntercept
}

// lut maps every stored bit pattern to its grey level.
func (im *Image) lut(s []uint16, w Window) []byte {
	p := im.lay.Pixels
	w = im.window(s, w)
	lo, width := w.Center-0.5-(w.Width-1)/2, math.Max(w.Width-1, 1)
	lut := make([]byte, 1<<p.BitsStored)
	invert := p.Photometric == "MONOCHROME1"
	for bits := range lut {
		g := (p.value(uint16(bits)) - lo) / width * 255
		g = math.Round(math.Min(math.Max(g, 0), 255))
		if invert {
			g = 255 - g
		}
		lut[bits] = byte(g)
	}
	return lut
}

// window resolves the window asked for: the file's, a preset, or one
// from the frame's histogram.
func (im *Image) window(s []uint16, w Window) Window {
	p := im.lay.Pixels
	switch {
	case w.Width > 0:
		return w
	case w == FileWindow && p.WindowWidth > 0:
		return Window{p.WindowCenter, p.WindowWidth}
	}
	return im.autoWindow(s)
}

// autoWindow spans the 1st to the 99th percentile of the frame's values.
func (im *Image) autoWindow(s []uint16) Window {
	p := im.lay.Pixels
	mask := uint16(1<<p.BitsStored - 1)
	hist := make([]int, 1<<p.BitsStored)
	for _, v := range s {
		hist[v&mask]++
	}
	// Visit bit patterns in the order of their values (signed patterns
	// with the top bit set come first).
	order := func(k int) uint16 {
		if p.Signed {
			return uint16((k + 1<<(p.BitsStored-1)) & int(mask))
		}
		return uint16(k)
	}
	var lo, hi float64
	seen, n, found := 0, len(s), false
	for k := range hist {
		bits := order(k)
		seen += hist[bits]
		if !found && seen > n/100 {
			lo, found = p.value(bits), true
		}
		if found && seen >= n-n/100 {
			hi = p.value(bits)
			break
		}
	}
	if p.RescaleSlope < 0 {
		lo, hi = hi, lo
	}
	return Window{Center: (lo + hi) / 2, Width: math.Max(hi-lo, 1)}
}
