package web

import (
	"net/http"

	"clinic"
)

type portalSettingsPage struct {
	adminPage
	*clinic.PortalSettings
}

// portalSettings shows what the patient portal offers.
func (s *Server) portalSettings(w http.ResponseWriter, r *http.Request) error {
	ps, err := s.cfg.Portal.PortalSettings(r.Context())
	if err != nil {
		return err
	}
	base, err := s.adminBase(r, "Patient portal")
	if err != nil {
		return err
	}
	return s.renderAdmin(w, http.StatusOK, "admin-portal", portalSettingsPage{adminPage: base, PortalSettings: ps})
}

// portalSettingsSave switches self-scheduling, messages and forms on or
// off, audited in the change's transaction.
func (s *Server) portalSettingsSave(w http.ResponseWriter, r *http.Request) error {
	if err := parseForm(r); err != nil {
		return err
	}
	f := r.PostForm
	ps := &clinic.PortalSettings{SelfScheduling: f.Get("self_scheduling") == "on", Messages: f.Get("messages") == "on", Forms: f.Get("forms") == "on"}
	detail := "scheduling " + onOff(ps.SelfScheduling) + ", messages " + onOff(ps.Messages) + ", forms " + onOff(ps.Forms)
	ctx, e := s.auditing(r, "portal.settings", "portal", detail)
	if err := s.audited(r, e, s.cfg.Portal.SavePortalSettings(ctx, ps)); err != nil {
		return err
	}
	http.Redirect(w, r, "/admin/portal?done=saved", http.StatusSeeOther)
	return nil
}

func onOff(b bool) string {
	if b {
		return "on"
	}
	return "off"
}

// portalOffers returns the portal's switches for a patient's request.
func (s *Server) portalOffers(r *http.Request) (*clinic.PortalSettings, error) {
	return s.cfg.Portal.PortalSettings(r.Context())
}

// needMessages refuses the messages pages while an admin has them off.
func (s *Server) needMessages(h handlerFunc) handlerFunc {
	return func(w http.ResponseWriter, r *http.Request) error {
		ps, err := s.portalOffers(r)
		if err != nil {
			return err
		}
		if !ps.Messages {
			return clinic.Errorf(clinic.ENotFound, "Messages are not offered in the portal at the moment. Please call us.")
		}
		return h(w, r)
	}
}
