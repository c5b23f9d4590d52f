package dicomtest

import (
	"encoding/binary"
	"fmt"
	"os"
	"path/filepath"

	"github.com/suyashkumar/dicom/pkg/tag"
)

// The fictional patient every fixture belongs to.
const (
	PatientName      = "TESTPERSON^ALEX"
	PatientID        = "CLINIC-TEST-001"
	PatientBirthDate = "19700101"
	StudyUID         = "1.2.826.0.1.3680043.10.1001.1"
)

// MR is one 16-bit MR image of the fixture study, 64 × 64, uncompressed
// explicit VR little endian; tests change what they need.
func MR(series, number int) Instance {
	return Instance{
		Syntax:      ExplicitLE,
		PatientName: PatientName, PatientID: PatientID, PatientBirthDate: PatientBirthDate,
		StudyUID: StudyUID, StudyDate: "20240302", StudyDescription: "MRI LUMBAR SPINE WO CONTRAST",
		Modality: "MR", BodyPart: "LSPINE",
		SeriesUID:    fmt.Sprintf("%s.%d", StudyUID, series),
		SeriesNumber: series, SeriesDescription: seriesNames[(series-1)%len(seriesNames)],
		SOPInstanceUID: fmt.Sprintf("%s.%d.%d", StudyUID, series, number), InstanceNumber: number,
		Rows: 64, Columns: 64, BitsAllocated: 16, BitsStored: 12, Samples: 1, Photometric: "MONOCHROME2",
		WindowCenter: "1024", WindowWidth: "2048",
		PixelSpacing: `0.5\0.5`, Orientation: `0\1\0\0\0\-1`, Position: fmt.Sprintf(`%d\-100\100`, number*4),
		Frames: [][]int{Phantom(64, 64, 4000, number)},
	}
}

var seriesNames = []string{"SAG T1", "SAG T2", "AX T2"}

// Hostile is the 204-byte file whose element of undefined length holds an
// item declaring 0xF0000000 bytes: the DICOM library, given it alone,
// allocates 3.75 GiB before it fails.
func Hostile() []byte {
	le := Encoding{Order: binary.LittleEndian}
	b := Part10(ExplicitLE, nil, nil)
	b = le.head(b, tag.Tag{Group: 0x0011, Element: 0x1010}, "OB", 0xFFFFFFFF)
	b = le.item(b, 0xF0000000)
	for len(b) < 204 {
		b = append(b, 0xAB)
	}
	return b
}

// Truncated is a valid image cut off in the middle of its pixel data.
func Truncated() []byte {
	b := MR(1, 1).MustBytes()
	return b[:len(b)-1000]
}

// NoPreamble is an image written without the preamble and "DICM", and
// without a meta group, in implicit VR little endian.
func NoPreamble() []byte {
	in := MR(1, 1)
	elems, err := in.Elements()
	if err != nil {
		panic(err)
	}
	return Encode(EncodingOf(ImplicitLE), elems)
}

// CD is the layout of a patient CD: a DICOMDIR at the root listing every
// image, the images under DICOM/ with 8-character names and no
// extension, and the viewer program with its autorun file and page.
type CD struct {
	Files map[string][]byte
	// Images is the number of image files in the CD.
	Images int
}

// StudyCD makes the fixture study: series of perSeries images each, the
// first series in implicit VR, the second JPEG lossless, the third
// explicit VR little endian.
func StudyCD(series, perSeries int) (CD, error) {
	cd := CD{Files: map[string][]byte{}}
	var refs []dirRecord
	for s := 1; s <= series; s++ {
		for n := 1; n <= perSeries; n++ {
			in := MR(s, n)
			in.Syntax = []string{ImplicitLE, JPEGLossless, ExplicitLE}[(s-1)%3]
			b, err := in.Bytes()
			if err != nil {
				return CD{}, err
			}
			name := fmt.Sprintf("IM%06d", (s-1)*perSeries+n)
			cd.Files["DICOM/"+name] = b
			refs = append(refs, dirRecord{in: in, file: name})
		}
	}
	dir, err := DICOMDIR(refs)
	if err != nil {
		return CD{}, err
	}
	cd.Files["DICOMDIR"] = dir
	cd.Files["AUTORUN.INF"] = []byte("[autorun]\r\nopen=VIEWER.EXE\r\n")
	cd.Files["VIEWER.EXE"] = append([]byte("MZ\x90\x00\x03\x00\x00\x00"), make([]byte, 120)...)
	cd.Files["README.HTM"] = []byte("<!DOCTYPE html><html><body>Open VIEWER.EXE</body></html>")
	cd.Images = series * perSeries
	return cd, nil
}

type dirRecord struct {
	in   Instance
	file string
}

// DICOMDIR writes a directory with one patient, study, series and image
// records in the usual hierarchy, with the library's writer.
func DICOMDIR(refs []dirRecord) ([]byte, error) {
	var items [][]Elem
	lastSeries := ""
	for i, r := range refs {
		if i == 0 {
			items = append(items, record("PATIENT", Str(tag.PatientName, r.in.PatientName), Str(tag.PatientID, r.in.PatientID)),
				record("STUDY", Str(tag.StudyInstanceUID, r.in.StudyUID), Str(tag.StudyDate, r.in.StudyDate)))
		}
		if r.in.SeriesUID != lastSeries {
			items = append(items, record("SERIES", Str(tag.SeriesInstanceUID, r.in.SeriesUID), Str(tag.Modality, "MR")))
			lastSeries = r.in.SeriesUID
		}
		items = append(items, record("IMAGE", Str(tag.ReferencedFileID, "DICOM", r.file),
			Str(tag.ReferencedSOPClassUIDInFile, MRImage), Str(tag.ReferencedSOPInstanceUIDInFile, r.in.SOPInstanceUID),
			Str(tag.ReferencedTransferSyntaxUIDInFile, r.in.Syntax)))
	}
	meta := []Elem{Str(tag.MediaStorageSOPClassUID, "1.2.840.10008.1.3.10"), Str(tag.MediaStorageSOPInstanceUID, StudyUID+".9")}
	data := []Elem{Str(tag.FileSetID, "CLINICTEST"), Seq(tag.DirectoryRecordSequence, items...)}
	return LibraryWrite(ExplicitLE, meta, data)
}

func record(kind string, more ...Elem) []Elem {
	return append([]Elem{Str(tag.DirectoryRecordType, kind)}, more...)
}

// Write lays the CD out under dir (a t.TempDir()), as a patient's folder
// picker would see it.
func (cd CD) Write(dir string) error {
	for name, b := range cd.Files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			return err
		}
		if err := os.WriteFile(p, b, 0o644); err != nil {
			return err
		}
	}
	return nil
}
