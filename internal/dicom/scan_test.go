package dicom

import (
	"encoding/binary"
	"errors"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/suyashkumar/dicom/pkg/tag"

	"clinic/internal/dicom/dicomtest"
)

// mr returns fixture image 1 of series 1 in a transfer syntax.
func mr(t testing.TB, syntax string, change ...func(*dicomtest.Instance)) []byte {
	t.Helper()
	in := dicomtest.MR(1, 1)
	in.Syntax = syntax
	for _, c := range change {
		c(&in)
	}
	b, err := in.Bytes()
	if err != nil {
		t.Fatalf("fixture in %s: %v", syntax, err)
	}
	return b
}

func TestScanAcceptsEveryEncoding(t *testing.T) {
	tests := []struct {
		name     string
		file     []byte
		syntax   string
		implicit bool
		order    binary.ByteOrder
		encaps   bool
		preamble bool
	}{
		{"implicit VR little endian is walked", mr(t, dicomtest.ImplicitLE), ImplicitVRLittleEndian, true, binary.LittleEndian, false, true},
		{"explicit VR little endian is walked", mr(t, dicomtest.ExplicitLE), ExplicitVRLittleEndian, false, binary.LittleEndian, false, true},
		{"explicit VR big endian is walked", mr(t, dicomtest.ExplicitBE), ExplicitVRBigEndian, false, binary.BigEndian, false, true},
		{"RLE fragments are found", mr(t, dicomtest.RLE), RLELossless, false, binary.LittleEndian, true, true},
		{"JPEG lossless fragments are found", mr(t, dicomtest.JPEGLossless), JPEGLosslessSV1, false, binary.LittleEndian, true, true},
		{"a file without preamble or meta group is read as implicit VR", dicomtest.NoPreamble(), ImplicitVRLittleEndian, true, binary.LittleEndian, false, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			lay, err := ScanBytes(tt.file, Limits{})
			if err != nil {
				t.Fatalf("Scan: %v", err)
			}
			got := []any{lay.Syntax.UID, lay.Syntax.Implicit, lay.Syntax.Order, lay.PixelData != nil && lay.PixelData.Encapsulated, lay.Preamble}
			want := []any{tt.syntax, tt.implicit, tt.order, tt.encaps, tt.preamble}
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("layout (-want +got):\n%s", diff)
			}
			wantPix := PixelInfo{Rows: 64, Columns: 64, SamplesPerPixel: 1, Photometric: "MONOCHROME2", Frames: 1,
				BitsAllocated: 16, BitsStored: 12, HighBit: 11, RescaleSlope: 1, WindowCenter: 1024, WindowWidth: 2048}
			if diff := cmp.Diff(wantPix, lay.Pixels); diff != "" {
				t.Errorf("pixel info (-want +got):\n%s", diff)
			}
			if lay.SOPInstanceUID != dicomtest.StudyUID+".1.1" {
				t.Errorf("SOP instance UID %q", lay.SOPInstanceUID)
			}
		})
	}
}

func TestScanNativePixelsAndFragments(t *testing.T) {
	lay, err := ScanBytes(mr(t, dicomtest.ExplicitLE), Limits{})
	if err != nil {
		t.Fatal(err)
	}
	if got, want := lay.PixelData.Value.Length, int64(64*64*2); got != want {
		t.Errorf("native pixel data of %d bytes, want %d", got, want)
	}
	if got, want := lay.PixelData.Value.Offset+lay.PixelData.Value.Length, lay.Size; got != want {
		t.Errorf("pixel data ends at %d, the file at %d", got, want)
	}
	multi := mr(t, dicomtest.RLE, func(in *dicomtest.Instance) {
		in.Frames = [][]int{in.Frames[0], in.Frames[0], in.Frames[0]}
	})
	lay, err = ScanBytes(multi, Limits{})
	if err != nil {
		t.Fatal(err)
	}
	if len(lay.PixelData.Fragments) != 3 || lay.Pixels.Frames != 3 {
		t.Errorf("%d fragments and %d frames, want 3 and 3", len(lay.PixelData.Fragments), lay.Pixels.Frames)
	}
}

