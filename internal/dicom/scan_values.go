package dicom

import (
	"encoding/binary"
	"strconv"
	"strings"

	"github.com/suyashkumar/dicom/pkg/tag"
)

// PixelInfo holds the attributes needed to draw the pixels, as the
// scanner read them from the top-level data set.
type PixelInfo struct {
	Rows, Columns       int
	SamplesPerPixel     int    // 1 when absent
	Photometric         string // MONOCHROME1, MONOCHROME2, RGB, YBR_FULL, ...
	PlanarConfiguration int
	Frames              int // 1 when absent
	BitsAllocated       int
	BitsStored          int // BitsAllocated when absent
	HighBit             int
	Signed              bool    // Pixel Representation 1
	RescaleSlope        float64 // 1 when absent
	RescaleIntercept    float64
	WindowCenter        float64
	WindowWidth         float64 // 0 when the file has no window
}

// capturedTags are the top-level values the scanner keeps.
var capturedTags = map[uint32]bool{}

func init() {
	for _, t := range []tag.Tag{
		tag.MediaStorageSOPClassUID, tag.MediaStorageSOPInstanceUID, tag.TransferSyntaxUID,
		tag.SOPClassUID, tag.SOPInstanceUID,
		tag.SamplesPerPixel, tag.PhotometricInterpretation, tag.PlanarConfiguration, tag.NumberOfFrames,
		tag.Rows, tag.Columns, tag.BitsAllocated, tag.BitsStored, tag.HighBit, tag.PixelRepresentation,
		tag.WindowCenter, tag.WindowWidth, tag.RescaleIntercept, tag.RescaleSlope,
	} {
		capturedTags[tagKey(t)] = true
	}
}

// maxCaptured is the longest value kept; longer ones are ignored.
const maxCaptured = 256

// capture keeps a copy of the value of a top-level element the scanner
// needs, the first time it is seen.
func (s *scanner) capture(h header, val int64) error {
	k := tagKey(h.tag)
	if !capturedTags[k] || h.vl > maxCaptured || s.values[k] != nil {
		return nil
	}
	b, err := s.w.bytes(val, int(h.vl))
	if err != nil {
		return err
	}
	s.values[k] = append([]byte{}, b...)
	return nil
}

// keep turns the captured values into the Layout's fields.
func (s *scanner) keep() {
	l := s.lay
	str := func(t tag.Tag) string { return trimValue(s.values[tagKey(t)]) }
	l.MediaStorageSOPClassUID = str(tag.MediaStorageSOPClassUID)
	l.MediaStorageSOPInstanceUID = str(tag.MediaStorageSOPInstanceUID)
	l.SOPClassUID, l.SOPInstanceUID = str(tag.SOPClassUID), str(tag.SOPInstanceUID)
	us := func(t tag.Tag) int { return readUS(s.values[tagKey(t)], s.order) }
	p := PixelInfo{
		Rows: us(tag.Rows), Columns: us(tag.Columns), SamplesPerPixel: max(us(tag.SamplesPerPixel), 1),
		Photometric:         strings.TrimSpace(str(tag.PhotometricInterpretation)),
		PlanarConfiguration: us(tag.PlanarConfiguration),
		BitsAllocated:       us(tag.BitsAllocated), BitsStored: us(tag.BitsStored), HighBit: us(tag.HighBit),
		Signed:       us(tag.PixelRepresentation) == 1,
		RescaleSlope: 1, Frames: 1,
	}
	if n, ok := firstNumber(str(tag.NumberOfFrames)); ok && n >= 1 && n <= 1<<24 {
		p.Frames = int(n)
	}
	if p.BitsStored == 0 || p.BitsStored > p.BitsAllocated {
		p.BitsStored = p.BitsAllocated
	}
	if v, ok := firstNumber(str(tag.RescaleSlope)); ok && v != 0 {
		p.RescaleSlope = v
	}
	p.RescaleIntercept, _ = firstNumber(str(tag.RescaleIntercept))
	p.WindowCenter, _ = firstNumber(str(tag.WindowCenter))
	if w, ok := firstNumber(str(tag.WindowWidth)); ok && w > 0 {
		p.WindowWidth = w
	}
	l.Pixels = p
}

// readUS reads an unsigned 16-bit value, or 0 when there is none.
func readUS(b []byte, order binary.ByteOrder) int {
	if len(b) < 2 {
		return 0
	}
	return int(order.Uint16(b))
}

// firstNumber reads the first of the backslash-separated decimal strings
// of an IS or DS value. Values that are not finite numbers are absent.
func firstNumber(s string) (float64, bool) {
	s, _, _ = strings.Cut(s, `\`)
	v, err := strconv.ParseFloat(strings.TrimSpace(s), 64)
	if err != nil || v != v || v > 1e300 || v < -1e300 {
		return 0, false
	}
	return v, true
}

// megabytes writes a size for people.
func megabytes(n int64) string {
	switch {
	case n >= 1<<30:
		return strconv.FormatFloat(float64(n)/(1<<30), 'f', 1, 64) + " GB"
	case n >= 1<<20:
		return strconv.FormatFloat(float64(n)/(1<<20), 'f', 1, 64) + " MB"
	case n >= 1<<10:
		return strconv.FormatFloat(float64(n)/(1<<10), 'f', 1, 64) + " KB"
	}
	return strconv.FormatInt(n, 10) + " bytes"
}
