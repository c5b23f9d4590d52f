package blob

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
)

// keyFileHead opens every key file this package writes.
const keyFileHead = `# Keys that encrypt the clinic's stored files. One ID:KEY a line, KEY in
# base64. The highest ID encrypts new files; every key listed decrypts the
# files made under it. Keep a copy somewhere safe: a file whose key is lost
# cannot be read by anyone.
`

// LoadKeyring returns the keys of env when it is not empty (the value of
// CLINIC_BLOB_KEY), else those of the key file at path, which it creates
// (0600, in a 0700 directory) with one new key when there is none. Two
// processes starting at once end up with the same key.
func LoadKeyring(env, path string) (*Keyring, error) {
	if strings.TrimSpace(env) != "" {
		k, err := ParseKeyring(env)
		if err != nil {
			return nil, fmt.Errorf("CLINIC_BLOB_KEY: %w", err)
		}
		return k, nil
	}
	b, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		err = writeKeyFile(path, keyFileHead+newKeyEntry(1)+"\n", false)
		if err != nil && !errors.Is(err, fs.ErrExist) {
			return nil, err
		}
		b, err = os.ReadFile(path)
	}
	if err != nil {
		return nil, fmt.Errorf("blob: key file: %w", err)
	}
	k, err := ParseKeyring(string(b))
	if err != nil {
		return nil, fmt.Errorf("key file %s: %w", path, err)
	}
	return k, nil
}

// AddKey appends a new random key to the key file at path, with an id one
// above the highest there, and returns that id. The file is replaced whole
// (written to a temporary file, synced, renamed), so a crash leaves the
// old file or the new one. Processes that load the keyring afterwards
// encrypt new objects under the new key.
func AddKey(path string) (uint32, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return 0, fmt.Errorf("blob: add key: %w", err)
	}
	k, err := ParseKeyring(string(b))
	if err != nil {
		return 0, fmt.Errorf("blob: add key: key file %s: %w", path, err)
	}
	if k.primary == 1<<32-1 {
		return 0, fmt.Errorf("blob: add key: no key id left above %d", k.primary)
	}
	id := k.primary + 1
	text := strings.TrimRight(string(b), "\n") + "\n" + newKeyEntry(id) + "\n"
	if err := writeKeyFile(path, text, true); err != nil {
		return 0, err
	}
	return id, nil
}

// writeKeyFile writes text to a temporary file beside path, syncs it and
// moves it to path: replacing what is there when replace is set, else
// failing with fs.ErrExist if path appeared meanwhile.
func writeKeyFile(path, text string, replace bool) error {
	dir := filepath.Dir(path)
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return fmt.Errorf("blob: key file: %w", err)
	}
	f, err := os.CreateTemp(dir, ".blob-keys-*") // 0600
	if err != nil {
		return fmt.Errorf("blob: key file: %w", err)
	}
	defer os.Remove(f.Name())
	_, err = f.WriteString(text)
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil && replace {
		err = os.Rename(f.Name(), path)
	} else if err == nil {
		err = os.Link(f.Name(), path)
	}
	if err != nil {
		return fmt.Errorf("blob: key file: %w", noSpace(err))
	}
	return syncDir(dir)
}
