package web

import (
	"crypto/aes"
	"crypto/cipher"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"errors"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"clinic"
	"clinic/internal/intake"
)

// Nothing a person answers is kept unless they ask. Booking from the
// result with "share these answers" ticked carries the answers, sealed, in
// a short-lived cookie of the booking pages until the booking is made,
// then keeps them with the appointment; asking to be called back keeps
// them with the contact message the front desk reads.

// answersCookie carries the answers to the booking pages, sealed.
const (
	answersCookie   = "diagnose"
	answersLifetime = 2 * time.Hour
)

// diagnoseBook sends the person to the booking pages, with the answers
// sealed in a cookie when they chose to share them. An emergency sign
// never gets this far: it gives the emergency stop again.
func (s *Server) diagnoseBook(w http.ResponseWriter, r *http.Request) error {
	a, err := s.finishedAnswers(w, r)
	if err != nil || a == nil {
		return err
	}
	cookie := &http.Cookie{Name: answersCookie, Path: "/appointments", HttpOnly: true,
		Secure: strings.HasPrefix(s.cfg.BaseURL, "https://"), SameSite: http.SameSiteLaxMode, MaxAge: -1}
	if r.PostForm.Get("attach") == "yes" {
		cookie.Value = s.sealAnswers(*a, s.now().Add(answersLifetime))
		cookie.MaxAge = int(answersLifetime / time.Second)
	}
	http.SetCookie(w, cookie)
	http.Redirect(w, r, "/appointments", http.StatusSeeOther)
	return nil
}

// finishedAnswers reads the answers of a result page's form. After an
// emergency sign it shows the emergency stop and returns nil answers; an
// unfinished check is a 400.
func (s *Server) finishedAnswers(w http.ResponseWriter, r *http.Request) (*intake.Answers, error) {
	a, _, err := readAnswers(r)
	if err != nil {
		return nil, err
	}
	if intake.Next(a).Kind == intake.EmergencyStop {
		return nil, s.emergencyStop(w, r, a)
	}
	if _, err := intake.Triage(a); err != nil {
		return nil, &clinic.Error{Kind: clinic.EInvalid, Err: err,
			Message: "Some questions have no answer yet. Please go back to the questions, or start again at /diagnose."}
	}
	return &a, nil
}

// attachAnswers keeps the answers the booking's browser carries with the
// appointment just booked, and forgets the cookie. A failure does not undo
// the booking: it is logged, without the answers.
func (s *Server) attachAnswers(w http.ResponseWriter, r *http.Request, appt *clinic.Appointment) {
	c, err := r.Cookie(answersCookie)
	if err != nil || s.cfg.Triage == nil {
		return
	}
	http.SetCookie(w, &http.Cookie{Name: answersCookie, Path: "/appointments", MaxAge: -1, HttpOnly: true,
		Secure: strings.HasPrefix(s.cfg.BaseURL, "https://"), SameSite: http.SameSiteLaxMode})
	a, err := s.openAnswers(c.Value, s.now())
	if err != nil {
		s.log.WarnContext(r.Context(), "diagnose answers not attached", "appointment", appt.ID, "err", err)
		return
	}
	if err := s.cfg.Triage.AttachTriage(r.Context(), appt.ID, a.Encode()); err != nil {
		s.log.ErrorContext(r.Context(), "diagnose answers not attached", "appointment", appt.ID, "err", err)
	}
}

// answersKey is the AES-256 key of the answers cookie, derived from the
// link key so that every instance shares it.
func (s *Server) answersKey() cipher.AEAD {
	m := hmac.New(sha256.New, s.cfg.LinkKey)
	m.Write([]byte("clinic diagnose answers"))
	block, _ := aes.NewCipher(m.Sum(nil)) // 32 bytes: never an error
	aead, _ := cipher.NewGCM(block)
	return aead
}

// sealAnswers seals the answers and the time they expire.
func (s *Server) sealAnswers(a intake.Answers, until time.Time) string {
	aead := s.answersKey()
	nonce := make([]byte, aead.NonceSize())
	rand.Read(nonce)
	plain := strconv.FormatInt(until.Unix(), 10) + "|" + a.Encode().Encode()
	return base64.RawURLEncoding.EncodeToString(aead.Seal(nonce, nonce, []byte(plain), []byte(answersCookie)))
}

