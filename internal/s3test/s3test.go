// Package s3test gives tests a bucket of their own on a real
// S3-compatible server: versitygw with its posix backend on a temporary
// folder, listening on 127.0.0.1 only, started once per test binary.
//
// The server is the program named by CLINIC_TEST_VERSITYGW, else
// .ci/bin/versitygw under the module's root (where .ci/run builds it),
// else versitygw on PATH. Where there is none, a test that asks for a
// bucket is skipped with a message, unless CI is set: then it fails, so
// that a CI run can never pass with the object store's half unrun.
//
// A package that uses it stops the server at the end of its TestMain:
//
//	func TestMain(m *testing.M) {
//		code := m.Run()
//		s3test.Stop()
//		os.Exit(code)
//	}
//
// and each test takes a fresh bucket:
//
//	b := s3test.NewBucket(t)
//	cmd.Env = append(cmd.Env, b.Env()...) // AWS keys and CLINIC_BLOB_URL
package s3test

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"sync"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/s3"
)

// BinaryEnv names the versitygw program to run.
const BinaryEnv = "CLINIC_TEST_VERSITYGW"

// Region is the region the server signs with.
const Region = "us-east-1"

// Bucket is an empty bucket of the server, for one test.
type Bucket struct {
	Endpoint  string // such as http://127.0.0.1:41234
	Region    string
	Name      string
	AccessKey string
	SecretKey string
	// URL is the bucket's CLINIC_BLOB_URL, without a prefix.
	URL string
}

// NewBucket makes a bucket with a random name on the shared server,
// starting the server on first use. The bucket's folder is removed when
// the test ends.
func NewBucket(t testing.TB) Bucket {
	t.Helper()
	s := shared(t)
	name := "t-" + randomHex(8)
	b := Bucket{Endpoint: s.endpoint, Region: Region, Name: name, AccessKey: s.access, SecretKey: s.secret,
		URL: fmt.Sprintf("s3://%s?endpoint=%s&region=%s", name, s.endpoint, Region)}
	if _, err := b.Client().CreateBucket(context.Background(), &s3.CreateBucketInput{Bucket: &name}); err != nil {
		t.Fatalf("s3test: create bucket: %v", err)
	}
	t.Cleanup(func() { os.RemoveAll(filepath.Join(s.root, name)) })
	return b
}

// Env is what a clinic process needs to use the bucket: its keys in the
// variables the AWS SDK reads, and CLINIC_BLOB_URL.
func (b Bucket) Env() []string {
	return []string{"AWS_ACCESS_KEY_ID=" + b.AccessKey, "AWS_SECRET_ACCESS_KEY=" + b.SecretKey,
		"AWS_EC2_METADATA_DISABLED=true", "CLINIC_BLOB_URL=" + b.URL}
}

// Credentials are the bucket's keys for an SDK client.
func (b Bucket) Credentials() aws.CredentialsProvider {
	return credentials.NewStaticCredentialsProvider(b.AccessKey, b.SecretKey, "")
}

// Client returns an SDK client of the server, to look at a bucket from
// outside the code under test.
func (b Bucket) Client() *s3.Client {
	return s3.New(s3.Options{BaseEndpoint: &b.Endpoint, Region: b.Region, UsePathStyle: true, Credentials: b.Credentials()})
}

// Objects reads every object of the bucket whole, by key.
func (b Bucket) Objects(t testing.TB) map[string][]byte {
	t.Helper()
	ctx, c := context.Background(), b.Client()
	objects := map[string][]byte{}
	pages := s3.NewListObjectsV2Paginator(c, &s3.ListObjectsV2Input{Bucket: &b.Name})
	for pages.HasMorePages() {
		page, err := pages.NextPage(ctx)
		if err != nil {
			t.Fatalf("s3test: list: %v", err)
		}
		for _, o := range page.Contents {
			out, err := c.GetObject(ctx, &s3.GetObjectInput{Bucket: &b.Name, Key: o.Key})
			if err != nil {
				t.Fatalf("s3test: get %s: %v", aws.ToString(o.Key), err)
			}
			body, err := io.ReadAll(out.Body)
			out.Body.Close()
			if err != nil {
				t.Fatalf("s3test: get %s: %v", aws.ToString(o.Key), err)
			}
			objects[aws.ToString(o.Key)] = body
		}
	}
	return objects
}

// Uploads lists the keys of the bucket's unfinished multipart uploads.
func (b Bucket) Uploads(t testing.TB) []string {
	t.Helper()
	out, err := b.Client().ListMultipartUploads(context.Background(), &s3.ListMultipartUploadsInput{Bucket: &b.Name})
	if err != nil {
		t.Fatalf("s3test: list uploads: %v", err)
	}
	var keys []string
	for _, u := range out.Uploads {
		keys = append(keys, aws.ToString(u.Key))
	}
	return keys
}

// Available reports whether a versitygw program was found, and if not,
// why: for tests that choose between backends before asking for a
// bucket.
func Available() (bool, string) {
	_, err := binary()
	if err != nil {
		return false, err.Error()
	}
	return true, ""
}

// skipOrFail skips the test with the reason, or fails it when CI is set.
func skipOrFail(t testing.TB, reason string) {
	t.Helper()
	if os.Getenv("CI") != "" {
		t.Fatalf("s3test: %s (CI is set, so the object store's tests must run: .ci/run builds versitygw)", reason)
	}
	t.Skipf("s3test: %s; .ci/run builds it into .ci/bin, or set %s", reason, BinaryEnv)
}

// binary finds the versitygw program.
func binary() (string, error) {
	if p := os.Getenv(BinaryEnv); p != "" {
		if _, err := os.Stat(p); err != nil {
			return "", fmt.Errorf("%s names %s, which is not there", BinaryEnv, p)
		}
		return p, nil
	}
	if root, err := moduleRoot(); err == nil {
		p := filepath.Join(root, ".ci", "bin", "versitygw")
		if _, err := os.Stat(p); err == nil {
			return p, nil
		}
	}
	if p, err := exec.LookPath("versitygw"); err == nil {
		return p, nil
	}
	return "", errors.New("no versitygw program: not in " + BinaryEnv + ", .ci/bin or PATH")
}

// moduleRoot is the nearest folder above the working directory that
// holds a go.mod.
func moduleRoot() (string, error) {
	dir, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir, nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", errors.New("no go.mod above the working directory")
		}
		dir = parent
	}
}

func randomHex(n int) string {
	b := make([]byte, n)
	rand.Read(b)
	return hex.EncodeToString(b)
}

// shared returns the server, started on first use.
func shared(t testing.TB) *server {
	t.Helper()
	the.once.Do(func() {
		path, err := binary()
		if err != nil {
			the.skip = err.Error()
			return
		}
		the.s, the.err = start(path)
	})
	if the.skip != "" {
		skipOrFail(t, the.skip)
	}
	if the.err != nil {
		t.Fatalf("s3test: %v", the.err)
	}
	return the.s
}

// the is the test binary's server.
var the struct {
	once sync.Once
	s    *server
	err  error
	skip string
}

// Stop stops the server, if one was started, and removes its folder.
func Stop() {
	if the.s != nil {
		the.s.stop()
	}
}
