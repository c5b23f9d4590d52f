package blob

import (
	"crypto/rand"
	"encoding/base64"
	"fmt"
	"maps"
	"slices"
	"strconv"
	"strings"

	"github.com/tink-crypto/tink-go/v2/streamingaead/subtle"
)

// KeySize is the length of a master key in bytes.
const KeySize = 32

// Keyring holds master keys by id. The highest id encrypts new objects;
// every key in the ring decrypts the objects made under it. A Keyring is
// safe for concurrent use.
type Keyring struct {
	ciphers map[uint32]*subtle.AESGCMHKDF
	primary uint32
}

// ParseKeyring reads keys written as ID:BASE64 entries separated by
// commas, spaces or new lines, where ID is a positive number; lines that
// start with # are comments. A single key without an id is key 1. This is
// the format of CLINIC_BLOB_KEY and of the key file.
func ParseKeyring(text string) (*Keyring, error) {
	k := &Keyring{ciphers: map[uint32]*subtle.AESGCMHKDF{}}
	entries := keyEntries(text)
	if len(entries) == 0 {
		return nil, fmt.Errorf("blob: keyring: no keys")
	}
	for i, e := range entries {
		id, key, err := parseKeyEntry(e, len(entries) == 1)
		if err != nil {
			return nil, fmt.Errorf("blob: keyring: entry %d: %w", i+1, err)
		}
		if _, dup := k.ciphers[id]; dup {
			return nil, fmt.Errorf("blob: keyring: key id %d given twice", id)
		}
		if k.ciphers[id], err = newCipher(key); err != nil {
			return nil, fmt.Errorf("blob: keyring: key %d: %w", id, err)
		}
		k.primary = max(k.primary, id)
	}
	return k, nil
}

// keyEntries splits text into entries, leaving out comment lines.
func keyEntries(text string) []string {
	var entries []string
	for line := range strings.Lines(text) {
		if strings.HasPrefix(strings.TrimSpace(line), "#") {
			continue
		}
		entries = append(entries, strings.FieldsFunc(line, func(r rune) bool {
			return r == ',' || r == ' ' || r == '\t' || r == '\n' || r == '\r'
		})...)
	}
	return entries
}

// parseKeyEntry reads one ID:BASE64 entry; alone may omit the id. Errors
// never quote the key.
func parseKeyEntry(e string, alone bool) (uint32, []byte, error) {
	idText, b64, found := strings.Cut(e, ":")
	if !found && !alone {
		return 0, nil, fmt.Errorf("want ID:BASE64 when there are several keys")
	}
	id := uint64(1)
	if found {
		var err error
		if id, err = strconv.ParseUint(idText, 10, 32); err != nil || id == 0 {
			return 0, nil, fmt.Errorf("key id %q is not a number from 1 to %d", idText, uint32(1<<32-1))
		}
	} else {
		b64 = idText
	}
	key, err := base64.StdEncoding.DecodeString(b64)
	if err != nil {
		return 0, nil, fmt.Errorf("key %d is not base64", id)
	}
	if len(key) != KeySize {
		return 0, nil, fmt.Errorf("key %d is %d bytes, want %d", id, len(key), KeySize)
	}
	return uint32(id), key, nil
}

// Primary is the id of the key that encrypts new objects.
func (k *Keyring) Primary() uint32 { return k.primary }

// IDs lists the key ids in the ring, in increasing order.
func (k *Keyring) IDs() []uint32 {
	return slices.Sorted(maps.Keys(k.ciphers))
}

// newKeyEntry returns a fresh random key as an ID:BASE64 entry.
func newKeyEntry(id uint32) string {
	key := make([]byte, KeySize)
	rand.Read(key) // never fails, per crypto/rand
	return fmt.Sprintf("%d:%s", id, base64.StdEncoding.EncodeToString(key))
}
