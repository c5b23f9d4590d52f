package media

import (
	"image"

	"golang.org/x/image/draw"
)

// orient returns img turned as EXIF orientation o says it must be shown:
// 1 upright, 2 mirrored, 3 upside down, 4 mirrored upside down, 5 mirrored
// and on its side, 6 to be turned a quarter clockwise, 7 mirrored and on
// its other side, 8 to be turned a quarter anticlockwise. Decoded JPEGs
// (YCbCr or Gray) are turned plane by plane, which keeps them small and on
// the encoders' fast paths; anything else is turned as RGBA.
func orient(img image.Image, o int) image.Image {
	if o < 2 || o > 8 {
		return img
	}
	switch m := img.(type) {
	case *image.Gray:
		if m.Rect.Min == (image.Point{}) {
			w, h, pix := reorient(m.Pix, m.Stride, m.Rect.Dx(), m.Rect.Dy(), 1, o)
			return &image.Gray{Pix: pix, Stride: w, Rect: image.Rect(0, 0, w, h)}
		}
	case *image.YCbCr:
		if t, ok := orientYCbCr(m, o); ok {
			return t
		}
	}
	m := toRGBA(img)
	w, h, pix := reorient(m.Pix, m.Stride, m.Rect.Dx(), m.Rect.Dy(), 4, o)
	return &image.RGBA{Pix: pix, Stride: 4 * w, Rect: image.Rect(0, 0, w, h)}
}

// orientYCbCr turns each plane of m. It reports false for the rare
// subsampling ratios 4:1:1 and 4:1:0 and for images not at the origin.
func orientYCbCr(m *image.YCbCr, o int) (*image.YCbCr, bool) {
	w, h := m.Rect.Dx(), m.Rect.Dy()
	cw, ch := (w+1)/2, (h+1)/2
	switch m.SubsampleRatio {
	case image.YCbCrSubsampleRatio444:
		cw, ch = w, h
	case image.YCbCrSubsampleRatio422:
		ch = h
	case image.YCbCrSubsampleRatio440:
		cw = w
	case image.YCbCrSubsampleRatio420:
	default:
		return nil, false
	}
	if m.Rect.Min != (image.Point{}) {
		return nil, false
	}
	ratio := m.SubsampleRatio
	if o >= 5 { // on its side: horizontal subsampling becomes vertical
		switch ratio {
		case image.YCbCrSubsampleRatio422:
			ratio = image.YCbCrSubsampleRatio440
		case image.YCbCrSubsampleRatio440:
			ratio = image.YCbCrSubsampleRatio422
		}
	}
	dw, dh, y := reorient(m.Y, m.YStride, w, h, 1, o)
	cdw, _, cb := reorient(m.Cb, m.CStride, cw, ch, 1, o)
	_, _, cr := reorient(m.Cr, m.CStride, cw, ch, 1, o)
	return &image.YCbCr{
		Y: y, Cb: cb, Cr: cr, YStride: dw, CStride: cdw,
		SubsampleRatio: ratio, Rect: image.Rect(0, 0, dw, dh),
	}, true
}

// toRGBA returns img as an *image.RGBA whose bounds start at (0, 0).
func toRGBA(img image.Image) *image.RGBA {
	if m, ok := img.(*image.RGBA); ok && m.Rect.Min == (image.Point{}) {
		return m
	}
	b := img.Bounds()
	m := image.NewRGBA(image.Rect(0, 0, b.Dx(), b.Dy()))
	draw.Draw(m, m.Rect, img, b.Min, draw.Src)
	return m
}

// reorient copies a w × h image of bpp bytes a pixel, its first row at
// src[0:], into new pixels turned by orientation o, and returns the new
// width, height and pixels (stride = width × bpp). Every orientation maps
// destination to source affinely, so the source index moves by a fixed
// step along each destination row and from one row to the next.
func reorient(src []byte, stride, w, h, bpp, o int) (int, int, []byte) {
	dw, dh := w, h
	if o >= 5 {
		dw, dh = h, w
	}
	index := func(dx, dy int) int {
		sx, sy := sourcePoint(o, dx, dy, w, h)
		return sy*stride + sx*bpp
	}
	start := index(0, 0)
	stepX, stepY := index(1, 0)-start, index(0, 1)-start
	dst := make([]byte, dw*dh*bpp)
	i := 0
	for dy := range dh {
		s := start + dy*stepY
		for range dw {
			if bpp == 1 {
				dst[i] = src[s]
			} else {
				copy(dst[i:i+bpp], src[s:s+bpp])
			}
			s += stepX
			i += bpp
		}
	}
	return dw, dh, dst
}

// sourcePoint returns which pixel of a w × h stored image is shown at
// (dx, dy) under orientation o.
func sourcePoint(o, dx, dy, w, h int) (int, int) {
	switch o {
	case 2:
		return w - 1 - dx, dy
	case 3:
		return w - 1 - dx, h - 1 - dy
	case 4:
		return dx, h - 1 - dy
	case 5:
		return dy, dx
	case 6:
		return dy, h - 1 - dx
	case 7:
		return w - 1 - dy, h - 1 - dx
	case 8:
		return w - 1 - dy, dx
	}
	return dx, dy
}
