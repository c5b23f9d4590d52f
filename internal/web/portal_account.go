package web

import (
	"net/http"
	"strings"

	"clinic"
)

// Limits of a correction request, in characters.
const maxCorrectionLen = 2000

type portalAccountPage struct {
	basePage
	Done     string
	Problem  string
	Closed   bool
	Wrong    string
	Right    string
	Errors   clinic.FieldErrors
	Guardian bool // seen as a guardian: the rights are the patient's
	// HasPassword is set when the account signs in with a password and an
	// authenticator too.
	HasPassword bool
	Passkeys    bool // passkeys are set up on this site
}

// portalAccount shows the patient's rights over their records: the
// download, a correction request, and closing the portal account.
func (s *Server) portalAccount(w http.ResponseWriter, r *http.Request) error {
	p := portalAccountPage{Done: r.URL.Query().Get("done"), Guardian: !portalWhoFrom(r.Context()).Own,
		HasPassword: portalSessionFrom(r.Context()).Account.PasswordHash != "", Passkeys: s.passkeysOn()}
	return s.renderPortal(w, r, http.StatusOK, "portal-account", "Your account and your records", func(b basePage) any { p.basePage = b; return p })
}

// portalCorrectionForm asks what in the record is wrong and what it
// should say.
func (s *Server) portalCorrectionForm(w http.ResponseWriter, r *http.Request) error {
	return s.renderCorrection(w, r, http.StatusOK, portalAccountPage{})
}

func (s *Server) renderCorrection(w http.ResponseWriter, r *http.Request, status int, p portalAccountPage) error {
	return s.renderPortal(w, r, status, "portal-correction", "Ask for a correction", func(b basePage) any { p.basePage = b; return p })
}

// portalCorrection sends the care team a request to correct the record
// (45 CFR 164.526): a message of its own kind, flagged in their inbox,
// whether or not messages are offered. Audited.
func (s *Server) portalCorrection(w http.ResponseWriter, r *http.Request) error {
	if err := parseForm(r); err != nil {
		return err
	}
	clean := func(k string) string { return strings.TrimSpace(strings.ReplaceAll(r.PostForm.Get(k), "\r\n", "\n")) }
	p := portalAccountPage{Wrong: clean("wrong"), Right: clean("right")}
	m := &clinic.Message{Body: "What is wrong:\n" + p.Wrong + "\n\nWhat it should say:\n" + p.Right}
	p.Errors = clinic.FieldErrors{}
	for field, v := range map[string]string{"wrong": p.Wrong, "right": p.Right} {
		if errs := (&clinic.Message{Body: v}).Validate("", false); errs != nil || len([]rune(v)) > maxCorrectionLen {
			p.Errors[field] = "Please write this in at most 2000 characters we can read."
		}
	}
	if len(p.Errors) > 0 {
		return s.renderCorrection(w, r, http.StatusUnprocessableEntity, p)
	}
	sess := portalSessionFrom(r.Context())
	th := &clinic.Thread{PatientID: portalPatient(r.Context()), Subject: "Request to correct my record", Correction: true}
	if err := s.cfg.Messages.StartThread(r.Context(), th, m.Body); err != nil {
		return err
	}
	if err := s.portalAudit(r, sess.AccountID, "portal.correction", idRecord("patient", th.PatientID), idRecord("thread", th.ID)); err != nil {
		return err
	}
	http.Redirect(w, r, "/portal/account?done=correction", http.StatusSeeOther)
	return nil
}

// portalClose closes the portal account once the patient ticks that
// they understand: its sessions and passkeys end, and so does any access
// it had as a guardian. The clinic keeps the record, as the law requires
// of medical records; the page says so. Audited.
func (s *Server) portalClose(w http.ResponseWriter, r *http.Request) error {
	if err := parseForm(r); err != nil {
		return err
	}
	if r.PostForm.Get("confirm") != "on" {
		p := portalAccountPage{Problem: "Please tick that you understand what closing your account does."}
		return s.renderPortal(w, r, http.StatusUnprocessableEntity, "portal-account", "Your account and your records", func(b basePage) any { p.basePage = b; return p })
	}
	sess := portalSessionFrom(r.Context())
	if err := s.portalAudit(r, sess.AccountID, "portal.close", idRecord("portal", sess.AccountID), ""); err != nil {
		return err
	}
	if err := s.cfg.Guardians.CloseAccount(r.Context(), sess.AccountID); err != nil {
		return err
	}
	http.SetCookie(w, &http.Cookie{Name: portalCookie, Value: "", Path: "/", Secure: true, HttpOnly: true, SameSite: http.SameSiteLaxMode, MaxAge: -1})
	p := portalAccountPage{Closed: true}
	return s.renderPortal(w, r, http.StatusOK, "portal-account", "Your account is closed", func(b basePage) any { p.basePage = b; return p })
}
