package dicom

import (
	"testing"

	"github.com/suyashkumar/dicom/pkg/tag"

	"clinic/internal/dicom/dicomtest"
)

// nested is a data set with sequences inside sequences, of defined and
// undefined lengths, a private element, and attributes after them that
// are read only if every length before was walked right.
func nested(undefinedOuter, undefinedInner bool) []dicomtest.Elem {
	inner := dicomtest.Elem{Tag: tag.ReferencedSOPSequence, VR: "SQ", Undefined: undefinedInner, Value: [][]dicomtest.Elem{
		{dicomtest.Str(tag.ReferencedSOPClassUID, dicomtest.MRImage), dicomtest.Str(tag.ReferencedSOPInstanceUID, "1.2.3.4")},
		{dicomtest.Str(tag.ReferencedSOPInstanceUID, "1.2.3.5")},
	}}
	return []dicomtest.Elem{
		dicomtest.Str(tag.SOPInstanceUID, "1.2.3.9"),
		{Tag: tag.ReferencedImageSequence, VR: "SQ", Undefined: undefinedOuter, Value: [][]dicomtest.Elem{
			{dicomtest.Str(tag.ReferencedSOPInstanceUID, "1.2.3.6"), inner}, {},
		}},
		{Tag: tag.Tag{Group: 0x0009, Element: 0x0010}, VR: "LO", Value: "CLINIC PRIVATE"},
		{Tag: tag.Tag{Group: 0x0009, Element: 0x1001}, VR: "UN", Value: []byte{1, 2, 3, 4}},
		dicomtest.Str(tag.StudyDescription, "AFTER THE SEQUENCES"),
		dicomtest.Str(tag.SeriesNumber, "7"),
	}
}

func TestSequencesAreWalkedAsTheLibraryReadsThem(t *testing.T) {
	for _, syntax := range []string{dicomtest.ImplicitLE, dicomtest.ExplicitLE, dicomtest.ExplicitBE} {
		for _, shape := range []struct {
			name         string
			outer, inner bool
		}{{"defined", false, false}, {"undefined", true, true}, {"mixed", false, true}, {"mixed the other way", true, false}} {
			t.Run("sequences of "+shape.name+" lengths in "+syntaxOf(syntax).Name()+" are walked and read", func(t *testing.T) {
				file := dicomtest.Part10(syntax, nil, nested(shape.outer, shape.inner))
				in, lay, err := readBytes(file)
				if err != nil {
					t.Fatal(err)
				}
				if in.StudyDescription != "AFTER THE SEQUENCES" || in.SeriesNumber != 7 || in.SOPInstanceUID != "1.2.3.9" {
					t.Errorf("read %q, %d, %q after the sequences", in.StudyDescription, in.SeriesNumber, in.SOPInstanceUID)
				}
				if lay.Elements < 14 {
					t.Errorf("walked %d elements, fewer than the file holds", lay.Elements)
				}
			})
		}
	}
}

func TestImplicitUnknownOfUndefinedLengthIsASequence(t *testing.T) {
	private := dicomtest.Elem{Tag: tag.Tag{Group: 0x0029, Element: 0x1010}, VR: "SQ", Undefined: true,
		Value: [][]dicomtest.Elem{{dicomtest.Str(tag.PatientID, "X")}}}
	file := dicomtest.Part10(dicomtest.ImplicitLE, nil, []dicomtest.Elem{
		dicomtest.Str(tag.SOPInstanceUID, "1.2.3.9"), private, dicomtest.Str(tag.StudyDescription, "AFTER"),
	})
	in, _, err := readBytes(file)
	if err != nil {
		t.Fatal(err)
	}
	if in.StudyDescription != "AFTER" {
		t.Errorf("read %q after the private sequence", in.StudyDescription)
	}
}
