package web

import (
	"encoding/json"
	"io"
	"net/http"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"clinic"
	"clinic/internal/auth"
	"clinic/internal/passkey"
)

// ceremonyCookie holds the token of a passkey ceremony between its two
// steps: the challenge stays on the server, found by the token's hash,
// used once.
const ceremonyCookie = "__Host-clinic_passkey"

// maxPasskeyAnswer bounds what a browser sends back from a ceremony.
const maxPasskeyAnswer = 32 << 10

// passkeysOn reports whether the server can run passkey ceremonies.
func (s *Server) passkeysOn() bool { return s.rp != nil && s.cfg.Passkeys != nil }

// startCeremony keeps a ceremony's session data under a new token, set
// in a cookie of its own, and sends the browser its options.
func (s *Server) startCeremony(w http.ResponseWriter, r *http.Request, kind string, sessionID int64, options, data []byte) error {
	plain, hash := auth.NewToken()
	c := &clinic.Ceremony{TokenHash: hash, Kind: kind, SessionID: sessionID, Data: data, Expires: s.now().Add(clinic.PasskeyCeremonyLifetime)}
	if err := s.cfg.Passkeys.SaveCeremony(r.Context(), c); err != nil {
		return err
	}
	http.SetCookie(w, &http.Cookie{Name: ceremonyCookie, Value: plain, Path: "/", Secure: true, HttpOnly: true,
		SameSite: http.SameSiteStrictMode, MaxAge: int(clinic.PasskeyCeremonyLifetime / time.Second)})
	return writeJSON(w, http.StatusOK, json.RawMessage(options))
}

// takeCeremony returns the ceremony of the request's cookie once.
func (s *Server) takeCeremony(w http.ResponseWriter, r *http.Request, kind string) (*clinic.Ceremony, error) {
	http.SetCookie(w, &http.Cookie{Name: ceremonyCookie, Value: "", Path: "/", Secure: true, HttpOnly: true, SameSite: http.SameSiteStrictMode, MaxAge: -1})
	ck, err := r.Cookie(ceremonyCookie)
	if err != nil || !plausibleToken(ck.Value) {
		return nil, clinic.Errorf(clinic.ENotFound, "That took too long, or was done already. Please try again.")
	}
	return s.cfg.Passkeys.TakeCeremony(r.Context(), auth.HashToken(ck.Value), kind, s.now())
}

// jsonAnswer wraps a handler whose caller is the passkey script: an error
// is a JSON message with its status, for the page to show.
func (s *Server) jsonAnswer(h handlerFunc) handlerFunc {
	return func(w http.ResponseWriter, r *http.Request) error {
		err := h(w, r)
		if err == nil || clinic.ErrorKind(err) == clinic.EInternal {
			return err
		}
		return writeJSON(w, status(err), map[string]string{"error": clinic.ErrorMessage(err)})
	}
}

// readAnswer reads the JSON a browser sent back from a ceremony.
func readAnswer(r *http.Request) ([]byte, error) {
	if !strings.HasPrefix(r.Header.Get("Content-Type"), "application/json") {
		return nil, clinic.Errorf(clinic.EInvalid, "Please use the button on the page: your browser runs the passkey steps.")
	}
	b, err := io.ReadAll(io.LimitReader(r.Body, maxPasskeyAnswer+1))
	if err != nil {
		return nil, clinic.Errorf(clinic.EInvalid, "The passkey's answer did not arrive whole. Please try again.")
	}
	if len(b) > maxPasskeyAnswer || !json.Valid(b) {
		return nil, clinic.Errorf(clinic.EInvalid, "The passkey's answer could not be read. Please try again.")
	}
	return b, nil
}

// passkeySignInOptions begins a sign-in with a passkey the browser holds
// for the site: no email is asked for.
func (s *Server) passkeySignInOptions(w http.ResponseWriter, r *http.Request) error {
	if !s.passkeysOn() {
		return clinic.Errorf(clinic.ENotFound, "Passkeys are not set up on this site. Please sign in with an emailed link.")
	}
	options, data, err := s.rp.BeginSignIn()
	if err != nil {
		return err
	}
	return s.startCeremony(w, r, clinic.CeremonySignIn, 0, options, data)
}

