package web

import (
	"net/http"
	"strconv"

	"clinic"
)

type waitlistAdminPage struct {
	adminPage
	bookingOptions
	Provider string
	Entries  []waitlistRow
}

type waitlistRow struct {
	Entry  *clinic.WaitlistEntry
	Row    calendarRow // the names of the visit, clinician and office
	Before string
}

// waitlistAdmin lists the patients waiting for an earlier time. It names
// patients, so it is an audited read.
func (s *Server) waitlistAdmin(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	ap, err := s.adminBase(r, "Waitlist")
	if err != nil {
		return err
	}
	p := waitlistAdminPage{adminPage: ap, Provider: cleanParam(r.URL.Query().Get("provider"))}
	if err := s.auditOrFail(r, sessionFrom(ctx), "waitlist.list", "waitlist", clinic.AuditOK, p.Provider); err != nil {
		return err
	}
	if p.bookingOptions, err = s.staffOptions(ctx); err != nil {
		return err
	}
	es, err := s.cfg.Waitlist.Waitlist(ctx, p.Provider)
	if err != nil {
		return err
	}
	zone := s.zone(ap.Site)
	for _, e := range es {
		row := p.row(&clinic.Appointment{Type: e.Type, Provider: e.Provider, Location: e.Location})
		p.Entries = append(p.Entries, waitlistRow{Entry: e, Row: row, Before: dayLabel(e.Before.In(zone))})
	}
	return s.renderAdmin(w, http.StatusOK, "admin-waitlist", p)
}

// waitlistRemove takes a patient off the waitlist, as they asked.
func (s *Server) waitlistRemove(w http.ResponseWriter, r *http.Request) error {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil || id <= 0 {
		return clinic.Errorf(clinic.ENotFound, "There is no such waitlist entry.")
	}
	ctx, e := s.auditing(r, "waitlist.remove", idRecord("waitlist", id), "")
	if err := s.audited(r, e, s.cfg.Waitlist.WithdrawWaiting(ctx, id)); err != nil {
		return err
	}
	http.Redirect(w, r, doneURL("/admin/waitlist", "deleted"), http.StatusSeeOther)
	return nil
}
