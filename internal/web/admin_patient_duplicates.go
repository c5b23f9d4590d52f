package web

import (
	"net/http"
	"strconv"

	"clinic"
)

type duplicatesPage struct {
	adminPage
	Status      string
	Pairs       []*clinic.DuplicatePair
	DupStatuses []option
}

// dupStatuses are the lists of pairs staff can look at.
var dupStatuses = []option{{clinic.DupOpen, "To decide"}, {clinic.DupMerged, "Merged, to confirm"},
	{clinic.DupApart, "Kept apart"}, {clinic.DupConfirmed, "Merged for good"}}

// duplicates lists the records that may be one person's, both sides
// shown; an audited read.
func (s *Server) duplicates(w http.ResponseWriter, r *http.Request) error {
	status := r.URL.Query().Get("status")
	if status == "" {
		status = clinic.DupOpen
	}
	if _, ok := dupTransitionsFrom(status); !ok {
		return clinic.Errorf(clinic.ENotFound, "There is no such list.")
	}
	if err := s.auditOrFail(r, sessionFrom(r.Context()), "patient.duplicates", "patients", clinic.AuditOK, status); err != nil {
		return err
	}
	pairs, err := s.cfg.Patients.Duplicates(r.Context(), status)
	if err != nil {
		return err
	}
	base, err := s.adminBase(r, "Possible duplicates")
	if err != nil {
		return err
	}
	return s.renderAdmin(w, http.StatusOK, "admin-patient-duplicates", duplicatesPage{adminPage: base, Status: status, Pairs: pairs, DupStatuses: dupStatuses})
}

func dupTransitionsFrom(status string) (string, bool) {
	for _, o := range dupStatuses {
		if o.Value == status {
			return o.Name, true
		}
	}
	return "", false
}

// decideDuplicate merges, keeps apart, undoes or confirms a pair, audited
// in the change's own transaction.
func (s *Server) decideDuplicate(w http.ResponseWriter, r *http.Request) error {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil || id <= 0 {
		return clinic.Errorf(clinic.ENotFound, "There is no such pair.")
	}
	if err := parseForm(r); err != nil {
		return err
	}
	to := r.PostForm.Get("to")
	if _, ok := dupTransitionsFrom(to); !ok {
		return clinic.Errorf(clinic.EInvalid, "Please choose merge, keep apart, undo or confirm.")
	}
	ctx, e := s.auditing(r, "patient.duplicate", idRecord("duplicate", id), to)
	err = s.audited(r, e, s.cfg.Patients.DecideDuplicate(ctx, id, to, sessionFrom(r.Context()).UserID))
	if err != nil {
		return err
	}
	http.Redirect(w, r, "/admin/duplicates?status="+to, http.StatusSeeOther)
	return nil
}

type userDoctorPage struct {
	adminPage
	Target  *clinic.User
	Doctor  string
	Doctors []*clinic.Doctor
}

// userDoctor shows which doctor page a staff account is linked to: a
// provider sees the calendar and patients of that page by default.
func (s *Server) userDoctor(w http.ResponseWriter, r *http.Request) error {
	return s.userDoctorForm(w, r, http.StatusOK, "")
}

func (s *Server) userDoctorForm(w http.ResponseWriter, r *http.Request, status int, problem string) error {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil || id <= 0 {
		return clinic.Errorf(clinic.ENotFound, "There is no such user.")
	}
	u, err := s.cfg.Staff.User(r.Context(), id)
	if err != nil {
		return err
	}
	p := userDoctorPage{Target: u}
	if p.Doctor, err = s.cfg.Patients.ProviderDoctor(r.Context(), id); err != nil {
		return err
	}
	if p.Doctors, err = s.content.Doctors(r.Context()); err != nil {
		return err
	}
	if p.adminPage, err = s.adminBase(r, "Doctor page of "+u.Name); err != nil {
		return err
	}
	p.Problem = problem
	return s.renderAdmin(w, status, "admin-user-doctor", p)
}

// userDoctorSave links a staff account to a doctor page, audited.
func (s *Server) userDoctorSave(w http.ResponseWriter, r *http.Request) error {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil || id <= 0 {
		return clinic.Errorf(clinic.ENotFound, "There is no such user.")
	}
	if err := parseForm(r); err != nil {
		return err
	}
	slug := r.PostForm.Get("doctor")
	if slug != "" && !clinic.ValidSlug(slug) {
		return s.userDoctorForm(w, r, http.StatusUnprocessableEntity, "Please choose a doctor page from the list.")
	}
	ctx, e := s.auditing(r, "user.doctor", idRecord("user", id), slug)
	err = s.audited(r, e, s.cfg.Patients.SetProviderDoctor(ctx, id, slug))
	switch clinic.ErrorKind(err) {
	case clinic.EInvalid, clinic.EConflict:
		return s.userDoctorForm(w, r, http.StatusUnprocessableEntity, clinic.ErrorMessage(err))
	}
	if err != nil {
		return err
	}
	http.Redirect(w, r, "/admin/users/"+strconv.FormatInt(id, 10)+"/doctor?done=saved", http.StatusSeeOther)
	return nil
}
