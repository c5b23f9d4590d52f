package blob

import (
	"crypto/rand"
	"encoding/hex"
)

// nameLen is the length of a name: 128 random bits in lower-case hex.
const nameLen = 32

// newName returns a fresh random name.
func newName() string {
	var b [nameLen / 2]byte
	rand.Read(b[:]) // never fails, per crypto/rand
	return hex.EncodeToString(b[:])
}

// validName reports whether s could be a name made by newName. Anything
// else cannot name an object, which also keeps paths out of names.
func validName(s string) bool {
	return len(s) == nameLen && isHex(s)
}

// isHex reports whether s is made of lower-case hex digits only.
func isHex(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if (c < '0' || c > '9') && (c < 'a' || c > 'f') {
			return false
		}
	}
	return true
}
