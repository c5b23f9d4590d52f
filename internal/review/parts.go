package review

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"sort"
	"sync"

	"clinic"
	"clinic/internal/blob"
)

// inMemory is the largest upload read into memory to be parsed; larger
// ones (ZIPs of whole CDs) are read from their parts as a stream.
const inMemory = 16 << 20

// source returns an upload's content for reading: its bytes for a small
// file, a reader over its parts otherwise.
func source(ctx context.Context, blobs *blob.Store, u *clinic.ReviewUpload) (sourceCloser, error) {
	r := &partsReader{ctx: ctx, blobs: blobs, parts: u.Parts, size: u.Size}
	if u.Size > inMemory {
		return r, nil
	}
	defer r.Close()
	b := make([]byte, u.Size)
	if _, err := r.ReadAt(b, 0); err != nil && !(errors.Is(err, io.EOF) && u.Size == 0) {
		return nil, err
	}
	return nopCloser{bytes.NewReader(b)}, nil
}

// sourceCloser is a dicom.Source to close after use.
type sourceCloser interface {
	io.ReaderAt
	Size() int64
	Close() error
}

type nopCloser struct{ *bytes.Reader }

func (nopCloser) Close() error { return nil }

// partsReader reads an upload stored as parts, each a blob that decrypts
// only from its start: it keeps one part open and reads on from where the
// last read ended, reopening a part only to go back.
type partsReader struct {
	ctx   context.Context
	blobs *blob.Store
	parts []clinic.UploadPart
	size  int64

	mu  sync.Mutex
	cur int           // the part open in rc
	rc  io.ReadCloser // nil when none is open
	pos int64         // where rc's next byte is in the upload
}

func (p *partsReader) Size() int64 { return p.size }

// ReadAt reads len(b) bytes at off, or fewer and io.EOF at the end.
func (p *partsReader) ReadAt(b []byte, off int64) (int, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	n := 0
	for n < len(b) {
		if off >= p.size {
			return n, io.EOF
		}
		m, err := p.readIn(b[n:], off)
		n, off = n+m, off+int64(m)
		if err != nil {
			p.closePart()
			return n, err
		}
	}
	return n, nil
}

// readIn reads from the part holding off, at most to its end.
func (p *partsReader) readIn(b []byte, off int64) (int, error) {
	i := sort.Search(len(p.parts), func(i int) bool { return p.parts[i].Offset+p.parts[i].Size > off })
	if i == len(p.parts) {
		return 0, fmt.Errorf("review: no stored part holds byte %d", off)
	}
	part := p.parts[i]
	if p.rc == nil || p.cur != i || p.pos > off {
		if err := p.open(i); err != nil {
			return 0, err
		}
	}
	if _, err := io.CopyN(io.Discard, p.rc, off-p.pos); err != nil {
		return 0, fmt.Errorf("review: read part: %w", err)
	}
	p.pos = off
	want := min(int64(len(b)), part.Offset+part.Size-off)
	m, err := io.ReadFull(p.rc, b[:want])
	p.pos += int64(m)
	if err != nil {
		return m, fmt.Errorf("review: read part: %w", err)
	}
	return m, nil
}

func (p *partsReader) open(i int) error {
	p.closePart()
	rc, err := p.blobs.Open(p.ctx, p.parts[i].Blob)
	if err != nil {
		return fmt.Errorf("review: open part: %w", err)
	}
	p.rc, p.cur, p.pos = rc, i, p.parts[i].Offset
	return nil
}

func (p *partsReader) closePart() {
	if p.rc != nil {
		p.rc.Close()
		p.rc = nil
	}
}

// Close closes the part open, if any.
func (p *partsReader) Close() error {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.closePart()
	return nil
}

// stream is the upload read from start to end.
func stream(ctx context.Context, blobs *blob.Store, u *clinic.ReviewUpload) io.ReadCloser {
	r := &partsReader{ctx: ctx, blobs: blobs, parts: u.Parts, size: u.Size}
	return &sequential{r: r}
}

// sequential reads a partsReader from its start.
type sequential struct {
	r   *partsReader
	off int64
}

func (s *sequential) Read(b []byte) (int, error) {
	n, err := s.r.ReadAt(b, s.off)
	s.off += int64(n)
	if n > 0 && err == io.EOF {
		err = nil
	}
	return n, err
}

func (s *sequential) Close() error { return s.r.Close() }