// passkeySignIn finishes a passkey sign-in and starts a portal session.
// Failures are throttled per client like other sign-in attempts.
func (s *Server) passkeySignIn(w http.ResponseWriter, r *http.Request) error {
	answer, err := readAnswer(r)
	if err != nil {
		return err
	}
	if !s.passkeysOn() {
		return clinic.Errorf(clinic.ENotFound, "Passkeys are not set up on this site.")
	}
	attempt, limited, err := s.cfg.Staff.TakeAttempt(r.Context(), s.now(), s.throttleKeys(r, "portal-passkey:", "")[1])
	if err != nil {
		return err
	} else if limited {
		return clinic.Errorf(clinic.ETooMany, "Too many passkey sign-ins did not work. Please wait 15 minutes, or sign in with an emailed link.")
	}
	c, err := s.takeCeremony(w, r, clinic.CeremonySignIn)
	if err != nil {
		return err
	}
	var account *clinic.PortalAccount
	_, credID, record, err := s.rp.FinishSignIn(c.Data, answer, func(handle []byte) (*passkey.User, error) {
		if account, err = s.cfg.Passkeys.PasskeyAccount(r.Context(), s.rp.ID, handle); err != nil {
			return nil, err
		}
		return s.passkeyUser(r, account, handle)
	})
	if err != nil {
		return err
	}
	if err := s.passkeyUsed(r, account.ID, credID, record); err != nil {
		return err
	}
	if err := s.cfg.Staff.ForgetAttempt(r.Context(), attempt); err != nil {
		return err
	}
	if err := s.startPortalSession(w, r, account, "passkey"); err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, map[string]string{"to": portalLanding(account)})
}

// passkeyUsed stores a passkey's record after a sign-in.
func (s *Server) passkeyUsed(r *http.Request, accountID int64, credID, record []byte) error {
	ps, err := s.cfg.Passkeys.Passkeys(r.Context(), s.rp.ID, accountID)
	if err != nil {
		return err
	}
	for _, p := range ps {
		if string(p.CredentialID) == string(credID) {
			return s.cfg.Passkeys.PasskeyUsed(r.Context(), p.ID, record)
		}
	}
	return clinic.Errorf(clinic.ENotFound, "This passkey was removed. Please sign in with an emailed link.")
}

// passkeyUser is an account as the passkey ceremonies see it.
func (s *Server) passkeyUser(r *http.Request, a *clinic.PortalAccount, handle []byte) (*passkey.User, error) {
	ps, err := s.cfg.Passkeys.Passkeys(r.Context(), s.rp.ID, a.ID)
	if err != nil {
		return nil, err
	}
	u := &passkey.User{Handle: handle, Name: a.Email}
	for _, p := range ps {
		u.Records = append(u.Records, p.Record)
	}
	return u, nil
}

type portalPasskeysPage struct {
	basePage
	Passkeys []*clinic.Passkey
	Done     string
}

// portalPasskeys lists the account's passkeys, with a button to add one.
func (s *Server) portalPasskeys(w http.ResponseWriter, r *http.Request) error {
	if !s.passkeysOn() {
		return clinic.Errorf(clinic.ENotFound, "Passkeys are not set up on this site.")
	}
	sess := portalSessionFrom(r.Context())
	ps, err := s.cfg.Passkeys.Passkeys(r.Context(), s.rp.ID, sess.AccountID)
	if err != nil {
		return err
	}
	p := portalPasskeysPage{Passkeys: ps, Done: r.URL.Query().Get("done")}
	return s.renderPortal(w, r, http.StatusOK, "portal-passkeys", "Passkeys", func(b basePage) any { p.basePage = b; return p })
}

