// Package auth holds the security primitives of the staff back office:
// password hashing and policy, TOTP second factors, recovery codes and the
// random tokens behind sessions and emailed links. Nothing here touches a
// database, a file or the network, and nothing reads the clock: the
// caller stores what these functions return and passes in the time.
//
// Passwords are normalised to Unicode NFKC before they are counted and
// hashed, as NIST SP 800-63B recommends, so that the same password typed
// on two keyboards that compose accents differently still matches.
// Changing that normalisation would lock out people whose passwords hold
// characters it affects.
package auth

import (
	"crypto/rand"
	"crypto/subtle"
	"errors"

	"golang.org/x/crypto/argon2"
	"golang.org/x/text/unicode/norm"
)

// params are the argon2id settings of one hash. Memory is in KiB.
type params struct {
	memory  uint32
	time    uint32
	threads uint8
	saltLen int
	keyLen  int
}

// policy is what new hashes use. OWASP's Password Storage Cheat Sheet asks
// for at least m=19 MiB, t=2, p=1. We take 64 MiB and three passes, the
// memory and passes of RFC 9106's second recommended setting, which costs
// an attacker about five times as much per guess as the OWASP minimum. One
// lane rather than four: on a small server a core is better spent on a
// second sign-in than on one sign-in's speed. It measured about 0.1 s per
// hash on a 2-core server (BenchmarkHash), which a person signing in does
// not notice. Raising it makes Verify report needsRehash for older hashes.
var policy = params{memory: 64 * 1024, time: 3, threads: 1, saltLen: 16, keyLen: 32}

// dummySalt salts the hash DummyVerify computes; any fixed value will do.
var dummySalt = make([]byte, 16)

// Hash returns the PHC string of password under the current policy, for
// example "$argon2id$v=19$m=65536,t=3,p=1$<salt>$<hash>". It does not apply
// CheckPassword: the caller checks a new password first, but rehashing an
// old password at sign-in must work even if the policy has since grown.
func Hash(password string) (string, error) {
	return hashWith(policy, password), nil
}

func hashWith(p params, password string) string {
	salt := make([]byte, p.saltLen)
	rand.Read(salt) // never fails since Go 1.24
	return encodePHC(phc{params: p, salt: salt, key: p.key(password, salt)})
}

// Verify reports whether password matches the PHC string encoded, and if
// so whether the hash was made under weaker parameters than the current
// policy, so that the caller stores Hash(password) in its place. It
// returns an error wrapping ErrMalformedHash when encoded is not a hash
// this package can check; that means stored data is damaged.
func Verify(encoded, password string) (ok, needsRehash bool, err error) {
	h, err := parsePHC(encoded)
	if err != nil {
		return false, false, err
	}
	key := h.params.key(password, h.salt)
	if subtle.ConstantTimeCompare(key, h.key) != 1 {
		return false, false, nil
	}
	return true, h.params.weakerThan(policy), nil
}

// DummyVerify spends the time of a Verify against a hash made under the
// current policy and throws the result away. Sign-in calls it for an email
// that matches no account, so that an unknown email answers as slowly as a
// wrong password and the timing does not tell which emails have accounts.
func DummyVerify(password string) {
	key := policy.key(password, dummySalt)
	subtle.ConstantTimeCompare(key, make([]byte, len(key)))
}

// key derives the argon2id key of password under p.
func (p params) key(password string, salt []byte) []byte {
	pw := []byte(norm.NFKC.String(password))
	return argon2.IDKey(pw, salt, p.time, p.memory, p.threads, uint32(p.keyLen))
}

// weakerThan reports whether any cost of p is below that of q. More lanes
// at the same memory and passes are not weaker: the work is the same.
func (p params) weakerThan(q params) bool {
	return p.memory < q.memory || p.time < q.time ||
		p.saltLen < q.saltLen || p.keyLen < q.keyLen
}

// ErrMalformedHash is wrapped by the errors Verify returns for a stored
// hash it cannot read or will not compute.
var ErrMalformedHash = errors.New("auth: malformed password hash")
