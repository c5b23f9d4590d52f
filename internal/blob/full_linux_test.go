package blob

import (
	"bytes"
	"context"
	"errors"
	"syscall"
	"testing"
)

// smallDisk mounts a file system of size bytes on a fresh folder, or skips
// the test where mounting is not allowed.
func smallDisk(t *testing.T, size string) string {
	t.Helper()
	dir := t.TempDir()
	if err := syscall.Mount("tmpfs", dir, "tmpfs", 0, "size="+size+",mode=0700"); err != nil {
		t.Skipf("cannot mount a small file system here (%v)", err)
	}
	t.Cleanup(func() { syscall.Unmount(dir, 0) }) // runs before TempDir's removal
	return dir
}

func TestDiskFull(t *testing.T) {
	f, err := NewFolder(smallDisk(t, "1m"))
	if err != nil {
		t.Fatal(err)
	}
	s := New(f, testKeyring(t, 1))
	small := put(t, s, bytes.Repeat([]byte("a"), 100<<10))

	_, err = s.Put(context.Background(), stream(4<<20, 1))
	if !errors.Is(err, ErrNoSpace) || !errors.Is(err, syscall.ENOSPC) {
		t.Fatalf("Put on a full disk: error %v, want ErrNoSpace wrapping ENOSPC", err)
	}
	if got := names(t, s); len(got) != 1 || got[0] != small.Name {
		t.Errorf("listed %v after the failed Put, want only %s", got, small.Name)
	}
	if tmp := leftovers(t, f); len(tmp) != 0 {
		t.Errorf("temporary files after the failed Put: %v", tmp)
	}
	if _, err := readBack(s, small.Name); err != nil {
		t.Errorf("the object stored before: %v", err)
	}
	// The space the failed Put took is free again.
	if _, err := s.Put(context.Background(), stream(500<<10, 2)); err != nil {
		t.Errorf("Put after the failure: %v", err)
	}
}

func TestReencryptOnAFullDiskKeepsTheOldObject(t *testing.T) {
	f, err := NewFolder(smallDisk(t, "1m"))
	if err != nil {
		t.Fatal(err)
	}
	want := bytes.Repeat([]byte("b"), 600<<10) // a second copy does not fit
	st := put(t, New(f, testKeyring(t, 1)), want)
	before := rawFile(t, f, st.Name)

	rep, err := New(f, testKeyring(t, 1, 2)).Reencrypt(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if rep.Checked != 0 || len(rep.Problems) != 1 || !errors.Is(rep.Problems[0].Err, ErrNoSpace) {
		t.Fatalf("Reencrypt = %+v; want the object reported with ErrNoSpace", rep)
	}
	t.Logf("the problem reads: %v", rep.Problems[0].Err)
	if !bytes.Equal(rawFile(t, f, st.Name), before) {
		t.Error("the old object changed")
	}
	if got, err := readBack(New(f, testKeyring(t, 1, 2)), st.Name); err != nil || !bytes.Equal(got, want) {
		t.Errorf("the old object reads %d bytes (%v), want %d", len(got), err, len(want))
	}
	if tmp := leftovers(t, f); len(tmp) != 0 {
		t.Errorf("temporary files left: %v", tmp)
	}
}
