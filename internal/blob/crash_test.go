package blob

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"os"
	"os/exec"
	"testing"
	"time"
)

// The child process of TestKilledPut writes to the folder of crashDirEnv
// or to the S3 address of crashURLEnv, with the keys in the AWS
// variables; either set, TestKilledPutChild is that child.
const (
	crashDirEnv = "BLOB_TEST_CRASH_DIR"
	crashURLEnv = "BLOB_TEST_CRASH_URL"
)

// crashSize is what the child writes before it stalls: more than two
// parts of an S3 upload.
const crashSize = 2*DefaultPartSize + 1<<20

// stallingReader gives n bytes, says so on w, and then blocks until block
// ends.
type stallingReader struct {
	n     int64
	w     io.Writer
	block io.Reader
	told  bool
}

func (s *stallingReader) Read(p []byte) (int, error) {
	if s.n == 0 {
		if !s.told {
			fmt.Fprintln(s.w, "stalled")
			s.told = true
		}
		io.Copy(io.Discard, s.block)
		return 0, io.ErrUnexpectedEOF
	}
	n := int(min(int64(len(p)), s.n))
	clear(p[:n])
	s.n -= int64(n)
	return n, nil
}

func TestKilledPutChild(t *testing.T) {
	b := crashBackend(t)
	New(b, testKeyring(t, 1)).Put(context.Background(), &stallingReader{n: crashSize, w: os.Stdout, block: os.Stdin})
}

// crashBackend opens the child's backend, or skips when this is not the
// child.
func crashBackend(t *testing.T) Backend {
	if dir := os.Getenv(crashDirEnv); dir != "" {
		f, err := NewFolder(dir)
		if err != nil {
			t.Fatal(err)
		}
		return f
	}
	if u := os.Getenv(crashURLEnv); u != "" {
		cfg, err := ParseS3URL(u)
		if err != nil {
			t.Fatal(err)
		}
		b, err := NewS3(context.Background(), cfg)
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
	t.Skip("runs as the child of TestKilledPut")
	return nil
}

// TestKilledPut kills a process with SIGKILL in the middle of a Put:
// the objects committed before are intact, nothing new is listed, and
// what the write left (a temporary file, an unfinished multipart
// upload) is what the clean-up removes.
func TestKilledPut(t *testing.T) {
	t.Run("in a folder", func(t *testing.T) {
		f := newTestFolder(t)
		testKilledPut(t, f, crashDirEnv+"="+f.dir)
	})
	t.Run("in an S3 bucket", func(t *testing.T) {
		b, bk := newTestS3Bucket(t, MinPartSize)
		u := bk.URL + "&prefix=" + b.prefix
		testKilledPut(t, b, crashURLEnv+"="+u, "AWS_ACCESS_KEY_ID="+bk.AccessKey, "AWS_SECRET_ACCESS_KEY="+bk.SecretKey)
	})
}

func testKilledPut(t *testing.T, b Backend, env ...string) {
	s := newStoreOn(t, b)
	kept := put(t, s, []byte("committed before the crash"))
	cmd := exec.Command(os.Args[0], "-test.run=^TestKilledPutChild$")
	cmd.Env = append(os.Environ(), env...)
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	stdin, err := cmd.StdinPipe() // never written: the child's upload stalls on it
	if err != nil {
		t.Fatal(err)
	}
	defer stdin.Close()
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { cmd.Process.Kill(); cmd.Wait() })
	line, err := bufio.NewReader(out).ReadString('\n')
	if err != nil || line != "stalled\n" {
		t.Fatalf("the child said %q (%v)", line, err)
	}
	if err := cmd.Process.Kill(); err != nil { // SIGKILL: no clean-up runs
		t.Fatal(err)
	}
	cmd.Wait()

	if left := leftovers(t, b); len(left) != 1 {
		t.Fatalf("left after the kill: %v, want the one being written", left)
	}
	if got := names(t, s); len(got) != 1 || got[0] != kept.Name {
		t.Errorf("listed %v after the kill, want only %s", got, kept.Name)
	}
	if n, err := cleanLeftovers(b, time.Now().Add(time.Minute)); err != nil || n != 1 {
		t.Errorf("the clean-up removed %d (%v), want 1", n, err)
	}
	if left := leftovers(t, b); len(left) != 0 {
		t.Errorf("left after the clean-up: %v", left)
	}
	if _, err := readBack(s, kept.Name); err != nil {
		t.Errorf("the object committed before the crash: %v", err)
	}
}
