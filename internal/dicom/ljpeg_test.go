package dicom

import (
	"errors"
	"fmt"
	"testing"

	"github.com/google/go-cmp/cmp"

	"clinic/internal/dicom/dicomtest"
)

func TestLosslessRoundTrip(t *testing.T) {
	noise := func(rows, cols, comps, precision int) []int {
		out := make([]int, rows*cols*comps)
		v := 12345
		for i := range out {
			v = v*1103515245 + 12345
			out[i] = (v >> 8) & (1<<precision - 1)
		}
		return out
	}
	for _, tt := range []struct{ rows, cols, comps, precision, predictor, restart int }{
		{7, 9, 1, 16, 1, 0}, {7, 9, 1, 16, 4, 0}, {7, 9, 1, 2, 7, 0}, {5, 5, 3, 8, 1, 0},
		{8, 6, 1, 12, 1, 6}, {8, 6, 1, 12, 5, 12}, {8, 6, 3, 10, 6, 6}, {8, 6, 1, 16, 2, 5},
	} {
		name := fmt.Sprintf("%d × %d × %d samples of %d bits with predictor %d and restarts every %d pixels come back unchanged",
			tt.cols, tt.rows, tt.comps, tt.precision, tt.predictor, tt.restart)
		t.Run(name, func(t *testing.T) {
			want := noise(tt.rows, tt.cols, tt.comps, tt.precision)
			data := dicomtest.EncodeLosslessRestart(want, tt.rows, tt.cols, tt.comps, tt.precision, tt.predictor, tt.restart)
			f, err := decodeLossless(data, 1<<20)
			if err != nil {
				t.Fatal(err)
			}
			got := make([]int, len(f.samples))
			for i, s := range f.samples {
				got[i] = int(s)
			}
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("samples (-want +got):\n%s", diff)
			}
		})
	}
}

func TestLosslessRefusesBadStreams(t *testing.T) {
	good := dicomtest.EncodeLossless(dicomtest.Phantom(8, 8, 4000, 0), 8, 8, 1, 12, 1)
	baseline := append([]byte{0xFF, 0xD8, 0xFF, 0xC0, 0, 11, 8, 0, 8, 0, 8, 1, 1, 0x11, 0}, good[2:]...)
	big := append([]byte{}, good...)
	big[7], big[8] = 0x40, 0x00 // 16,384 rows
	tests := []struct {
		name string
		data []byte
	}{
		{"an empty stream", nil},
		{"a stream cut in its scan", good[:len(good)/2]},
		{"a baseline (lossy) frame header", baseline},
		{"a frame over the pixel limit", big},
		{"a stream with no scan", []byte{0xFF, 0xD8, 0xFF, 0xD9}},
	}
	for _, tt := range tests {
		t.Run(tt.name+" is refused", func(t *testing.T) {
			if _, err := decodeLossless(tt.data, 1<<16); !errors.Is(err, errLossless) {
				t.Errorf("decodeLossless = %v, want an errLossless", err)
			}
		})
	}
}
