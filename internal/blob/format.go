package blob

import (
	"encoding/binary"
	"errors"
	"fmt"
	"io"

	"github.com/tink-crypto/tink-go/v2/streamingaead/subtle"
)

// An object is a header of headerLen bytes followed by Tink's streaming
// AEAD ciphertext (AES-256-GCM-HKDF-SHA256): its own header of
// tinkHeaderLen bytes (length, salt, nonce prefix), then segments of
// segmentSize bytes, each ending in a tag, the first one shorter by both
// headers, the last one possibly shorter. The associated data is our
// header and the object's name.
const (
	formatV1      = 1
	headerLen     = 8 // "CLB", format, key id (big-endian uint32)
	segmentSize   = 64 << 10
	tinkHeaderLen = 1 + KeySize + 7
	tagLen        = 16
)

const magic = "CLB"

// newCipher returns the streaming AEAD of a master key.
func newCipher(key []byte) (*subtle.AESGCMHKDF, error) {
	return subtle.NewAESGCMHKDF(key, "SHA256", KeySize, segmentSize, headerLen)
}

// header returns the header of an object encrypted under key id.
func header(id uint32) []byte {
	h := make([]byte, headerLen)
	copy(h, magic)
	h[3] = formatV1
	binary.BigEndian.PutUint32(h[4:], id)
	return h
}

// associated returns the associated data of an object.
func associated(h []byte, name string) []byte {
	return append(h[:headerLen:headerLen], name...)
}

// plainSize returns the size of the original of a stored object of the
// given size, and false when no object has that size.
func plainSize(stored int64) (int64, bool) {
	if stored < headerLen+tinkHeaderLen+tagLen {
		return 0, false
	}
	segments := (stored + segmentSize - 1) / segmentSize
	if last := stored % segmentSize; segments > 1 && last != 0 && last < tagLen {
		return 0, false
	}
	return stored - headerLen - tinkHeaderLen - segments*tagLen, true
}

// encrypt writes an object's header to w and returns the writer that
// encrypts the original into w under the primary key. Closing it writes
// the last segment.
func (k *Keyring) encrypt(w io.Writer, name string) (io.WriteCloser, error) {
	h := header(k.primary)
	if _, err := w.Write(h); err != nil {
		return nil, err
	}
	return k.ciphers[k.primary].NewEncryptingWriter(w, associated(h, name))
}

// keyOf reads an object's header from r and returns its key id.
func keyOf(r io.Reader) (uint32, []byte, error) {
	h := make([]byte, headerLen)
	if _, err := io.ReadFull(r, h); err != nil {
		if errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) {
			return 0, nil, fmt.Errorf("%w: shorter than a header", ErrIntegrity)
		}
		return 0, nil, err
	}
	if string(h[:3]) != magic || h[3] != formatV1 {
		return 0, nil, fmt.Errorf("%w: not a stored file of a known format", ErrIntegrity)
	}
	return binary.BigEndian.Uint32(h[4:]), h, nil
}

// decrypt reads the object name from r and returns a reader of the
// original and the object's key id. The first segment is decrypted before
// it returns, so a file under the wrong name or key fails here rather than
// at the first Read.
func (k *Keyring) decrypt(r io.Reader, name string) (io.Reader, uint32, error) {
	src := &sourceReader{r: r}
	id, h, err := keyOf(src)
	if err != nil {
		return nil, 0, err
	}
	c, ok := k.ciphers[id]
	if !ok {
		return nil, id, fmt.Errorf("%w (key %d; or the file is damaged)", ErrUnknownKey, id)
	}
	tr, err := c.NewDecryptingReader(src, associated(h, name))
	if err != nil {
		return nil, id, src.blame(err)
	}
	pr := &plainReader{r: tr, src: src}
	var first [1]byte
	n, err := pr.Read(first[:])
	if err != nil && err != io.EOF {
		return nil, id, err
	}
	pr.first, pr.hasFirst = first[0], n == 1
	return pr, id, nil
}

// sourceReader remembers the read errors of the stored object, so that
// a failing disk is told apart from a damaged file.
type sourceReader struct {
	r   io.Reader
	err error
}

func (s *sourceReader) Read(p []byte) (int, error) {
	n, err := s.r.Read(p)
	if err != nil && err != io.EOF {
		s.err = err
	}
	return n, err
}

// blame returns the error of a failed decryption: the source's own read
// error if it had one, else ErrIntegrity.
func (s *sourceReader) blame(err error) error {
	if s.err != nil {
		return s.err
	}
	return fmt.Errorf("%w (%v)", ErrIntegrity, err)
}

// plainReader reads the original of an object.
type plainReader struct {
	r        io.Reader
	src      *sourceReader
	first    byte // read ahead by decrypt
	hasFirst bool
}

func (p *plainReader) Read(b []byte) (int, error) {
	if p.hasFirst && len(b) > 0 {
		b[0], p.hasFirst = p.first, false
		n, err := p.Read(b[1:])
		if err == io.EOF {
			err = nil // the next Read says EOF
		}
		return n + 1, err
	}
	n, err := p.r.Read(b)
	if err != nil && err != io.EOF {
		err = p.src.blame(err)
	}
	return n, err
}
