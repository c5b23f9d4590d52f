package media

import (
	"fmt"
	"image"
	"image/color"
	"math"
	"testing"
)

// zonePlate returns a w × h grey zone plate: rings whose frequency rises
// from nothing at the centre to half a cycle a pixel, the most an image
// can hold, at the corners.
func zonePlate(w, h int) *image.Gray {
	m := image.NewGray(image.Rect(0, 0, w, h))
	d := 2 * math.Hypot(float64(w)/2, float64(h)/2)
	for y := range h {
		for x := range w {
			fx, fy := float64(x)-float64(w)/2, float64(y)-float64(h)/2
			m.SetGray(x, y, color.Gray{uint8(127.5 + 127.5*math.Cos(math.Pi*(fx*fx+fy*fy)/d))})
		}
	}
	return m
}

// TestVariantsDoNotAlias scales a zone plate, on which a poor filter
// (such as ApproxBiLinear, which reads only the four nearest pixels)
// draws false rings where the rings are too fine to keep. Where the
// rings are too fine for the variant, a good filter leaves plain grey;
// where they are coarse, it keeps them.
func TestVariantsDoNotAlias(t *testing.T) {
	t.Parallel()
	const w, h = 1600, 1200
	lim := DefaultLimits()
	lim.Widths = []int{400, 800}
	img, err := Process(encodePNG(t, zonePlate(w, h)), lim)
	if err != nil {
		t.Fatal(err)
	}
	for _, v := range img.Variants[:2] {
		t.Run(fmt.Sprintf("the %d-pixel variant is grey where rings are too fine and keeps the rest", v.Width), func(t *testing.T) {
			alias, kept := ringErrors(decodeAny(t, v.Data), w, h)
			if alias > 10 || kept > 5 {
				t.Errorf("RMS grey-level error: %.1f where the rings are too fine (want ≤ 10), %.1f where they are kept (want ≤ 5)", alias, kept)
			}
		})
	}
}

// ringErrors compares a scaled zone plate of a w × h original with what
// it should show: the RMS distance from plain grey where the rings are
// finer than the scaled image can hold (by half again), and the RMS
// distance from the original rings where they are coarse.
func ringErrors(m image.Image, w, h int) (alias, kept float64) {
	b := m.Bounds()
	k := float64(w) / float64(b.Dx())
	d := 2 * math.Hypot(float64(w)/2, float64(h)/2)
	var sa, sk float64
	var na, nk int
	for y := range b.Dy() {
		for x := range b.Dx() {
			sx := (float64(x)+0.5)*k - 0.5 - float64(w)/2
			sy := (float64(y)+0.5)*k - 0.5 - float64(h)/2
			freq := math.Hypot(sx, sy) / d // cycles a pixel of the original
			v := float64(color.GrayModel.Convert(m.At(x, y)).(color.Gray).Y)
			switch {
			case freq > 1.5*0.5/k:
				sa += (v - 127.5) * (v - 127.5)
				na++
			case freq < 0.5*0.5/k:
				want := 127.5 + 127.5*math.Cos(math.Pi*(sx*sx+sy*sy)/d)
				sk += (v - want) * (v - want)
				nk++
			}
		}
	}
	return math.Sqrt(sa / float64(na)), math.Sqrt(sk / float64(nk))
}
