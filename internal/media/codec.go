package media

import (
	"bytes"
	"image"
	"image/jpeg"
	"image/png"
	"io"

	"golang.org/x/image/webp"
)

// Sniff names the image format of data by its leading bytes: image/jpeg,
// image/png or image/webp. It looks at the signature only; Process also
// decodes, which is what refuses damaged files.
func Sniff(data []byte) (contentType string, ok bool) {
	switch {
	case bytes.HasPrefix(data, []byte("\xFF\xD8\xFF")):
		return JPEG, true
	case bytes.HasPrefix(data, []byte("\x89PNG\r\n\x1A\n")):
		return PNG, true
	case len(data) >= 12 && string(data[:4]) == "RIFF" && string(data[8:12]) == "WEBP":
		return WebP, true
	}
	return "", false
}

// codec reads one format. The decoders are called directly rather than
// through image.Decode, so that no other format registered elsewhere in
// the binary (GIF, BMP) is ever accepted.
type codec struct {
	configFunc func(io.Reader) (image.Config, error)
	decodeFunc func(io.Reader) (image.Image, error)
}

func (c codec) config(data []byte) (image.Config, error) {
	return c.configFunc(bytes.NewReader(data))
}

func (c codec) decode(data []byte) (image.Image, error) {
	return c.decodeFunc(bytes.NewReader(data))
}

// codecFor returns the codec for a content type that Sniff returned.
func codecFor(contentType string) codec {
	switch contentType {
	case JPEG:
		return codec{jpeg.DecodeConfig, jpeg.Decode}
	case PNG:
		return codec{png.DecodeConfig, png.Decode}
	}
	return codec{webp.DecodeConfig, webp.Decode}
}

// format writes one output format.
type format struct {
	contentType string
	encodeFunc  func(w io.Writer, img image.Image, quality int) error
}

func (f format) encode(img image.Image, quality int) ([]byte, error) {
	var buf bytes.Buffer
	if err := f.encodeFunc(&buf, img, quality); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

var (
	jpegFormat = format{JPEG, func(w io.Writer, img image.Image, q int) error {
		return jpeg.Encode(w, img, &jpeg.Options{Quality: q})
	}}
	pngFormat = format{PNG, func(w io.Writer, img image.Image, _ int) error {
		return png.Encode(w, img)
	}}
)

// outputFormat chooses how to store an image read from a file of type ct:
// PNG for PNG uploads (drawings, screenshots and logos, which JPEG would
// blur) and for any image with transparency; JPEG for photographs.
func outputFormat(ct string, img image.Image) format {
	if ct == PNG || !opaque(img) {
		return pngFormat
	}
	return jpegFormat
}

// opaque reports whether img has no transparent pixel. Only WebP uploads
// reach the scan; JPEG images are always opaque.
func opaque(img image.Image) bool {
	if o, ok := img.(interface{ Opaque() bool }); ok {
		return o.Opaque()
	}
	b := img.Bounds()
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			if _, _, _, a := img.At(x, y).RGBA(); a != 0xFFFF {
				return false
			}
		}
	}
	return true
}
