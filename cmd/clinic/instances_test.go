package main

import (
	"crypto/rand"
	"encoding/base64"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"clinic/internal/pgtest"
)

func getBody(t *testing.T, u string) string {
	t.Helper()
	res, err := http.Get(u)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	if res.StatusCode != 200 {
		t.Fatalf("GET %s = %d", u, res.StatusCode)
	}
	return string(b)
}

// TestSecondInstanceSeesAContentWrite runs two servers on one PostgreSQL
// database, changes a post through a third process and waits for the
// second server to serve the change.
func TestSecondInstanceSeesAContentWrite(t *testing.T) {
	t.Parallel()
	dsn := pgtest.NewDatabase(t)
	key := make([]byte, 32)
	rand.Read(key)
	env := []string{"CLINIC_DATABASE_URL=" + dsn, "CLINIC_SECRET_KEY=" + base64.StdEncoding.EncodeToString(key)}
	a := startBinary(t, env...)
	b := startBinary(t, env...)
	const post = "/blog/pilates-for-back-pain"
	if body := getBody(t, a+post); !strings.Contains(body, "Pilates") {
		t.Fatalf("first instance does not serve the post")
	}
	if body := getBody(t, b+post); strings.Contains(body, "Pilates, revised") {
		t.Fatalf("the change is there before it was made")
	}

	dir := t.TempDir()
	clinic := func(args ...string) {
		cmd := exec.Command(binary(t), append([]string{"--data-dir", t.TempDir()}, args...)...)
		cmd.Env = append(os.Environ(), env...)
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("clinic %v: %v\n%s", args, err, out)
		}
	}
	clinic("content", "export", dir)
	file := filepath.Join(dir, "posts", "pilates-for-back-pain.md")
	src, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(string(src), "\n")
	for i, l := range lines {
		if strings.HasPrefix(l, "title: ") {
			lines[i] = "title: Pilates, revised"
		}
	}
	changed := strings.Join(lines, "\n")
	if changed == string(src) {
		t.Fatal("the exported post has no title line")
	}
	if err := os.WriteFile(file, []byte(changed), 0o644); err != nil {
		t.Fatal(err)
	}
	clinic("content", "import", dir)
	written := time.Now()
	for !strings.Contains(getBody(t, b+post), "Pilates, revised") {
		if time.Since(written) > 10*time.Second {
			t.Fatal("the second instance still serves the old page 10 s after the write")
		}
		time.Sleep(10 * time.Millisecond)
	}
	t.Logf("the second instance served the change %v after the import ended", time.Since(written).Round(time.Millisecond))
}
