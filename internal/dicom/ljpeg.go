package dicom

import (
	"encoding/binary"
	"errors"
	"fmt"
)

// A decoder for lossless JPEG, ITU T.81 process 14 (Annex H), the usual
// compression of images on patient CDs: Huffman-coded differences from
// one of seven predictors, 2 to 16 bits per sample, components
// interleaved one sample each, restart intervals. It reads no other JPEG
// process.

var errLossless = errors.New("lossless JPEG")

// losslessFrame is a decoded frame: samples row by row, components of a
// pixel side by side.
type losslessFrame struct {
	width, height, comps, precision int
	samples                         []uint16
}

type huffTable struct {
	fast    [1 << fastBits]uint16 // length<<8 | symbol, 0 when longer
	maxcode [18]int32
	valptr  [17]int32
	mincode [17]int32
	vals    []byte
	defined bool
}

const fastBits = 9

type losslessDecoder struct {
	data      []byte
	pos       int
	frame     losslessFrame
	compIDs   []byte
	tables    [4]huffTable
	restart   int
	maxPixels int64
}

// decodeLossless decodes one lossless JPEG image of at most maxPixels
// samples.
func decodeLossless(data []byte, maxPixels int64) (*losslessFrame, error) {
	d := &losslessDecoder{data: data, maxPixels: maxPixels}
	if len(data) < 4 || data[0] != 0xFF || data[1] != 0xD8 {
		return nil, fmt.Errorf("%w: no start of image", errLossless)
	}
	d.pos = 2
	for {
		marker, seg, err := d.segment()
		if err != nil {
			return nil, err
		}
		if done, err := d.handle(marker, seg); done || err != nil {
			return &d.frame, err
		}
	}
}

// segment reads the next marker and its segment's contents.
func (d *losslessDecoder) segment() (byte, []byte, error) {
	for d.pos < len(d.data) && d.data[d.pos] != 0xFF {
		d.pos++ // tolerate stray bytes between segments
	}
	for d.pos < len(d.data) && d.data[d.pos] == 0xFF {
		d.pos++
	}
	if d.pos+1 > len(d.data) {
		return 0, nil, fmt.Errorf("%w: no end of image", errLossless)
	}
	marker := d.data[d.pos]
	d.pos++
	if marker == 0xD9 || (marker >= 0xD0 && marker <= 0xD7) || marker == 0x01 {
		return marker, nil, nil
	}
	if d.pos+2 > len(d.data) {
		return 0, nil, fmt.Errorf("%w: segment cut off", errLossless)
	}
	n := int(binary.BigEndian.Uint16(d.data[d.pos:]))
	if n < 2 || d.pos+n > len(d.data) {
		return 0, nil, fmt.Errorf("%w: segment length %d beyond the data", errLossless, n)
	}
	seg := d.data[d.pos+2 : d.pos+n]
	d.pos += n
	return marker, seg, nil
}

// handle acts on one segment; done is true after the scan is decoded.
func (d *losslessDecoder) handle(marker byte, seg []byte) (done bool, err error) {
	switch {
	case marker == 0xC3:
		return false, d.sof(seg)
	case marker == 0xC4:
		return false, d.dht(seg)
	case marker == 0xDD:
		if len(seg) < 2 {
			return false, fmt.Errorf("%w: short DRI", errLossless)
		}
		d.restart = int(binary.BigEndian.Uint16(seg))
		return false, nil
	case marker == 0xDA:
		return true, d.sos(seg)
	case marker == 0xD9:
		return true, fmt.Errorf("%w: no scan before the end of image", errLossless)
	case marker >= 0xC0 && marker <= 0xCF && marker != 0xC8 && marker != 0xCC:
		return false, fmt.Errorf("%w: JPEG process with marker 0x%X is not lossless", errLossless, marker)
	}
	return false, nil // APPn, COM, DQT and the like
}

// sof reads the frame header (B.2.2).
func (d *losslessDecoder) sof(seg []byte) error {
	if len(seg) < 6 {
		return fmt.Errorf("%w: short frame header", errLossless)
	}
	f := &d.frame
	f.precision = int(seg[0])
	f.height, f.width = int(binary.BigEndian.Uint16(seg[1:])), int(binary.BigEndian.Uint16(seg[3:]))
	f.comps = int(seg[5])
	if f.precision < 2 || f.precision > 16 || f.comps < 1 || f.comps > 4 || len(seg) < 6+3*f.comps || f.width == 0 || f.height == 0 {
		return fmt.Errorf("%w: frame header out of range", errLossless)
	}
	if n := int64(f.width) * int64(f.height) * int64(f.comps); n > d.maxPixels {
		return fmt.Errorf("%w: %d samples, over the limit of %d", errLossless, n, d.maxPixels)
	}
	d.compIDs = make([]byte, f.comps)
	for i := range f.comps {
		d.compIDs[i] = seg[6+3*i]
		if seg[7+3*i] != 0x11 && f.comps > 1 {
			return fmt.Errorf("%w: subsampled components", errLossless)
		}
	}
	return nil
}

// dht reads Huffman tables (B.2.4.2) and builds their decoding tables
// (F.2.2.3), with a lookup of the first fastBits bits.
func (d *losslessDecoder) dht(seg []byte) error {
	for len(seg) > 0 {
		if len(seg) < 17 || seg[0]&0x0F > 3 {
			return fmt.Errorf("%w: bad Huffman table", errLossless)
		}
		t := &d.tables[seg[0]&0x0F]
		*t = huffTable{defined: true}
		total := 0
		for _, c := range seg[1:17] {
			total += int(c)
		}
		if total > 256 || len(seg) < 17+total {
			return fmt.Errorf("%w: bad Huffman table", errLossless)
		}
		t.vals = append([]byte(nil), seg[17:17+total]...)
		if !t.build(seg[1:17]) {
			return fmt.Errorf("%w: Huffman table with more codes than its lengths allow", errLossless)
		}
		seg = seg[17+total:]
	}
	return nil
}

// build makes the decoding tables; false when the counts ask for more
// codes of a length than exist.
func (t *huffTable) build(counts []byte) bool {
	code, k := int32(0), int32(0)
	for l := 1; l <= 16; l++ {
		n := int32(counts[l-1])
		if code+n > 1<<l {
			return false
		}
		t.valptr[l], t.mincode[l] = k, code
		for i := int32(0); i < n; i++ {
			if l <= fastBits {
				shift := fastBits - l
				for j := int32(0); j < 1<<shift; j++ {
					t.fast[(code+i)<<shift|j] = uint16(l)<<8 | uint16(t.vals[k+i])
				}
			}
		}
		code += n
		k += n
		t.maxcode[l] = code - 1
		if n == 0 {
			t.maxcode[l] = -1
		}
		code <<= 1
	}
	t.maxcode[17] = 1 << 30
	return true
}
