package dicom

import (
	"bytes"
	"encoding/binary"
	"io"

	"github.com/suyashkumar/dicom/pkg/tag"
)

// Layout is what the scanner learnt about a file: where its data set
// starts, how it is encoded, the image attributes it needs to draw the
// pixels, and where the pixels are.
type Layout struct {
	Size     int64
	Preamble bool  // the file starts with the 128-byte preamble and "DICM"
	DataSet  int64 // offset of the first element after the file meta group
	Syntax   Syntax
	Elements int // elements, items and fragments walked

	MediaStorageSOPClassUID    string
	MediaStorageSOPInstanceUID string
	SOPClassUID                string
	SOPInstanceUID             string

	Pixels    PixelInfo
	PixelData *PixelData // nil when the data set has no pixel data

	topLevel int // data set elements before the pixel data
}

// IsDirectory reports whether the file is a DICOMDIR.
func (l *Layout) IsDirectory() bool { return l.MediaStorageSOPClassUID == MediaStorageDirectory }

// Span is a range of bytes in a file.
type Span struct{ Offset, Length int64 }

// PixelData locates the top-level Pixel Data element.
type PixelData struct {
	Element      int64 // offset of the element's tag
	Encapsulated bool
	Value        Span   // native pixel data: the value
	OffsetTable  Span   // encapsulated: the basic offset table's value
	Fragments    []Span // encapsulated: each fragment's value
}

const undefinedLength = 0xFFFFFFFF

// Scan walks a file element by element, without trusting any length it
// reads: every length must fit in the bytes that remain in the enclosing
// value, sequences and items must end where they say, nesting and the
// number of elements are bounded. It reads only headers and the few small
// values it keeps, so its cost grows with the number of elements, not the
// size of the file. The walk stops after the top-level Pixel Data element:
// nothing after it is read by this package.
//
// Scan allocates little: a 4 KiB buffer, the Layout, and a Span per
// fragment of encapsulated pixel data.
func Scan(r io.ReaderAt, size int64, lim Limits) (*Layout, error) {
	lim = lim.withDefaults()
	if size > lim.MaxFileSize {
		return nil, tooLarge("the file is %s, over the limit of %s", megabytes(size), megabytes(lim.MaxFileSize))
	}
	s := &scanner{w: newWindow(r, size), lim: lim, lay: &Layout{Size: size}, values: map[uint32][]byte{}}
	if err := s.run(); err != nil {
		return nil, err
	}
	return s.lay, nil
}

// ScanBytes is Scan over a byte slice.
func ScanBytes(b []byte, lim Limits) (*Layout, error) {
	return Scan(bytes.NewReader(b), int64(len(b)), lim)
}

type scanner struct {
	w        *window
	order    binary.ByteOrder
	implicit bool
	lim      Limits
	lay      *Layout
	values   map[uint32][]byte
	done     bool // the top-level pixel data was walked
}

func (s *scanner) run() error {
	off, err := s.start()
	if err != nil {
		return err
	}
	if off, err = s.meta(off); err != nil {
		return err
	}
	s.lay.DataSet = off
	if err := s.chooseSyntax(off); err != nil {
		return err
	}
	if _, err := s.dataset(off, s.lay.Size, 0, false); err != nil {
		return err
	}
	s.keep()
	return nil
}

// start finds where the elements begin: after the preamble and "DICM", or
// at the first byte of a file without a preamble that starts with a
// plausible group 0002 or 0008 element.
func (s *scanner) start() (int64, error) {
	if s.lay.Size >= 132 {
		b, err := s.w.bytes(128, 4)
		if err != nil {
			return 0, err
		}
		if string(b) == "DICM" {
			s.lay.Preamble = true
			return 132, nil
		}
	}
	if s.lay.Size < 8 {
		return 0, refuse(ErrNotDICOM, "the file is too short to be DICOM")
	}
	b, err := s.w.bytes(0, 8)
	if err != nil {
		return 0, err
	}
	if _, ok := plausibleStart(b, s.lay.Size); !ok {
		return 0, refuse(ErrNotDICOM, "the file has neither the DICOM preamble nor a DICOM element at its start")
	}
	return 0, nil
}

