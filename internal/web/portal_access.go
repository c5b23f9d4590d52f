package web

import (
	"context"
	"net/http"
	"strconv"

	"clinic"
)

// portalWho is whose portal a signed-in account sees: its own record, or
// that of a patient whose guardian it is, fully or view only.
type portalWho struct {
	PatientID int64
	Own       bool
	Full      bool // may change things; view-only guardians may not
}

const portalWhoKey ctxKey = 101

// portalWhoFrom returns whose portal a request passed by patient shows.
func portalWhoFrom(ctx context.Context) *portalWho {
	w, _ := ctx.Value(portalWhoKey).(*portalWho)
	return w
}

// portalPatient is the patient record a portal request is about.
func portalPatient(ctx context.Context) int64 { return portalWhoFrom(ctx).PatientID }

// portalWhoOf works out whose portal a session shows: the patient it
// switched to while the grant is live, else the account's own record,
// else the first patient it is a guardian of; nil when there is none.
func (s *Server) portalWhoOf(ctx context.Context, sess *clinic.PortalSession) (*portalWho, error) {
	own := sess.Account.PatientID
	if sess.ActingFor == 0 || sess.ActingFor == own {
		if own != 0 {
			return &portalWho{PatientID: own, Own: true, Full: true}, nil
		}
	}
	if s.cfg.Guardians == nil {
		return nil, nil
	}
	grants, err := s.cfg.Guardians.AccountGrants(ctx, sess.AccountID, s.now())
	if err != nil {
		return nil, err
	}
	for _, g := range grants {
		if g.PatientID == sess.ActingFor {
			return &portalWho{PatientID: g.PatientID, Full: g.Full}, nil
		}
	}
	if own != 0 { // the grant lapsed: back to their own
		return &portalWho{PatientID: own, Own: true, Full: true}, nil
	}
	if len(grants) > 0 {
		return &portalWho{PatientID: grants[0].PatientID, Full: grants[0].Full}, nil
	}
	return nil, nil
}

// errViewOnly refuses a change to a portal seen view only.
func errViewOnly() error {
	return clinic.Errorf(clinic.EForbidden, "You may look at this portal but not change anything in it. To change your own details, switch to your own portal.")
}

// portalSwitchPattern is the one change a view-only guardian may make:
// choosing whose portal to see.
const portalSwitchPattern = "POST /portal/switch"

type portalChoice struct {
	ID      int64 // zero for the account's own
	Name    string
	Full    bool
	Current bool
}

// portalChoices lists the portals an account may switch between: its
// own and those of the patients it is a guardian of. Empty when there
// is nothing to switch between.
func (s *Server) portalChoices(r *http.Request) ([]portalChoice, error) {
	sess, who := portalSessionFrom(r.Context()), portalWhoFrom(r.Context())
	if s.cfg.Guardians == nil {
		return nil, nil
	}
	grants, err := s.cfg.Guardians.AccountGrants(r.Context(), sess.AccountID, s.now())
	if err != nil || len(grants) == 0 {
		return nil, err
	}
	var cs []portalChoice
	if sess.Account.PatientID != 0 {
		cs = append(cs, portalChoice{Name: "Your own", Full: true, Current: who.Own})
	}
	for _, g := range grants {
		cs = append(cs, portalChoice{ID: g.PatientID, Name: g.PatientName, Full: g.Full, Current: !who.Own && who.PatientID == g.PatientID})
	}
	return cs, nil
}

// portalSwitch shows another patient's portal, one the account is a
// guardian of, or its own (patient=0); any other is a 404. Audited.
func (s *Server) portalSwitch(w http.ResponseWriter, r *http.Request) error {
	if err := parseForm(r); err != nil {
		return err
	}
	sess := portalSessionFrom(r.Context())
	to, err := strconv.ParseInt(r.PostForm.Get("patient"), 10, 64)
	if err != nil || to < 0 {
		return clinic.Errorf(clinic.ENotFound, "There is no such portal to see.")
	}
	if to != 0 && to != sess.Account.PatientID {
		if ok, err := s.mayActFor(r.Context(), sess.AccountID, to); err != nil {
			return err
		} else if !ok {
			return clinic.Errorf(clinic.ENotFound, "There is no such portal to see.")
		}
	}
	if err := s.cfg.Guardians.SetActingPatient(r.Context(), sess.ID, to); err != nil {
		return err
	}
	if err := s.portalAudit(r, sess.AccountID, "portal.switch", idRecord("patient", max(to, sess.Account.PatientID)), ""); err != nil {
		return err
	}
	http.Redirect(w, r, "/portal/home", http.StatusSeeOther)
	return nil
}

// mayActFor reports whether an account holds a live grant for a patient.
func (s *Server) mayActFor(ctx context.Context, accountID, patientID int64) (bool, error) {
	grants, err := s.cfg.Guardians.AccountGrants(ctx, accountID, s.now())
	if err != nil {
		return false, err
	}
	for _, g := range grants {
		if g.PatientID == patientID {
			return true, nil
		}
	}
	return false, nil
}
