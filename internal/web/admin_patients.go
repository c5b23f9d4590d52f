package web

import (
	"net/http"
	"strconv"
	"time"

	"clinic"
)

// patientRoutes are the back office's patient records: search, the
// chart, breaking the glass, booking from a chart and the possible
// duplicates.
func (s *Server) patientRoutes() []adminRoute {
	p, rec := clinic.PermPatients, clinic.PermRecords
	return append([]adminRoute{
		{"GET /admin/patients", p, s.patientSearch},
		{"POST /admin/patients", p, s.patientSearch},
		{"GET /admin/patients/{id}", p, s.patientChart},
		{"POST /admin/patients/{id}/glass", p, s.breakGlass},
		{"GET /admin/patients/{id}/book", p, s.bookFromChart},
		{"GET /admin/patients/{id}/forms/{form}/card/{side}", p, s.formCard},
		{"POST /admin/patients/{id}/forms/{form}/accept", rec, s.acceptForm},
		{"POST /admin/patients/{id}/guardians", rec, s.grantGuardian},
		{"POST /admin/patients/{id}/guardians/{grant}/revoke", rec, s.revokeGuardian},
		{"GET /admin/duplicates", rec, s.duplicates},
		{"POST /admin/duplicates/{id}", rec, s.decideDuplicate},
		{"GET /admin/users/{id}/doctor", clinic.PermUsers, s.userDoctor},
		{"POST /admin/users/{id}/doctor", clinic.PermUsers, s.userDoctorSave},
		{"GET /admin/portal", clinic.PermPortal, s.portalSettings},
		{"POST /admin/portal", clinic.PermPortal, s.portalSettingsSave},
	}, s.inboxRoutes()...)
}

type patientSearchPage struct {
	adminPage
	Query    string
	Searched bool
	Results  []*clinic.Patient
	// Hidden counts a provider's matches outside their own patients.
	Hidden int
	All    bool
	Glass  []string
}

// patientSearch finds records by name, date of birth, phone or email.
// The query is PHI, so it comes in a POST body, never the URL; the
// search is audited with the number found, never the query. A provider
// sees their own patients unless they break the glass with a reason.
func (s *Server) patientSearch(w http.ResponseWriter, r *http.Request) error {
	p := patientSearchPage{Glass: glassReasons}
	if r.Method == http.MethodPost {
		if err := parseForm(r); err != nil {
			return err
		}
		p.Query, p.Searched = r.PostForm.Get("q"), true
		if err := s.runPatientSearch(r, &p, r.PostForm.Get("reason")); err != nil {
			return err
		}
	}
	base, err := s.adminBase(r, "Patients")
	if err != nil {
		return err
	}
	base.Problem = p.Problem
	p.adminPage = base
	status := http.StatusOK
	if p.Problem != "" {
		status = http.StatusUnprocessableEntity
	}
	return s.renderAdmin(w, status, "admin-patients", p)
}

func (s *Server) runPatientSearch(r *http.Request, p *patientSearchPage, reason string) error {
	ctx, sess := r.Context(), sessionFrom(r.Context())
	if _, problem := clinic.SearchTerms(p.Query); problem != "" {
		p.Problem = problem
		return nil
	}
	scope, err := s.providerScope(r)
	if err != nil {
		return err
	}
	p.All = scope == "" || reason != ""
	if scope != "" && reason != "" && !validGlass(reason) {
		p.Problem = "Please choose why you need patients other than your own."
		return nil
	}
	res, err := s.cfg.Patients.SearchPatients(ctx, p.Query, 50)
	if err != nil {
		return err
	}
	for _, pt := range res {
		if !p.All {
			if own, err := s.cfg.Patients.ProviderSeesPatient(ctx, sess.UserID, scope, pt.ID); err != nil {
				return err
			} else if !own {
				p.Hidden++
				continue
			}
		}
		p.Results = append(p.Results, pt)
	}
	detail := strconv.Itoa(len(p.Results)) + " found"
	if scope != "" && reason != "" {
		detail += "; break the glass: " + reason
	}
	return s.auditOrFail(r, sess, "patient.search", "patients", clinic.AuditOK, detail)
}

