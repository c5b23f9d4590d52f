package web

import (
	"bytes"
	"net/url"
	"testing"
	"time"

	"clinic"
	"clinic/internal/intake"
)

// FuzzQuestionnaireToken feeds arbitrary text to the questionnaire-link
// reader: it never panics, accepts nothing it did not sign, and reads back
// every link it signs.
func FuzzQuestionnaireToken(f *testing.F) {
	s := &Server{cfg: Config{LinkKey: bytes.Repeat([]byte{5}, 32)}}
	now := time.Date(2027, 3, 14, 9, 0, 0, 0, time.UTC)
	signed := s.questionnaireLink(42, 1, now)[len("/questionnaires/"):]
	for _, seed := range []string{signed, "", ".", "AQA.AAAA", signed + "A", "a.b.c", string([]byte{0xff, '.', 0xfe})} {
		f.Add(seed, int64(7), 2)
	}
	f.Fuzz(func(t *testing.T, token string, id int64, tp int) {
		if tok, err := s.readQuestionnaireToken(token, now); err == nil && token != signed {
			relink := s.questionnaireLink(tok.Appointment, tok.Time, tok.Expires.Add(-questionnaireLinkLife))
			if relink[len("/questionnaires/"):] != token {
				t.Errorf("accepted %q, which signs as %q", token, relink)
			}
		}
		if id < 0 || tp < 0 || tp >= clinic.NumTimes {
			return
		}
		got, err := s.readQuestionnaireToken(s.questionnaireLink(id, tp, now)[len("/questionnaires/"):], now)
		if err != nil || got.Appointment != id || got.Time != tp {
			t.Errorf("round trip of %d/%d: %+v, %v", id, tp, got, err)
		}
	})
}

// FuzzAnswersCookie feeds arbitrary text to the reader of the sealed
// answers cookie: it never panics and opens only what it sealed (each
// run seals with a nonce of its own, so the answers are compared), and
// nothing expired.
func FuzzAnswersCookie(f *testing.F) {
	s := &Server{cfg: Config{LinkKey: bytes.Repeat([]byte{5}, 32)}}
	now := time.Date(2027, 3, 14, 9, 0, 0, 0, time.UTC)
	v := url.Values{}
	for _, q := range intake.Questions() {
		if q.Kind == intake.YesNo {
			v.Set(q.ID, intake.No)
		}
	}
	for k, x := range map[string]string{"age": "40-49", "where": "neck", "since": "under-6-weeks", "pain_now": "3",
		"pain_average": "3", "better": "rest", "worse": "sitting", "tried": "none", "health": "none"} {
		v.Set(k, x)
	}
	v.Del("first_time")
	a, _ := intake.ParseAnswers(v)
	a = prune(a)
	sealed := s.sealAnswers(a, now.Add(time.Hour))
	for _, seed := range []string{sealed, "", "AAAA", sealed[:len(sealed)-1], "..", string([]byte{0xff})} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, cookie string) {
		got, err := s.openAnswers(cookie, now)
		if err == nil && got.Encode().Encode() != a.Encode().Encode() {
			t.Errorf("opened %q to answers we did not seal", cookie)
		}
		if err == nil && intake.Next(got).Kind != intake.Finished {
			t.Errorf("opened unfinished answers")
		}
		if _, err := s.openAnswers(sealed, now.Add(2*time.Hour)); err == nil {
			t.Error("an expired cookie opened")
		}
	})
}
