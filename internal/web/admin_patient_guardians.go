package web

import (
	"net/http"
	"net/mail"
	"strconv"
	"time"

	"clinic"
)

// grantGuardian gives a parent or guardian, by the email of their portal
// account (made when there is none), view-only or full access to the
// patient's portal until a date. Audited in the change's transaction,
// naming the account, never the address.
func (s *Server) grantGuardian(w http.ResponseWriter, r *http.Request) error {
	id, err := patientID(r)
	if err != nil {
		return err
	}
	if err := parseForm(r); err != nil {
		return err
	}
	g, email, err := s.guardianForm(r)
	if err != nil {
		return err
	}
	if _, err := s.cfg.Patients.Patient(r.Context(), id); err != nil {
		return err
	}
	a, err := s.cfg.Portal.PortalAccountFor(r.Context(), email)
	if err != nil {
		return err
	}
	if a.PatientID == id {
		return clinic.Errorf(clinic.EInvalid, "That is the patient's own portal account: they see their portal already.")
	}
	g.AccountID, g.PatientID, g.CreatedBy = a.ID, id, sessionFrom(r.Context()).UserID
	level := "view only"
	if g.Full {
		level = "full"
	}
	detail := idRecord("portal", a.ID) + " " + level + " until " + g.Expires.Format(time.DateOnly)
	ctx, e := s.auditing(r, "patient.guardian_grant", idRecord("patient", id), detail)
	if err := s.audited(r, e, s.cfg.Guardians.GrantGuardian(ctx, g)); err != nil {
		return err
	}
	http.Redirect(w, r, "/admin/patients/"+strconv.FormatInt(id, 10)+"#h-guardians", http.StatusSeeOther)
	return nil
}

// guardianForm reads the grant's form: an email, the access and the last
// day, which must be after today and within clinic.MaxGuardianDays.
func (s *Server) guardianForm(r *http.Request) (*clinic.GuardianGrant, string, error) {
	f := r.PostForm
	email := clinic.NormalizeEmail(f.Get("email"))
	if a, err := mail.ParseAddress(email); err != nil || a.Address != email || len(email) > clinic.MaxEmailLen {
		return nil, "", clinic.Errorf(clinic.EInvalid, "Please enter the guardian's email address, like name@example.com.")
	}
	g := &clinic.GuardianGrant{}
	switch f.Get("access") {
	case "view":
	case "full":
		g.Full = true
	default:
		return nil, "", clinic.Errorf(clinic.EInvalid, "Please choose view only or full access.")
	}
	site, err := s.content.Settings(r.Context())
	if err != nil {
		return nil, "", err
	}
	zone := s.zone(site)
	last, err := time.ParseInLocation(time.DateOnly, f.Get("until"), zone)
	today := midnight(s.now().In(zone))
	if err != nil || !last.After(today.AddDate(0, 0, -1)) || last.After(today.AddDate(0, 0, clinic.MaxGuardianDays)) {
		return nil, "", clinic.Errorf(clinic.EInvalid, "Please choose the last day of access: from today to three years from now.")
	}
	g.Expires = last.AddDate(0, 0, 1) // to the end of that day
	return g, email, nil
}

// revokeGuardian ends a guardian's access at once. Audited.
func (s *Server) revokeGuardian(w http.ResponseWriter, r *http.Request) error {
	id, err := patientID(r)
	if err != nil {
		return err
	}
	gid, err := strconv.ParseInt(r.PathValue("grant"), 10, 64)
	if err != nil || gid <= 0 {
		return clinic.Errorf(clinic.ENotFound, "There is no such access to end.")
	}
	ctx, e := s.auditing(r, "patient.guardian_revoke", idRecord("patient", id), "grant "+strconv.FormatInt(gid, 10))
	if err := s.audited(r, e, s.cfg.Guardians.RevokeGuardian(ctx, id, gid)); err != nil {
		return err
	}
	http.Redirect(w, r, "/admin/patients/"+strconv.FormatInt(id, 10)+"#h-guardians", http.StatusSeeOther)
	return nil
}
