package blob

import (
	"context"
	"crypto/sha256"
	"errors"
	"fmt"
	"io"
)

// ErrMismatch is reported by Verify for an object whose original does not
// have the SHA-256 the caller recorded.
var ErrMismatch = errors.New("blob: the file's SHA-256 differs from the one recorded")

// ErrUnrecorded is reported by Verify for an object the caller has no
// record of.
var ErrUnrecorded = errors.New("blob: the file is stored but not recorded")

// Problem is one object that did not check out.
type Problem struct {
	Name string
	Err  error
}

// Report is the outcome of Verify or Reencrypt.
type Report struct {
	Checked  int   // objects read whole
	Bytes    int64 // bytes of originals read
	Problems []Problem
}

// Verify reads every object whole, decrypting it and computing the
// SHA-256 of its original, and reports each one that cannot be read or
// whose hash differs from want[name]. When want is not nil it also
// reports the names in want that hold no object (clinic.ENotFound) and
// the objects whose names are not in want (ErrUnrecorded). The error is
// for a walk that could not finish; problems with single objects are in
// the report.
func (s *Store) Verify(ctx context.Context, want map[string][sha256.Size]byte) (Report, error) {
	var rep Report
	seen := map[string]bool{}
	buf := make([]byte, copyBuffer)
	err := s.Walk(ctx, func(i Info, err error) error {
		seen[i.Name] = true
		if err == nil {
			err = s.verifyOne(ctx, i.Name, want, buf, &rep)
		}
		if err != nil {
			rep.Problems = append(rep.Problems, Problem{Name: i.Name, Err: err})
		}
		return ctx.Err()
	})
	if err != nil {
		return rep, fmt.Errorf("blob: verify: %w", err)
	}
	for name := range want {
		if !seen[name] {
			rep.Problems = append(rep.Problems, Problem{Name: name, Err: notFound(name, errors.New("recorded but not stored"))})
		}
	}
	return rep, nil
}

// verifyOne reads the object name whole and checks its hash.
func (s *Store) verifyOne(ctx context.Context, name string, want map[string][sha256.Size]byte, buf []byte, rep *Report) error {
	sum, n, err := s.hash(ctx, name, buf)
	if err != nil {
		return err
	}
	rep.Checked++
	rep.Bytes += n
	if want == nil {
		return nil
	}
	w, ok := want[name]
	switch {
	case !ok:
		return ErrUnrecorded
	case w != sum:
		return fmt.Errorf("%w: recorded %x, stored %x", ErrMismatch, w, sum)
	}
	return nil
}

// hash returns the SHA-256 and size of the original of the object name.
func (s *Store) hash(ctx context.Context, name string, buf []byte) ([sha256.Size]byte, int64, error) {
	var sum [sha256.Size]byte
	r, err := s.Open(ctx, name)
	if err != nil {
		return sum, 0, err
	}
	defer r.Close()
	h := sha256.New()
	n, err := io.CopyBuffer(h, ctxReader{ctx, r}, buf)
	if err != nil {
		return sum, n, fmt.Errorf("blob: read %s: %w", name, err)
	}
	h.Sum(sum[:0])
	return sum, n, nil
}
