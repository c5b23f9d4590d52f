package dicom

import (
	"encoding/binary"
	"fmt"

	"github.com/suyashkumar/dicom/pkg/tag"
)

// header is one element's tag, VR and length as read from the file.
type header struct {
	tag  tag.Tag
	vr   string
	vl   uint32 // undefinedLength when undefined
	off  int64  // offset of the tag
	size int64  // bytes of tag, VR and length
}

// header reads the element header at off, which must end by end. It reads
// the way the DICOM library reads, so that the library later sees exactly
// the lengths checked here: items always with a 4-byte length, delimiters
// only with a zero length, implicit VR from the library's dictionary.
func (s *scanner) header(off, end int64) (header, error) {
	if s.lay.Elements++; s.lay.Elements > s.lim.MaxElements {
		return header{}, refuse(ErrDamaged, "the file has more than %d elements", s.lim.MaxElements)
	}
	if end-off < 8 {
		return header{}, s.short(off, end)
	}
	b, err := s.w.bytes(off, 8)
	if err != nil {
		return header{}, err
	}
	h := header{tag: tag.Tag{Group: s.order.Uint16(b), Element: s.order.Uint16(b[2:])}, off: off, size: 8}
	switch {
	case h.tag == tag.Item:
		h.vr, h.vl = "NA", s.order.Uint32(b[4:])
	case h.tag == tag.ItemDelimitationItem || h.tag == tag.SequenceDelimitationItem:
		if binary.LittleEndian.Uint32(b[4:]) != 0 {
			return header{}, refuse(ErrDamaged, "the end marker at byte %d has a length", off)
		}
		h.vr = "NA"
	case s.implicit:
		h.vr, h.vl = implicitVR(h.tag), s.order.Uint32(b[4:])
	default:
		return s.explicitHeader(h, b, end)
	}
	return h, nil
}

// explicitHeader reads an explicit VR header: a 2-byte length, or two
// reserved bytes and a 4-byte length for the VRs the library reads so.
func (s *scanner) explicitHeader(h header, b []byte, end int64) (header, error) {
	h.vr = vrString(b[4], b[5])
	switch h.vr {
	case "NA", "OB", "OD", "OF", "OL", "OW", "SQ", "UN", "UC", "UR", "UT":
		if end-h.off < 12 {
			return header{}, s.short(h.off, end)
		}
		long, err := s.w.bytes(h.off+8, 4)
		if err != nil {
			return header{}, err
		}
		h.vl, h.size = s.order.Uint32(long), 12
	default:
		if h.vl = uint32(s.order.Uint16(b[6:])); h.vl == 0xFFFF {
			h.vl = undefinedLength
		}
	}
	return h, nil
}

// element checks one element's value and walks into it when it holds
// items or fragments. It returns the offset after the element.
func (s *scanner) element(h header, end int64, depth int) (int64, error) {
	val := h.off + h.size
	kind := tag.GetVRKind(h.tag, h.vr)
	if h.vl == undefinedLength {
		return s.undefined(h, kind, val, end, depth)
	}
	if int64(h.vl) > end-val {
		return 0, refuse(ErrDamaged, "element %s at byte %d declares %d bytes (0x%X), but only %d remain",
			tagName(h.tag), h.off, h.vl, h.vl, end-val)
	}
	valEnd := val + int64(h.vl)
	switch kind {
	case tag.VRItem:
		return s.dataset(val, valEnd, depth+1, false)
	case tag.VRSequence:
		return s.sequence(val, valEnd, depth+1, false)
	case tag.VRPixelData:
		if depth == 0 {
			s.lay.PixelData, s.done = &PixelData{Element: h.off, Value: Span{val, int64(h.vl)}}, true
		}
	}
	if depth == 0 && h.tag == tag.SpecificCharacterSet && kind != tag.VRStringList && kind != tag.VRString {
		return 0, refuse(ErrDamaged, "the character set element at byte %d is not text", h.off)
	}
	if h.vr == "OW" && h.vl%2 != 0 {
		return 0, refuse(ErrDamaged, "element %s at byte %d has an odd length for 16-bit words", tagName(h.tag), h.off)
	}
	if depth == 0 {
		if err := s.capture(h, val); err != nil {
			return 0, err
		}
	}
	return valEnd, nil
}

