// Package seal encrypts small records at rest and computes keyed hashes for
// looking records up without storing what they identify.
//
// A sealed value is a version byte, a random 96-bit nonce and the
// AES-256-GCM ciphertext with its tag. The encryption key and the hashing
// key are both derived from one 32-byte master key with HKDF-SHA256, so the
// hash of a value reveals nothing about the encryption key and the other
// way round.
package seal

import (
	"crypto/aes"
	"crypto/cipher"
	"crypto/hkdf"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
)

// KeySize is the length of a master key in bytes.
const KeySize = 32

// version1 marks values sealed with AES-256-GCM under the v1 derived key.
const version1 = 1

// ErrOpen is returned when a sealed value is malformed, was sealed under
// another key or was changed after sealing.
var ErrOpen = errors.New("seal: cannot open sealed value")

// Sealer seals and opens values and hashes identifiers under one key. It
// is safe for concurrent use.
type Sealer struct {
	aead    cipher.AEAD
	hashKey []byte
}

// New returns a Sealer for a 32-byte master key.
func New(key []byte) (*Sealer, error) {
	if len(key) != KeySize {
		return nil, fmt.Errorf("seal: key is %d bytes, want %d", len(key), KeySize)
	}
	encKey, err := hkdf.Key(sha256.New, key, nil, "clinic seal v1 encryption", 32)
	if err != nil {
		return nil, fmt.Errorf("seal: derive encryption key: %w", err)
	}
	hashKey, err := hkdf.Key(sha256.New, key, nil, "clinic seal v1 hash", 32)
	if err != nil {
		return nil, fmt.Errorf("seal: derive hash key: %w", err)
	}
	block, err := aes.NewCipher(encKey)
	if err != nil {
		return nil, fmt.Errorf("seal: cipher: %w", err)
	}
	aead, err := cipher.NewGCM(block)
	if err != nil {
		return nil, fmt.Errorf("seal: gcm: %w", err)
	}
	return &Sealer{aead: aead, hashKey: hashKey}, nil
}

// Seal encrypts plaintext. Sealing the same plaintext twice gives
// different results.
func (s *Sealer) Seal(plaintext []byte) []byte {
	ns := s.aead.NonceSize()
	out := make([]byte, 1+ns, 1+ns+len(plaintext)+s.aead.Overhead())
	out[0] = version1
	if _, err := rand.Read(out[1 : 1+ns]); err != nil {
		panic("seal: random nonce: " + err.Error()) // crypto/rand never fails on supported systems
	}
	return s.aead.Seal(out, out[1:1+ns], plaintext, out[:1])
}

// Open decrypts a value made by Seal. It fails with ErrOpen when the value
// is malformed, tampered with or sealed under another key.
func (s *Sealer) Open(sealed []byte) ([]byte, error) {
	ns := s.aead.NonceSize()
	if len(sealed) < 1+ns+s.aead.Overhead() || sealed[0] != version1 {
		return nil, ErrOpen
	}
	p, err := s.aead.Open(nil, sealed[1:1+ns], sealed[1+ns:], sealed[:1])
	if err != nil {
		return nil, ErrOpen
	}
	return p, nil
}

// Hash returns a keyed hash of v in hex: equal inputs give equal hashes,
// and without the key nobody can tell which input gave a hash.
func (s *Sealer) Hash(v string) string {
	m := hmac.New(sha256.New, s.hashKey)
	m.Write([]byte(v))
	return hex.EncodeToString(m.Sum(nil))
}
