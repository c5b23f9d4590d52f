package dicom

import (
	"archive/zip"
	"bytes"
	"testing"

	"github.com/google/go-cmp/cmp"

	"clinic/internal/dicom/dicomtest"
)

func TestIdentifyByContent(t *testing.T) {
	cd, err := dicomtest.StudyCD(1, 1)
	if err != nil {
		t.Fatal(err)
	}
	var zipped bytes.Buffer
	zw := zip.NewWriter(&zipped)
	if _, err := zw.Create("a.dcm"); err != nil {
		t.Fatal(err)
	}
	zw.Close()
	dualTIFF := mr(t, dicomtest.ExplicitLE)
	copy(dualTIFF, "II*\x00")
	tests := []struct {
		name string
		file []byte
		want Kind
		says string
	}{
		{"a Part 10 image is DICOM", mr(t, dicomtest.ExplicitLE), KindDICOM, ""},
		{"a big endian image is DICOM", mr(t, dicomtest.ExplicitBE), KindDICOM, ""},
		{"an image without preamble in implicit VR is DICOM", dicomtest.NoPreamble(), KindDICOM, ""},
		{"an image without preamble in explicit VR is DICOM", mr(t, dicomtest.ExplicitLE)[132:], KindDICOM, ""},
		{"a preamble holding a TIFF header is still DICOM", dualTIFF, KindDICOM, ""},
		{"the CD's directory is a DICOMDIR", cd.Files["DICOMDIR"], KindDICOMDIR, ""},
		{"the hostile file is DICOM, for the scanner to refuse", dicomtest.Hostile(), KindDICOM, ""},
		{"a ZIP is a ZIP", zipped.Bytes(), KindZIP, ""},
		{"a PDF is a PDF", []byte("%PDF-1.7\n..."), KindPDF, ""},
		{"a JPEG is a JPEG", []byte("\xFF\xD8\xFF\xE0\x00\x10JFIF"), KindJPEG, ""},
		{"a PNG is a PNG", []byte("\x89PNG\r\n\x1A\n\x00\x00"), KindPNG, ""},
		{"the viewer program is not usable", cd.Files["VIEWER.EXE"], KindUnusable, "a Windows program (the image viewer from the CD, not the images)"},
		{"a Linux program is not usable", []byte("\x7FELF\x02\x01\x01"), KindUnusable, "a Linux program (the image viewer from the CD, not the images)"},
		{"a Mac program is not usable", []byte("\xCF\xFA\xED\xFE\x07\x00"), KindUnusable, "a Mac program (the image viewer from the CD, not the images)"},
		{"autorun.inf is not usable", cd.Files["AUTORUN.INF"], KindUnusable, "the CD's autorun file (part of the viewer, not the images)"},
		{"an HTML page is not usable", cd.Files["README.HTM"], KindUnusable, "a web page (part of the CD's viewer, not the images)"},
		{"a text file is not usable", []byte("Please bring this CD to your appointment.\n"), KindUnusable, "a text file"},
		{"an empty file is not usable", nil, KindUnusable, "an empty file"},
		{"random bytes are not usable", []byte{1, 2, 3, 4, 5, 6, 7, 8, 9, 200}, KindUnusable, "of a kind we cannot read as an image or a report"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := IdentifyBytes(tt.file)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(Identity{Kind: tt.want, Reason: tt.says}, got); diff != "" {
				t.Errorf("Identify (-want +got):\n%s", diff)
			}
		})
	}
}
