package dicom

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"io"

	"github.com/suyashkumar/dicom"
)

// ReadInstance scans a file and, only when the scanner accepted it, reads
// its attributes with the DICOM library. The library is given a header the
// scanner wrote (the preamble, "DICM" and a meta group naming the encoding
// the scanner used) followed by the data set up to the pixel data, so that
// it reads exactly the bytes the scanner checked, the way the scanner read
// them, and never the pixels. A panic in the library is recovered and the
// file refused.
//
// Errors from the library are not passed on: their text can quote values
// from the file, patient names among them.
func ReadInstance(r io.ReaderAt, size int64, lim Limits) (*Instance, *Layout, error) {
	lay, err := Scan(r, size, lim)
	if err != nil {
		return nil, nil, err
	}
	ds, err := parseLibrary(r, lay)
	if err != nil {
		return nil, lay, err
	}
	in, err := instanceFrom(ds, lay)
	return in, lay, err
}

// parseLibrary runs the DICOM library over the bytes the scanner walked.
func parseLibrary(r io.ReaderAt, lay *Layout) (ds dicom.Dataset, err error) {
	defer func() {
		if v := recover(); v != nil {
			err = refuse(ErrDamaged, "the file could not be read: the DICOM reader failed on it")
		}
	}()
	end := lay.Size
	if lay.PixelData != nil {
		end = lay.PixelData.Element
	}
	head := libraryHeader(lay.Syntax)
	body := io.NewSectionReader(r, lay.DataSet, end-lay.DataSet)
	in := io.MultiReader(bytes.NewReader(head), body)
	ds, err = dicom.Parse(in, int64(len(head))+body.Size(), nil,
		dicom.SkipPixelData(), dicom.AllowUnknownSpecificCharacterSet())
	if err != nil {
		return ds, refuse(ErrDamaged, "the file could not be read: its elements do not make sense")
	}
	return ds, nil
}

// libraryHeader is a preamble, "DICM" and a meta group holding its group
// length and the plain transfer syntax the data set is encoded in.
func libraryHeader(s Syntax) []byte {
	uid := []byte(s.canonical())
	if len(uid)%2 == 1 {
		uid = append(uid, 0)
	}
	meta := binary.LittleEndian.AppendUint16([]byte{0x02, 0x00, 0x10, 0x00, 'U', 'I'}, uint16(len(uid)))
	meta = append(meta, uid...)
	head := append(make([]byte, 128), "DICM"...)
	head = append(head, 0x02, 0x00, 0x00, 0x00, 'U', 'L', 4, 0)
	head = binary.LittleEndian.AppendUint32(head, uint32(len(meta)))
	return append(head, meta...)
}

// String keeps a Layout's description short and free of values.
func (l *Layout) String() string {
	return fmt.Sprintf("DICOM %s, %d elements, %dx%d", l.Syntax.Name(), l.Elements, l.Pixels.Columns, l.Pixels.Rows)
}
