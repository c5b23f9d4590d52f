package store

import (
	"bytes"
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"clinic"
)

func reviewRequest(addr string) *clinic.ReviewRequest {
	return &clinic.ReviewRequest{Name: "Ann Lee", BirthDate: "1970-04-23", Email: "ann@example.com", Phone: "(206) 555-0142",
		Complaint: "Low back pain into the left leg", Since: "March", Question: "Do I need surgery?", Consent: true, ClientAddr: addr}
}

// completedUpload makes a request's upload of size bytes, stored as one part.
func completedUpload(t *testing.T, db *DB, req int64, id string, size int64) *clinic.ReviewUpload {
	t.Helper()
	ctx := context.Background()
	u := &clinic.ReviewUpload{ID: id, RequestID: req, Size: size, Name: "DICOM/IM" + id, Type: "application/dicom"}
	if err := db.CreateUpload(ctx, u, 1<<30); err != nil {
		t.Fatal(err)
	}
	if err := db.AddUploadPart(ctx, id, clinic.UploadPart{Offset: 0, Size: size, Blob: "blob-" + id, SHA256: "sum-" + id}, "whole-"+id); err != nil {
		t.Fatal(err)
	}
	return u
}

// oneImage is what reading an upload of one image finds.
func oneImage(upload, uid string) *clinic.IngestResult {
	return &clinic.IngestResult{UploadID: upload,
		Studies: []*clinic.ReviewStudy{{UID: "1.2.3", Date: "2024-03-02", Description: "MR L-SPINE", PatientName: "LEE^ANN",
			Series: []*clinic.ReviewSeries{{UID: "1.2.3.1", Number: 2, Description: "SAG T2", Modality: "MR", BodyPart: "LSPINE"}}}},
		Instances: []clinic.IngestInstance{{Study: 0, Series: 0, File: "DICOM/" + uid, Instance: &clinic.ReviewInstance{
			UID: uid, Number: 1, HasPixels: true, Frames: 1, Rows: 256, Columns: 256, Blob: "blob-" + upload, SHA256: "sum-" + upload,
			Geometry: clinic.ImageGeometry{PixelSpacing: []float64{0.5, 0.5}}}}}}
}

