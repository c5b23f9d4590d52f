package dicom

import "encoding/binary"

// decodeRLE decodes a frame in DICOM's RLE (PS3.5 Annex G): a 64-byte
// header of segment offsets, then one PackBits segment per byte of each
// sample, most significant byte first.
func decodeRLE(b []byte, rows, cols, samples, bitsAllocated int) ([]uint16, error) {
	nbytes := bitsAllocated / 8
	if len(b) < 64 {
		return nil, noPreview("the RLE frame has no header")
	}
	nseg := int(binary.LittleEndian.Uint32(b))
	if nseg != samples*nbytes {
		return nil, noPreview("the RLE frame has %d segments where %d are needed", nseg, samples*nbytes)
	}
	n := rows * cols
	out := make([]uint16, n*samples)
	plane := make([]byte, n)
	for k := 0; k < nseg; k++ {
		start := int64(binary.LittleEndian.Uint32(b[4+4*k:]))
		end := int64(len(b))
		if k+1 < nseg {
			end = int64(binary.LittleEndian.Uint32(b[8+4*k:]))
		}
		if start < 64 || start > end || end > int64(len(b)) {
			return nil, noPreview("the RLE frame's segment %d is out of place", k+1)
		}
		if !unpackBits(b[start:end], plane) {
			return nil, noPreview("the RLE frame's segment %d is shorter than the image", k+1)
		}
		s, shift := k/nbytes, 8*(nbytes-1-k%nbytes)
		for j, v := range plane {
			out[j*samples+s] |= uint16(v) << shift
		}
	}
	return out, nil
}

// unpackBits fills out from PackBits runs; false when the runs end first.
// Runs past the end of out are dropped.
func unpackBits(in, out []byte) bool {
	o := 0
	for i := 0; i < len(in) && o < len(out); {
		n := int(int8(in[i]))
		i++
		switch {
		case n >= 0:
			end := min(i+n+1, len(in))
			o += copy(out[o:], in[i:end])
			i = end
		case n != -128 && i < len(in):
			for r := 0; r < 1-n && o < len(out); r++ {
				out[o] = in[i]
				o++
			}
			i++
		}
	}
	return o == len(out)
}
