package auth

import (
	"bytes"
	"image/png"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/pquerna/otp/hotp"
	"github.com/pquerna/otp/totp"
)

// rfcSecret is RFC 6238's SHA-1 test key, the ASCII "12345678901234567890",
// in base32.
const rfcSecret = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ"

type totpResult struct {
	Step int64
	OK   bool
}

func verifyTOTP(secret, code string, now int64, lastStep int64) totpResult {
	step, ok := VerifyTOTP(secret, code, time.Unix(now, 0), lastStep)
	return totpResult{step, ok}
}

// TestVerifyTOTPVectors checks the SHA-1 vectors of RFC 6238 appendix B,
// whose 8-digit codes end in these 6 digits.
func TestVerifyTOTPVectors(t *testing.T) {
	tests := []struct {
		unix int64
		code string
	}{
		{59, "287082"},
		{1111111109, "081804"},
		{1111111111, "050471"},
		{1234567890, "005924"},
		{2000000000, "279037"},
		{20000000000, "353130"},
	}
	for _, tt := range tests {
		t.Run(time.Unix(tt.unix, 0).UTC().Format(time.RFC3339), func(t *testing.T) {
			want := totpResult{Step: tt.unix / 30, OK: true}
			if diff := cmp.Diff(want, verifyTOTP(rfcSecret, tt.code, tt.unix, 0)); diff != "" {
				t.Errorf("VerifyTOTP(%q) (-want +got):\n%s", tt.code, diff)
			}
		})
	}
}

func TestVerifyTOTPWindowAndReplay(t *testing.T) {
	const at = 1111111111 // step 37037037, code 050471
	const step = at / 30
	tests := []struct {
		name     string
		now      int64
		lastStep int64
		want     totpResult
	}{
		{"the code of the current step is accepted", at, 0, totpResult{step, true}},
		{"a code one step old is accepted", at + 30, 0, totpResult{step, true}},
		{"a code one step ahead is accepted", at - 30, 0, totpResult{step, true}},
		{"a code two steps old is refused", at + 60, 0, totpResult{}},
		{"a code two steps ahead is refused", at - 60, 0, totpResult{}},
		{"a code already accepted is refused", at, step, totpResult{}},
		{"a code already accepted is refused a step later", at + 30, step, totpResult{}},
		{"a code older than the last accepted is refused", at, step + 1, totpResult{}},
		{"a code right after the last accepted is accepted", at, step - 1, totpResult{step, true}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if diff := cmp.Diff(tt.want, verifyTOTP(rfcSecret, "050471", tt.now, tt.lastStep)); diff != "" {
				t.Errorf("VerifyTOTP (-want +got):\n%s", diff)
			}
		})
	}
}

func TestVerifyTOTPCodes(t *testing.T) {
	const at = 59 // code 287082
	tests := []struct {
		name   string
		code   string
		secret string
		ok     bool
	}{
		{"six digits", "287082", rfcSecret, true},
		{"digits in two groups", "287 082", rfcSecret, true},
		{"spaces around", " 287082\n", rfcSecret, true},
		{"a tab and a no-break space", "287\t082\u00a0", rfcSecret, true},
		{"a lower-case secret", "287082", "gezdgnbvgy3tqojqgezdgnbvgy3tqojq", true},
		{"an empty code", "", rfcSecret, false},
		{"only spaces", "      ", rfcSecret, false},
		{"five digits", "28708", rfcSecret, false},
		{"seven digits", "2870820", rfcSecret, false},
		{"the RFC's eight digits", "94287082", rfcSecret, false},
		{"a letter", "28708a", rfcSecret, false},
		{"a dash", "287-082", rfcSecret, false},
		{"a sign", "+87082", rfcSecret, false},
		{"Arabic-Indic digits", "٢٨٧٠٨٢", rfcSecret, false},
		{"full-width digits", "２８７０８２", rfcSecret, false},
		{"a wrong code", "287083", rfcSecret, false},
		{"a very long run of spaces", "287082" + string(bytes.Repeat([]byte(" "), 100)), rfcSecret, false},
		{"a secret that is not base32", "287082", "not base32!", false},
		{"an empty secret", "287082", "", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if _, ok := VerifyTOTP(tt.secret, tt.code, time.Unix(at, 0), 0); ok != tt.ok {
				t.Errorf("VerifyTOTP(%q, %q) ok = %v, want %v", tt.secret, tt.code, ok, tt.ok)
			}
		})
	}
}

