package web

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"encoding/binary"
	"fmt"
	"net/http"
	"strings"

	"clinic"
	"clinic/internal/mail"
)

// leaveLink is the signed link that takes waitlist entry id off the list;
// it names the entry only, and works until the entry has ended.
func (s *Server) leaveLink(id int64) string {
	b := binary.AppendUvarint(nil, uint64(id))
	enc := base64.RawURLEncoding
	return "/appointments/waitlist/leave/" + enc.EncodeToString(b) + "." + enc.EncodeToString(s.leaveMAC(b))
}

func (s *Server) leaveMAC(b []byte) []byte {
	m := hmac.New(sha256.New, s.cfg.LinkKey)
	m.Write([]byte("waitlist leave\x00"))
	m.Write(b)
	return m.Sum(nil)[:16]
}

// leaveEntry reads the entry a leave link names.
func (s *Server) leaveEntry(r *http.Request) (*clinic.WaitlistEntry, error) {
	bad := clinic.Errorf(clinic.ENotFound, "This link is not one we sent. Please use the link in your email, or call us.")
	payload, mac, ok := strings.Cut(r.PathValue("token"), ".")
	enc := base64.RawURLEncoding.Strict()
	b, err1 := enc.DecodeString(payload)
	sum, err2 := enc.DecodeString(mac)
	if !ok || err1 != nil || err2 != nil || len(s.cfg.LinkKey) == 0 || !hmac.Equal(sum, s.leaveMAC(b)) {
		return nil, bad
	}
	id, n := binary.Uvarint(b)
	if n <= 0 || n != len(b) {
		return nil, bad
	}
	e, err := s.cfg.Waitlist.WaitlistEntry(r.Context(), int64(id))
	if clinic.ErrorKind(err) == clinic.ENotFound {
		return nil, bad
	}
	return e, err
}

type leavePage struct {
	basePage
	Link   string
	Active bool // still on the list
	Left   bool // just left
}

// leaveWaitlist asks a patient to confirm leaving the waitlist, and with
// POST takes them off it.
func (s *Server) leaveWaitlist(w http.ResponseWriter, r *http.Request) error {
	e, err := s.leaveEntry(r)
	if err != nil {
		return err
	}
	p := leavePage{Link: s.leaveLink(e.ID), Active: e.Status == clinic.WaitWaiting || e.Status == clinic.WaitOffered}
	if r.Method == http.MethodPost && p.Active {
		if err := s.cfg.Waitlist.WithdrawWaiting(r.Context(), e.ID); err != nil && clinic.ErrorKind(err) != clinic.ENotFound {
			return err
		}
		p.Active, p.Left = false, true
	}
	if p.basePage, err = s.base(r.Context(), r, "Leave the waitlist", "Leave the waitlist."); err != nil {
		return err
	}
	p.NoIndex, p.Canonical = true, ""
	w.Header().Set("Cache-Control", "no-store")
	return s.render(w, http.StatusOK, "book-waitlist-leave", p)
}

// composeWaitlistMail writes the message that tells a patient they are on
// the waitlist, from the entry as it is when the message is sent.
func (s *Server) composeWaitlistMail(ctx context.Context, m *clinic.OutboxMessage) error {
	e, err := s.cfg.Waitlist.WaitlistEntry(ctx, m.Waitlist)
	if err != nil {
		return err
	}
	if e.Status != clinic.WaitWaiting {
		return mail.Unsendable(m.ID, "the patient left the waitlist or was offered a time before this message went out")
	}
	site, err := s.content.Settings(ctx)
	if err != nil {
		return err
	}
	typ, err := s.cfg.Schedule.AppointmentType(ctx, e.Type)
	if err != nil {
		return err
	}
	loc, err := s.content.Location(ctx, e.Location)
	if err != nil {
		return err
	}
	with := "any of our clinicians"
	if e.Provider != "" {
		d, err := s.content.Doctor(ctx, e.Provider)
		if err != nil {
			return err
		}
		with = d.Name
	}
	m.To, m.Subject = e.Patient.Email, "You are on the waitlist"
	m.Body = fmt.Sprintf("Dear %s,\n\nYou are on the waitlist for a %s with %s at our %s office. If a time before %s opens up, "+
		"we will hold it for you for 30 minutes and email you a link to take it.\n\nTo leave the waitlist:\n%s%s\n\nQuestions? Call us at %s.\n\n%s\n",
		e.Patient.Name, typ.Name, with, loc.City, dayLabel(e.Before.In(s.zone(site))), s.cfg.BaseURL, s.leaveLink(e.ID), site.Phone, site.ClinicName)
	return nil
}
