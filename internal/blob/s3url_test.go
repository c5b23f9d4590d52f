package blob

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
)

func TestParseS3URL(t *testing.T) {
	tests := []struct {
		name string
		url  string
		want S3Config
	}{
		{"a bucket on AWS", "s3://clinic-files?region=eu-west-1",
			S3Config{Bucket: "clinic-files", Region: "eu-west-1"}},
		{"a bucket on AWS, the region from the environment", "s3://clinic-files",
			S3Config{Bucket: "clinic-files"}},
		{"a store of its own, path-style", "s3://clinic.files?endpoint=http://127.0.0.1:7070&region=us-east-1&prefix=clinic/blobs",
			S3Config{Bucket: "clinic.files", Endpoint: "http://127.0.0.1:7070", Region: "us-east-1", Prefix: "clinic/blobs/", PathStyle: true}},
		{"a store of its own, virtual-hosted", "s3://files?endpoint=https://s3.example.com/&pathstyle=false&prefix=blobs/",
			S3Config{Bucket: "files", Endpoint: "https://s3.example.com", Prefix: "blobs/"}},
		{"AWS with path-style asked for", "s3://files?pathstyle=true",
			S3Config{Bucket: "files", PathStyle: true}},
	}
	for _, tc := range tests {
		t.Run(tc.name+" is read", func(t *testing.T) {
			got, err := ParseS3URL(tc.url)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tc.want, got, cmpopts.IgnoreFields(S3Config{}, "Credentials")); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
}

func TestParseS3URLRefusesBadAddresses(t *testing.T) {
	tests := []struct {
		name, url, says string
	}{
		{"another scheme", "https://s3.example.com/files", "must start with s3://"},
		{"a folder's path", "/var/lib/clinic", "must start with s3://"},
		{"no bucket", "s3://?endpoint=http://127.0.0.1:7070", "names no bucket"},
		{"an opaque address", "s3:files", "names no bucket"},
		{"keys in the address", "s3://AKIA:secret@files", "holds keys"},
		{"keys in the endpoint", "s3://files?endpoint=http://AKIA:secret@127.0.0.1:7070", "holds keys"},
		{"a bucket in capitals", "s3://Clinic-Files", `bucket "Clinic-Files"`},
		{"a bucket with an underscore", "s3://clinic_files", "lower-case letters, digits"},
		{"a bucket too short", "s3://ab", "3 to 63"},
		{"a bucket with two dots", "s3://clinic..files", "3 to 63"},
		{"a path after the bucket", "s3://files/clinic/blobs", "prefix=clinic/blobs"},
		{"a # part", "s3://files#x", "# part"},
		{"an unknown parameter", "s3://files?bucket=other", `unknown parameter "bucket"`},
		{"a misspelt parameter", "s3://files?endpiont=http://127.0.0.1:7070", `unknown parameter "endpiont"`},
		{"a parameter twice", "s3://files?region=us-east-1&region=eu-west-1", "given 2 times"},
		{"an endpoint without a scheme", "s3://files?endpoint=127.0.0.1:7070", "give the store's address"},
		{"an endpoint of another scheme", "s3://files?endpoint=ftp://s3.example.com", "give the store's address"},
		{"an empty endpoint", "s3://files?endpoint=", "give the store's address"},
		{"an endpoint with a query", "s3://files?endpoint=http://s3.example.com%3Fa=b", "without ? or #"},
		{"a region with spaces", "s3://files?region=us%20east", `region "us east"`},
		{"an empty region", "s3://files?region=", `region ""`},
		{"a prefix from the root", "s3://files?prefix=/blobs", `prefix "/blobs"`},
		{"a prefix going up", "s3://files?prefix=blobs/../other", `prefix "blobs/../other"`},
		{"a prefix of a dot", "s3://files?prefix=./blobs", `prefix "./blobs"`},
		{"a prefix with two slashes", "s3://files?prefix=a//b", `prefix "a//b"`},
		{"an empty prefix", "s3://files?prefix=", `prefix ""`},
		{"pathstyle not a truth value", "s3://files?endpoint=http://127.0.0.1:7070&pathstyle=maybe", `pathstyle "maybe": give true or false`},
		{"a semicolon between parameters", "s3://files?region=us-east-1;prefix=a", "parameters of the object store's address"},
	}
	for _, tc := range tests {
		t.Run(tc.name+" is refused", func(t *testing.T) {
			_, err := ParseS3URL(tc.url)
			if err == nil || !strings.Contains(err.Error(), tc.says) {
				t.Fatalf("error %v; want one that says %q", err, tc.says)
			}
			if strings.Contains(err.Error(), "secret") {
				t.Errorf("the message repeats the secret: %v", err)
			}
		})
	}
}

// FuzzParseS3URL: no address makes the parser panic, and one it takes
// names a bucket and carries no keys.
func FuzzParseS3URL(f *testing.F) {
	for _, s := range []string{S3URLExample, "s3://b", "s3://user:pw@bucket", "s3://bucket?endpoint=http://127.0.0.1:9000&pathstyle=true",
		"s3://bucket?prefix=../x", "s3:bucket", "", "s3://" + strings.Repeat("a", 70)} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, raw string) {
		c, err := ParseS3URL(raw)
		if err != nil {
			return
		}
		if c.Bucket == "" || strings.Contains(c.Endpoint, "@") {
			t.Errorf("%q gave %+v", raw, c)
		}
	})
}
