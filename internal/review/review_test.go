package review

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"path/filepath"
	"testing"
	"time"

	"clinic"
	"clinic/internal/blob"
	"clinic/internal/dicom"
	"clinic/internal/dicom/dicomtest"
	"clinic/internal/seal"
	"clinic/internal/store"
)

var testNow = time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)

// fixture is a store, a blob store and a reader over them, with one
// review request.
type fixture struct {
	db    *store.DB
	blobs *blob.Store
	g     *Ingest
	req   int64
	n     int
}

func newFixture(t testing.TB) *fixture {
	t.Helper()
	dir := t.TempDir()
	sealer, err := seal.New(bytes.Repeat([]byte{3}, seal.KeySize))
	if err != nil {
		t.Fatal(err)
	}
	db, err := store.Open(context.Background(), filepath.Join(dir, "clinic.db"), store.Options{Sealer: sealer, Now: func() time.Time { return testNow }})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	keys, err := blob.LoadKeyring("", filepath.Join(dir, "blob.keys"))
	if err != nil {
		t.Fatal(err)
	}
	folder, err := blob.NewFolder(filepath.Join(dir, "blobs"))
	if err != nil {
		t.Fatal(err)
	}
	f := &fixture{db: db, blobs: blob.New(folder, keys)}
	f.g = &Ingest{DB: db, Blobs: f.blobs, Dicom: dicom.NewIngester(dicom.Config{Parallel: 2, ThumbnailSize: -1,
		Zip: dicom.ZipLimits{MaxInMemory: 1 << 10}, Spool: Spool(filepath.Join(dir, "tmp"))})}
	q := &clinic.ReviewRequest{Name: "Alex", BirthDate: "1970-01-01", Email: "a@example.com", Phone: "2065550142",
		Complaint: "back", Since: "May", Consent: true, ClientAddr: "192.0.2.1"}
	if err := db.CreateReview(context.Background(), q); err != nil {
		t.Fatal(err)
	}
	f.req = q.ID
	return f
}

// upload stores b as a completed upload in parts of partSize, as the
// tus store writes them, and reads it.
func (f *fixture) upload(t testing.TB, name string, b []byte, partSize int64) *clinic.ReviewUpload {
	t.Helper()
	ctx := context.Background()
	f.n++
	st := &TusStore{DB: f.db, Blobs: f.blobs, PartSize: partSize, MaxStudy: 1 << 40}
	u := &clinic.ReviewUpload{ID: "u" + string(rune('a'+f.n)), RequestID: f.req, Size: int64(len(b)), Name: name}
	if err := f.db.CreateUpload(ctx, u, 1<<40); err != nil {
		t.Fatal(err)
	}
	up := &tusUpload{s: st, u: u}
	if n, err := up.WriteChunk(ctx, 0, bytes.NewReader(b)); err != nil || n != int64(len(b)) {
		t.Fatalf("write: %d, %v", n, err)
	}
	for f.g.Next(ctx, testNow) {
	}
	got, err := f.db.Upload(ctx, u.ID)
	if err != nil || got.IngestedAt.IsZero() {
		t.Fatalf("upload not read: %v", err)
	}
	return got
}