var errBadAnswers = errors.New("the answers cookie is not ours, or has expired")

// openAnswers opens a value of sealAnswers that has not expired by now.
func (s *Server) openAnswers(v string, now time.Time) (intake.Answers, error) {
	aead := s.answersKey()
	b, err := base64.RawURLEncoding.DecodeString(v)
	if err != nil || len(b) < aead.NonceSize() || len(s.cfg.LinkKey) == 0 {
		return intake.Answers{}, errBadAnswers
	}
	plain, err := aead.Open(nil, b[:aead.NonceSize()], b[aead.NonceSize():], []byte(answersCookie))
	if err != nil {
		return intake.Answers{}, errBadAnswers
	}
	until, rest, _ := strings.Cut(string(plain), "|")
	sec, err := strconv.ParseInt(until, 10, 64)
	if err != nil || !now.Before(time.Unix(sec, 0)) {
		return intake.Answers{}, errBadAnswers
	}
	vals, err := url.ParseQuery(rest)
	if err != nil {
		return intake.Answers{}, errBadAnswers
	}
	a, errs := intake.ParseAnswers(vals)
	if errs != nil || intake.Next(a).Kind != intake.Finished {
		return intake.Answers{}, errBadAnswers
	}
	return a, nil
}

// diagnoseCall asks the front desk to call back: with consent, the
// answers and the contact details become a lead, sealed.
func (s *Server) diagnoseCall(w http.ResponseWriter, r *http.Request) error {
	if s.cfg.Triage == nil {
		return clinic.Errorf(clinic.EInternal, "web: no triage service")
	}
	a, err := s.finishedAnswers(w, r)
	if err != nil || a == nil {
		return err
	}
	f := r.PostForm
	m := &clinic.ContactMessage{Name: f.Get("name"), Email: f.Get("email"), Phone: f.Get("phone"), ClientAddr: s.clientKey(r)}
	m.Normalize()
	m.Message = callMessage(*a)
	errs := m.Validate()
	if m.Phone == "" {
		errs = merge(errs, "phone", "Please give a phone number we can call you on.")
	}
	if f.Get("consent") != "yes" {
		errs = merge(errs, "consent", "Please tick the box so that we may keep your answers and call you.")
	}
	if errs == nil {
		err = s.cfg.Triage.CreateTriageLead(r.Context(), m, a.Encode(), s.now())
	}
	if errs != nil || clinic.ErrorKind(err) == clinic.ETooMany {
		return s.callForm(w, r, *a, m, errs, err)
	}
	if err != nil {
		return err
	}
	http.Redirect(w, r, "/diagnose/thanks", http.StatusSeeOther)
	return nil
}

// callForm shows the result again with the call-back form open and what
// to fix.
func (s *Server) callForm(w http.ResponseWriter, r *http.Request, a intake.Answers, m *clinic.ContactMessage, errs clinic.FieldErrors, err error) error {
	p, perr := s.resultOf(r, a)
	if perr != nil {
		return perr
	}
	p.Form, p.Errors, p.Callback, p.Consent = *m, errs, true, r.PostForm.Get("consent") == "yes"
	p.Problem = "Please correct the fields marked below."
	status := http.StatusUnprocessableEntity
	if err != nil {
		p.Problem, status = clinic.ErrorMessage(err), http.StatusTooManyRequests
	}
	return s.renderPrivate(w, status, "diagnose-result", p)
}

// callMessage is the lead's text: the urgency and the answers in words.
func callMessage(a intake.Answers) string {
	res, _ := intake.Triage(a) // finished: no error
	var b strings.Builder
	b.WriteString("Please call me back about my answers to Diagnose my pain.\n\nUrgency: " + res.Urgency.String() + ". " + res.Urgency.Advice() + "\n\n")
	for _, l := range intake.Summary(a) {
		b.WriteString(l.Topic + ": " + l.Text + "\n")
	}
	return b.String()
}

type thanksDiagnosePage struct{ basePage }

// diagnoseThanks confirms a call-back request.
func (s *Server) diagnoseThanks(w http.ResponseWriter, r *http.Request) error {
	var p thanksDiagnosePage
	if err := s.diagnoseBase(r, &p.basePage, "Thank you: we will call you"); err != nil {
		return err
	}
	return s.render(w, http.StatusOK, "diagnose-thanks", p)
}
