package auth

import (
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"strings"
	"unicode"
)

// Recovery codes are 16 characters from a 32-character alphabet, 80 random
// bits, shown in four groups of four: "k7fq-2m9x-p3hd-8wce". The alphabet
// leaves out 0, o, 1 and l, which are easily misread for each other.
//
// With 80 bits a plain SHA-256 is enough to store them: a slow hash is for
// secrets a person chose, which an attacker can guess from a list. Even
// testing each guess against every stored code at once, finding any one
// of a thousand codes takes some 2^70 hashes: over a thousand years for
// a fast GPU.
const (
	recoveryAlphabet = "23456789abcdefghijkmnpqrstuvwxyz"
	recoveryGroups   = 4
	recoveryGroupLen = 4
	maxRecoveryCodes = 100
)

// NewRecoveryCodes returns n new random recovery codes, 1 <= n <= 100,
// to show a person once. Store only HashRecoveryCode of each.
func NewRecoveryCodes(n int) (plain []string, err error) {
	if n < 1 || n > maxRecoveryCodes {
		return nil, fmt.Errorf("auth: recovery codes: count %d is outside 1 to %d", n, maxRecoveryCodes)
	}
	plain = make([]string, n)
	for i := range plain {
		plain[i] = newRecoveryCode()
	}
	return plain, nil
}

func newRecoveryCode() string {
	b := make([]byte, recoveryGroups*recoveryGroupLen)
	rand.Read(b) // never fails since Go 1.24
	var s strings.Builder
	for i, c := range b {
		if i > 0 && i%recoveryGroupLen == 0 {
			s.WriteByte('-')
		}
		s.WriteByte(recoveryAlphabet[c%32]) // 256 is a multiple of 32: no bias
	}
	return s.String()
}

// HashRecoveryCode returns the hex SHA-256 of code for storing and looking
// up. Case, white space and dashes do not matter, so "K7FQ 2M9X P3HD 8WCE"
// and "k7fq-2m9x-p3hd-8wce" give the same hash.
func HashRecoveryCode(code string) string {
	code = strings.Map(func(r rune) rune {
		if unicode.IsSpace(r) || unicode.Is(unicode.Pd, r) {
			return -1
		}
		return unicode.ToLower(r)
	}, code)
	return sha256Hex(code)
}

func sha256Hex(s string) string {
	sum := sha256.Sum256([]byte(s))
	return hex.EncodeToString(sum[:])
}
