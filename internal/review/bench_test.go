package review

import (
	"bytes"
	"context"
	"fmt"
	"testing"

	"clinic"
	"clinic/internal/dicom"
	"clinic/internal/dicom/dicomtest"
)

// BenchmarkUploadToThumbnails500 is the time from the last of a 500-image
// study's uploads completing (5 series of 100 images of 256 × 256 × 16
// bits, each its own upload, as a CD's folder arrives) to every series'
// thumbnail: each file read from its encrypted part, parsed, recorded,
// and the middle images drawn and stored.
//
//	go test ./internal/review -run '^$' -bench UploadToThumbnails500 -benchtime 3x
func BenchmarkUploadToThumbnails500(b *testing.B) {
	files := make([][]byte, 0, 500)
	for s := 1; s <= 5; s++ {
		for n := 1; n <= 100; n++ {
			in := dicomtest.MR(s, n)
			in.Rows, in.Columns, in.Frames = 256, 256, [][]int{dicomtest.Phantom(256, 256, 4000, n)}
			files = append(files, in.MustBytes())
		}
	}
	ctx := context.Background()
	for b.Loop() {
		b.StopTimer()
		f := newFixture(b)
		f.g.Dicom = dicom.NewIngester(dicom.Config{Parallel: 2, ThumbnailSize: -1})
		st := &TusStore{DB: f.db, Blobs: f.blobs, PartSize: 16 << 20, MaxStudy: 1 << 40}
		for i, data := range files {
			u := &clinic.ReviewUpload{ID: fmt.Sprintf("b%03d", i), RequestID: f.req, Size: int64(len(data)), Name: fmt.Sprintf("DICOM/IM%06d", i)}
			if err := f.db.CreateUpload(ctx, u, 1<<40); err != nil {
				b.Fatal(err)
			}
			if _, err := (&tusUpload{s: st, u: u}).WriteChunk(ctx, 0, bytes.NewReader(data)); err != nil {
				b.Fatal(err)
			}
		}
		b.StartTimer()
		done := make(chan struct{}, 2)
		for range 2 { // two readers, as the server runs by default
			go func() {
				for f.g.Next(ctx, testNow) {
				}
				done <- struct{}{}
			}()
		}
		<-done
		<-done
		if err := f.g.Thumbnails(ctx, f.req); err != nil {
			b.Fatal(err)
		}
		b.StopTimer()
		studies, _ := f.db.ReviewStudies(ctx, f.req)
		if len(studies) != 1 || len(studies[0].Series) != 5 || studies[0].Series[4].ThumbBlob == "" || studies[0].Series[4].Images != 100 {
			b.Fatalf("studies %+v", studies)
		}
		b.StartTimer()
	}
}

// BenchmarkDrawFrame512 draws one 512 × 512 16-bit frame as the viewer
// asks for it: decrypt the file from the blob store, scan it, render it
// through a window and encode the PNG.
//
//	go test ./internal/review -run '^$' -bench DrawFrame512 -benchmem
func BenchmarkDrawFrame512(b *testing.B) {
	f := newFixture(b)
	in := dicomtest.MR(1, 1)
	in.Rows, in.Columns, in.Frames = 512, 512, [][]int{dicomtest.Phantom(512, 512, 4000, 1)}
	data := in.MustBytes()
	ctx := context.Background()
	st, err := f.blobs.Put(ctx, bytes.NewReader(data))
	if err != nil {
		b.Fatal(err)
	}
	ri := &clinic.ReviewInstance{Blob: st.Name, Size: st.Size}
	for b.Loop() {
		img, err := f.g.OpenImage(ctx, ri)
		if err != nil {
			b.Fatal(err)
		}
		frame, err := img.Render(0, dicom.SoftTissue)
		if err != nil {
			b.Fatal(err)
		}
		if _, err := dicom.EncodePNG(frame); err != nil {
			b.Fatal(err)
		}
	}
}
