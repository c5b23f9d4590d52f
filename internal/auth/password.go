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
	"fmt"

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

// Hasher hashes and checks passwords at one argon2id cost. The nil
// *Hasher works at the policy's cost, as Production does and as the
// package's functions Hash, Verify and DummyVerify do; that is what the
// server runs with. NewHasher makes hashers at other costs, for tests that
// sign in many times and would otherwise spend their time hashing.
type Hasher struct{ p params }

// Cost is the argon2id cost of new hashes: memory in KiB, passes over it
// and lanes.
type Cost struct {
	MemoryKiB uint32
	Passes    uint32
	Lanes     uint8
}

// Production returns the hasher at the policy's cost.
func Production() *Hasher { return &Hasher{p: policy} }

// NewHasher returns a hasher whose new hashes cost c, with the policy's
// salt and hash lengths. It refuses a cost that Verify would refuse to
// read back. A cost below the policy is for tests only: the server hashes
// with Production.
func NewHasher(c Cost) (*Hasher, error) {
	switch {
	case c.Passes < 1 || c.Passes > maxTime:
		return nil, fmt.Errorf("auth: new hasher: %d passes, want 1 to %d", c.Passes, maxTime)
	case c.Lanes < 1 || c.Lanes > maxThreads:
		return nil, fmt.Errorf("auth: new hasher: %d lanes, want 1 to %d", c.Lanes, maxThreads)
	case c.MemoryKiB < 8*uint32(c.Lanes) || c.MemoryKiB > maxMemoryKiB:
		return nil, fmt.Errorf("auth: new hasher: %d KiB, want 8 KiB a lane to %d KiB", c.MemoryKiB, maxMemoryKiB)
	}
	p := policy
	p.memory, p.time, p.threads = c.MemoryKiB, c.Passes, c.Lanes
	return &Hasher{p: p}, nil
}

// params are h's settings; the policy for the nil Hasher.
func (h *Hasher) params() params {
	if h == nil {
		return policy
	}
	return h.p
}

// Cost returns the cost of the hashes h makes.
func (h *Hasher) Cost() Cost {
	p := h.params()
	return Cost{MemoryKiB: p.memory, Passes: p.time, Lanes: p.threads}
}

// Hash returns the PHC string of password at h's cost, for example
// "$argon2id$v=19$m=65536,t=3,p=1$<salt>$<hash>". It does not apply
// CheckPassword: the caller checks a new password first, but rehashing an
// old password at sign-in must work even if the policy has since grown.
func (h *Hasher) Hash(password string) (string, error) {
	return hashWith(h.params(), password), nil
}

func hashWith(p params, password string) string {
	salt := make([]byte, p.saltLen)
	rand.Read(salt) // never fails since Go 1.24
	return encodePHC(phc{params: p, salt: salt, key: p.key(password, salt)})
}

// Verify reports whether password matches the PHC string encoded, and if
// so whether the hash was made at a lower cost than h's, so that the
// caller stores h.Hash(password) in its place. A hash at a higher cost
// verifies and is kept. It returns an error wrapping ErrMalformedHash when
// encoded is not a hash this package can check; that means stored data is
// damaged.
func (h *Hasher) Verify(encoded, password string) (ok, needsRehash bool, err error) {
	stored, err := parsePHC(encoded)
	if err != nil {
		return false, false, err
	}
	key := stored.params.key(password, stored.salt)
	if subtle.ConstantTimeCompare(key, stored.key) != 1 {
		return false, false, nil
	}
	return true, stored.params.weakerThan(h.params()), nil
}

// DummyVerify spends the time of a Verify against a hash at h's cost and
// throws the result away. Sign-in calls it for an email that matches no
// account, so that an unknown email answers as slowly as a wrong password
// and the timing does not tell which emails have accounts.
func (h *Hasher) DummyVerify(password string) {
	p := h.params()
	key := p.key(password, dummySalt)
	subtle.ConstantTimeCompare(key, make([]byte, len(key)))
}

// Hash is Production().Hash.
func Hash(password string) (string, error) { return (*Hasher)(nil).Hash(password) }

// Verify is Production().Verify: needsRehash reports a hash below the
// policy.
func Verify(encoded, password string) (ok, needsRehash bool, err error) {
	return (*Hasher)(nil).Verify(encoded, password)
}

// DummyVerify is Production().DummyVerify.
func DummyVerify(password string) { (*Hasher)(nil).DummyVerify(password) }

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
