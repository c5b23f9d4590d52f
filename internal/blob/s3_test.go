package blob

import (
	"bytes"
	"context"
	"errors"
	"io"
	"strconv"
	"strings"
	"testing"
	"time"

	"clinic"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/aws/aws-sdk-go-v2/service/s3/types"
	"github.com/aws/smithy-go"
)

// uploadsOf lists the keys of the unfinished multipart uploads under
// the backend's prefix.
func uploadsOf(t testing.TB, b *S3) []string {
	t.Helper()
	out, err := b.client.ListMultipartUploads(context.Background(), &s3.ListMultipartUploadsInput{Bucket: &b.bucket, Prefix: &b.prefix})
	if err != nil {
		t.Fatal(err)
	}
	var keys []string
	for _, u := range out.Uploads {
		keys = append(keys, aws.ToString(u.Key))
	}
	return keys
}

// writeObject writes size pseudo-random bytes of the seed under name
// and commits them.
func writeObject(t *testing.T, b *S3, name string, size int64, seed uint64) {
	t.Helper()
	p, err := b.Create(context.Background(), name)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := copyIn(p, stream(size, seed)); err != nil {
		t.Fatal(err)
	}
	if err := p.Commit(); err != nil {
		t.Fatal(err)
	}
}

// copyIn copies r to p in writes of 100 KiB, which do not divide a part.
func copyIn(p Pending, r io.Reader) (int64, error) {
	return io.CopyBuffer(p, r, make([]byte, 100<<10))
}

func TestS3ObjectsOfManyParts(t *testing.T) {
	b := newTestS3(t)
	ctx := context.Background()
	tests := []struct {
		name  string
		size  int64
		parts int // 0: a single PUT
	}{
		{"an object of one byte is one PUT", 1, 0},
		{"an object of exactly one part is one PUT", MinPartSize, 0},
		{"an object one byte over a part is two parts, the last of one byte", MinPartSize + 1, 2},
		{"an object of 12 MiB is three parts", 12 << 20, 3},
	}
	for i, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			name := newName()
			writeObject(t, b, name, tc.size, uint64(i))
			o, err := b.Stat(ctx, name)
			if err != nil || o.Size != tc.size || o.Name != name {
				t.Fatalf("Stat = %+v, %v; want %d bytes", o, err, tc.size)
			}
			want, _ := sumOf(t, stream(tc.size, uint64(i)))
			if got, n := sumOf(t, bytes.NewReader(rawFile(t, b, name))); got != want || n != tc.size {
				t.Errorf("read back %d bytes, not what was written", n)
			}
			head, err := b.client.HeadObject(ctx, &s3.HeadObjectInput{Bucket: &b.bucket, Key: b.key(name)})
			if err != nil {
				t.Fatal(err)
			}
			// A multipart object's ETag ends in -N, N its number of parts.
			etag := strings.Trim(aws.ToString(head.ETag), `"`)
			_, parts, multipart := strings.Cut(etag, "-")
			if multipart != (tc.parts > 0) || multipart && parts != strconv.Itoa(tc.parts) {
				t.Errorf("ETag %s; want %d parts", etag, tc.parts)
			}
		})
	}
}

// TestS3ServerRefusesSmallParts shows that the test server holds stores'
// rule that every part but the last is at least 5 MiB: the rule the
// writer's part size keeps.
func TestS3ServerRefusesSmallParts(t *testing.T) {
	b := newTestS3(t)
	ctx := context.Background()
	key := b.key(newName())
	up, err := b.client.CreateMultipartUpload(ctx, &s3.CreateMultipartUploadInput{Bucket: &b.bucket, Key: key})
	if err != nil {
		t.Fatal(err)
	}
	var parts []types.CompletedPart
	for i := range int32(2) {
		etag, err := b.uploadPart(ctx, strings.TrimPrefix(*key, b.prefix), *up.UploadId, i+1, make([]byte, 1<<20))
		if err != nil {
			t.Fatal(err)
		}
		parts = append(parts, types.CompletedPart{ETag: &etag, PartNumber: aws.Int32(i + 1)})
	}
	_, err = b.client.CompleteMultipartUpload(ctx, &s3.CompleteMultipartUploadInput{Bucket: &b.bucket, Key: key,
		UploadId: up.UploadId, MultipartUpload: &types.CompletedMultipartUpload{Parts: parts}})
	var api smithy.APIError
	if !errors.As(err, &api) || api.ErrorCode() != "EntityTooSmall" {
		t.Errorf("completing an upload of two 1 MiB parts: %v; want EntityTooSmall", err)
	}
}

