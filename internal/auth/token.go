package auth

import (
	"crypto/rand"
	"encoding/base64"
)

// tokenSize is the number of random bytes in a token: 256 bits.
const tokenSize = 32

// NewToken returns a new random token for a session cookie or an emailed
// link (account setup, password reset), in URL-safe base64 without
// padding, and the hex SHA-256 hash of it. Store only the hash: a copy of
// the database then opens no session and no link. A token has too many
// random bits to guess, so a fast hash is enough.
func NewToken() (plain, hash string) {
	b := make([]byte, tokenSize)
	rand.Read(b) // never fails since Go 1.24
	plain = base64.RawURLEncoding.EncodeToString(b)
	return plain, HashToken(plain)
}

// HashToken returns the hex SHA-256 hash of a token, to look up the one
// stored by NewToken.
func HashToken(plain string) string {
	return sha256Hex(plain)
}
