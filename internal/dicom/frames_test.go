package dicom

import (
	"testing"

	"clinic/internal/dicom/dicomtest"
)

// splitFrames writes three 8-bit JPEG baseline frames, each split into
// two fragments, with or without a basic offset table.
func splitFrames(t *testing.T, table bool) []byte {
	t.Helper()
	in := dicomtest.MR(1, 1)
	in.Syntax, in.BitsAllocated, in.BitsStored, in.WindowCenter, in.WindowWidth = dicomtest.JPEGBaseline, 8, 8, "128", "256"
	in.Frames = nil
	for i := range 3 {
		in.Frames = append(in.Frames, dicomtest.Gray(64, 64, func(x, y int) int { return 40 + 80*i }))
	}
	elems, err := in.Elements()
	if err != nil {
		t.Fatal(err)
	}
	last := &elems[len(elems)-1]
	frags := last.Value.(dicomtest.Fragments)
	var split dicomtest.Fragments
	at := uint32(0)
	for _, it := range frags.Items {
		half := len(it) / 4 * 2
		split.OffsetTable = append(split.OffsetTable, at)
		split.Items = append(split.Items, it[:half], it[half:])
		at += uint32(16 + len(it))
	}
	if !table {
		split.OffsetTable = nil
	}
	last.Value = split
	b, err := dicomtest.LibraryWrite(in.Syntax, in.Meta(), elems)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestFramesOfSeveralFragments(t *testing.T) {
	for _, tt := range []struct {
		name  string
		table bool
	}{{"by the basic offset table", true}, {"by where each JPEG starts, without a table", false}} {
		t.Run("frames split into fragments are found "+tt.name, func(t *testing.T) {
			file := splitFrames(t, tt.table)
			for i := range 3 {
				want := windowed(float64(40+80*i), 128, 256)
				expectGray(t, render(t, file, i, FileWindow), 2, func(x, y int) uint8 { return want })
			}
		})
	}
}