func TestReviewRequests(t *testing.T) {
	t.Parallel()
	forEachDialect(t, func(t *testing.T, db *DB) {
		ctx := context.Background()
		q := reviewRequest("192.0.2.1")
		if err := db.CreateReview(ctx, q); err != nil {
			t.Fatal(err)
		}
		t.Run("the form reads back as written, and is stored sealed", func(t *testing.T) {
			got, err := db.Review(ctx, q.ID)
			if err != nil {
				t.Fatal(err)
			}
			want := *reviewRequest("")
			want.ID, want.Status, want.CreatedAt = q.ID, clinic.ReviewUploading, testNow
			if diff := cmp.Diff(&want, got); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
			var sealed []byte
			db.read.QueryRow(`SELECT sealed FROM review_requests WHERE id = $1`, q.ID).Scan(&sealed)
			if bytes.Contains(sealed, []byte("Ann")) || bytes.Contains(sealed, []byte("1970")) {
				t.Error("the form is stored in the clear")
			}
		})
		t.Run("a client address sending too many requests is refused", func(t *testing.T) {
			var err error
			for range clinic.ReviewFlood + 1 {
				err = db.CreateReview(ctx, reviewRequest("198.51.100.7"))
			}
			if clinic.ErrorKind(err) != clinic.ETooMany {
				t.Errorf("err = %v, want too many", err)
			}
		})
		t.Run("a request without images cannot be submitted", func(t *testing.T) {
			if err := db.SubmitReview(ctx, q.ID); clinic.ErrorKind(err) != clinic.EInvalid {
				t.Errorf("err = %v, want invalid", err)
			}
		})
		completedUpload(t, db, q.ID, "u1", 100)
		if _, err := db.RecordIngest(ctx, oneImage("u1", "9.9.1")); err != nil {
			t.Fatal(err)
		}
		t.Run("a request with an image goes to the queue, and mail is queued about it", func(t *testing.T) {
			if err := db.SubmitReview(ctx, q.ID); err != nil {
				t.Fatal(err)
			}
			qs, err := db.Reviews(ctx, clinic.ReviewNew)
			if err != nil || len(qs) != 1 || qs[0].ID != q.ID {
				t.Fatalf("queue %v, %v", qs, err)
			}
			var n int
			db.read.QueryRow(`SELECT count(*) FROM outbox WHERE review_id = $1 AND to_addr = '' AND body = ''`, q.ID).Scan(&n)
			if n != 2 {
				t.Errorf("%d messages about the review, want 2 without any text", n)
			}
			if err := db.SubmitReview(ctx, q.ID); clinic.ErrorKind(err) != clinic.EConflict {
				t.Errorf("second submit: %v", err)
			}
		})
		t.Run("nothing can be uploaded to a submitted request", func(t *testing.T) {
			err := db.CreateUpload(ctx, &clinic.ReviewUpload{ID: "late", RequestID: q.ID, Size: 1}, 1<<30)
			if clinic.ErrorKind(err) != clinic.EConflict {
				t.Errorf("err = %v, want conflict", err)
			}
		})
		t.Run("only a provider who reviews can be assigned", func(t *testing.T) {
			ed, doc := newUser("ed@example.com", clinic.RoleEditor), newUser("doc@example.com", clinic.RoleProvider)
			for _, u := range []*clinic.User{ed, doc} {
				if err := db.CreateUser(ctx, u); err != nil {
					t.Fatal(err)
				}
			}
			if err := db.AssignReview(ctx, q.ID, ed.ID); clinic.ErrorKind(err) != clinic.EInvalid {
				t.Errorf("an editor assigned: %v", err)
			}
			if err := db.AssignReview(ctx, q.ID, doc.ID); err != nil {
				t.Fatal(err)
			}
			got, _ := db.Review(ctx, q.ID)
			if got.Status != clinic.ReviewAssigned || got.AssignedTo != doc.ID || got.AssignedName != doc.Name {
				t.Errorf("status %s, assigned %d %q", got.Status, got.AssignedTo, got.AssignedName)
			}
		})
		t.Run("sending findings answers the request and queues the patient's notice", func(t *testing.T) {
			if err := db.SetReviewStatus(ctx, q.ID, clinic.ReviewInReview); err != nil {
				t.Fatal(err)
			}
			f := &clinic.ReviewFindings{RequestID: q.ID, Findings: "A disc bulge at L4-5.", Recommendation: "Physical therapy.",
				Treatments: []string{"pain-management"}, OfferBooking: true}
			if err := db.SendFindings(ctx, f); err != nil {
				t.Fatal(err)
			}
			got, err := db.Findings(ctx, q.ID)
			if err != nil || got.Findings != f.Findings || !got.OfferBooking || got.SentAt.IsZero() {
				t.Fatalf("findings %+v, %v", got, err)
			}
			r, _ := db.Review(ctx, q.ID)
			var n int
			db.read.QueryRow(`SELECT count(*) FROM outbox WHERE review_id = $1 AND kind = $2`, q.ID, clinic.MailReviewReady).Scan(&n)
			if r.Status != clinic.ReviewAnswered || n != 1 {
				t.Errorf("status %s, %d ready notices", r.Status, n)
			}
		})
		t.Run("statuses move only along the queue", func(t *testing.T) {
			if err := db.SetReviewStatus(ctx, q.ID, clinic.ReviewNew); clinic.ErrorKind(err) != clinic.EInvalid {
				t.Errorf("back to new: %v", err)
			}
			if err := db.SetReviewStatus(ctx, q.ID, clinic.ReviewClosed); err != nil {
				t.Fatal(err)
			}
			if err := db.SaveFindings(ctx, &clinic.ReviewFindings{RequestID: q.ID, Findings: "x"}); clinic.ErrorKind(err) != clinic.EConflict {
				t.Errorf("findings on a closed request: %v", err)
			}
		})
	})
}

