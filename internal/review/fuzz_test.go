package review

import (
	"context"
	"io"
	"strconv"
	"testing"

	"clinic"
	"clinic/internal/dicom/dicomtest"
)

// FuzzIngestUpload sends arbitrary bytes the whole way an upload goes:
// written by the tus store in parts of 8 KiB, read through internal/dicom
// (the ZIP entries through the encrypted spool) and recorded. Nothing
// panics, and every upload is read: what it held, or why not.
func FuzzIngestUpload(f *testing.F) {
	for _, seed := range [][]byte{
		dicomtest.MR(1, 1).MustBytes(), dicomtest.Truncated(), dicomtest.Hostile(), dicomtest.NoPreamble(),
		dicomtest.ZipSlip(dicomtest.MR(1, 2).MustBytes()), dicomtest.Zip(map[string][]byte{"a": dicomtest.MR(1, 3).MustBytes()}),
		[]byte("%PDF-1.4"), {},
	} {
		f.Add(seed)
	}
	fx := newFixture(f)
	ctx := context.Background()
	n := 0
	f.Fuzz(func(t *testing.T, b []byte) {
		n++
		u := &clinic.ReviewUpload{ID: "f" + strconv.Itoa(n), RequestID: fx.req, Size: int64(len(b)), Name: "upload"}
		if err := fx.db.CreateUpload(ctx, u, 1<<40); err != nil {
			t.Fatal(err)
		}
		st := &TusStore{DB: fx.db, Blobs: fx.blobs, PartSize: 8 << 10, MaxStudy: 1 << 40}
		if _, err := (&tusUpload{s: st, u: u}).WriteChunk(ctx, 0, bytesReader(b)); err != nil {
			t.Fatal(err)
		}
		got, err := fx.db.Upload(ctx, u.ID)
		if err != nil {
			t.Fatal(err)
		}
		if err := fx.g.Read(ctx, got); err != nil {
			t.Fatalf("read: %v", err)
		}
	})
}

type sliceReader struct{ b []byte }

func bytesReader(b []byte) *sliceReader { return &sliceReader{b} }

func (r *sliceReader) Read(p []byte) (int, error) {
	if len(r.b) == 0 {
		return 0, io.EOF
	}
	n := copy(p, r.b)
	r.b = r.b[n:]
	return n, nil
}
