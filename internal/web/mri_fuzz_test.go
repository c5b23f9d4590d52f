package web

import (
	"bytes"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/tus/tusd/v2/pkg/handler"

	"clinic/internal/review"
)

// FuzzReviewToken feeds arbitrary text to the reader of the review's
// cookie and findings links: it never panics, accepts nothing it did not
// sign for that purpose, and reads back every token it signs.
func FuzzReviewToken(f *testing.F) {
	now := time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)
	s := &Server{cfg: Config{LinkKey: bytes.Repeat([]byte{5}, 32)}, now: func() time.Time { return now }}
	signed := s.signReview("upload", 42, now.Add(time.Hour))
	for _, seed := range []string{signed, "", ".", "AQ.AAAA", signed + "A", "a.b.c", string([]byte{0xff, '.', 0xfe})} {
		f.Add(seed, int64(7))
	}
	f.Fuzz(func(t *testing.T, token string, id int64) {
		if got, ok := s.readReview("upload", token); ok && token != signed && got == 42 {
			t.Errorf("accepted %q as request 42", token)
		}
		if _, ok := s.readReview("findings", token); ok && token == signed {
			t.Error("an upload cookie opened the findings")
		}
		if id <= 0 {
			return
		}
		tok := s.signReview("findings", id, now.Add(time.Minute))
		if got, ok := s.readReview("findings", tok); !ok || got != id {
			t.Errorf("signed %d, read %d, %v", id, got, ok)
		}
		if _, ok := s.readReview("findings", s.signReview("findings", id, now)); ok {
			t.Error("an expired token was accepted")
		}
	})
}

// FuzzUploadMetadata feeds arbitrary Upload-Metadata headers to tusd's
// parser and to the name we keep: never a panic, never invalid UTF-8, a
// leading slash or a backslash in the name.
func FuzzUploadMetadata(f *testing.F) {
	for _, seed := range []string{"filename dGVzdA==,relativePath Q0QvRElDT00vSU0x", "", "relativePath", "filename !!!,", "relativePath XC4uXFxldmls"} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, header string) {
		name := review.FileName(handler.ParseMetadataHeader(header))
		if name == "" || name[0] == '/' || bytes.ContainsRune([]byte(name), '\\') || !utf8.ValidString(name) {
			t.Errorf("name %q from %q", name, header)
		}
	})
}
