package dicom

import (
	"bytes"
	"encoding/binary"
	"errors"
	"image"
	"image/color"
	"image/jpeg"
)

// decode returns frame i's stored values as 16-bit words, samples of a
// pixel side by side (colour planes interleaved).
func (im *Image) decode(i int) ([]uint16, error) {
	p, syn := im.lay.Pixels, im.lay.Syntax
	if !syn.Encapsulated() {
		b, err := im.frameBytes(i)
		if err != nil {
			return nil, err
		}
		return interleave(native(b, p.BitsAllocated, syn.Order), p), nil
	}
	switch syn.UID {
	case RLELossless, JPEGBaseline, JPEGLossless, JPEGLosslessSV1:
	default:
		return nil, noPreview("images compressed as %s are not drawn here", syn.Name())
	}
	b, err := im.frameBytes(i)
	if err != nil {
		return nil, err
	}
	want := int64(p.Rows) * int64(p.Columns) * int64(p.SamplesPerPixel) * int64(p.BitsAllocated/8)
	if want > im.lim.MaxExpansion*int64(len(b)) {
		return nil, noPreview("the compressed frame is too small for an image of its size")
	}
	return im.decompress(b)
}

func (im *Image) decompress(b []byte) ([]uint16, error) {
	p := im.lay.Pixels
	switch im.lay.Syntax.UID {
	case RLELossless:
		return decodeRLE(b, p.Rows, p.Columns, p.SamplesPerPixel, p.BitsAllocated)
	case JPEGBaseline:
		return im.decodeBaseline(b)
	}
	f, err := decodeLossless(b, im.lim.MaxFramePixels)
	if err != nil {
		return nil, noPreview("the lossless JPEG frame could not be decoded: %v", errors.Unwrap(err))
	}
	if f.width != p.Columns || f.height != p.Rows || f.comps != p.SamplesPerPixel {
		return nil, noPreview("the JPEG frame's size does not match the image's")
	}
	return f.samples, nil
}

// native reads uncompressed words in the file's byte order.
func native(b []byte, bitsAllocated int, order binary.ByteOrder) []uint16 {
	if bitsAllocated == 8 {
		out := make([]uint16, len(b))
		for i, c := range b {
			out[i] = uint16(c)
		}
		return out
	}
	out := make([]uint16, len(b)/2)
	for i := range out {
		out[i] = order.Uint16(b[2*i:])
	}
	return out
}

// interleave turns planar colour (all red, all green, all blue) into
// pixels with their samples side by side.
func interleave(s []uint16, p PixelInfo) []uint16 {
	if p.SamplesPerPixel != 3 || p.PlanarConfiguration != 1 {
		return s
	}
	n := p.Rows * p.Columns
	out := make([]uint16, len(s))
	for j := 0; j < n; j++ {
		out[3*j], out[3*j+1], out[3*j+2] = s[j], s[n+j], s[2*n+j]
	}
	return out
}

// decodeBaseline decodes 8-bit JPEG with the standard library, after
// checking its size from the header.
func (im *Image) decodeBaseline(b []byte) ([]uint16, error) {
	p := im.lay.Pixels
	cfg, err := jpeg.DecodeConfig(bytes.NewReader(b))
	if err != nil {
		return nil, noPreview("the JPEG frame could not be read")
	}
	if cfg.Width != p.Columns || cfg.Height != p.Rows {
		return nil, noPreview("the JPEG frame's size does not match the image's")
	}
	img, err := jpeg.Decode(bytes.NewReader(b))
	if err != nil {
		return nil, noPreview("the JPEG frame could not be decoded")
	}
	out := make([]uint16, 0, p.Rows*p.Columns*p.SamplesPerPixel)
	if g, ok := img.(*image.Gray); ok && p.SamplesPerPixel == 1 {
		for _, v := range g.Pix {
			out = append(out, uint16(v))
		}
		return out, nil
	}
	for y := 0; y < p.Rows; y++ {
		for x := 0; x < p.Columns; x++ {
			r, g, bl, _ := img.At(x, y).RGBA()
			if p.SamplesPerPixel == 1 {
				out = append(out, uint16(r>>8))
				continue
			}
			out = append(out, uint16(r>>8), uint16(g>>8), uint16(bl>>8))
		}
	}
	return out, nil
}

// color draws three-sample pixels; YBR_FULL is converted to RGB, JPEG
// frames come out of the decoder as RGB already.
func (im *Image) color(s []uint16) *image.RGBA {
	p := im.lay.Pixels
	out := image.NewRGBA(image.Rect(0, 0, p.Columns, p.Rows))
	shift := uint(p.BitsStored - 8)
	if p.BitsStored < 8 {
		shift = 0
	}
	ybr := p.Photometric == "YBR_FULL" && im.lay.Syntax.UID != JPEGBaseline
	for j := 0; j < p.Rows*p.Columns; j++ {
		r, g, b := uint8(s[3*j]>>shift), uint8(s[3*j+1]>>shift), uint8(s[3*j+2]>>shift)
		if ybr {
			r, g, b = color.YCbCrToRGB(r, g, b)
		}
		out.Pix[4*j], out.Pix[4*j+1], out.Pix[4*j+2], out.Pix[4*j+3] = r, g, b, 255
	}
	return out
}
