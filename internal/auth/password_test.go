package auth

import (
	"errors"
	"runtime"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// cheap are parameters far below the policy, to keep tests quick.
var cheap = params{memory: 64, time: 1, threads: 1, saltLen: 16, keyLen: 32}

type verifyResult struct {
	OK, NeedsRehash bool
	Err             bool
}

func verify(encoded, password string) verifyResult {
	ok, rehash, err := Verify(encoded, password)
	return verifyResult{OK: ok, NeedsRehash: rehash, Err: err != nil}
}

func TestHashUsesThePolicy(t *testing.T) {
	encoded, err := Hash("correct horse battery staple")
	if err != nil {
		t.Fatal(err)
	}
	if want := "$argon2id$v=19$m=65536,t=3,p=1$"; !strings.HasPrefix(encoded, want) {
		t.Errorf("Hash = %q, want the prefix %q", encoded, want)
	}
	tests := []struct {
		name     string
		password string
		want     verifyResult
	}{
		{"the right password verifies and needs no rehash", "correct horse battery staple", verifyResult{OK: true}},
		{"a wrong password does not verify", "correct horse battery stapler", verifyResult{}},
		{"a password differing only in case does not verify", "Correct horse battery staple", verifyResult{}},
		{"an empty password does not verify", "", verifyResult{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if diff := cmp.Diff(tt.want, verify(encoded, tt.password)); diff != "" {
				t.Errorf("Verify (-want +got):\n%s", diff)
			}
		})
	}
}

func TestHashSaltsEachHash(t *testing.T) {
	a, b := hashWith(cheap, "same password"), hashWith(cheap, "same password")
	if a == b {
		t.Errorf("two hashes of one password are both %q", a)
	}
}

func TestVerifyNormalisesUnicode(t *testing.T) {
	composed := "r\u00e9sum\u00e9 of a caf\u00e9"      // é as one code point
	decomposed := "re\u0301sume\u0301 of a cafe\u0301" // e and a combining accent
	encoded := hashWith(cheap, composed)
	if diff := cmp.Diff(verifyResult{OK: true, NeedsRehash: true}, verify(encoded, decomposed)); diff != "" {
		t.Errorf("the decomposed spelling of the password (-want +got):\n%s", diff)
	}
}

func TestVerifyNeedsRehashBelowPolicy(t *testing.T) {
	with := func(change func(*params)) params {
		p := cheap
		change(&p)
		return p
	}
	tests := []struct {
		name   string
		params params
		rehash bool
	}{
		{"less memory than the policy", with(func(p *params) { p.memory, p.time = 19*1024, 3 }), true},
		{"fewer passes than the policy", with(func(p *params) { p.memory, p.time = 64*1024, 2 }), true},
		{"a shorter salt than the policy", with(func(p *params) { p.memory, p.time, p.saltLen = 64*1024, 3, 8 }), true},
		{"a shorter hash than the policy", with(func(p *params) { p.memory, p.time, p.keyLen = 64*1024, 3, 16 }), true},
		{"the policy itself", policy, false},
		{"more lanes at the policy's memory and passes", with(func(p *params) { p.memory, p.time, p.threads = 64*1024, 3, 2 }), false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			encoded := hashWith(tt.params, "a long enough passphrase")
			want := verifyResult{OK: true, NeedsRehash: tt.rehash}
			if diff := cmp.Diff(want, verify(encoded, "a long enough passphrase")); diff != "" {
				t.Errorf("Verify (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff(verifyResult{}, verify(encoded, "another passphrase")); diff != "" {
				t.Errorf("Verify with a wrong password (-want +got):\n%s", diff)
			}
		})
	}
}

func TestVerifyRefusesMalformedHashes(t *testing.T) {
	const salt, key = "c2FsdHNhbHRzYWx0c2FsdA", "a2V5a2V5a2V5a2V5a2V5a2V5a2V5a2V5a2V5a2U"
	ok := func(params string) string { return "$argon2id$v=19$" + params + "$" + salt + "$" + key }
	tests := []struct {
		name    string
		encoded string
	}{
		{"an empty string", ""},
		{"a missing leading dollar", strings.TrimPrefix(ok("m=64,t=1,p=1"), "$")},
		{"a missing hash field", "$argon2id$v=19$m=64,t=1,p=1$" + salt},
		{"a missing version field", "$argon2id$m=64,t=1,p=1$" + salt + "$" + key},
		{"an extra field", ok("m=64,t=1,p=1") + "$more"},
		{"argon2i instead of argon2id", strings.Replace(ok("m=64,t=1,p=1"), "argon2id", "argon2i", 1)},
		{"a bcrypt hash", "$2a$10$N9qo8uLOickgx2ZMRZoMyeIjZAgcfl7p92ldGxad68LJZdL17lhWy"},
		{"version 16", strings.Replace(ok("m=64,t=1,p=1"), "v=19", "v=16", 1)},
		{"parameters out of order", ok("t=1,m=64,p=1")},
		{"a missing parameter", ok("m=64,t=1")},
		{"an extra parameter", ok("m=64,t=1,p=1,k=3")},
		{"a zero memory", ok("m=0,t=1,p=1")},
		{"memory under 8 KiB a lane", ok("m=15,t=1,p=2")},
		{"a leading zero", ok("m=064,t=1,p=1")},
		{"a sign", ok("m=+64,t=1,p=1")},
		{"a negative count", ok("m=64,t=-1,p=1")},
		{"a letter in a number", ok("m=6x,t=1,p=1")},
		{"absurd memory", ok("m=4294967295,t=1,p=1")},
		{"memory past 32 bits", ok("m=99999999999,t=1,p=1")},
		{"absurd passes", ok("m=64,t=4294967295,p=1")},
		{"absurd lanes", ok("m=65536,t=1,p=255")},
		{"salt not base64", "$argon2id$v=19$m=64,t=1,p=1$not*base64!!$" + key},
		{"hash not base64", "$argon2id$v=19$m=64,t=1,p=1$" + salt + "$" + strings.Repeat("?", 43)},
		{"padded base64", ok("m=64,t=1,p=1") + "="},
		{"url-safe base64", strings.Replace(ok("m=64,t=1,p=1"), salt, "c2FsdHNhbHRzYWx0c2F-_A", 1)},
		{"stray bits after the last byte", strings.Replace(ok("m=64,t=1,p=1"), salt, "c2FsdHNhbHRzYWx0c2FsdB", 1)},
		{"a salt under 8 bytes", "$argon2id$v=19$m=64,t=1,p=1$c2FsdA$" + key},
		{"a hash under 16 bytes", "$argon2id$v=19$m=64,t=1,p=1$" + salt + "$a2V5"},
		{"a very long string", ok("m=64,t=1,p=1") + strings.Repeat("A", 1000)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ok, rehash, err := Verify(tt.encoded, "password")
			if !errors.Is(err, ErrMalformedHash) || ok || rehash {
				t.Errorf("Verify(%q) = %v, %v, %v; want false, false, ErrMalformedHash", tt.encoded, ok, rehash, err)
			}
		})
	}
	t.Run("the well-formed base of these cases verifies", func(t *testing.T) {
		if _, _, err := Verify(ok("m=64,t=1,p=1"), "password"); err != nil {
			t.Errorf("Verify: %v", err)
		}
	})
}