func TestReviewUploads(t *testing.T) {
	t.Parallel()
	forEachDialect(t, func(t *testing.T, db *DB) {
		ctx := context.Background()
		q := reviewRequest("192.0.2.2")
		if err := db.CreateReview(ctx, q); err != nil {
			t.Fatal(err)
		}
		u := &clinic.ReviewUpload{ID: "a", RequestID: q.ID, Size: 300, Name: "CD/DICOMDIR", Type: ""}
		if err := db.CreateUpload(ctx, u, 1000); err != nil {
			t.Fatal(err)
		}
		t.Run("uploads over the study's limit are refused", func(t *testing.T) {
			err := db.CreateUpload(ctx, &clinic.ReviewUpload{ID: "b", RequestID: q.ID, Size: 701}, 1000)
			if clinic.ErrorKind(err) != clinic.ETooLarge {
				t.Errorf("err = %v, want too large", err)
			}
		})
		for _, tc := range []struct {
			name   string
			part   clinic.UploadPart
			wantOK bool
		}{
			{"a part at the start is taken", clinic.UploadPart{Offset: 0, Size: 100, Blob: "p1", SHA256: "s1"}, true},
			{"a part at the wrong offset is refused", clinic.UploadPart{Offset: 50, Size: 100, Blob: "px", SHA256: "sx"}, false},
			{"a part past the size is refused", clinic.UploadPart{Offset: 100, Size: 201, Blob: "py", SHA256: "sy"}, false},
			{"the last part completes the upload", clinic.UploadPart{Offset: 100, Size: 200, Blob: "p2", SHA256: "s2"}, true},
		} {
			t.Run(tc.name, func(t *testing.T) {
				err := db.AddUploadPart(ctx, "a", tc.part, "whole")
				if (err == nil) != tc.wantOK || err != nil && clinic.ErrorKind(err) != clinic.EConflict {
					t.Errorf("err = %v", err)
				}
			})
		}
		t.Run("the upload reads back with its parts and hash", func(t *testing.T) {
			got, err := db.Upload(ctx, "a")
			if err != nil {
				t.Fatal(err)
			}
			want := []clinic.UploadPart{{Offset: 0, Size: 100, Blob: "p1", SHA256: "s1"}, {Offset: 100, Size: 200, Blob: "p2", SHA256: "s2"}}
			if diff := cmp.Diff(want, got.Parts); diff != "" || got.Offset != 300 || got.SHA256 != "whole" ||
				got.CompletedAt.IsZero() || got.Name != "CD/DICOMDIR" {
				t.Errorf("upload %+v; parts (-want +got):\n%s", got, diff)
			}
		})
		t.Run("a completed upload is claimed for reading once while its lease runs", func(t *testing.T) {
			first, err := db.ClaimIngest(ctx, testNow, time.Minute)
			if err != nil || first.ID != "a" || len(first.Parts) != 2 {
				t.Fatalf("claim: %+v, %v", first, err)
			}
			if _, err := db.ClaimIngest(ctx, testNow.Add(30*time.Second), time.Minute); clinic.ErrorKind(err) != clinic.ENotFound {
				t.Errorf("second claim: %v", err)
			}
			if again, err := db.ClaimIngest(ctx, testNow.Add(2*time.Minute), time.Minute); err != nil || again.ID != "a" {
				t.Errorf("claim after the lease: %v, %v", again, err)
			}
		})
		t.Run("the same image from a second upload is a duplicate and adds nothing", func(t *testing.T) {
			completedUpload(t, db, q.ID, "c", 10)
			completedUpload(t, db, q.ID, "d", 10)
			if _, err := db.RecordIngest(ctx, oneImage("c", "7.7.7")); err != nil {
				t.Fatal(err)
			}
			drop, err := db.RecordIngest(ctx, oneImage("d", "7.7.7"))
			if err != nil || !cmp.Equal(drop, []string{"blob-d"}) {
				t.Fatalf("drop %v, %v", drop, err)
			}
			studies, err := db.ReviewStudies(ctx, q.ID)
			if err != nil || len(studies) != 1 || len(studies[0].Series) != 1 || studies[0].Series[0].Images != 1 {
				t.Fatalf("studies %+v, %v", studies, err)
			}
			items, _ := db.ReviewItems(ctx, q.ID)
			if len(items) != 1 || items[0].Problem != "duplicate" || items[0].Name != "DICOM/7.7.7" {
				t.Errorf("items %+v", items)
			}
			if _, err := db.RecordIngest(ctx, oneImage("d", "7.7.8")); clinic.ErrorKind(err) != clinic.EConflict {
				t.Errorf("recording an upload twice: %v", err)
			}
		})
		t.Run("retention forgets the images and keeps the words", func(t *testing.T) {
			blobs, err := db.ReviewBlobs(ctx, q.ID)
			if err != nil || len(blobs) != 4 { // two parts, and two uploads each one part and one image
				t.Fatalf("blobs %v, %v", blobs, err)
			}
			hashes, _ := db.BlobHashes(ctx)
			if hashes["p2"] != "s2" || hashes["blob-c"] != "sum-c" {
				t.Errorf("hashes %v", hashes)
			}
			if err := db.ForgetImages(ctx, q.ID); err != nil {
				t.Fatal(err)
			}
			blobs, _ = db.ReviewBlobs(ctx, q.ID)
			studies, _ := db.ReviewStudies(ctx, q.ID)
			if len(blobs) != 0 || len(studies) != 1 {
				t.Errorf("after: %d blobs, %d studies", len(blobs), len(studies))
			}
		})
	})
}

func TestReviewJobsRunOnce(t *testing.T) {
	t.Parallel()
	forEachDialect(t, func(t *testing.T, db *DB) {
		ctx := context.Background()
		got := make(chan bool, 8)
		for i := range 8 {
			go func() {
				ok, err := db.ClaimJob(ctx, "retention 2025-03-01", testNow.Add(time.Duration(i)), time.Hour)
				if err != nil {
					t.Error(err)
				}
				got <- ok
			}()
		}
		n := 0
		for range 8 {
			if <-got {
				n++
			}
		}
		if n != 1 {
			t.Errorf("%d of 8 claims took the job, want 1", n)
		}
		if ok, _ := db.ClaimJob(ctx, fmt.Sprintf("retention %s", "2025-03-02"), testNow, time.Hour); !ok {
			t.Error("the next day's job was not taken")
		}
	})
}
