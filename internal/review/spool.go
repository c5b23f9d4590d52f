package review

import (
	"crypto/aes"
	"crypto/cipher"
	"crypto/rand"
	"encoding/binary"
	"fmt"
	"io"
	"os"

	"clinic/internal/dicom"
)

// Spool returns a dicom.Config.Spool that keeps ZIP entries too large for
// memory in a temporary file under dir, encrypted with AES-CTR under a key
// made for that file and held only in memory. The file is unlinked as soon
// as it is made, so it disappears when the reader is dropped (its
// descriptor is closed when it is collected) or the process ends, and
// nothing of it is readable at any time from the disk.
func Spool(dir string) func(io.Reader, int64) (dicom.Source, error) {
	return func(r io.Reader, size int64) (dicom.Source, error) {
		if err := os.MkdirAll(dir, 0o700); err != nil {
			return nil, fmt.Errorf("review: spool: %w", err)
		}
		f, err := os.CreateTemp(dir, "spool-*")
		if err != nil {
			return nil, fmt.Errorf("review: spool: %w", err)
		}
		os.Remove(f.Name())
		s := &spooled{f: f, size: size}
		if err := s.fill(r); err != nil {
			f.Close()
			return nil, err
		}
		return s, nil
	}
}

// spooled is an encrypted temporary file read at offsets.
type spooled struct {
	f     *os.File
	block cipher.Block
	iv    [aes.BlockSize]byte
	size  int64
}

func (s *spooled) fill(r io.Reader) error {
	key := make([]byte, 32)
	rand.Read(key)
	rand.Read(s.iv[:8]) // the low half counts blocks
	var err error
	if s.block, err = aes.NewCipher(key); err != nil {
		return err
	}
	w := cipher.StreamWriter{S: s.stream(0), W: s.f}
	n, err := io.Copy(w, io.LimitReader(r, s.size))
	if err == nil && n != s.size {
		err = io.ErrUnexpectedEOF
	}
	if err != nil {
		return fmt.Errorf("review: spool: %w", err)
	}
	return nil
}

// stream is the key stream from byte off, which is a block boundary.
func (s *spooled) stream(off int64) cipher.Stream {
	iv := s.iv
	binary.BigEndian.PutUint64(iv[8:], uint64(off/aes.BlockSize))
	return cipher.NewCTR(s.block, iv[:])
}

func (s *spooled) Size() int64 { return s.size }

// ReadAt reads and decrypts len(b) bytes at off.
func (s *spooled) ReadAt(b []byte, off int64) (int, error) {
	if off < 0 {
		return 0, fmt.Errorf("review: spool: negative offset")
	}
	n, err := s.f.ReadAt(b, off)
	start := off - off%aes.BlockSize
	st := s.stream(start)
	skip := make([]byte, off-start)
	st.XORKeyStream(skip, skip)
	st.XORKeyStream(b[:n], b[:n])
	return n, err
}
