package seal

import (
	"bytes"
	"crypto/rand"
	"encoding/base64"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
)

// LoadOrCreateKey reads the base64 master key stored at path, or creates
// the file with a new random key, readable by its owner only, when there
// is none. Two processes starting at once end up with the same key: the
// new key is written to a temporary file first and linked into place,
// which fails for the one that comes second, and that one reads the
// winner's key.
func LoadOrCreateKey(path string) ([]byte, error) {
	key, err := readKey(path)
	if !errors.Is(err, fs.ErrNotExist) {
		return key, err
	}
	if err := createKey(path); err != nil && !errors.Is(err, fs.ErrExist) {
		return nil, err
	}
	return readKey(path)
}

// LoadKey reads the base64 master key stored at path, and makes none.
func LoadKey(path string) ([]byte, error) { return readKey(path) }

func readKey(path string) ([]byte, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("seal: read key: %w", err)
	}
	key, err := base64.StdEncoding.DecodeString(string(bytes.TrimSpace(b)))
	if err != nil {
		return nil, fmt.Errorf("seal: key file %s: not base64: %w", path, err)
	}
	if len(key) != KeySize {
		return nil, fmt.Errorf("seal: key file %s: key is %d bytes, want %d", path, len(key), KeySize)
	}
	return key, nil
}

// createKey writes a new key to path, failing with fs.ErrExist when the
// file appeared meanwhile.
func createKey(path string) error {
	key := make([]byte, KeySize)
	if _, err := rand.Read(key); err != nil {
		return fmt.Errorf("seal: new key: %w", err)
	}
	dir := filepath.Dir(path)
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return fmt.Errorf("seal: key folder: %w", err)
	}
	f, err := os.CreateTemp(dir, ".key-*") // mode 0600, O_EXCL
	if err != nil {
		return fmt.Errorf("seal: create key: %w", err)
	}
	defer os.Remove(f.Name())
	_, err = f.WriteString(base64.StdEncoding.EncodeToString(key) + "\n")
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return fmt.Errorf("seal: write key: %w", err)
	}
	if err := os.Link(f.Name(), path); err != nil {
		return fmt.Errorf("seal: create key: %w", err)
	}
	return nil
}
