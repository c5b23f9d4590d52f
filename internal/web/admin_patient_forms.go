package web

import (
	"context"
	"io"
	"net/http"
	"strconv"

	"clinic"
)

// portalChart is what the chart shows of the portal: the forms the
// patient sent (new ones to accept, and what the record holds per kind),
// the conversations with the care team, and who may see the patient's
// portal as a guardian.
type portalChart struct {
	NewForms  []*clinic.FormSubmission
	OnRecord  []*clinic.FormSubmission // per kind, in the portal's order
	Guardians []*clinic.GuardianGrant
	Threads   []*clinic.Thread // conversations in the portal, newest first
	CanAccept bool
}

// chartPortal fills in the chart's portal parts.
func (s *Server) chartPortal(ctx context.Context, id int64, canAccept bool) (*portalChart, error) {
	pc := &portalChart{CanAccept: canAccept}
	if s.cfg.PreVisit != nil {
		fs, err := s.cfg.PreVisit.PatientForms(ctx, id)
		if err != nil {
			return nil, err
		}
		for _, f := range fs {
			if f.Status == clinic.FormNew {
				pc.NewForms = append(pc.NewForms, f)
			}
		}
		on := clinic.OnRecord(fs)
		for _, k := range clinic.FormKinds {
			if f := on[k]; f != nil {
				pc.OnRecord = append(pc.OnRecord, f)
			}
		}
	}
	if s.cfg.Guardians != nil {
		gs, err := s.cfg.Guardians.PatientGuardians(ctx, id)
		if err != nil {
			return nil, err
		}
		pc.Guardians = gs
	}
	if s.cfg.Messages != nil {
		ts, err := s.cfg.Messages.PatientThreads(ctx, id)
		if err != nil {
			return nil, err
		}
		pc.Threads = ts
	}
	return pc, nil
}

func formID(r *http.Request) (int64, error) {
	id, err := strconv.ParseInt(r.PathValue("form"), 10, 64)
	if err != nil || id <= 0 {
		return 0, clinic.Errorf(clinic.ENotFound, "There is no such form.")
	}
	return id, nil
}

// acceptForm takes a form the patient sent into the record, audited in
// the change's transaction; a provider only for a record open to them.
func (s *Server) acceptForm(w http.ResponseWriter, r *http.Request) error {
	id, err := patientID(r)
	if err != nil {
		return err
	}
	fid, err := formID(r)
	if err != nil {
		return err
	}
	if ok, err := s.mayOpen(r, id); err != nil {
		return err
	} else if !ok {
		return clinic.Errorf(clinic.ENotFound, "There is no such form.")
	}
	f, err := s.cfg.PreVisit.Form(r.Context(), id, fid)
	if err != nil {
		return err
	}
	ctx, e := s.auditing(r, "patient.form_accept", idRecord("patient", id), f.Kind)
	if err := s.audited(r, e, s.cfg.PreVisit.AcceptForm(ctx, id, fid, sessionFrom(r.Context()).UserID)); err != nil {
		return err
	}
	http.Redirect(w, r, "/admin/patients/"+strconv.FormatInt(id, 10)+"#h-forms", http.StatusSeeOther)
	return nil
}

// formCard sends a photo of an insurance card a form holds. It is a read
// of the record: a provider needs the record open to them, and every
// look is audited before anything is read.
func (s *Server) formCard(w http.ResponseWriter, r *http.Request) error {
	id, err := patientID(r)
	if err != nil {
		return err
	}
	fid, err := formID(r)
	if err != nil {
		return err
	}
	if ok, err := s.mayOpen(r, id); err != nil {
		return err
	} else if !ok {
		return clinic.Errorf(clinic.ENotFound, "There is no such form.")
	}
	if err := s.auditOrFail(r, sessionFrom(r.Context()), "patient.read", idRecord("patient", id), clinic.AuditOK, "insurance card"); err != nil {
		return err
	}
	f, err := s.cfg.PreVisit.Form(r.Context(), id, fid)
	if err != nil {
		return err
	}
	card := f.Answers.CardFront
	if r.PathValue("side") == "back" {
		card = f.Answers.CardBack
	} else if r.PathValue("side") != "front" {
		card = nil
	}
	if card == nil || s.cfg.MRI.Blobs == nil {
		return clinic.Errorf(clinic.ENotFound, "There is no such photo.")
	}
	rc, err := s.cfg.MRI.Blobs.Open(r.Context(), card.Blob)
	if err != nil {
		return err
	}
	defer rc.Close()
	w.Header().Set("Content-Type", card.Type)
	w.Header().Set("Cache-Control", "no-store")
	w.Header().Set("Content-Length", strconv.FormatInt(card.Size, 10))
	_, err = io.Copy(w, rc)
	return err
}
