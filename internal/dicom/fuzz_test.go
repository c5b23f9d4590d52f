package dicom

import (
	"bytes"
	"context"
	"runtime"
	"testing"

	"clinic/internal/dicom/dicomtest"
)

// fuzzSeeds are small files of every kind the ingest meets.
func fuzzSeeds(t testing.TB) [][]byte {
	small := func(in *dicomtest.Instance) {
		in.Rows, in.Columns = 8, 8
		in.Frames = [][]int{dicomtest.Phantom(8, 8, 4000, 0), dicomtest.Phantom(8, 8, 4000, 1)}
	}
	seeds := [][]byte{dicomtest.Hostile(), dicomtest.NoPreamble()[:600]}
	for _, s := range []string{dicomtest.ImplicitLE, dicomtest.ExplicitLE, dicomtest.ExplicitBE, dicomtest.RLE,
		dicomtest.JPEGLossless, dicomtest.JPEGBaseline} {
		seeds = append(seeds, mr(t, s, small))
	}
	cd, err := dicomtest.StudyCD(1, 1)
	if err != nil {
		t.Fatal(err)
	}
	seeds = append(seeds, cd.Files["DICOMDIR"], dicomtest.Zip(map[string][]byte{"a": mr(t, dicomtest.RLE, small)}),
		dicomtest.Part10(dicomtest.ImplicitLE, nil, nested(true, false)),
		dicomtest.Part10(dicomtest.ExplicitBE, nil, nested(false, true)))
	return seeds
}

// allocated runs f and returns the bytes the process allocated meanwhile.
func allocated(f func()) uint64 {
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	f()
	runtime.ReadMemStats(&after)
	return after.TotalAlloc - before.TotalAlloc
}

// FuzzScan: the scanner never panics, and allocates at most its 4 KiB
// buffer and bookkeeping plus a small multiple of the input, whatever the
// lengths in the input say.
func FuzzScan(f *testing.F) {
	for _, s := range fuzzSeeds(f) {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		n := allocated(func() { _, _ = ScanBytes(data, Limits{}) })
		if limit := 16*uint64(len(data)) + 64<<10; n > limit {
			t.Errorf("scanning %d bytes allocated %d, over %d", len(data), n, limit)
		}
	})
}

// FuzzIngest: the whole ingest of one uploaded file (recognition, ZIP,
// scanner, library, thumbnail) never panics and allocates at most a
// bounded multiple of the input plus a fixed allowance for one preview.
func FuzzIngest(f *testing.F) {
	for _, s := range fuzzSeeds(f) {
		f.Add(s)
	}
	g := NewIngester(Config{Parallel: 1, Limits: Limits{MaxFramePixels: 1 << 20}})
	f.Fuzz(func(t *testing.T, data []byte) {
		c := NewCollection()
		n := allocated(func() {
			if err := g.Ingest(context.Background(), c, File{Name: "f", Data: bytes.NewReader(data)}); err != nil {
				t.Fatal(err)
			}
		})
		if limit := ingestAllocFactor*uint64(len(data)) + ingestAllocBase; n > limit {
			t.Errorf("ingesting %d bytes allocated %d, over %d", len(data), n, limit)
		}
	})
}

// The bound FuzzIngest holds the ingest to: 64 times the input, and 8 MiB
// for the library's buffers and one preview of up to a million pixels.
const (
	ingestAllocFactor = 64
	ingestAllocBase   = 8 << 20
)

// FuzzLossless: the lossless JPEG decoder never panics on any bytes.
func FuzzLossless(f *testing.F) {
	for _, p := range []int{1, 4, 7} {
		f.Add(dicomtest.EncodeLossless(dicomtest.Phantom(8, 8, 4000, 0), 8, 8, 1, 12, p))
	}
	f.Add(dicomtest.EncodeLossless(dicomtest.RGBFrame(4, 4), 4, 4, 3, 8, 1))
	f.Fuzz(func(t *testing.T, data []byte) {
		if fr, err := decodeLossless(data, 1<<16); err == nil && len(fr.samples) != fr.width*fr.height*fr.comps {
			t.Errorf("%d samples for %d × %d × %d", len(fr.samples), fr.width, fr.height, fr.comps)
		}
	})
}

// FuzzRLE: the RLE decoder never panics on any bytes.
func FuzzRLE(f *testing.F) {
	f.Add(dicomtest.EncodeRLE(dicomtest.Phantom(8, 8, 4000, 0), 8, 8, 1, 16), 8, 8, 1, 16)
	f.Add(dicomtest.EncodeRLE(dicomtest.RGBFrame(4, 4), 4, 4, 3, 8), 4, 4, 3, 8)
	f.Fuzz(func(t *testing.T, data []byte, rows, cols, samples, bits int) {
		if rows < 1 || cols < 1 || rows*cols > 1<<12 || (samples != 1 && samples != 3) || (bits != 8 && bits != 16) {
			return
		}
		if s, err := decodeRLE(data, rows, cols, samples, bits); err == nil && len(s) != rows*cols*samples {
			t.Errorf("%d samples for %d × %d × %d", len(s), rows, cols, samples)
		}
	})
}

// FuzzScannerAndLibraryAgree: whenever the scanner accepts a file, the
// DICOM library, reading what the scanner hands it, finds the same number
// of top-level elements, so the two never read the bytes out of step
// (which could let the library meet a length the scanner did not check).
func FuzzScannerAndLibraryAgree(f *testing.F) {
	for _, s := range fuzzSeeds(f) {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		lay, err := ScanBytes(data, Limits{})
		if err != nil {
			return
		}
		ds, err := parseLibrary(bytes.NewReader(data), lay)
		if err != nil {
			return
		}
		if got, want := len(ds.Elements)-2, lay.topLevel; got != want {
			t.Errorf("the library read %d top-level elements, the scanner %d", got, want)
		}
	})
}
