package dicomtest

import (
	"bytes"
	"fmt"
	"strconv"

	"github.com/suyashkumar/dicom"
	"github.com/suyashkumar/dicom/pkg/tag"
)

// Transfer syntaxes the fixtures are written in.
const (
	ImplicitLE   = "1.2.840.10008.1.2"
	ExplicitLE   = "1.2.840.10008.1.2.1"
	ExplicitBE   = "1.2.840.10008.1.2.2"
	RLE          = "1.2.840.10008.1.2.5"
	JPEGBaseline = "1.2.840.10008.1.2.4.50"
	JPEGLossless = "1.2.840.10008.1.2.4.70"
	JPEGProc14   = "1.2.840.10008.1.2.4.57"
	MRImage      = "1.2.840.10008.5.1.4.1.1.4"
)

// Instance describes one image file. Frames holds each frame's stored
// values, row by row, samples of a pixel side by side; signed values are
// written in two's complement.
type Instance struct {
	Syntax                                           string
	PatientName, PatientID, PatientBirthDate         string
	StudyUID, StudyDate, StudyDescription            string
	Modality, BodyPart                               string
	SeriesUID, SeriesDescription                     string
	SeriesNumber, InstanceNumber                     int
	SOPInstanceUID                                   string
	Rows, Columns, BitsAllocated, BitsStored         int
	Samples                                          int
	Signed                                           bool
	Photometric                                      string
	Slope, Intercept, WindowCenter, WindowWidth      string
	PixelSpacing, Orientation, Position, ThumbnailUI string
	Frames                                           [][]int
}

// Elements is the instance's data set, pixel data last.
func (in Instance) Elements() ([]Elem, error) {
	pixels, err := in.pixelElement()
	if err != nil {
		return nil, err
	}
	e := []Elem{
		Str(tag.SpecificCharacterSet, "ISO_IR 100"),
		Str(tag.SOPClassUID, MRImage), Str(tag.SOPInstanceUID, in.SOPInstanceUID),
		Str(tag.StudyDate, in.StudyDate), Str(tag.Modality, in.Modality),
		Str(tag.StudyDescription, in.StudyDescription), Str(tag.SeriesDescription, in.SeriesDescription),
		Str(tag.PatientName, in.PatientName), Str(tag.PatientID, in.PatientID),
		Str(tag.PatientBirthDate, in.PatientBirthDate), Str(tag.BodyPartExamined, in.BodyPart),
		Str(tag.StudyInstanceUID, in.StudyUID), Str(tag.SeriesInstanceUID, in.SeriesUID),
		Str(tag.SeriesNumber, strconv.Itoa(in.SeriesNumber)), Str(tag.InstanceNumber, strconv.Itoa(in.InstanceNumber)),
	}
	e = appendSet(e, Str(tag.ImagePositionPatient, in.Position), Str(tag.ImageOrientationPatient, in.Orientation))
	e = append(e, US(tag.SamplesPerPixel, max(in.Samples, 1)), Str(tag.PhotometricInterpretation, in.Photometric))
	if in.Samples == 3 {
		e = append(e, US(tag.PlanarConfiguration, 0))
	}
	if len(in.Frames) > 1 {
		e = append(e, Str(tag.NumberOfFrames, strconv.Itoa(len(in.Frames))))
	}
	e = append(e, US(tag.Rows, in.Rows), US(tag.Columns, in.Columns))
	e = appendSet(e, Str(tag.PixelSpacing, in.PixelSpacing))
	e = append(e, US(tag.BitsAllocated, in.BitsAllocated), US(tag.BitsStored, in.BitsStored),
		US(tag.HighBit, in.BitsStored-1), US(tag.PixelRepresentation, boolInt(in.Signed)))
	e = appendSet(e, Str(tag.WindowCenter, in.WindowCenter), Str(tag.WindowWidth, in.WindowWidth),
		Str(tag.RescaleIntercept, in.Intercept), Str(tag.RescaleSlope, in.Slope))
	return append(e, pixels), nil
}

// appendSet appends the string elements that have a value.
func appendSet(e []Elem, more ...Elem) []Elem {
	for _, m := range more {
		if m.Value != "" {
			e = append(e, m)
		}
	}
	return e
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}

// Meta is the file meta group of the instance, less the transfer syntax.
func (in Instance) Meta() []Elem {
	return []Elem{Str(tag.MediaStorageSOPClassUID, MRImage), Str(tag.MediaStorageSOPInstanceUID, in.SOPInstanceUID)}
}

// Bytes writes the instance as a Part 10 file: with the DICOM library's
// writer for little endian syntaxes, with the own writer for big endian.
func (in Instance) Bytes() ([]byte, error) {
	elems, err := in.Elements()
	if err != nil {
		return nil, err
	}
	if in.Syntax == ExplicitBE {
		return Part10(in.Syntax, in.Meta(), elems), nil
	}
	return LibraryWrite(in.Syntax, in.Meta(), elems)
}

// MustBytes is Bytes for fixtures that cannot fail.
func (in Instance) MustBytes() []byte {
	b, err := in.Bytes()
	if err != nil {
		panic(err)
	}
	return b
}

// RawPixels packs frames as native pixel data in a byte order.
func RawPixels(frames [][]int, bitsAllocated int, order ByteOrder) []byte {
	var out []byte
	for _, f := range frames {
		for _, v := range f {
			if bitsAllocated == 8 {
				out = append(out, byte(v))
			} else {
				out = order.AppendUint16(out, uint16(v))
			}
		}
	}
	if len(out)%2 == 1 {
		out = append(out, 0)
	}
	return out
}

// LibraryWrite writes a file with the DICOM library's writer.
func LibraryWrite(syntax string, meta, data []Elem) ([]byte, error) {
	all := append([]Elem{Str(tag.TransferSyntaxUID, syntax)}, meta...)
	var ds dicom.Dataset
	for _, e := range append(all, data...) {
		el, err := libraryElement(e)
		if err != nil {
			return nil, fmt.Errorf("dicomtest: element %v: %w", e.Tag, err)
		}
		ds.Elements = append(ds.Elements, el)
	}
	var buf bytes.Buffer
	if err := dicom.Write(&buf, ds, dicom.SkipVRVerification()); err != nil {
		return nil, fmt.Errorf("dicomtest: write: %w", err)
	}
	return buf.Bytes(), nil
}