func TestScanRefusesBadFiles(t *testing.T) {
	le := dicomtest.Encoding{Order: binary.LittleEndian}
	seq := func(depth int) []dicomtest.Elem {
		e := []dicomtest.Elem{dicomtest.Str(tag.PatientID, "X")}
		for range depth {
			e = []dicomtest.Elem{{Tag: tag.ReferencedImageSequence, VR: "SQ", Value: [][]dicomtest.Elem{e}, Undefined: true}}
		}
		return e
	}
	unterminated := dicomtest.Part10(dicomtest.ExplicitLE, nil, seq(2))
	unterminated = unterminated[:len(unterminated)-8]
	tests := []struct {
		name  string
		file  []byte
		cause error
		says  string
	}{
		{"the hostile-length file is refused with the length it declares", dicomtest.Hostile(), ErrDamaged, "declares 4026531840 bytes (0xF0000000), but only 12 remain"},
		{"a file cut in its pixel data is refused", dicomtest.Truncated(), ErrDamaged, "declares 8192 bytes"},
		{"a file cut in a header is refused", mr(t, dicomtest.ExplicitLE)[:301], ErrDamaged, ""},
		{"an empty file is not DICOM", nil, ErrNotDICOM, "too short"},
		{"a text file is not DICOM", []byte(strings.Repeat("hello world ", 20)), ErrNotDICOM, "neither the DICOM preamble"},
		{"a sequence without its end marker is refused", unterminated, ErrDamaged, ""},
		{"nesting deeper than the limit is refused", dicomtest.Part10(dicomtest.ExplicitLE, nil, seq(20)), ErrDamaged, "nest more than 16 deep"},
		{"a sequence holding an element instead of items is refused",
			dicomtest.Part10(dicomtest.ExplicitLE, nil, []dicomtest.Elem{{Tag: tag.ReferencedImageSequence, VR: "SQ",
				Value: []byte{0x10, 0x00, 0x20, 0x00, 'L', 'O', 2, 0, 'A', 'B'}}}), ErrDamaged, "something other than items"},
		{"a string of undefined length is refused",
			append(dicomtest.Part10(dicomtest.ExplicitLE, nil, nil), le.Order.AppendUint32([]byte{0x10, 0, 0x10, 0, 'L', 'O', 0xFF, 0xFF}, 0)...), ErrDamaged, "undefined length"},
		{"encapsulated pixel data without its offset table item is refused",
			append(dicomtest.Part10(dicomtest.JPEGLossless, nil, nil), 0xE0, 0x7F, 0x10, 0x00, 'O', 'B', 0, 0, 0xFF, 0xFF, 0xFF, 0xFF,
				0xFE, 0xFF, 0xDD, 0xE0, 0, 0, 0, 0), ErrDamaged, "fragment 0 of element (7FE0,0010)"},
		{"a character set that is not text is refused (the library would panic on it)",
			dicomtest.Part10(dicomtest.ExplicitLE, nil, []dicomtest.Elem{{Tag: tag.SpecificCharacterSet, VR: "OB", Value: []byte("ab")}}),
			ErrDamaged, "character set element"},
		{"a deflated file is refused as unsupported", dicomtest.Part10(DeflatedExplicitVRLE, nil, nil), ErrUnsupported, "deflated"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ScanBytes(tt.file, Limits{})
			if !errors.Is(err, tt.cause) {
				t.Fatalf("Scan = %v, want %v", err, tt.cause)
			}
			if !strings.Contains(err.Error(), tt.says) {
				t.Errorf("Scan = %q, want it to say %q", err, tt.says)
			}
		})
	}
}

func TestScanLimits(t *testing.T) {
	file := mr(t, dicomtest.ExplicitLE)
	tests := []struct {
		name  string
		lim   Limits
		cause error
	}{
		{"a file over the size limit is refused", Limits{MaxFileSize: 1000}, ErrTooLarge},
		{"a file with more elements than the limit is refused", Limits{MaxElements: 10}, ErrDamaged},
		{"the same file within the limits is accepted", Limits{MaxFileSize: int64(len(file)), MaxElements: 40}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if _, err := ScanBytes(file, tt.lim); !errors.Is(err, tt.cause) {
				t.Errorf("Scan = %v, want %v", err, tt.cause)
			}
		})
	}
}
