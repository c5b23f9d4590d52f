package blob

import (
	"context"
	"io"
	"os"
	"path/filepath"
	"testing"
	"time"

	"clinic/internal/s3test"
)

func TestMain(m *testing.M) {
	code := m.Run()
	s3test.Stop()
	os.Exit(code)
}

// backendKinds are the Backends that the store's tests run on.
var backendKinds = []struct {
	name string
	open func(t testing.TB) Backend
}{
	{"in a folder", func(t testing.TB) Backend { return newTestFolder(t) }},
	{"in an S3 bucket", func(t testing.TB) Backend { return newTestS3(t) }},
}

// onEachBackend runs test once on each kind of Backend, each time on a
// new, empty one.
func onEachBackend(t *testing.T, test func(t *testing.T, b Backend)) {
	t.Helper()
	for _, k := range backendKinds {
		t.Run(k.name, func(t *testing.T) { test(t, k.open(t)) })
	}
}

func newTestFolder(t testing.TB) *Folder {
	t.Helper()
	f, err := NewFolder(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	return f
}

// newTestS3 returns an S3 backend on a new bucket of the test server,
// under a prefix, with the smallest parts the stores take, so that a
// few megabytes make a multipart upload.
func newTestS3(t testing.TB) *S3 {
	t.Helper()
	b, _ := newTestS3Bucket(t, MinPartSize)
	return b
}

// newTestS3Bucket returns an S3 backend with parts of partSize on a new
// bucket, and the bucket.
func newTestS3Bucket(t testing.TB, partSize int64) (*S3, s3test.Bucket) {
	t.Helper()
	bk := s3test.NewBucket(t)
	b, err := NewS3(context.Background(), S3Config{Bucket: bk.Name, Prefix: "clinic/blobs/", Endpoint: bk.Endpoint,
		Region: bk.Region, PathStyle: true, PartSize: partSize, Credentials: bk.Credentials()})
	if err != nil {
		t.Fatal(err)
	}
	if err := b.Ping(context.Background()); err != nil {
		t.Fatal(err)
	}
	return b, bk
}

// rawFile returns the stored bytes of the object name.
func rawFile(t testing.TB, b Backend, name string) []byte {
	t.Helper()
	r, err := b.Open(context.Background(), name)
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	raw, err := io.ReadAll(r)
	if err != nil {
		t.Fatal(err)
	}
	return raw
}

// writeRaw replaces the stored bytes of the object name.
func writeRaw(t testing.TB, b Backend, name string, raw []byte) {
	t.Helper()
	p, err := b.Create(context.Background(), name)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := p.Write(raw); err != nil {
		t.Fatal(err)
	}
	if err := p.Commit(); err != nil {
		t.Fatal(err)
	}
}

// leftovers lists what writes that never committed left behind: a
// folder's temporary files, or a bucket's unfinished multipart uploads.
func leftovers(t testing.TB, b Backend) []string {
	t.Helper()
	switch b := b.(type) {
	case *Folder:
		entries, err := os.ReadDir(filepath.Join(b.dir, tmpDir))
		if err != nil {
			t.Fatal(err)
		}
		var names []string
		for _, e := range entries {
			names = append(names, e.Name())
		}
		return names
	case *S3:
		return uploadsOf(t, b)
	}
	t.Fatalf("no leftovers of a %T", b)
	return nil
}

// cleanLeftovers removes what writes started before the time left.
func cleanLeftovers(b Backend, before time.Time) (int, error) {
	switch b := b.(type) {
	case *Folder:
		return b.CleanTemp(before)
	case *S3:
		return b.CleanUploads(context.Background(), before)
	}
	return 0, nil
}
