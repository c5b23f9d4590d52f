package dicom

import (
	"bytes"
	"encoding/binary"
	"fmt"
)

// frameBytes returns the stored bytes of frame i: a slice of the native
// pixel data, or the fragments that make up one compressed frame.
func (im *Image) frameBytes(i int) ([]byte, error) {
	pd, p := im.lay.PixelData, im.lay.Pixels
	if !pd.Encapsulated {
		size := int64(p.Rows) * int64(p.Columns) * int64(p.SamplesPerPixel) * int64(p.BitsAllocated/8)
		off := int64(i) * size
		if off+size > pd.Value.Length {
			return nil, noPreview("the pixel data is shorter than its %d frames need", p.Frames)
		}
		return im.read(Span{pd.Value.Offset + off, size})
	}
	spans, err := im.frameFragments(i)
	if err != nil {
		return nil, err
	}
	var buf []byte
	for _, s := range spans {
		b, err := im.read(s)
		if err != nil {
			return nil, err
		}
		buf = append(buf, b...)
	}
	return buf, nil
}

// frameFragments finds the fragments of frame i: one each when the counts
// match, all of them for a single frame, else by the basic offset table,
// else by where each JPEG image starts.
func (im *Image) frameFragments(i int) ([]Span, error) {
	pd, frames := im.lay.PixelData, im.lay.Pixels.Frames
	switch {
	case len(pd.Fragments) == 0:
		return nil, noPreview("the image has no pixel data fragments")
	case len(pd.Fragments) == frames:
		return pd.Fragments[i : i+1], nil
	case frames == 1:
		return pd.Fragments, nil
	}
	if pd.OffsetTable.Length >= 4*int64(frames) {
		return im.byOffsetTable(i)
	}
	return im.bySOI(i)
}

// byOffsetTable groups fragments by the basic offset table: frame i
// starts at byte table[i] of the fragment items, headers counted.
func (im *Image) byOffsetTable(i int) ([]Span, error) {
	pd := im.lay.PixelData
	table, err := im.read(pd.OffsetTable)
	if err != nil {
		return nil, err
	}
	start := int64(binary.LittleEndian.Uint32(table[4*i:]))
	end := int64(1 << 62)
	if 4*(i+1) < len(table) {
		end = int64(binary.LittleEndian.Uint32(table[4*(i+1):]))
	}
	first := pd.Fragments[0].Offset - 8
	var out []Span
	for _, f := range pd.Fragments {
		if at := f.Offset - 8 - first; at >= start && at < end {
			out = append(out, f)
		}
	}
	if len(out) == 0 {
		return nil, noPreview("the offset table points at no fragment for frame %d", i+1)
	}
	return out, nil
}

// bySOI groups fragments by the JPEG start-of-image marker each frame's
// first fragment begins with.
func (im *Image) bySOI(i int) ([]Span, error) {
	frame := -1
	var out []Span
	for _, f := range im.lay.PixelData.Fragments {
		head, err := im.read(Span{f.Offset, min(f.Length, 2)})
		if err != nil {
			return nil, err
		}
		if bytes.Equal(head, []byte{0xFF, 0xD8}) {
			frame++
		}
		if frame == i {
			out = append(out, f)
		}
	}
	if len(out) == 0 {
		return nil, noPreview("frame %d could not be found among the fragments", i+1)
	}
	return out, nil
}

// read returns the bytes of a span of the file.
func (im *Image) read(s Span) ([]byte, error) {
	b := make([]byte, s.Length)
	if n, err := im.src.ReadAt(b, s.Offset); n < len(b) {
		return nil, fmt.Errorf("dicom: read %d bytes at %d: %w", len(b), s.Offset, err)
	}
	return b, nil
}
