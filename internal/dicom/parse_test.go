package dicom

import (
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"clinic/internal/dicom/dicomtest"
)

// wantMR is what ReadInstance should read from dicomtest.MR(1, 1).
func wantMR(syntax string) *Instance {
	return &Instance{
		Patient:  Patient{Name: dicomtest.PatientName, ID: dicomtest.PatientID, BirthDate: Date{1970, time.January, 1}},
		StudyUID: dicomtest.StudyUID, StudyDate: Date{2024, time.March, 2},
		StudyDescription: "MRI LUMBAR SPINE WO CONTRAST", BodyPart: "LSPINE",
		SeriesUID: dicomtest.StudyUID + ".1", SeriesNumber: 1, SeriesDescription: "SAG T1", Modality: "MR",
		SOPInstanceUID: dicomtest.StudyUID + ".1.1", SOPClassUID: dicomtest.MRImage, InstanceNumber: 1,
		TransferSyntax: syntax, HasPixels: true, Rows: 64, Columns: 64, BitsAllocated: 16, BitsStored: 12,
		Photometric: "MONOCHROME2", Frames: 1, RescaleSlope: 1,
		PixelSpacing: []float64{0.5, 0.5}, ImageOrientation: []float64{0, 1, 0, 0, 0, -1},
		ImagePosition: []float64{4, -100, 100}, WindowCenter: []float64{1024}, WindowWidth: []float64{2048},
	}
}

func TestReadInstanceInEveryEncoding(t *testing.T) {
	for _, syntax := range []string{dicomtest.ImplicitLE, dicomtest.ExplicitLE, dicomtest.ExplicitBE,
		dicomtest.RLE, dicomtest.JPEGLossless, dicomtest.JPEGProc14} {
		t.Run("an image in "+syntaxOf(syntax).Name()+" "+syntax+" is read in full", func(t *testing.T) {
			got, _, err := readBytes(mr(t, syntax))
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(wantMR(syntax), got); diff != "" {
				t.Errorf("instance (-want +got):\n%s", diff)
			}
		})
	}
	t.Run("an image without preamble is read in full", func(t *testing.T) {
		got, _, err := readBytes(dicomtest.NoPreamble())
		if err != nil {
			t.Fatal(err)
		}
		want := wantMR(ImplicitVRLittleEndian)
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("instance (-want +got):\n%s", diff)
		}
	})
}

func TestReadInstanceRefusesBeforeTheLibrary(t *testing.T) {
	_, lay, err := readBytes(dicomtest.Hostile())
	if !errors.Is(err, ErrDamaged) || lay != nil {
		t.Fatalf("ReadInstance(hostile) = %v, %v; want a refusal by the scanner", lay, err)
	}
}

func TestPatientNeverPrints(t *testing.T) {
	in := wantMR(ExplicitVRLittleEndian)
	var log strings.Builder
	slog.New(slog.NewTextHandler(&log, nil)).Info("read", "patient", in.Patient, "instance", in)
	printed := fmt.Sprintf("%v %+v %s", in.Patient, in, in.Patient) + log.String()
	for _, phi := range []string{"TESTPERSON", dicomtest.PatientID, "1970"} {
		if strings.Contains(printed, phi) {
			t.Errorf("%q printed: %s", phi, printed)
		}
	}
}

func readBytes(b []byte) (*Instance, *Layout, error) {
	return ReadInstance(strings.NewReader(string(b)), int64(len(b)), Limits{})
}
