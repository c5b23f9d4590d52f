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

// crashDirEnv names the folder the child process of TestKilledPut writes
// to; set, TestKilledPutChild is that child.
const crashDirEnv = "BLOB_TEST_CRASH_DIR"

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
	dir := os.Getenv(crashDirEnv)
	if dir == "" {
		t.Skip("runs as the child of TestKilledPut")
	}
	f, err := NewFolder(dir)
	if err != nil {
		t.Fatal(err)
	}
	New(f, testKeyring(t, 1)).Put(context.Background(), &stallingReader{n: 1 << 20, w: os.Stdout, block: os.Stdin})
}

func TestKilledPut(t *testing.T) {
	s, f := newTestStore(t)
	kept := put(t, s, []byte("committed before the crash"))
	cmd := exec.Command(os.Args[0], "-test.run=^TestKilledPutChild$")
	cmd.Env = append(os.Environ(), crashDirEnv+"="+f.dir)
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

	if tmp := tempFiles(t, f); len(tmp) != 1 {
		t.Fatalf("temporary files after the kill: %v, want the one being written", tmp)
	}
	if got := names(t, s); len(got) != 1 || got[0] != kept.Name {
		t.Errorf("listed %v after the kill, want only %s", got, kept.Name)
	}
	if n, err := f.CleanTemp(time.Now().Add(time.Minute)); err != nil || n != 1 {
		t.Errorf("CleanTemp removed %d (%v), want 1", n, err)
	}
	if _, err := readBack(s, kept.Name); err != nil {
		t.Errorf("the object committed before the crash: %v", err)
	}
}
