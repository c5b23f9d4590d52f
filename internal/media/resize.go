package media

import (
	"image"
	"slices"

	"golang.org/x/image/draw"
)

// variantWidths returns the widths to make for an image w pixels wide, in
// ascending order: each wanted width below w, and w itself when some
// wanted width is w or more. Images are never made wider than they are.
func variantWidths(wanted []int, w int) []int {
	var out []int
	capped := false
	for _, v := range wanted {
		if v < w {
			out = append(out, v)
		} else {
			capped = true
		}
	}
	if capped {
		out = append(out, w)
	}
	slices.Sort(out)
	return slices.Compact(out)
}

// makeVariants scales src to each width, keeping its aspect ratio, and
// encodes each with f. It works from the widest down, scaling each from
// the one before it, which costs far less than scaling every one from a
// large original.
func makeVariants(src image.Image, widths []int, f format, interp draw.Interpolator) ([]Variant, error) {
	b := src.Bounds()
	vs := make([]Variant, len(widths))
	from := src
	for i := len(widths) - 1; i >= 0; i-- {
		w := widths[i]
		h := scaledHeight(b.Dx(), b.Dy(), w)
		if w != from.Bounds().Dx() {
			from = scale(from, w, h, interp)
		}
		data, err := f.encode(from, variantQuality)
		if err != nil {
			return nil, err
		}
		vs[i] = Variant{Width: w, Height: h, ContentType: f.contentType, Data: data}
	}
	return vs, nil
}

// scaledHeight is the height of a w × h image scaled to width dw, at least 1.
func scaledHeight(w, h, dw int) int {
	return max(1, int((int64(h)*int64(dw)+int64(w)/2)/int64(w)))
}

func scale(src image.Image, w, h int, interp draw.Interpolator) *image.RGBA {
	dst := image.NewRGBA(image.Rect(0, 0, w, h))
	interp.Scale(dst, dst.Rect, src, src.Bounds(), draw.Src, nil)
	return dst
}

// scalable returns img in a form that golang.org/x/image/draw scales on
// a fast path (RGBA, NRGBA, Gray or YCbCr); other forms, such as
// paletted PNG, 16-bit PNG or CMYK JPEG, are converted once to RGBA.
func scalable(img image.Image) image.Image {
	switch m := img.(type) {
	case *image.RGBA, *image.NRGBA, *image.Gray:
		return img
	case *image.YCbCr:
		switch m.SubsampleRatio {
		case image.YCbCrSubsampleRatio444, image.YCbCrSubsampleRatio422,
			image.YCbCrSubsampleRatio420, image.YCbCrSubsampleRatio440:
			return img
		}
	}
	return toRGBA(img)
}

// dropOpaqueAlpha returns the colour part of a WebP image whose alpha
// channel is fully opaque, which the JPEG encoder and the scaler handle
// faster than the image with its alpha.
func dropOpaqueAlpha(img image.Image) image.Image {
	if m, ok := img.(*image.NYCbCrA); ok && m.Opaque() {
		return &m.YCbCr
	}
	return img
}
