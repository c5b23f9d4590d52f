package dicom

import (
	"log/slog"
	"strconv"
	"strings"
	"time"

	"github.com/suyashkumar/dicom"
	"github.com/suyashkumar/dicom/pkg/tag"
)

// Patient is who the images say they are of. It is protected health
// information: it prints as "[withheld]" with fmt and log/slog, so a log
// line cannot carry it by accident; read the fields to show them.
type Patient struct {
	Name      string // as the file writes it, family^given^middle
	ID        string
	BirthDate Date
}

func (Patient) String() string { return "[withheld]" }

// LogValue keeps the patient out of structured logs.
func (Patient) LogValue() slog.Value { return slog.StringValue("[withheld]") }

// Date is a calendar date from a DICOM DA value; the zero Date is unknown.
type Date struct {
	Year  int
	Month time.Month
	Day   int
}

// parseDate reads YYYYMMDD (or the old YYYY.MM.DD).
func parseDate(s string) Date {
	s = strings.ReplaceAll(strings.TrimSpace(s), ".", "")
	t, err := time.Parse("20060102", s)
	if err != nil {
		return Date{}
	}
	return Date{t.Year(), t.Month(), t.Day()}
}

// IsZero reports whether the date is unknown.
func (d Date) IsZero() bool { return d == Date{} }

// String writes the date as "2 March 2024", or "" when unknown.
func (d Date) String() string {
	if d.IsZero() {
		return ""
	}
	return strconv.Itoa(d.Day) + " " + d.Month.String() + " " + strconv.Itoa(d.Year)
}

// Instance is one DICOM image (or other object) as the library read it.
type Instance struct {
	// File is the file's name in the upload (inside a ZIP: the ZIP's name,
	// a slash and the entry's). PHI: shown to the patient, never logged.
	File    string
	Patient Patient

	StudyUID         string
	StudyDate        Date
	StudyDescription string
	BodyPart         string // Body Part Examined, as written (LSPINE)

	SeriesUID         string
	SeriesNumber      int
	SeriesDescription string
	Modality          string

	SOPInstanceUID string
	SOPClassUID    string
	InstanceNumber int
	TransferSyntax string
	// HasPixels is false for objects that are not images: structured
	// reports, presentation states, key object selections.
	HasPixels bool

	Rows, Columns       int
	BitsAllocated       int
	BitsStored          int
	PixelRepresentation int
	Photometric         string
	Frames              int
	RescaleSlope        float64
	RescaleIntercept    float64
	PixelSpacing        []float64 // row spacing, column spacing, in mm
	ImageOrientation    []float64 // six direction cosines
	ImagePosition       []float64 // x, y, z of the first pixel, in mm
	WindowCenter        []float64
	WindowWidth         []float64

	// Thumbnail is a PNG of the (middle) frame, when the ingester made
	// one; NoPreview says in words why there is none.
	Thumbnail []byte
	NoPreview string
}

// instanceFrom reads an Instance from the library's data set, with the
// scanner's layout for what the meta group says.
func instanceFrom(ds dicom.Dataset, lay *Layout) (*Instance, error) {
	a := attrs{&ds}
	in := &Instance{
		Patient:  Patient{Name: a.str(tag.PatientName), ID: a.str(tag.PatientID), BirthDate: parseDate(a.str(tag.PatientBirthDate))},
		StudyUID: a.str(tag.StudyInstanceUID), StudyDate: parseDate(a.str(tag.StudyDate)),
		StudyDescription: a.str(tag.StudyDescription), BodyPart: a.str(tag.BodyPartExamined),
		SeriesUID: a.str(tag.SeriesInstanceUID), SeriesNumber: a.int(tag.SeriesNumber),
		SeriesDescription: a.str(tag.SeriesDescription), Modality: a.str(tag.Modality),
		SOPInstanceUID: firstOf(a.str(tag.SOPInstanceUID), lay.MediaStorageSOPInstanceUID),
		SOPClassUID:    firstOf(a.str(tag.SOPClassUID), lay.MediaStorageSOPClassUID),
		InstanceNumber: a.int(tag.InstanceNumber), TransferSyntax: lay.Syntax.UID, HasPixels: lay.PixelData != nil,
		Rows: a.int(tag.Rows), Columns: a.int(tag.Columns),
		BitsAllocated: a.int(tag.BitsAllocated), BitsStored: a.int(tag.BitsStored),
		PixelRepresentation: a.int(tag.PixelRepresentation), Photometric: a.str(tag.PhotometricInterpretation),
		Frames:       max(a.int(tag.NumberOfFrames), 1),
		RescaleSlope: 1, RescaleIntercept: a.float(tag.RescaleIntercept),
		PixelSpacing: a.floats(tag.PixelSpacing), ImageOrientation: a.floats(tag.ImageOrientationPatient),
		ImagePosition: a.floats(tag.ImagePositionPatient),
		WindowCenter:  a.floats(tag.WindowCenter), WindowWidth: a.floats(tag.WindowWidth),
	}
	if s := a.float(tag.RescaleSlope); s != 0 {
		in.RescaleSlope = s
	}
	if in.SOPInstanceUID == "" {
		return nil, refuse(ErrDamaged, "the file has no SOP Instance UID, so it cannot be told apart from others")
	}
	return in, nil
}

func firstOf(s ...string) string {
	for _, v := range s {
		if v != "" {
			return v
		}
	}
	return ""
}

// attrs reads top-level values from the library's data set.
type attrs struct{ ds *dicom.Dataset }

// strs returns an element's values as strings, numbers written out.
func (a attrs) strs(t tag.Tag) []string {
	el, err := a.ds.FindElementByTag(t)
	if err != nil || el.Value == nil {
		return nil
	}
	switch v := el.Value.GetValue().(type) {
	case []string:
		return v
	case []int:
		out := make([]string, len(v))
		for i, n := range v {
			out[i] = strconv.Itoa(n)
		}
		return out
	case []float64:
		out := make([]string, len(v))
		for i, f := range v {
			out[i] = strconv.FormatFloat(f, 'g', -1, 64)
		}
		return out
	}
	return nil
}

// str returns an element's first value, trimmed.
func (a attrs) str(t tag.Tag) string {
	v := a.strs(t)
	if len(v) == 0 {
		return ""
	}
	return strings.TrimSpace(strings.TrimRight(v[0], "\x00"))
}

func (a attrs) int(t tag.Tag) int {
	f, ok := firstNumber(a.str(t))
	if !ok || f > 1<<31 || f < -(1<<31) {
		return 0
	}
	return int(f)
}

func (a attrs) float(t tag.Tag) float64 {
	f, _ := firstNumber(a.str(t))
	return f
}

// floats returns every value of a multi-valued number; nil if any is not
// a number.
func (a attrs) floats(t tag.Tag) []float64 {
	var out []float64
	for _, s := range a.strs(t) {
		for _, part := range strings.Split(s, `\`) {
			f, ok := firstNumber(part)
			if !ok {
				return nil
			}
			out = append(out, f)
		}
	}
	return out
}