func TestVerifyRefusesAbsurdMemoryBeforeAllocating(t *testing.T) {
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	_, _, err := Verify("$argon2id$v=19$m=4294967295,t=4294967295,p=255$c2FsdHNhbHRzYWx0c2FsdA$a2V5a2V5a2V5a2V5a2V5a2V5a2V5a2V5a2V5a2U", "pw")
	runtime.ReadMemStats(&after)
	if !errors.Is(err, ErrMalformedHash) {
		t.Fatalf("Verify: %v, want ErrMalformedHash", err)
	}
	if got := after.TotalAlloc - before.TotalAlloc; got > 1<<20 {
		t.Errorf("Verify allocated %d bytes before refusing the hash", got)
	}
}

func TestParseEncodeRoundTrip(t *testing.T) {
	encoded := hashWith(cheap, "pw")
	h, err := parsePHC(encoded)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(encoded, encodePHC(h)); diff != "" {
		t.Errorf("encode(parse(s)) (-want +got):\n%s", diff)
	}
}

func TestDummyVerifyRunsThePolicy(t *testing.T) {
	// No timing assertion: DummyVerify and Verify share params.key, and
	// DummyVerify passes the policy to it.
	DummyVerify("whatever was typed")
	DummyVerify("")
}

// FuzzVerify feeds the PHC parser arbitrary strings. A string it accepts
// must encode back to itself, and Verify must return without error for it
// (it is only run where the parameters are cheap enough to fuzz).
func FuzzVerify(f *testing.F) {
	f.Add(hashWith(cheap, "pw"), "pw")
	f.Add("$argon2id$v=19$m=64,t=1,p=1$c2FsdHNhbHRzYWx0c2FsdA$a2V5a2V5a2V5a2V5a2V5a2V5a2V5a2V5a2V5a2U", "x")
	f.Add("$argon2id$v=19$m=4294967295,t=1,p=1$c2FsdHNhbHRzYWx0c2FsdA$a2V5a2V5a2V5a2V5a2V5a2U", "x")
	f.Add("$argon2i$v=19$m=64,t=1,p=1$$", "")
	f.Fuzz(func(t *testing.T, encoded, password string) {
		h, err := parsePHC(encoded)
		if err != nil {
			if !errors.Is(err, ErrMalformedHash) {
				t.Fatalf("parse %q: error %v does not wrap ErrMalformedHash", encoded, err)
			}
			return
		}
		if got := encodePHC(h); got != encoded {
			t.Fatalf("parse then encode %q gave %q", encoded, got)
		}
		if h.params.memory > 1024 || h.params.time > 4 {
			return
		}
		if _, _, err := Verify(encoded, password); err != nil {
			t.Fatalf("Verify(%q) after a successful parse: %v", encoded, err)
		}
	})
}

func BenchmarkHash(b *testing.B) {
	for b.Loop() {
		if _, err := Hash("correct horse battery staple"); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkVerify(b *testing.B) {
	encoded, _ := Hash("correct horse battery staple")
	for b.Loop() {
		if ok, _, _ := Verify(encoded, "correct horse battery staple"); !ok {
			b.Fatal("does not verify")
		}
	}
}

func BenchmarkDummyVerify(b *testing.B) {
	for b.Loop() {
		DummyVerify("correct horse battery staple")
	}
}