// undefined walks a value of undefined length: an item, a sequence, or
// fragments, each up to its end marker.
func (s *scanner) undefined(h header, kind tag.VRKind, val, end int64, depth int) (int64, error) {
	switch kind {
	case tag.VRItem:
		return s.dataset(val, end, depth+1, true)
	case tag.VRSequence, tag.VRUnknown:
		return s.sequence(val, end, depth+1, true)
	case tag.VRPixelData:
		var pd *PixelData
		if depth == 0 {
			pd = &PixelData{Element: h.off, Encapsulated: true}
			s.lay.PixelData, s.done = pd, true
		}
		return s.fragments(h, val, end, pd)
	case tag.VRBytes:
		return s.fragments(h, val, end, nil)
	}
	return 0, refuse(ErrDamaged, "element %s at byte %d has an undefined length, which its kind of value cannot have",
		tagName(h.tag), h.off)
}

// dataset walks elements from off to end, or, when delimited, to an item
// end marker before end.
func (s *scanner) dataset(off, end int64, depth int, delimited bool) (int64, error) {
	if depth > s.lim.MaxDepth {
		return 0, refuse(ErrDamaged, "sequences nest more than %d deep at byte %d", s.lim.MaxDepth, off)
	}
	for !s.done || depth > 0 {
		if off == end && !delimited {
			return off, nil
		}
		h, err := s.header(off, end)
		if err != nil {
			return 0, err
		}
		switch h.tag {
		case tag.ItemDelimitationItem:
			if !delimited {
				return 0, refuse(ErrDamaged, "an item end marker at byte %d is outside any item", off)
			}
			return off + h.size, nil
		case tag.SequenceDelimitationItem:
			return 0, refuse(ErrDamaged, "a sequence end marker at byte %d is where an element belongs", off)
		}
		if depth == 0 && h.tag != tag.PixelData {
			s.lay.topLevel++
		}
		if off, err = s.element(h, end, depth); err != nil {
			return 0, err
		}
	}
	return off, nil
}

// sequence walks the items of a sequence from off to end, or, when
// delimited, to its end marker.
func (s *scanner) sequence(off, end int64, depth int, delimited bool) (int64, error) {
	for {
		if off == end && !delimited {
			return off, nil
		}
		h, err := s.header(off, end)
		if err != nil {
			return 0, err
		}
		if delimited && h.tag == tag.SequenceDelimitationItem {
			return off + h.size, nil
		}
		if h.tag != tag.Item {
			return 0, refuse(ErrDamaged, "the sequence at byte %d holds something other than items", off)
		}
		if off, err = s.element(h, end, depth); err != nil {
			return 0, err
		}
	}
}

// fragments walks the items of encapsulated data to the sequence end
// marker, recording each into pd when pd is not nil. The first item is the
// basic offset table.
func (s *scanner) fragments(el header, off, end int64, pd *PixelData) (int64, error) {
	for i := 0; ; i++ {
		h, err := s.header(off, end)
		if err != nil {
			return 0, err
		}
		// The library reads the first item of pixel data as the offset
		// table whatever its tag, so a missing table would put it out of
		// step with the scanner: refused.
		if h.tag == tag.SequenceDelimitationItem && (i > 0 || el.tag != tag.PixelData) {
			return off + h.size, nil
		}
		if h.tag != tag.Item || h.vl == undefinedLength {
			return 0, refuse(ErrDamaged, "fragment %d of element %s at byte %d is not a defined-length item",
				i, tagName(el.tag), off)
		}
		val := off + h.size
		if int64(h.vl) > end-val {
			return 0, refuse(ErrDamaged, "fragment %d of element %s at byte %d declares %d bytes (0x%X), but only %d remain",
				i, tagName(el.tag), off, h.vl, h.vl, end-val)
		}
		if pd != nil && i == 0 {
			pd.OffsetTable = Span{val, int64(h.vl)}
		} else if pd != nil {
			pd.Fragments = append(pd.Fragments, Span{val, int64(h.vl)})
		}
		off = val + int64(h.vl)
	}
}

func (s *scanner) short(off, end int64) error {
	if end == s.lay.Size {
		return refuse(ErrDamaged, "the file ends in the middle of an element at byte %d", off)
	}
	return refuse(ErrDamaged, "an element at byte %d runs past the end of its sequence or item", off)
}

// implicitVR is the VR the DICOM library gives a tag in implicit VR.
func implicitVR(t tag.Tag) string {
	if t == tag.PixelData || t == tag.OverlayData {
		return "OW"
	}
	if info, err := tag.Find(t); err == nil {
		return info.VRs[0]
	}
	return "UN"
}

// vrString returns the VR two bytes spell, without allocating for the
// known ones.
func vrString(a, b byte) string {
	if vr, ok := vrNames[uint16(a)<<8|uint16(b)]; ok {
		return vr
	}
	return string([]byte{a, b})
}

func tagName(t tag.Tag) string { return fmt.Sprintf("(%04X,%04X)", t.Group, t.Element) }