func TestIngestKeepsEachImageAsABlobOfItsOwn(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	ctx := context.Background()
	one := dicomtest.MR(1, 1).MustBytes()
	zipped := dicomtest.Zip(map[string][]byte{"DICOM/IM2": dicomtest.MR(1, 2).MustBytes(), "DICOM/IM3": dicomtest.MR(1, 3).MustBytes(),
		"REPORT.PDF": []byte("%PDF-1.4\n%%EOF\n")})
	for _, tc := range []struct {
		name, file string
		b          []byte
		part       int64
	}{
		{"a single file in one part is kept as that part", "IM1", one, 1 << 20},
		{"a ZIP in many parts has its entries taken out, through the encrypted spool", "cd.zip", zipped, 4 << 10},
		{"a single file in many parts is joined into one blob", "IM4", dicomtest.MR(1, 4).MustBytes(), 3 << 10},
	} {
		t.Run(tc.name, func(t *testing.T) {
			u := f.upload(t, tc.file, tc.b, tc.part)
			sum := sha256.Sum256(tc.b)
			if u.SHA256 != hex.EncodeToString(sum[:]) {
				t.Errorf("upload SHA-256 %s, want %x", u.SHA256, sum)
			}
		})
	}
	studies, err := f.db.ReviewStudies(ctx, f.req)
	if err != nil || len(studies) != 1 || len(studies[0].Series) != 1 {
		t.Fatalf("studies %v, %v", studies, err)
	}
	ins, _ := f.db.SeriesInstances(ctx, studies[0].Series[0].ID)
	if len(ins) != 4 {
		t.Fatalf("%d images, want 4", len(ins))
	}
	t.Run("every image's blob reads back as a file the viewer can draw", func(t *testing.T) {
		for _, in := range ins {
			img, err := f.g.OpenImage(ctx, in)
			if err != nil {
				t.Fatalf("image %d: %v", in.Number, err)
			}
			if _, err := img.Render(0, dicom.FileWindow); err != nil {
				t.Errorf("image %d: %v", in.Number, err)
			}
		}
	})
	t.Run("the report in the ZIP is kept", func(t *testing.T) {
		items, _ := f.db.ReviewItems(ctx, f.req)
		var kept int
		for _, it := range items {
			if it.Kind == "pdf" && it.Blob != "" {
				kept++
			}
		}
		if kept != 1 {
			t.Errorf("%d reports kept, want 1: %+v", kept, items)
		}
	})
	t.Run("the series gets the middle image's thumbnail", func(t *testing.T) {
		studies, _ := f.db.ReviewStudies(ctx, f.req)
		se := studies[0].Series[0]
		if se.ThumbBlob == "" || se.ThumbInstance != Middle(ins).ID {
			t.Errorf("thumbnail %q of instance %d, want instance %d", se.ThumbBlob, se.ThumbInstance, Middle(ins).ID)
		}
	})
	t.Run("every blob in use is recorded with the SHA-256 it holds", func(t *testing.T) {
		want, err := f.db.BlobHashes(ctx)
		if err != nil {
			t.Fatal(err)
		}
		sums := map[string][sha256.Size]byte{}
		for name, h := range want {
			b, _ := hex.DecodeString(h)
			sums[name] = [sha256.Size]byte(b)
		}
		rep, err := f.blobs.Verify(ctx, sums)
		if err != nil || len(rep.Problems) != 0 {
			t.Errorf("verify: %+v, %v", rep.Problems, err)
		}
	})
}

func TestRetentionDeletesImagesOnceAndKeepsFindings(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	ctx := context.Background()
	f.upload(t, "IM1", dicomtest.MR(1, 1).MustBytes(), 1<<20)
	if err := f.db.SubmitReview(ctx, f.req); err != nil {
		t.Fatal(err)
	}
	if err := f.db.SendFindings(ctx, &clinic.ReviewFindings{RequestID: f.req, Findings: "Normal.", Recommendation: "Walk."}); err != nil {
		t.Fatal(err)
	}
	if err := f.db.SetReviewStatus(ctx, f.req, clinic.ReviewClosed); err != nil {
		t.Fatal(err)
	}
	blobs, _ := f.db.ReviewBlobs(ctx, f.req)
	for _, tc := range []struct {
		name     string
		at       time.Time
		days     int
		want     int
		imagesIn bool
	}{
		{"a review closed 89 days ago keeps its images", testNow.AddDate(0, 0, 89), 90, 0, true},
		{"a review closed more than 90 days ago loses them", testNow.AddDate(0, 0, 91), 90, 1, false},
		{"the same hour's sweep does not run twice", testNow.AddDate(0, 0, 91).Add(time.Minute), 90, 0, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			n, err := f.g.Sweep(ctx, tc.at, tc.days)
			if err != nil || n != tc.want {
				t.Fatalf("swept %d, %v; want %d", n, err, tc.want)
			}
			_, err = f.blobs.Stat(ctx, blobs[0])
			if (err == nil) != tc.imagesIn {
				t.Errorf("blob there: %v, want %v", err == nil, tc.imagesIn)
			}
		})
	}
	t.Run("the findings stay and the deletion is audited", func(t *testing.T) {
		if fd, err := f.db.Findings(ctx, f.req); err != nil || fd.Findings != "Normal." {
			t.Errorf("findings %v, %v", fd, err)
		}
		es, err := f.db.AuditEvents(ctx, clinic.AuditFilter{Action: "review.images_deleted"})
		if err != nil || len(es) != 1 || es[0].Actor != "system" {
			t.Errorf("audit %v, %v", es, err)
		}
		if q, _ := f.db.Review(ctx, f.req); q.ImagesDeletedAt.IsZero() {
			t.Error("the request does not say its images were deleted")
		}
	})
}
