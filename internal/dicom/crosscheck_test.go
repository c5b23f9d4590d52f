package dicom

import (
	"errors"
	"os"
	"path/filepath"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// openFile opens a testdata file for drawing.
func openFile(t *testing.T, name string) *Image {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", "crosscheck", name))
	if err != nil {
		t.Fatal(err)
	}
	im, err := OpenImage(bytesSource(b), int64(len(b)), Limits{})
	if err != nil {
		t.Fatalf("OpenImage(%s): %v", name, err)
	}
	return im
}

func TestDecodersAgreeWithOtherEncoders(t *testing.T) {
	tests := []struct {
		file, original string
		pointTransform int
	}{
		{"mr12.sv1.dcm", "mr12.dcm", 0}, {"mr12.sv2.dcm", "mr12.dcm", 0}, {"mr12.sv3.dcm", "mr12.dcm", 0},
		{"mr12.sv4.dcm", "mr12.dcm", 0}, {"mr12.sv5.dcm", "mr12.dcm", 0}, {"mr12.sv6.dcm", "mr12.dcm", 0},
		{"mr12.sv7.dcm", "mr12.dcm", 0}, {"mr12.sv1pt2.dcm", "mr12.dcm", 2},
		{"signed16.sv1.dcm", "signed16.dcm", 0}, {"signed16.sv7.dcm", "signed16.dcm", 0},
		{"rgb8.sv1.dcm", "rgb8.dcm", 0},
		{"mr12.rle.dcm", "mr12.dcm", 0}, {"signed16.rle.dcm", "signed16.dcm", 0}, {"rgb8.rle.dcm", "rgb8.dcm", 0},
	}
	for _, tt := range tests {
		t.Run(tt.file+" decodes to the values of "+tt.original, func(t *testing.T) {
			want, err := openFile(t, tt.original).decode(0)
			if err != nil {
				t.Fatal(err)
			}
			for i := range want {
				want[i] = want[i] >> tt.pointTransform << tt.pointTransform
			}
			got, err := openFile(t, tt.file).decode(0)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("samples (-want +got):\n%s", diff)
			}
		})
	}
}

func TestJPEGLSAndJPEG2000GiveNoPreview(t *testing.T) {
	for _, name := range []string{"mr12.jls.dcm", "mr12.j2k.dcm", "signed16.jls.dcm", "signed16.j2k.dcm"} {
		t.Run(name+" opens and says there is no preview", func(t *testing.T) {
			if _, err := openFile(t, name).Render(0, FileWindow); !errors.Is(err, ErrNoPreview) {
				t.Errorf("Render = %v, want ErrNoPreview", err)
			}
		})
	}
}