func TestNewTOTP(t *testing.T) {
	secret, rawURL, err := NewTOTP("Evergreen Spine Institute", "alex@example.com")
	if err != nil {
		t.Fatal(err)
	}
	if len(secret) != 32 {
		t.Errorf("secret has %d base32 characters, want 32 (160 bits)", len(secret))
	}
	u, err := url.Parse(rawURL)
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]string{"scheme": u.Scheme, "host": u.Host, "path": u.Path}
	for _, k := range []string{"secret", "issuer", "algorithm", "digits", "period"} {
		got[k] = u.Query().Get(k)
	}
	want := map[string]string{
		"scheme": "otpauth", "host": "totp", "path": "/Evergreen Spine Institute:alex@example.com",
		"secret": secret, "issuer": "Evergreen Spine Institute", "algorithm": "SHA1", "digits": "6", "period": "30",
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("otpauth URL (-want +got):\n%s", diff)
	}
	now := time.Now()
	code, err := totp.GenerateCode(secret, now)
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := VerifyTOTP(secret, code, now, 0); !ok {
		t.Error("the code an app would show for the new secret is refused")
	}
	other, _, _ := NewTOTP("Evergreen Spine Institute", "alex@example.com")
	if other == secret {
		t.Error("two new secrets are the same")
	}
}

func TestNewTOTPRefusesEmptyNames(t *testing.T) {
	for _, names := range [][2]string{{"", "alex@example.com"}, {"Evergreen Spine Institute", ""}} {
		if _, _, err := NewTOTP(names[0], names[1]); err == nil {
			t.Errorf("NewTOTP(%q, %q) gave no error", names[0], names[1])
		}
	}
}

func TestQRCodePNG(t *testing.T) {
	_, rawURL, err := NewTOTP("Evergreen Spine Institute", "alex@example.com")
	if err != nil {
		t.Fatal(err)
	}
	b, err := QRCodePNG(rawURL, 256)
	if err != nil {
		t.Fatal(err)
	}
	img, err := png.Decode(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([2]int{256, 256}, [2]int{img.Bounds().Dx(), img.Bounds().Dy()}); diff != "" {
		t.Errorf("image size (-want +got):\n%s", diff)
	}
}

func TestQRCodePNGRefuses(t *testing.T) {
	_, good, _ := NewTOTP("Evergreen Spine Institute", "alex@example.com")
	tests := []struct {
		name string
		url  string
		size int
	}{
		{"a size under 64 pixels", good, 63},
		{"a size over 1024 pixels", good, 1025},
		{"a negative size", good, -1},
		{"a web address", "https://example.com/", 256},
		{"an HOTP URL", "otpauth://hotp/X:y?secret=GEZDGNBV&counter=1", 256},
		{"a TOTP URL without a secret", "otpauth://totp/X:y?issuer=X", 256},
		{"a string that is no URL", "%zz", 256},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if _, err := QRCodePNG(tt.url, tt.size); err == nil {
				t.Errorf("QRCodePNG(%q, %d) gave no error", tt.url, tt.size)
			}
		})
	}
}

// FuzzVerifyTOTP feeds VerifyTOTP arbitrary codes and times. Whatever it
// accepts must be six digits once spaces are dropped, from a step within
// one of now and after lastStep, and must be the code of that step.
func FuzzVerifyTOTP(f *testing.F) {
	f.Add("287082", int64(59), int64(0))
	f.Add("287 082", int64(89), int64(0))
	f.Add("050471", int64(1111111111), int64(37037037))
	f.Add("٢٨٧٠٨٢", int64(59), int64(-5))
	f.Add("", int64(-1<<62), int64(1<<62))
	f.Fuzz(func(t *testing.T, code string, now, lastStep int64) {
		at := time.Unix(now, 0)
		step, ok := VerifyTOTP(rfcSecret, code, at, lastStep)
		if !ok {
			return
		}
		digits, valid := cleanCode(code)
		current := floorDiv(at.Unix(), 30)
		if !valid || step <= lastStep || step < current-1 || step > current+1 {
			t.Fatalf("accepted %q at %d after step %d as step %d", code, now, lastStep, step)
		}
		want, err := hotp.GenerateCode(rfcSecret, uint64(step))
		if err != nil || want != digits {
			t.Fatalf("accepted %q as step %d, whose code is %q", code, step, want)
		}
	})
}

func TestShortOrEmptySecretsNeverVerify(t *testing.T) {
	for _, secret := range []string{"", "A", "AAAAAAAA", "GEZDGNBV", "not base32!", strings.Repeat("A", 200)} {
		code, err := hotp.GenerateCodeCustom(secret, uint64(time.Unix(1_700_000_000, 0).Unix()/30), totpOpts)
		if err != nil {
			code = "000000"
		}
		if _, ok := VerifyTOTP(secret, code, time.Unix(1_700_000_000, 0), 0); ok {
			t.Errorf("secret %q verified", secret)
		}
	}
	if !ValidSecret("GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ") {
		t.Error("RFC 6238's secret is refused")
	}
}