// passkeyRegisterOptions begins making a passkey for the signed-in
// account; the ceremony belongs to this session.
func (s *Server) passkeyRegisterOptions(w http.ResponseWriter, r *http.Request) error {
	if !s.passkeysOn() {
		return clinic.Errorf(clinic.ENotFound, "Passkeys are not set up on this site.")
	}
	sess := portalSessionFrom(r.Context())
	handle, err := s.cfg.Passkeys.PasskeyHandle(r.Context(), s.rp.ID, sess.AccountID)
	if err != nil {
		return err
	}
	u, err := s.passkeyUser(r, sess.Account, handle)
	if err != nil {
		return err
	}
	options, data, err := s.rp.BeginRegistration(u)
	if err != nil {
		return err
	}
	return s.startCeremony(w, r, clinic.CeremonyRegister, sess.ID, options, data)
}

// passkeyRegisterAnswer is what the page sends: a name and the new
// credential as the browser wrote it.
type passkeyRegisterAnswer struct {
	Name       string          `json:"name"`
	Credential json.RawMessage `json:"credential"`
}

// passkeyRegister finishes making a passkey and keeps it. Audited.
func (s *Server) passkeyRegister(w http.ResponseWriter, r *http.Request) error {
	body, err := readAnswer(r)
	if err != nil {
		return err
	}
	var a passkeyRegisterAnswer
	if err := json.Unmarshal(body, &a); err != nil || len(a.Credential) == 0 {
		return clinic.Errorf(clinic.EInvalid, "The passkey's answer could not be read. Please try again.")
	}
	if a.Name = strings.TrimSpace(a.Name); a.Name == "" {
		a.Name = "Passkey"
	}
	if !validPasskeyName(a.Name) {
		return clinic.Errorf(clinic.EInvalid, "Please give the passkey a name of at most %d characters on one line.", clinic.MaxPasskeyNameLen)
	}
	sess := portalSessionFrom(r.Context())
	c, err := s.takeCeremony(w, r, clinic.CeremonyRegister)
	if err != nil {
		return err
	}
	if c.SessionID != sess.ID {
		return clinic.Errorf(clinic.ENotFound, "That took too long, or was done already. Please try again.")
	}
	handle, err := s.cfg.Passkeys.PasskeyHandle(r.Context(), s.rp.ID, sess.AccountID)
	if err != nil {
		return err
	}
	u, err := s.passkeyUser(r, sess.Account, handle)
	if err != nil {
		return err
	}
	id, record, err := s.rp.FinishRegistration(u, c.Data, a.Credential)
	if err != nil {
		return err
	}
	pk := &clinic.Passkey{AccountID: sess.AccountID, RPID: s.rp.ID, CredentialID: id, Name: a.Name, Record: record}
	if err := s.cfg.Passkeys.AddPasskey(r.Context(), pk); err != nil {
		return err
	}
	if err := s.portalAudit(r, sess.AccountID, "portal.passkey_added", idRecord("portal", sess.AccountID), ""); err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, map[string]string{"to": "/portal/passkeys?done=added"})
}

// validPasskeyName accepts a name of one short line of readable text.
func validPasskeyName(n string) bool {
	return utf8.ValidString(n) && utf8.RuneCountInString(n) <= clinic.MaxPasskeyNameLen &&
		!strings.ContainsFunc(n, unicode.IsControl)
}

// passkeyDelete removes one of the account's passkeys; another's is a
// 404. Audited.
func (s *Server) passkeyDelete(w http.ResponseWriter, r *http.Request) error {
	id, err := strconv.ParseInt(r.PathValue("passkey"), 10, 64)
	if err != nil || id <= 0 {
		return clinic.Errorf(clinic.ENotFound, "There is no such passkey.")
	}
	sess := portalSessionFrom(r.Context())
	if err := s.cfg.Passkeys.DeletePasskey(r.Context(), sess.AccountID, id); err != nil {
		return err
	}
	if err := s.portalAudit(r, sess.AccountID, "portal.passkey_removed", idRecord("portal", sess.AccountID), ""); err != nil {
		return err
	}
	http.Redirect(w, r, "/portal/passkeys?done=removed", http.StatusSeeOther)
	return nil
}
