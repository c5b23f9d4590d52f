package blob

import (
	"context"
	"fmt"
	"io"
)

// Reencrypt moves every object that is not under the keyring's primary
// key to it. Each object is decrypted and encrypted again under its own
// name into a new object that is written whole and made durable before it
// replaces the old one, so a crash at any point leaves every object
// readable under the old key or the new. Report.Checked counts the objects
// moved; objects that could not be read are in Report.Problems and keep
// their old key. Run it again after a failure: objects already moved are
// skipped after reading their first segment.
//
// An object deleted while Reencrypt is moving it can come back; run it
// while nothing deletes (retention clean-up) or run Verify afterwards,
// which reports objects the caller has no record of.
func (s *Store) Reencrypt(ctx context.Context) (Report, error) {
	var rep Report
	buf := make([]byte, copyBuffer)
	err := s.Walk(ctx, func(i Info, err error) error {
		if err == nil {
			var moved bool
			moved, err = s.reencryptOne(ctx, i.Name, buf)
			if moved {
				rep.Checked++
				rep.Bytes += i.Size
			}
		}
		if err != nil {
			rep.Problems = append(rep.Problems, Problem{Name: i.Name, Err: err})
		}
		return ctx.Err()
	})
	if err != nil {
		return rep, fmt.Errorf("blob: re-encrypt: %w", err)
	}
	return rep, nil
}

// reencryptOne moves the object name to the primary key unless it is
// there already, and reports whether it moved it.
func (s *Store) reencryptOne(ctx context.Context, name string, buf []byte) (bool, error) {
	rc, err := s.backend.Open(ctx, name)
	if err != nil {
		return false, err
	}
	defer rc.Close()
	r, id, err := s.keys.decrypt(rc, name)
	if err != nil || id == s.keys.primary {
		return false, err
	}
	p, err := s.backend.Create(ctx, name)
	if err != nil {
		return false, err
	}
	if err := s.copyEncrypted(ctx, p, name, r, buf); err != nil {
		p.Abort()
		return false, noSpace(err)
	}
	if err := p.Commit(); err != nil {
		return false, noSpace(err)
	}
	return true, nil
}

// copyEncrypted encrypts r into p under name.
func (s *Store) copyEncrypted(ctx context.Context, p Pending, name string, r io.Reader, buf []byte) error {
	w, err := s.keys.encrypt(p, name)
	if err != nil {
		return err
	}
	if _, err := io.CopyBuffer(w, ctxReader{ctx, r}, buf); err != nil {
		return err
	}
	return w.Close()
}
