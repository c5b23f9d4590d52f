package web

import (
	"bytes"
	"testing"
	"time"

	"clinic"
)

// FuzzManageToken feeds arbitrary text to the manage-link reader: it never
// panics, accepts nothing it did not sign, and reads back every link it
// signs.
func FuzzManageToken(f *testing.F) {
	s := &Server{cfg: Config{LinkKey: bytes.Repeat([]byte{5}, 32)}}
	a := &clinic.Appointment{ID: 42, Sequence: 3, Start: time.Date(2027, 3, 14, 9, 0, 0, 0, time.UTC)}
	signed := s.manageLink(a)[len("/appointments/manage/"):]
	for _, seed := range []string{signed, "", ".", "AQA.AAAA", signed + "A", "a.b.c", string([]byte{0xff, '.', 0xfe})} {
		f.Add(seed, int64(7), 2)
	}
	f.Fuzz(func(t *testing.T, token string, id int64, seq int) {
		if tok, err := s.readManageToken(token); err == nil && token != signed {
			if relink := s.manageLink(&clinic.Appointment{ID: tok.ID, Sequence: tok.Seq, Start: tok.Expires.Add(-manageLife)}); relink[len("/appointments/manage/"):] != token {
				t.Errorf("accepted %q, which signs as %q", token, relink)
			}
		}
		if id < 0 || seq < 0 {
			return
		}
		b := &clinic.Appointment{ID: id, Sequence: seq, Start: time.Unix(id%1e10, 0)}
		got, err := s.readManageToken(s.manageLink(b)[len("/appointments/manage/"):])
		if err != nil || got.ID != id || got.Seq != seq || !got.Expires.Equal(b.Start.Add(manageLife).Truncate(time.Second)) {
			t.Errorf("round trip of %d/%d: %+v, %v", id, seq, got, err)
		}
	})
}
