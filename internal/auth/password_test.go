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

func TestThePolicyIsTheProductionCost(t *testing.T) {
	t.Parallel()
	// The figures of the policy's comment; a change here is a change of
	// what every stored password costs an attacker.
	want := Cost{MemoryKiB: 64 * 1024, Passes: 3, Lanes: 1}
	if diff := cmp.Diff(want, Production().Cost()); diff != "" {
		t.Errorf("Production().Cost() (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff(want, (*Hasher)(nil).Cost()); diff != "" {
		t.Errorf("the nil Hasher's cost (-want +got):\n%s", diff)
	}
}

func TestHashUsesThePolicy(t *testing.T) {
	t.Parallel()
	encoded, err := Hash("correct horse battery staple")
	if err != nil {
		t.Fatal(err)
	}
	if want := "$argon2id$v=19$m=65536,t=3,p=1$"; !strings.HasPrefix(encoded, want) {
		t.Errorf("Hash = %q, want the prefix %q", encoded, want)
	}
	if diff := cmp.Diff(verifyResult{OK: true}, verify(encoded, "correct horse battery staple")); diff != "" {
		t.Errorf("Verify of the right password (-want +got):\n%s", diff)
	}
}

func TestVerifyTellsPasswordsApart(t *testing.T) {
	t.Parallel()
	h := cheapHasher(t)
	encoded, _ := h.Hash("correct horse battery staple")
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
			ok, rehash, err := h.Verify(encoded, tt.password)
			got := verifyResult{OK: ok, NeedsRehash: rehash, Err: err != nil}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("Verify (-want +got):\n%s", diff)
			}
		})
	}
}

// cheapHasher is a Hasher at the cost of cheap.
func cheapHasher(t *testing.T) *Hasher {
	t.Helper()
	h, err := NewHasher(Cost{MemoryKiB: cheap.memory, Passes: cheap.time, Lanes: cheap.threads})
	if err != nil {
		t.Fatal(err)
	}
	return h
}

func TestNewHasherRefusesCostsVerifyWouldRefuse(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		cost Cost
	}{
		{"no passes", Cost{MemoryKiB: 64, Passes: 0, Lanes: 1}},
		{"more passes than Verify reads", Cost{MemoryKiB: 64, Passes: maxTime + 1, Lanes: 1}},
		{"no lanes", Cost{MemoryKiB: 64, Passes: 1, Lanes: 0}},
		{"more lanes than Verify reads", Cost{MemoryKiB: 1024, Passes: 1, Lanes: maxThreads + 1}},
		{"under 8 KiB a lane", Cost{MemoryKiB: 15, Passes: 1, Lanes: 2}},
		{"more memory than Verify reads", Cost{MemoryKiB: maxMemoryKiB + 1, Passes: 1, Lanes: 1}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if h, err := NewHasher(tt.cost); err == nil {
				t.Errorf("NewHasher(%+v) = %+v, want an error", tt.cost, h.Cost())
			}
		})
	}
}

func TestAHasherRehashesOnlyBelowItsOwnCost(t *testing.T) {
	t.Parallel()
	h := cheapHasher(t)
	cheapHash, _ := h.Hash("a long enough passphrase")
	if want := "$argon2id$v=19$m=64,t=1,p=1$"; !strings.HasPrefix(cheapHash, want) {
		t.Errorf("Hash = %q, want the prefix %q", cheapHash, want)
	}
	stronger := hashWith(params{memory: 128, time: 2, threads: 1, saltLen: 16, keyLen: 32}, "a long enough passphrase")
	tests := []struct {
		name    string
		hasher  *Hasher
		encoded string
		want    verifyResult
	}{
		{"the cheap hasher keeps its own hashes", h, cheapHash, verifyResult{OK: true}},
		{"the cheap hasher keeps a costlier hash", h, stronger, verifyResult{OK: true}},
		{"production rehashes a cheap hash", Production(), cheapHash, verifyResult{OK: true, NeedsRehash: true}},
		{"the nil hasher rehashes a cheap hash", nil, cheapHash, verifyResult{OK: true, NeedsRehash: true}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ok, rehash, err := tt.hasher.Verify(tt.encoded, "a long enough passphrase")
			if diff := cmp.Diff(tt.want, verifyResult{OK: ok, NeedsRehash: rehash, Err: err != nil}); diff != "" {
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

func TestVerifyNeedsRehashBelowTheHashersCost(t *testing.T) {
	t.Parallel()
	// The comparison is the same at every cost; a small one stands in for
	// the policy, so that each case hashes in microseconds.
	base := params{memory: 64, time: 3, threads: 1, saltLen: 16, keyLen: 32}
	h, err := NewHasher(Cost{MemoryKiB: base.memory, Passes: base.time, Lanes: base.threads})
	if err != nil {
		t.Fatal(err)
	}
	with := func(change func(*params)) params {
		p := base
		change(&p)
		return p
	}
	tests := []struct {
		name   string
		params params
		rehash bool
	}{
		{"less memory than the hasher's", with(func(p *params) { p.memory = 32 }), true},
		{"fewer passes than the hasher's", with(func(p *params) { p.time = 2 }), true},
		{"a shorter salt than the hasher's", with(func(p *params) { p.saltLen = 8 }), true},
		{"a shorter hash than the hasher's", with(func(p *params) { p.keyLen = 16 }), true},
		{"the hasher's own cost", base, false},
		{"more lanes at the hasher's memory and passes", with(func(p *params) { p.threads = 2 }), false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			encoded := hashWith(tt.params, "a long enough passphrase")
			ok, rehash, err := h.Verify(encoded, "a long enough passphrase")
			want := verifyResult{OK: true, NeedsRehash: tt.rehash}
			if diff := cmp.Diff(want, verifyResult{OK: ok, NeedsRehash: rehash, Err: err != nil}); diff != "" {
				t.Errorf("Verify (-want +got):\n%s", diff)
			}
			if ok, rehash, err := h.Verify(encoded, "another passphrase"); ok || rehash || err != nil {
				t.Errorf("Verify with a wrong password = %v, %v, %v", ok, rehash, err)
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

func TestDummyVerifyRunsAtTheHashersCost(t *testing.T) {
	// Not parallel: it reads the process's allocation counter. argon2
	// allocates its memory cost, so the bytes allocated show the cost run
	// without a timing assertion.
	allocated := func(f func()) uint64 {
		var before, after runtime.MemStats
		runtime.ReadMemStats(&before)
		f()
		runtime.ReadMemStats(&after)
		return after.TotalAlloc - before.TotalAlloc
	}
	if got, want := allocated(func() { DummyVerify("whatever was typed") }), uint64(policy.memory)*1024; got < want {
		t.Errorf("DummyVerify allocated %d bytes, want the policy's %d at least", got, want)
	}
	h := cheapHasher(t)
	if got := allocated(func() { h.DummyVerify("") }); got >= 1<<20 {
		t.Errorf("a cheap hasher's DummyVerify allocated %d bytes, want under 1 MiB", got)
	}
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
