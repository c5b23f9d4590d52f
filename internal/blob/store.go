package blob

import (
	"context"
	"crypto/sha256"
	"fmt"
	"io"
	"time"
)

// Store keeps originals encrypted in a Backend. It is safe for concurrent
// use.
type Store struct {
	backend Backend
	keys    *Keyring
}

// New returns a Store that encrypts with keys into b.
func New(b Backend, keys *Keyring) *Store {
	return &Store{backend: b, keys: keys}
}

// Stored is what Put returns: the name the object got, and the size and
// SHA-256 of the original. The caller keeps all three.
type Stored struct {
	Name   string
	Size   int64
	SHA256 [sha256.Size]byte
}

// Info describes a stored object.
type Info struct {
	Name     string
	Size     int64 // bytes of the original
	Modified time.Time
}

// copyBuffer is the size of the chunks Put and Reencrypt copy.
const copyBuffer = 64 << 10

// Put streams r into a new object until r's end and returns its name,
// size and SHA-256. Nothing is stored unless it returns without error.
// Put reads r as it comes, so the caller limits its size (with an
// http.MaxBytesReader, say).
func (s *Store) Put(ctx context.Context, r io.Reader) (Stored, error) {
	name := newName()
	p, err := s.backend.Create(ctx, name)
	if err != nil {
		return Stored{}, fmt.Errorf("blob: put: %w", err)
	}
	st, err := s.write(ctx, p, name, r)
	if err != nil {
		p.Abort()
		return Stored{}, fmt.Errorf("blob: put: %w", noSpace(err))
	}
	if err := p.Commit(); err != nil {
		s.backend.Delete(context.WithoutCancel(ctx), name) // in case it got as far as its name
		return Stored{}, fmt.Errorf("blob: put: %w", noSpace(err))
	}
	return st, nil
}

// write encrypts r into p under name, hashing the original on the way.
func (s *Store) write(ctx context.Context, p Pending, name string, r io.Reader) (Stored, error) {
	w, err := s.keys.encrypt(p, name)
	if err != nil {
		return Stored{}, err
	}
	h := sha256.New()
	n, err := io.CopyBuffer(w, io.TeeReader(ctxReader{ctx, r}, h), make([]byte, copyBuffer))
	if err != nil {
		return Stored{}, err
	}
	if err := w.Close(); err != nil {
		return Stored{}, err
	}
	st := Stored{Name: name, Size: n}
	h.Sum(st.SHA256[:0])
	return st, nil
}

// Open returns a reader of the original of the object name. A missing
// object is a clinic.ENotFound error; a damaged one fails with
// ErrIntegrity, here or at a later Read. The caller closes the reader.
func (s *Store) Open(ctx context.Context, name string) (io.ReadCloser, error) {
	rc, err := s.backend.Open(ctx, name)
	if err != nil {
		return nil, err
	}
	r, _, err := s.keys.decrypt(rc, name)
	if err != nil {
		rc.Close()
		return nil, fmt.Errorf("blob: open %s: %w", name, err)
	}
	return readCloser{r, rc}, nil
}

// Stat describes the object name without reading it.
func (s *Store) Stat(ctx context.Context, name string) (Info, error) {
	o, err := s.backend.Stat(ctx, name)
	if err != nil {
		return Info{}, err
	}
	return info(o)
}

// info turns a backend's description into an Info.
func info(o Object) (Info, error) {
	size, ok := plainSize(o.Size)
	if !ok {
		return Info{}, fmt.Errorf("blob: %s: %w: no stored file is %d bytes long", o.Name, ErrIntegrity, o.Size)
	}
	return Info{Name: o.Name, Size: size, Modified: o.Modified}, nil
}

// Delete removes the object name for good.
func (s *Store) Delete(ctx context.Context, name string) error {
	return s.backend.Delete(ctx, name)
}

// Walk calls fn for every object, in no particular order, and stops at
// the first error fn returns. An object whose size no object can have is
// reported with an ErrIntegrity error and Info.Size -1, and the walk goes
// on unless fn returns that error.
func (s *Store) Walk(ctx context.Context, fn func(Info, error) error) error {
	return s.backend.List(ctx, func(o Object) error {
		i, err := info(o)
		if err != nil {
			i = Info{Name: o.Name, Size: -1, Modified: o.Modified}
		}
		return fn(i, err)
	})
}

// ctxReader stops reading once its context is done.
type ctxReader struct {
	ctx context.Context
	r   io.Reader
}

func (c ctxReader) Read(p []byte) (int, error) {
	if err := c.ctx.Err(); err != nil {
		return 0, err
	}
	return c.r.Read(p)
}

type readCloser struct {
	io.Reader
	io.Closer
}
