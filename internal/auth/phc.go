package auth

import (
	"encoding/base64"
	"fmt"
	"strconv"
	"strings"
)

// Limits on what a stored hash may ask of Verify. A damaged or planted
// hash must not make a sign-in allocate gigabytes or run for minutes, so
// the parameters are checked before argon2 allocates its memory. The
// limits sit well above the policy so that it can grow; raise them with it.
const (
	maxMemoryKiB = 4 * 64 * 1024 // 256 MiB
	maxTime      = 16
	maxThreads   = 16
	minSaltLen   = 8
	maxSaltLen   = 64
	minKeyLen    = 16
	maxKeyLen    = 64
	maxPHCLen    = 256
)

// b64 is the PHC string format's base64: standard alphabet, no padding,
// and no stray bits after the last byte, so each value has one spelling.
var b64 = base64.RawStdEncoding.Strict()

// phc is one decoded argon2id hash.
type phc struct {
	params params
	salt   []byte
	key    []byte
}

// encodePHC writes h in the PHC string format.
func encodePHC(h phc) string {
	return fmt.Sprintf("$argon2id$v=19$m=%d,t=%d,p=%d$%s$%s",
		h.params.memory, h.params.time, h.params.threads,
		b64.EncodeToString(h.salt), b64.EncodeToString(h.key))
}

// parsePHC reads an argon2id hash in the PHC string format. It accepts only
// the canonical spelling encodePHC writes, so that parsing and encoding
// again gives back the same string.
func parsePHC(s string) (phc, error) {
	if len(s) > maxPHCLen {
		return phc{}, malformed("longer than %d bytes", maxPHCLen)
	}
	f := strings.Split(s, "$")
	if len(f) != 6 || f[0] != "" {
		return phc{}, malformed("want 5 fields separated by $, got %d", len(f)-1)
	}
	if f[1] != "argon2id" {
		return phc{}, malformed("algorithm %q, want argon2id", f[1])
	}
	if f[2] != "v=19" {
		return phc{}, malformed("version %q, want v=19", f[2])
	}
	p, err := parseParams(f[3])
	if err != nil {
		return phc{}, err
	}
	salt, err := decodeField("salt", f[4], minSaltLen, maxSaltLen)
	if err != nil {
		return phc{}, err
	}
	key, err := decodeField("hash", f[5], minKeyLen, maxKeyLen)
	if err != nil {
		return phc{}, err
	}
	p.saltLen, p.keyLen = len(salt), len(key)
	return phc{params: p, salt: salt, key: key}, nil
}

// parseParams reads "m=65536,t=3,p=1" and checks each value's bounds.
func parseParams(s string) (params, error) {
	kv := strings.Split(s, ",")
	if len(kv) != 3 {
		return params{}, malformed("parameters %q, want m=,t=,p=", s)
	}
	m, err := paramValue(kv[0], "m", maxMemoryKiB)
	if err != nil {
		return params{}, err
	}
	t, err := paramValue(kv[1], "t", maxTime)
	if err != nil {
		return params{}, err
	}
	p, err := paramValue(kv[2], "p", maxThreads)
	if err != nil {
		return params{}, err
	}
	if m < 8*p {
		return params{}, malformed("memory %d KiB is under 8 KiB per lane", m)
	}
	return params{memory: m, time: t, threads: uint8(p)}, nil
}

// paramValue reads "name=N" with 1 <= N <= max, in plain decimal digits
// without a sign or leading zeros.
func paramValue(s, name string, max uint32) (uint32, error) {
	digits, found := strings.CutPrefix(s, name+"=")
	if !found {
		return 0, malformed("parameter %q, want %s=", s, name)
	}
	if digits == "" || digits[0] == '0' || len(digits) > 10 || strings.Trim(digits, "0123456789") != "" {
		return 0, malformed("parameter %s=%q is not a positive whole number", name, digits)
	}
	n, err := strconv.ParseUint(digits, 10, 64)
	if err != nil || n > uint64(max) {
		return 0, malformed("parameter %s=%s is over the limit of %d", name, digits, max)
	}
	return uint32(n), nil
}

// decodeField decodes base64 field s, whose decoded length must lie in
// [min, max] bytes. The length is checked before decoding.
func decodeField(name, s string, min, max int) ([]byte, error) {
	if n := b64.DecodedLen(len(s)); n < min || n > max {
		return nil, malformed("%s of %d bytes, want %d to %d", name, n, min, max)
	}
	b, err := b64.DecodeString(s)
	if err != nil {
		return nil, malformed("%s is not base64: %v", name, err)
	}
	return b, nil
}

func malformed(format string, args ...any) error {
	return fmt.Errorf("%w: %s", ErrMalformedHash, fmt.Sprintf(format, args...))
}