// providerScope is the doctor page whose patients a provider sees by
// default; "" for every other role, who see every record.
func (s *Server) providerScope(r *http.Request) (string, error) {
	sess := sessionFrom(r.Context())
	if sess == nil || sess.User.Role != clinic.RoleProvider {
		return "", nil
	}
	slug, err := s.cfg.Patients.ProviderDoctor(r.Context(), sess.UserID)
	if err != nil {
		return "", err
	}
	if slug == "" {
		slug = "-" // linked to no page: no patient is theirs
	}
	return slug, nil
}

// glassReasons are why a provider may open a record that is not their
// patient's; a fixed list, so that no patient detail enters the log.
var glassReasons = []string{"Covering for a colleague", "Emergency care", "Consultation requested by the patient's clinician", "Reviewing images sent to me"}

func validGlass(reason string) bool {
	for _, g := range glassReasons {
		if g == reason {
			return true
		}
	}
	return false
}

// glassFor is how long breaking the glass opens one record.
const glassFor = 12 * time.Hour

// mayOpen reports whether the signed-in user may open record id: any
// role but a provider, a provider for their own patients, and otherwise
// once they broke the glass for it, within glassFor.
func (s *Server) mayOpen(r *http.Request, id int64) (bool, error) {
	scope, err := s.providerScope(r)
	if err != nil || scope == "" {
		return scope == "", err
	}
	sess := sessionFrom(r.Context())
	own, err := s.cfg.Patients.ProviderSeesPatient(r.Context(), sess.UserID, scope, id)
	if err != nil || own {
		return own, err
	}
	return s.glassOpen(r, "patient.break_glass", idRecord("patient", id))
}

// glassOpen reports whether the signed-in user broke the glass (action)
// for record within glassFor.
func (s *Server) glassOpen(r *http.Request, action, record string) (bool, error) {
	es, err := s.cfg.Audit.AuditEvents(r.Context(), clinic.AuditFilter{ActorID: sessionFrom(r.Context()).UserID, Action: action,
		Record: record, Outcome: clinic.AuditOK, Since: s.now().Add(-glassFor), Limit: 1})
	return len(es) > 0, err
}

func patientID(r *http.Request) (int64, error) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil || id <= 0 {
		return 0, clinic.Errorf(clinic.ENotFound, "There is no such patient.")
	}
	return id, nil
}

type glassPage struct {
	adminPage
	ID      int64
	Reasons []string
}

// breakGlass opens a record that is not the provider's patient for
// glassFor, with a reason from the list, audited before anything shows.
func (s *Server) breakGlass(w http.ResponseWriter, r *http.Request) error {
	id, err := patientID(r)
	if err != nil {
		return err
	}
	if err := parseForm(r); err != nil {
		return err
	}
	reason := r.PostForm.Get("reason")
	if !validGlass(reason) {
		return s.glassForm(w, r, http.StatusUnprocessableEntity, id, "Please choose why you need this record.")
	}
	if _, err := s.cfg.Patients.Patient(r.Context(), id); err != nil {
		return err
	}
	if err := s.auditOrFail(r, sessionFrom(r.Context()), "patient.break_glass", idRecord("patient", id), clinic.AuditOK, reason); err != nil {
		return err
	}
	http.Redirect(w, r, "/admin/patients/"+strconv.FormatInt(id, 10), http.StatusSeeOther)
	return nil
}

// glassForm asks a provider why they open a record that is not their
// patient's.
func (s *Server) glassForm(w http.ResponseWriter, r *http.Request, status int, id int64, problem string) error {
	base, err := s.adminBase(r, "Not your patient")
	if err != nil {
		return err
	}
	base.Problem = problem
	return s.renderAdmin(w, status, "admin-patient-glass", glassPage{adminPage: base, ID: id, Reasons: glassReasons})
}
