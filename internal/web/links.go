package web

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"encoding/binary"
	"strings"
	"time"
)

// maxLinkToken bounds a signed link's token before any decoding.
const maxLinkToken = 200

// signLink is a token naming nums until expires, signed with the link key
// for domain, which keeps each kind of link apart from every other: the
// numbers and the expiry as varints, then a truncated HMAC, each part in
// unpadded base64url.
func (s *Server) signLink(domain string, expires time.Time, nums ...uint64) string {
	var b []byte
	for _, n := range nums {
		b = binary.AppendUvarint(b, n)
	}
	b = binary.AppendVarint(b, expires.Unix())
	enc := base64.RawURLEncoding
	return enc.EncodeToString(b) + "." + enc.EncodeToString(s.linkMAC(domain, b))
}

// readLink checks a token of signLink for domain holding count numbers,
// and returns them and its expiry, whether or not that has passed.
func (s *Server) readLink(domain, token string, count int) ([]uint64, time.Time, bool) {
	payload, mac, ok := strings.Cut(token, ".")
	// One spelling per token: the decoder would skip line breaks.
	enc := base64.RawURLEncoding.Strict()
	if strings.ContainsAny(token, "\r\n") {
		return nil, time.Time{}, false
	}
	b, err1 := enc.DecodeString(payload)
	sum, err2 := enc.DecodeString(mac)
	if !ok || len(token) > maxLinkToken || err1 != nil || err2 != nil || len(s.cfg.LinkKey) == 0 || !hmac.Equal(sum, s.linkMAC(domain, b)) {
		return nil, time.Time{}, false
	}
	nums := make([]uint64, count)
	at := 0
	for i := range nums {
		v, n := binary.Uvarint(b[at:])
		if n <= 0 {
			return nil, time.Time{}, false
		}
		nums[i], at = v, at+n
	}
	exp, n := binary.Varint(b[at:])
	if n <= 0 || at+n != len(b) {
		return nil, time.Time{}, false
	}
	return nums, time.Unix(exp, 0), true
}

func (s *Server) linkMAC(domain string, b []byte) []byte {
	m := hmac.New(sha256.New, s.cfg.LinkKey)
	m.Write([]byte(domain + "\x00"))
	m.Write(b)
	return m.Sum(nil)[:16]
}
