package review

import (
	"bytes"
	"io"
	"os"
	"testing"
)

func TestSpoolKeepsNothingReadableOnDisk(t *testing.T) {
	dir := t.TempDir()
	plain := bytes.Repeat([]byte("PATIENT^NAME 0123456789 "), 5000)
	src, err := Spool(dir)(bytes.NewReader(plain), int64(len(plain)))
	if err != nil {
		t.Fatal(err)
	}
	t.Run("the file is gone from the folder at once", func(t *testing.T) {
		if es, _ := os.ReadDir(dir); len(es) != 0 {
			t.Errorf("%d files left in the spool folder", len(es))
		}
	})
	t.Run("the bytes on disk are not the entry's", func(t *testing.T) {
		raw := make([]byte, len(plain))
		src.(*spooled).f.ReadAt(raw, 0)
		if bytes.Contains(raw, []byte("PATIENT")) {
			t.Error("the spooled file holds the entry in the clear")
		}
	})
	for _, tc := range []struct {
		name      string
		off, size int
	}{
		{"a read from the start gives the original", 0, 100},
		{"a read from inside a block gives the original", 37, 1000},
		{"a read across many blocks gives the original", 4093, 20000},
		{"a read at the end gives what is left", len(plain) - 10, 50},
	} {
		t.Run(tc.name, func(t *testing.T) {
			b := make([]byte, tc.size)
			n, err := src.ReadAt(b, int64(tc.off))
			want := plain[tc.off:min(len(plain), tc.off+tc.size)]
			if !bytes.Equal(b[:n], want) || (n < tc.size && err != io.EOF) {
				t.Errorf("read %d bytes, %v; differs from the original", n, err)
			}
		})
	}
	t.Run("a short entry is refused", func(t *testing.T) {
		if _, err := Spool(dir)(bytes.NewReader(plain[:10]), 20); err == nil {
			t.Error("no error")
		}
	})
}
