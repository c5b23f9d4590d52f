package auth

import (
	"bytes"
	"crypto/subtle"
	"encoding/base32"
	"fmt"
	"image/png"
	"strings"
	"time"
	"unicode"

	"github.com/pquerna/otp"
	"github.com/pquerna/otp/hotp"
	"github.com/pquerna/otp/totp"
)

// TOTP settings. These are the ones every authenticator app understands:
// RFC 6238's defaults of HMAC-SHA1, six digits and 30-second steps, with a
// 160-bit secret as RFC 4226 recommends.
const (
	totpPeriod     = 30
	totpSkew       = 1 // steps accepted either side of now, for clock drift
	totpDigits     = 6
	totpSecretSize = 20
	maxCodeInput   = 64 // bytes of typed code looked at, spaces included
)

var totpOpts = hotp.ValidateOpts{Digits: otp.DigitsSix, Algorithm: otp.AlgorithmSHA1}

// NewTOTP makes a new random TOTP secret for account (the staff member's
// email) at issuer (the clinic's name). It returns the secret in base32,
// which the caller stores encrypted, and the otpauth:// URL that an
// authenticator app reads from a QR code. Both must stay out of logs.
func NewTOTP(issuer, account string) (secret, otpauthURL string, err error) {
	key, err := totp.Generate(totp.GenerateOpts{
		Issuer:      issuer,
		AccountName: account,
		Period:      totpPeriod,
		SecretSize:  totpSecretSize,
		Digits:      otp.DigitsSix,
		Algorithm:   otp.AlgorithmSHA1,
	})
	if err != nil {
		return "", "", fmt.Errorf("auth: new totp: %w", err)
	}
	return key.Secret(), key.URL(), nil
}

// QRCodePNG draws otpauthURL as a QR code in a PNG image of size by size
// pixels, 64 to 1024. The image carries the secret: serve it with
// Cache-Control: no-store and never write it to disk.
func QRCodePNG(otpauthURL string, size int) ([]byte, error) {
	if size < 64 || size > 1024 {
		return nil, fmt.Errorf("auth: qr code: size %d is outside 64 to 1024", size)
	}
	key, err := otp.NewKeyFromURL(otpauthURL)
	if err != nil || key.Type() != "totp" || key.Secret() == "" {
		return nil, fmt.Errorf("auth: qr code: not an otpauth://totp/ URL with a secret")
	}
	img, err := key.Image(size, size)
	if err != nil {
		return nil, fmt.Errorf("auth: qr code: %w", err)
	}
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		return nil, fmt.Errorf("auth: qr code: %w", err)
	}
	return buf.Bytes(), nil
}

// VerifyTOTP checks a code typed by a person against secret at time now.
// It accepts the code of the current 30-second step or of the step either
// side, but never of a step at or before lastStep, the step of the code
// last accepted for this secret (0 when none was). On success the caller
// stores the returned step as the new lastStep, so that each code works
// once. Spaces in code are ignored; anything but six digits is refused.
func VerifyTOTP(secret, code string, now time.Time, lastStep int64) (step int64, ok bool) {
	code, valid := cleanCode(code)
	if !valid || !ValidSecret(secret) {
		return 0, false
	}
	current := floorDiv(now.Unix(), totpPeriod)
	for s := current - totpSkew; s <= current+totpSkew; s++ {
		if s <= lastStep || s < 0 {
			continue
		}
		want, err := hotp.GenerateCodeCustom(secret, uint64(s), totpOpts)
		if err != nil {
			return 0, false
		}
		if subtle.ConstantTimeCompare([]byte(want), []byte(code)) == 1 {
			return s, true
		}
	}
	return 0, false
}

// ValidSecret reports whether secret is a TOTP secret as NewTOTP makes
// them: unpadded base32 of 16 to 64 bytes. An empty or short secret would
// make codes anyone can compute, so it never verifies.
func ValidSecret(secret string) bool {
	if len(secret) > 128 {
		return false
	}
	b, err := base32.StdEncoding.WithPadding(base32.NoPadding).DecodeString(strings.ToUpper(secret))
	return err == nil && len(b) >= 16 && len(b) <= 64
}

// cleanCode drops white space from a typed code and reports whether six
// ASCII digits are left.
func cleanCode(code string) (string, bool) {
	if len(code) > maxCodeInput {
		return "", false
	}
	code = strings.Map(func(r rune) rune {
		if unicode.IsSpace(r) {
			return -1
		}
		return r
	}, code)
	if len(code) != totpDigits || strings.Trim(code, "0123456789") != "" {
		return "", false
	}
	return code, true
}

// floorDiv divides rounding toward minus infinity, so that times before
// 1970 fall in the right step.
func floorDiv(a, b int64) int64 {
	q := a / b
	if a%b != 0 && (a < 0) != (b < 0) {
		q--
	}
	return q
}