// meta walks the file meta group (0002): explicit VR little endian, for as
// long as the group number is 0002. Its group length is not trusted.
func (s *scanner) meta(off int64) (int64, error) {
	s.order, s.implicit = binary.LittleEndian, false
	for s.lay.Size-off >= 8 {
		b, err := s.w.bytes(off, 2)
		if err != nil {
			return 0, err
		}
		if binary.LittleEndian.Uint16(b) != 0x0002 {
			break
		}
		h, err := s.header(off, s.lay.Size)
		if err != nil {
			return 0, err
		}
		if off, err = s.element(h, s.lay.Size, 0); err != nil {
			return 0, err
		}
	}
	return off, nil
}

// chooseSyntax sets the data set's encoding from the meta group's transfer
// syntax, or from the first element when the file names none.
func (s *scanner) chooseSyntax(off int64) error {
	uid := trimValue(s.values[tagKey(tag.TransferSyntaxUID)])
	if uid == DeflatedExplicitVRLE {
		return refuse(ErrUnsupported, "the file is in the deflated transfer syntax, which is not read here")
	}
	if uid != "" {
		s.lay.Syntax = syntaxOf(uid)
	} else if s.lay.Syntax, _ = s.infer(off); s.lay.Syntax.Order == nil {
		return refuse(ErrDamaged, "the file names no transfer syntax and its first element is not readable")
	}
	s.order, s.implicit = s.lay.Syntax.Order, s.lay.Syntax.Implicit
	return nil
}

// infer works out the encoding of a data set that names no transfer
// syntax from its first element.
func (s *scanner) infer(off int64) (Syntax, bool) {
	if s.lay.Size-off < 8 {
		return Syntax{UID: ExplicitVRLittleEndian, Order: binary.LittleEndian, Inferred: true}, true
	}
	b, err := s.w.bytes(off, 8)
	if err != nil {
		return Syntax{}, false
	}
	syn, ok := plausibleStart(b, s.lay.Size-off)
	if !ok {
		syn = syntaxOf(ImplicitVRLittleEndian)
	}
	syn.Inferred = true
	return syn, ok
}

// plausibleStart reports whether b, the first 8 bytes of elements, reads
// as a group 0002 or 0008 element, and in which encoding.
func plausibleStart(b []byte, size int64) (Syntax, bool) {
	le, be := binary.LittleEndian.Uint16(b), binary.BigEndian.Uint16(b)
	explicit := knownVR(b[4], b[5])
	switch {
	case (le == 0x0002 || le == 0x0008) && explicit:
		return syntaxOf(ExplicitVRLittleEndian), true
	case be == 0x0008 && explicit:
		return syntaxOf(ExplicitVRBigEndian), true
	case le == 0x0008 && int64(binary.LittleEndian.Uint32(b[4:])) <= size-8:
		return syntaxOf(ImplicitVRLittleEndian), true
	}
	return Syntax{}, false
}

func tagKey(t tag.Tag) uint32 { return uint32(t.Group)<<16 | uint32(t.Element) }

// knownVR reports whether two bytes spell a value representation.
func knownVR(a, b byte) bool {
	_, ok := vrNames[uint16(a)<<8|uint16(b)]
	return ok
}

var vrNames = func() map[uint16]string {
	m := map[uint16]string{}
	for _, vr := range []string{"AE", "AS", "AT", "CS", "DA", "DS", "DT", "FD", "FL", "IS", "LO", "LT",
		"OB", "OD", "OF", "OL", "OV", "OW", "PN", "SH", "SL", "SQ", "SS", "ST", "SV", "TM", "UC", "UI",
		"UL", "UN", "UR", "US", "UT", "UV"} {
		m[uint16(vr[0])<<8|uint16(vr[1])] = vr
	}
	return m
}()