func TestS3AbortMidwayLeavesNothing(t *testing.T) {
	b := newTestS3(t)
	ctx := context.Background()
	name := newName()
	p, err := b.Create(ctx, name)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := copyIn(p, stream(12<<20, 3)); err != nil {
		t.Fatal(err)
	}
	if got := uploadsOf(t, b); len(got) != 1 {
		t.Fatalf("uploads while writing: %v, want one", got)
	}
	if err := p.Abort(); err != nil {
		t.Fatal(err)
	}
	if got := uploadsOf(t, b); len(got) != 0 {
		t.Errorf("uploads after Abort: %v", got)
	}
	if _, err := b.Stat(ctx, name); clinic.ErrorKind(err) != clinic.ENotFound {
		t.Errorf("Stat after Abort: %v, want not found", err)
	}
	if err := p.Commit(); err == nil {
		t.Error("Commit after Abort succeeded")
	}
	if err := p.Abort(); err != nil {
		t.Errorf("a second Abort: %v", err)
	}
}

func TestS3CommitReplacesWhole(t *testing.T) {
	b := newTestS3(t)
	name := newName()
	writeObject(t, b, name, 12<<20, 1)
	writeObject(t, b, name, 1000, 2)
	want, _ := sumOf(t, stream(1000, 2))
	if got, n := sumOf(t, bytes.NewReader(rawFile(t, b, name))); got != want || n != 1000 {
		t.Errorf("read %d bytes after the second commit, want the 1000 of the second", n)
	}
}

func TestS3CleanUploadsKeepsNewerOnes(t *testing.T) {
	b := newTestS3(t)
	ctx := context.Background()
	p, err := b.Create(ctx, newName())
	if err != nil {
		t.Fatal(err)
	}
	defer p.Abort()
	if _, err := copyIn(p, stream(MinPartSize+1, 4)); err != nil {
		t.Fatal(err)
	}
	if n, err := b.CleanUploads(ctx, time.Now().Add(-time.Hour)); err != nil || n != 0 {
		t.Errorf("CleanUploads of uploads over an hour old aborted %d (%v), want 0", n, err)
	}
	if got := uploadsOf(t, b); len(got) != 1 {
		t.Errorf("uploads after the clean-up: %v, want the one under way", got)
	}
}

func TestS3UnreachableAndRefused(t *testing.T) {
	good, bk := newTestS3Bucket(t, MinPartSize)
	ctx := context.Background()
	open := func(t *testing.T, change func(*S3Config)) *S3 {
		cfg := S3Config{Bucket: good.bucket, Endpoint: bk.Endpoint, Region: bk.Region, PathStyle: true, Attempts: 1, Credentials: bk.Credentials()}
		change(&cfg)
		b, err := NewS3(ctx, cfg)
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
	t.Run("a store that does not answer is unreachable, with its address", func(t *testing.T) {
		b := open(t, func(c *S3Config) { c.Endpoint = "http://127.0.0.1:1" })
		err := b.Ping(ctx)
		t.Logf("Ping: %v", err)
		if !errors.Is(err, ErrUnreachable) || !strings.Contains(err.Error(), "http://127.0.0.1:1") {
			t.Errorf("Ping: %v; want ErrUnreachable naming the endpoint", err)
		}
		_, err = b.Stat(ctx, newName())
		if !errors.Is(err, ErrUnreachable) || clinic.ErrorKind(err) == clinic.ENotFound {
			t.Errorf("Stat: %v; want ErrUnreachable, not a missing file", err)
		}
		_, err = New(b, testKeyring(t, 1)).Put(ctx, stream(MinPartSize+1, 1))
		if !errors.Is(err, ErrUnreachable) {
			t.Errorf("Put: %v; want ErrUnreachable", err)
		}
	})
	t.Run("a missing bucket is named", func(t *testing.T) {
		b := open(t, func(c *S3Config) { c.Bucket = "no-such-bucket" })
		err := b.Ping(ctx)
		t.Logf("Ping: %v", err)
		if err == nil || !strings.Contains(err.Error(), `there is no bucket "no-such-bucket" at `+bk.Endpoint) {
			t.Errorf("Ping: %v", err)
		}
		// A GET's answer names the missing bucket, which is not a
		// missing file. (A HEAD's answer has no body to say which.)
		if _, err := b.Open(ctx, newName()); err == nil || clinic.ErrorKind(err) == clinic.ENotFound {
			t.Errorf("Open in a missing bucket: %v; want an error other than a missing file", err)
		}
	})
	t.Run("wrong keys are refused", func(t *testing.T) {
		err := open(t, func(c *S3Config) {
			c.Credentials = aws.NewCredentialsCache(aws.CredentialsProviderFunc(func(context.Context) (aws.Credentials, error) {
				return aws.Credentials{AccessKeyID: bk.AccessKey, SecretAccessKey: "not-the-secret"}, nil
			}))
		}).Ping(ctx)
		t.Logf("Ping: %v", err)
		if err == nil || !strings.Contains(err.Error(), "refused the keys") {
			t.Errorf("Ping: %v", err)
		}
	})
}
