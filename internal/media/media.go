// Package media turns an image that staff upload for a page or a post into
// what the site stores and serves: a metadata-free original and a set of
// narrower variants for responsive images. It is pure: bytes in, bytes out,
// no storage and no HTTP.
//
// Uploads are recognised by their content alone, never by file name or
// declared type. JPEG, PNG and WebP are accepted. Every output is
// re-encoded from decoded pixels, so EXIF (camera, GPS position, time),
// XMP, ICC profiles, comments and any bytes hidden after the image end
// cannot survive. A JPEG's EXIF Orientation is applied to the pixels first,
// so that phone photos stay upright.
package media

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"image"
	"strconv"

	"golang.org/x/image/draw"

	"clinic"
)

// Content types of the formats this package reads or writes.
const (
	JPEG = "image/jpeg"
	PNG  = "image/png"
	WebP = "image/webp"
)

// JPEG qualities: the stored original is kept close to the upload; the
// variants, which are what visitors download, are smaller.
const (
	originalQuality = 90
	variantQuality  = 82
)

// Image is a processed upload.
type Image struct {
	// ContentType is the type of Original: image/png for PNG uploads and
	// for WebP uploads with transparency, image/jpeg otherwise (there is
	// no WebP encoder in pure Go, so WebP uploads are stored as JPEG).
	ContentType   string
	Width, Height int // of Original, after orientation
	// Original is the upload re-encoded from its pixels, free of metadata.
	Original []byte
	// Variants are the responsive sizes, by ascending width. The widest is
	// as wide as the largest wanted width or as the image, whichever is
	// narrower, so they make a complete srcset without Original.
	Variants []Variant
	// SHA256 is the hex SHA-256 of Original. Processing is deterministic,
	// so the same upload always gives the same hash.
	SHA256 string
}

// Variant is one responsive size of an image.
type Variant struct {
	Width, Height int
	ContentType   string
	Data          []byte
}

// Limits bound what Process accepts and say what it makes.
type Limits struct {
	MaxBytes  int64 // larger uploads are refused with clinic.ETooLarge
	MaxPixels int   // width × height, checked before decoding
	MaxSide   int   // the longest side, checked before decoding
	Widths    []int // the variant widths wanted; never upscaled
}

// DefaultLimits returns the limits for the clinic's media library: 20 MiB,
// 40 megapixels, 12,000 pixels a side, and variants 480, 960 and 1600
// pixels wide.
func DefaultLimits() Limits {
	return Limits{
		MaxBytes:  20 << 20,
		MaxPixels: 40_000_000,
		MaxSide:   12_000,
		Widths:    []int{480, 960, 1600},
	}
}

func (l Limits) validate() error {
	if l.MaxBytes <= 0 || l.MaxPixels <= 0 || l.MaxSide <= 0 {
		return fmt.Errorf("media: limits must be positive: %+v", l)
	}
	for _, w := range l.Widths {
		if w <= 0 {
			return fmt.Errorf("media: variant width %d is not positive", w)
		}
	}
	return nil
}

// notImage is the message for every upload that is not an image we read.
const notImage = "this file is not a JPEG, PNG or WebP image"

// Process checks an upload against lim, decodes it, applies its
// orientation and makes the stored original and the variants. Uploads that
// are not JPEG, PNG or WebP, or are damaged, give a clinic.EInvalid error,
// as do images with too many pixels; uploads over lim.MaxBytes give
// clinic.ETooLarge.
func Process(data []byte, lim Limits) (*Image, error) {
	return process(data, lim, draw.CatmullRom)
}

func process(data []byte, lim Limits, interp draw.Interpolator) (*Image, error) {
	if err := lim.validate(); err != nil {
		return nil, err
	}
	img, ct, err := read(data, lim)
	if err != nil {
		return nil, fmt.Errorf("media: process: %w", err)
	}
	out := outputFormat(ct, img)
	orig, err := out.encode(img, originalQuality)
	if err != nil {
		return nil, fmt.Errorf("media: encode original: %w", err)
	}
	b := img.Bounds()
	widths := variantWidths(lim.Widths, b.Dx())
	vs, err := makeVariants(scalable(img), widths, out, interp)
	if err != nil {
		return nil, fmt.Errorf("media: encode variant: %w", err)
	}
	sum := sha256.Sum256(orig)
	return &Image{
		ContentType: out.contentType,
		Width:       b.Dx(),
		Height:      b.Dy(),
		Original:    orig,
		Variants:    vs,
		SHA256:      hex.EncodeToString(sum[:]),
	}, nil
}

// read checks data against lim and decodes it, upright.
func read(data []byte, lim Limits) (image.Image, string, error) {
	if int64(len(data)) > lim.MaxBytes {
		return nil, "", clinic.Errorf(clinic.ETooLarge,
			"this file is %s; the largest we accept is %s",
			megabytes(int64(len(data))), megabytes(lim.MaxBytes))
	}
	ct, ok := Sniff(data)
	if !ok {
		return nil, "", clinic.Errorf(clinic.EInvalid, notImage)
	}
	c := codecFor(ct)
	if err := checkPixels(data, c, lim); err != nil {
		return nil, "", err
	}
	img, err := c.decode(data)
	if err != nil {
		return nil, "", &clinic.Error{Kind: clinic.EInvalid, Message: notImage, Err: err}
	}
	switch ct {
	case JPEG:
		img = orient(img, orientation(data))
	case WebP:
		img = dropOpaqueAlpha(img)
	}
	return img, ct, nil
}

// checkPixels reads only the header of data and refuses images that are
// empty or larger than lim, so that a small file cannot make us allocate
// gigabytes.
func checkPixels(data []byte, c codec, lim Limits) error {
	cfg, err := c.config(data)
	if err != nil {
		return &clinic.Error{Kind: clinic.EInvalid, Message: notImage, Err: err}
	}
	w, h := cfg.Width, cfg.Height
	if w <= 0 || h <= 0 {
		return clinic.Errorf(clinic.EInvalid, notImage)
	}
	if w > lim.MaxSide || h > lim.MaxSide || int64(w)*int64(h) > int64(lim.MaxPixels) {
		return clinic.Errorf(clinic.EInvalid,
			"this image is %d × %d pixels; the largest we accept is %d pixels on a side and %s megapixels in all",
			w, h, lim.MaxSide, strconv.FormatFloat(float64(lim.MaxPixels)/1e6, 'f', -1, 64))
	}
	return nil
}

// megabytes formats n bytes for a person: "20 MB", "3.5 MB", "700 KB".
func megabytes(n int64) string {
	switch {
	case n < 1<<10:
		return fmt.Sprintf("%d bytes", n)
	case n < 1<<20:
		return fmt.Sprintf("%d KB", (n+1<<9)>>10)
	case n%(1<<20) == 0:
		return fmt.Sprintf("%d MB", n>>20)
	}
	return fmt.Sprintf("%.1f MB", float64(n)/(1<<20))
}
