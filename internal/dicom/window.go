package dicom

import (
	"errors"
	"fmt"
	"io"
)

// window reads small pieces of a file at given offsets through one
// buffer, so that walking a file element by element costs one ReadAt per
// few kilobytes of headers, and skipping a value costs nothing.
type window struct {
	r     io.ReaderAt
	size  int64
	buf   []byte
	start int64
}

func newWindow(r io.ReaderAt, size int64) *window {
	return &window{r: r, size: size, buf: make([]byte, 0, 4096)}
}

// bytes returns n bytes at off, valid until the next call. n must not be
// more than the buffer's capacity, and off+n not beyond the size.
func (w *window) bytes(off int64, n int) ([]byte, error) {
	if off >= w.start && off+int64(n) <= w.start+int64(len(w.buf)) {
		i := off - w.start
		return w.buf[i : i+int64(n)], nil
	}
	if off < 0 || n > cap(w.buf) || off+int64(n) > w.size {
		return nil, fmt.Errorf("dicom: read %d bytes at %d of %d: %w", n, off, w.size, io.ErrUnexpectedEOF)
	}
	m := min(int64(cap(w.buf)), w.size-off)
	w.buf = w.buf[:m]
	k, err := w.r.ReadAt(w.buf, off)
	if k < n {
		w.buf = w.buf[:0]
		if err == nil || errors.Is(err, io.EOF) {
			err = io.ErrUnexpectedEOF
		}
		return nil, fmt.Errorf("dicom: read at %d: %w", off, err)
	}
	w.buf, w.start = w.buf[:k], off
	return w.buf[:n], nil
}
