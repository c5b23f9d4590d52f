package dicom

import "fmt"

// sos reads the scan header (B.2.3) and decodes the scan.
func (d *losslessDecoder) sos(seg []byte) error {
	f := &d.frame
	if f.comps == 0 {
		return fmt.Errorf("%w: scan before frame header", errLossless)
	}
	if len(seg) < 1 || int(seg[0]) != f.comps || len(seg) < 4+2*f.comps {
		return fmt.Errorf("%w: the scan must hold every component", errLossless)
	}
	tables := make([]*huffTable, f.comps)
	for i := range f.comps {
		t := &d.tables[seg[2+2*i]>>4&3]
		if !t.defined {
			return fmt.Errorf("%w: scan uses an undefined Huffman table", errLossless)
		}
		tables[i] = t
	}
	p := seg[1+2*f.comps:]
	predictor, pt := int(p[0]), int(p[2]&0x0F)
	if predictor < 1 || predictor > 7 || pt >= f.precision {
		return fmt.Errorf("%w: predictor %d, point transform %d", errLossless, predictor, pt)
	}
	f.samples = make([]uint16, f.width*f.height*f.comps)
	return d.decodeScan(tables, predictor, pt)
}

// decodeScan decodes every sample: a Huffman-coded difference category,
// its extra bits, and the prediction from the neighbours (H.1.2).
func (d *losslessDecoder) decodeScan(tables []*huffTable, predictor, pt int) error {
	f := &d.frame
	br := &bitReader{data: d.data, pos: d.pos}
	w, nc := f.width, f.comps
	mask := 1<<(f.precision-pt) - 1
	initial := 1 << (f.precision - pt - 1)
	restartRow, restartCol := 0, 0 // where the current restart interval began
	mcus := 0
	for y := 0; y < f.height; y++ {
		for x := 0; x < w; x++ {
			if d.restart > 0 && mcus > 0 && mcus%d.restart == 0 {
				if err := br.restart(); err != nil {
					return err
				}
				restartRow, restartCol = y, x
			}
			mcus++
			for c := 0; c < nc; c++ {
				diff, err := br.decodeDiff(tables[c])
				if err != nil {
					return err
				}
				px := d.predict(x, y, c, predictor, initial, restartRow, restartCol)
				f.samples[(y*w+x)*nc+c] = uint16((px + diff) & mask)
			}
		}
	}
	if br.cut() {
		return fmt.Errorf("%w: the data is cut off", errLossless)
	}
	if pt > 0 {
		for i, s := range f.samples {
			f.samples[i] = s << pt
		}
	}
	d.pos = br.pos
	return nil
}

// predict returns the prediction of sample (x, y, c) from the decoded
// neighbours: Ra to the left, Rb above, Rc above left.
func (d *losslessDecoder) predict(x, y, c, predictor, initial, restartRow, restartCol int) int {
	f := &d.frame
	w, nc, s := f.width, f.comps, f.samples
	switch {
	case y == restartRow && x == restartCol:
		return initial
	case y == restartRow:
		return int(s[(y*w+x-1)*nc+c])
	case x == 0:
		return int(s[((y-1)*w)*nc+c])
	}
	ra, rb, rc := int(s[(y*w+x-1)*nc+c]), int(s[((y-1)*w+x)*nc+c]), int(s[((y-1)*w+x-1)*nc+c])
	switch predictor {
	case 1:
		return ra
	case 2:
		return rb
	case 3:
		return rc
	case 4:
		return ra + rb - rc
	case 5:
		return ra + (rb-rc)>>1
	case 6:
		return rb + (ra-rc)>>1
	}
	return (ra + rb) >> 1
}

// bitReader reads entropy-coded bits, most significant first, removing
// the zero byte stuffed after each 0xFF. At a marker or the end of the
// data it reads zeros.
type bitReader struct {
	data   []byte
	pos    int
	acc    uint64
	nbits  int
	marker bool // a marker stopped the reading
	padded int  // zero bits added after the data stopped
}

func (b *bitReader) fill() {
	for b.nbits <= 56 {
		c, ok := b.next()
		if !ok {
			b.padded += 8
		}
		b.acc |= uint64(c) << (56 - b.nbits)
		b.nbits += 8
	}
}

// next returns the next data byte, unstuffed; false at a marker or the
// end of the data.
func (b *bitReader) next() (byte, bool) {
	if b.marker || b.pos >= len(b.data) {
		return 0, false
	}
	c := b.data[b.pos]
	if c != 0xFF {
		b.pos++
		return c, true
	}
	if b.pos+1 < len(b.data) && b.data[b.pos+1] == 0x00 {
		b.pos += 2
		return c, true
	}
	b.marker = true
	return 0, false
}

func (b *bitReader) bits(n int) int {
	if b.nbits < n {
		b.fill()
	}
	v := int(b.acc >> (64 - n))
	b.acc <<= n
	b.nbits -= n
	return v
}

// decodeDiff reads one difference (H.1.2.2, F.2.2.1).
func (b *bitReader) decodeDiff(t *huffTable) (int, error) {
	if b.nbits < 16 {
		b.fill()
	}
	ssss := -1
	if e := t.fast[b.acc>>(64-fastBits)]; e != 0 {
		l := int(e >> 8)
		b.acc <<= l
		b.nbits -= l
		ssss = int(e & 0xFF)
	} else {
		code := int32(0)
		for l := 1; l <= 16; l++ {
			code = code<<1 | int32(b.bits(1))
			if code <= t.maxcode[l] {
				ssss = int(t.vals[t.valptr[l]+code-t.mincode[l]])
				break
			}
		}
	}
	switch {
	case ssss < 0 || ssss > 16:
		return 0, fmt.Errorf("%w: bad Huffman code", errLossless)
	case ssss == 0:
		return 0, nil
	case ssss == 16:
		return 32768, nil
	}
	v := b.bits(ssss)
	if v < 1<<(ssss-1) {
		v -= 1<<ssss - 1
	}
	return v, nil
}

// restart drops the bits left in the interval and reads past the next
// RSTn marker.
func (b *bitReader) restart() error {
	if b.cut() {
		return fmt.Errorf("%w: a restart interval is cut off", errLossless)
	}
	b.acc, b.nbits, b.marker, b.padded = 0, 0, false, 0
	for ; b.pos+1 < len(b.data); b.pos++ {
		if b.data[b.pos] == 0xFF && b.data[b.pos+1] >= 0xD0 && b.data[b.pos+1] <= 0xD7 {
			b.pos += 2
			return nil
		}
	}
	return fmt.Errorf("%w: missing restart marker", errLossless)
}

// cut reports whether decoding used bits beyond the data.
func (b *bitReader) cut() bool { return b.padded > b.nbits }
