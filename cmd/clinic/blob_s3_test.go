package main

import (
	"bytes"
	"database/sql"
	"path"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"clinic/internal/s3test"
)

func TestBlobURLSetting(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, url, err string
		bucket, prefix string
	}{
		{"no address keeps the files in the data folder", "", "", "", ""},
		{"an address names the bucket", "s3://clinic-files?endpoint=http://127.0.0.1:7070&prefix=blobs", "", "clinic-files", "blobs/"},
		{"another scheme is refused", "file:///var/lib/clinic", "CLINIC_BLOB_URL: the address of the object store must start with s3://", "", ""},
		{"keys in the address are refused", "s3://AKIA:hunter2@files", "CLINIC_BLOB_URL: the address of the object store holds keys", "", ""},
		{"an unknown parameter is refused", "s3://files?secret=x", `CLINIC_BLOB_URL: the object store's address has an unknown parameter "secret"`, "", ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			cfg, _, err := parseConfig(nil, func(k string) string { return map[string]string{"CLINIC_BLOB_URL": tc.url}[k] })
			switch {
			case tc.err != "":
				if err == nil || !strings.Contains(err.Error(), tc.err) || strings.Contains(err.Error(), "hunter2") {
					t.Errorf("error %v, want one that says %q and no secret", err, tc.err)
				}
			case err != nil:
				t.Fatal(err)
			case tc.bucket == "" && cfg.BlobS3 != nil:
				t.Errorf("BlobS3 = %+v, want none", cfg.BlobS3)
			case tc.bucket != "" && (cfg.BlobS3 == nil || cfg.BlobS3.Bucket != tc.bucket || cfg.BlobS3.Prefix != tc.prefix):
				t.Errorf("BlobS3 = %+v, want bucket %s, prefix %s", cfg.BlobS3, tc.bucket, tc.prefix)
			}
		})
	}
}

// TestStartRefusesAnObjectStoreThatDoesNotAnswer starts the server with
// an object store that cannot be reached and one whose bucket is
// missing: each start fails at once and says which.
func TestStartRefusesAnObjectStoreThatDoesNotAnswer(t *testing.T) {
	t.Parallel()
	b := s3test.NewBucket(t)
	keys := []string{"AWS_ACCESS_KEY_ID=" + b.AccessKey, "AWS_SECRET_ACCESS_KEY=" + b.SecretKey, "AWS_EC2_METADATA_DISABLED=true"}
	tests := []struct {
		name, url, says string
	}{
		{"a store that does not answer", "s3://files?endpoint=http://127.0.0.1:1", "the object store of CLINIC_BLOB_URL: blob: the object store cannot be reached (http://127.0.0.1:1 bucket files"},
		{"a missing bucket", "s3://no-such-bucket?endpoint=" + b.Endpoint, `the object store of CLINIC_BLOB_URL: blob: there is no bucket "no-such-bucket" at ` + b.Endpoint},
	}
	for _, tc := range tests {
		t.Run(tc.name+" stops the start", func(t *testing.T) {
			t.Parallel()
			env := append([]string{"CLINIC_BLOB_URL=" + tc.url, "CLINIC_SECRET_KEY=" + newSecretKey()}, keys...)
			out, err := processRun(env, "--data-dir", filepath.Join(t.TempDir(), "data"), "--addr", "127.0.0.1:0", "serve")
			if err == nil || !strings.Contains(out, tc.says) {
				t.Errorf("serve: %v; want it to fail saying %q; it said:\n%s", err, tc.says, out)
			}
			for _, cmd := range [][]string{{"blob", "verify"}, {"blob", "reencrypt"}} {
				out, err := processRun(env, append([]string{"--data-dir", filepath.Join(t.TempDir(), "data")}, cmd...)...)
				if err == nil || !strings.Contains(out, "CLINIC_BLOB_URL") {
					t.Errorf("clinic %s: %v; it said:\n%s", strings.Join(cmd, " "), err, out)
				}
			}
		})
	}
}

// TestMRIUploadLandsInTheBucket uploads a study over tus to a server
// whose files are in an object store: the upload's parts are objects of
// the bucket under the names the database records, no object holds a
// byte sequence of the file, and clinic blob verify, add-key and
// reencrypt work on the bucket.
func TestMRIUploadLandsInTheBucket(t *testing.T) {
	t.Parallel()
	b := s3test.NewBucket(t)
	dir, key := filepath.Join(t.TempDir(), "data"), newSecretKey()
	env := append(b.Env(), "CLINIC_SECRET_KEY="+key)
	s := startServer(t, dir, env...)
	tc := newReview(t, s.base)
	const size = 20 << 20 // a part of 16 MiB and one of 4
	file, _ := study(size, 3)
	target := tc.create(t, studyName(1), size)
	if got, err := tc.patch(target, 0, size, bytes.NewReader(file)); err != nil || got != size {
		t.Fatalf("PATCH: %d, %v", got, err)
	}
	waitRead(t, dir, path.Base(target))
	s.stop()

	objects := b.Objects(t)
	for _, name := range recordedParts(t, dir) {
		if _, ok := objects[name]; !ok {
			t.Errorf("the recorded part %s is not an object of the bucket (it holds %d)", name, len(objects))
		}
	}
	blobName := regexp.MustCompile(`^[0-9a-f]{32}$`)
	for name, raw := range objects {
		if !blobName.MatchString(name) {
			t.Errorf("object %q is not named as stored files are", name)
		}
		for off := 0; off+64 <= size; off += size / 64 {
			if bytes.Contains(raw, file[off:off+64]) {
				t.Fatalf("object %s holds the file's bytes at %d in plain", name, off)
			}
		}
	}
	t.Run("clinic blob verify checks the bucket's files", func(t *testing.T) {
		if out := clinicProcess(t, env, "--data-dir", dir, "blob", "verify"); !strings.Contains(out, "checked") {
			t.Errorf("verify said:\n%s", out)
		}
	})
	t.Run("clinic blob reencrypt moves the bucket's files to a new key", func(t *testing.T) {
		clinicProcess(t, env, "--data-dir", dir, "blob", "add-key")
		if out := clinicProcess(t, env, "--data-dir", dir, "blob", "reencrypt"); !strings.Contains(out, "files (20 MiB) moved to the newest key") {
			t.Errorf("reencrypt said:\n%s", out)
		}
		clinicProcess(t, env, "--data-dir", dir, "blob", "verify")
	})
}

// recordedParts are the stored files the database names as parts of
// uploads.
func recordedParts(t *testing.T, dir string) []string {
	t.Helper()
	db, err := sql.Open("sqlite", "file:"+filepath.Join(dir, "clinic.db")+"?mode=ro")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	rows, err := db.Query(`SELECT blob FROM review_upload_parts`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var names []string
	for rows.Next() {
		var n string
		if err := rows.Scan(&n); err != nil {
			t.Fatal(err)
		}
		names = append(names, n)
	}
	if len(names) == 0 {
		t.Fatal("the database records no part")
	}
	return names
}
