package s3test

import (
	"bytes"
	"context"
	"net/url"
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"
)

func TestMain(m *testing.M) {
	code := m.Run()
	Stop()
	os.Exit(code)
}

func TestBucketsAreFreshAndOnLoopback(t *testing.T) {
	a, b := NewBucket(t), NewBucket(t)
	if a.Name == b.Name || a.Endpoint != b.Endpoint {
		t.Errorf("buckets %s and %s on %s and %s; want two names on one server", a.Name, b.Name, a.Endpoint, b.Endpoint)
	}
	u, err := url.Parse(a.Endpoint)
	if err != nil || u.Hostname() != "127.0.0.1" {
		t.Errorf("endpoint %s; want one on 127.0.0.1", a.Endpoint)
	}
	ctx := context.Background()
	_, err = a.Client().PutObject(ctx, &s3.PutObjectInput{Bucket: &a.Name, Key: aws.String("x/y"), Body: bytes.NewReader([]byte("hello"))})
	if err != nil {
		t.Fatal(err)
	}
	if got := a.Objects(t); len(got) != 1 || string(got["x/y"]) != "hello" {
		t.Errorf("objects of a: %q", got)
	}
	if got := b.Objects(t); len(got) != 0 {
		t.Errorf("objects of a fresh bucket: %q", got)
	}
	if got := a.Uploads(t); len(got) != 0 {
		t.Errorf("uploads of a fresh bucket: %q", got)
	}
	env := a.Env()
	if !slices.Contains(env, "CLINIC_BLOB_URL="+a.URL) || !strings.HasPrefix(a.URL, "s3://"+a.Name+"?endpoint="+a.Endpoint) {
		t.Errorf("env %q", env)
	}
}
