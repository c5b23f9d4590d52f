package dicomtest

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"image"
	"image/jpeg"

	"github.com/suyashkumar/dicom/pkg/tag"
)

// pixelElement encodes the frames in the instance's transfer syntax.
func (in Instance) pixelElement() (Elem, error) {
	vr := "OW"
	if in.BitsAllocated == 8 {
		vr = "OB"
	}
	switch in.Syntax {
	case ImplicitLE, ExplicitLE:
		return Elem{Tag: tag.PixelData, VR: vr, Value: RawPixels(in.Frames, in.BitsAllocated, binary.LittleEndian)}, nil
	case ExplicitBE:
		return Elem{Tag: tag.PixelData, VR: vr, Value: RawPixels(in.Frames, in.BitsAllocated, binary.BigEndian)}, nil
	}
	var items [][]byte
	for _, f := range in.Frames {
		b, err := in.compress(f)
		if err != nil {
			return Elem{}, err
		}
		if len(b)%2 == 1 {
			b = append(b, 0)
		}
		items = append(items, b)
	}
	return Elem{Tag: tag.PixelData, VR: "OB", Value: Fragments{Items: items}}, nil
}

func (in Instance) compress(f []int) ([]byte, error) {
	samples := max(in.Samples, 1)
	switch in.Syntax {
	case RLE:
		return EncodeRLE(f, in.Rows, in.Columns, samples, in.BitsAllocated), nil
	case JPEGLossless, JPEGProc14:
		return EncodeLossless(f, in.Rows, in.Columns, samples, in.BitsStored, 1), nil
	case JPEGBaseline:
		return encodeBaseline(f, in.Rows, in.Columns, samples)
	}
	return nil, fmt.Errorf("dicomtest: no encoder for %s", in.Syntax)
}

// encodeBaseline writes an 8-bit frame with the standard library's JPEG
// encoder at quality 95.
func encodeBaseline(f []int, rows, cols, samples int) ([]byte, error) {
	var img image.Image
	if samples == 3 {
		rgb := image.NewRGBA(image.Rect(0, 0, cols, rows))
		for i := 0; i < rows*cols; i++ {
			rgb.Pix[4*i], rgb.Pix[4*i+1], rgb.Pix[4*i+2], rgb.Pix[4*i+3] = byte(f[3*i]), byte(f[3*i+1]), byte(f[3*i+2]), 255
		}
		img = rgb
	} else {
		g := image.NewGray(image.Rect(0, 0, cols, rows))
		for i := range g.Pix {
			g.Pix[i] = byte(f[i])
		}
		img = g
	}
	var buf bytes.Buffer
	if err := jpeg.Encode(&buf, img, &jpeg.Options{Quality: 95}); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// EncodeRLE compresses a frame with DICOM's RLE (PS3.5 Annex G): one
// segment per byte of each sample, most significant first, each row
// PackBits-coded on its own.
func EncodeRLE(f []int, rows, cols, samples, bitsAllocated int) []byte {
	nbytes := bitsAllocated / 8
	var segs [][]byte
	for s := 0; s < samples; s++ {
		for b := nbytes - 1; b >= 0; b-- {
			var seg []byte
			row := make([]byte, cols)
			for y := 0; y < rows; y++ {
				for x := 0; x < cols; x++ {
					row[x] = byte(f[(y*cols+x)*samples+s] >> (8 * b))
				}
				seg = packBits(seg, row)
			}
			if len(seg)%2 == 1 {
				seg = append(seg, 0)
			}
			segs = append(segs, seg)
		}
	}
	head := make([]byte, 64)
	binary.LittleEndian.PutUint32(head, uint32(len(segs)))
	off := 64
	for i, s := range segs {
		binary.LittleEndian.PutUint32(head[4+4*i:], uint32(off))
		off += len(s)
	}
	return append(head, bytes.Join(segs, nil)...)
}

// packBits appends row coded as runs of up to 128 equal bytes and
// literals of up to 128 bytes.
func packBits(out, row []byte) []byte {
	for i := 0; i < len(row); {
		run := 1
		for i+run < len(row) && run < 128 && row[i+run] == row[i] {
			run++
		}
		if run >= 2 {
			out = append(out, byte(1-run), row[i])
			i += run
			continue
		}
		j := i + 1
		for j < len(row) && j-i < 128 && (j+1 >= len(row) || row[j+1] != row[j]) {
			j++
		}
		out = append(out, byte(j-i-1))
		out = append(out, row[i:j]...)
		i = j
	}
	return out
}

// Gray is a frame of one sample per pixel built from a function of x, y.
func Gray(rows, cols int, f func(x, y int) int) []int {
	out := make([]int, rows*cols)
	for y := 0; y < rows; y++ {
		for x := 0; x < cols; x++ {
			out[y*cols+x] = f(x, y)
		}
	}
	return out
}

// Phantom is a test image: a ramp from 0 to max across the columns, with a
// bright disc of value max in the middle third and the frame number added.
func Phantom(rows, cols, maxValue, frame int) []int {
	return Gray(rows, cols, func(x, y int) int {
		dx, dy := x-cols/2, y-rows/2
		if 9*(dx*dx+dy*dy) < min(rows, cols)*min(rows, cols) {
			return maxValue
		}
		return min(maxValue, x*maxValue/max(cols-1, 1)+frame)
	})
}

// RGBFrame is a three-sample frame: red ramps across, green down, blue
// constant.
func RGBFrame(rows, cols int) []int {
	out := make([]int, 0, rows*cols*3)
	for y := 0; y < rows; y++ {
		for x := 0; x < cols; x++ {
			out = append(out, x*255/max(cols-1, 1), y*255/max(rows-1, 1), 128)
		}
	}
	return out
}
