package web

import (
	"context"
	"net/http"
	"time"

	"clinic"
)

// The today page looks back this far for no-shows to mark and messages
// that failed.
const todayLookBack = 7 * 24 * time.Hour

// todayPage is the front desk's overview of the day: who is due, who did
// not come, who has a time offered from the waitlist, and which messages
// did not go out.
type todayPage struct {
	adminPage
	Date     time.Time
	Arrivals []todayRow // today's appointments still to come
	NoShows  []todayRow // begun, still booked: arrived or no-show?
	Offers   []offerRow
	Failed   []failedRow
	Zone     string
	// Provider is the doctor page a provider's today is kept to, or ""
	// for the whole clinic.
	Provider string
}

type todayRow struct{ calendarRow }

// markButton is a button that marks an appointment with a status.
type markButton struct {
	Appt          *clinic.Appointment
	Status, Label string
}

// Mark is the button that marks the row's appointment, for templates.
func (r todayRow) Mark(status, label string) markButton {
	return markButton{Appt: r.Appt, Status: status, Label: label}
}

type offerRow struct {
	Entry *clinic.WaitlistEntry
	Row   calendarRow // the time held for them
}

type failedRow struct {
	Msg   *clinic.OutboxMessage
	Given bool // given up, not to be tried again
}

// todayCounts is the today page in numbers, for the back office's first
// page.
type todayCounts struct {
	Arrivals, NoShows, Offers, Failed int
}

// today shows the front desk's day. It names patients, so it is an
// audited PHI read.
func (s *Server) today(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	ap, err := s.adminBase(r, "Today")
	if err != nil {
		return err
	}
	if err := s.auditOrFail(r, sessionFrom(ctx), "appointment.list", "appointments", clinic.AuditOK, "today"); err != nil {
		return err
	}
	zone := s.zone(ap.Site)
	p := todayPage{adminPage: ap, Date: midnight(s.now().In(zone)), Zone: zone.String()}
	if p.Provider, err = s.calendarScope(r); err != nil {
		return err
	}
	if err := s.loadToday(ctx, &p, zone); err != nil {
		return err
	}
	return s.renderAdmin(w, http.StatusOK, "admin-today", p)
}

// loadToday fills in the page's four lists.
func (s *Server) loadToday(ctx context.Context, p *todayPage, zone *time.Location) error {
	o, err := s.staffOptions(ctx)
	if err != nil {
		return err
	}
	now := s.now()
	as, err := s.cfg.Booking.Appointments(ctx, clinic.AppointmentFilter{From: now.Add(-todayLookBack), To: p.Date.AddDate(0, 0, 1), Provider: p.Provider})
	if err != nil {
		return err
	}
	for _, a := range as {
		if a.Type == clinic.BlockType || !a.HeldUntil.IsZero() || (a.Status != clinic.ApptBooked && a.Status != clinic.ApptConfirmed) {
			continue
		}
		a.Start, a.End = a.Start.In(zone), a.End.In(zone)
		switch {
		case !a.Start.Before(now) && midnight(a.Start).Equal(p.Date):
			p.Arrivals = append(p.Arrivals, todayRow{o.row(a)})
		case a.Start.Before(now) && !a.Start.Before(now.Add(-todayLookBack)):
			p.NoShows = append(p.NoShows, todayRow{o.row(a)})
		}
	}
	if p.Offers, err = s.pendingOffers(ctx, o, zone, p.Provider); err != nil {
		return err
	}
	return s.failedMail(ctx, p)
}

// failedMail lists the messages that did not go out; a provider's today
// lists only those about appointments on their own calendar.
func (s *Server) failedMail(ctx context.Context, p *todayPage) error {
	ms, err := s.cfg.Booking.FailingMail(ctx, s.now().Add(-todayLookBack), 100)
	if err != nil {
		return err
	}
	for _, m := range ms {
		if p.Provider != "" {
			if m.Appointment == 0 {
				continue
			}
			a, err := s.cfg.Booking.Appointment(ctx, m.Appointment)
			if clinic.ErrorKind(err) == clinic.ENotFound || (err == nil && a.Provider != p.Provider) {
				continue
			} else if err != nil {
				return err
			}
		}
		p.Failed = append(p.Failed, failedRow{Msg: m, Given: !m.FailedAt.IsZero()})
	}
	return nil
}

// pendingOffers are the waitlist's patients who were offered a time and
// have not answered; with provider set, only times on that calendar.
func (s *Server) pendingOffers(ctx context.Context, o bookingOptions, zone *time.Location, provider string) ([]offerRow, error) {
	es, err := s.cfg.Waitlist.Waitlist(ctx, "")
	if err != nil {
		return nil, err
	}
	var out []offerRow
	for _, e := range es {
		if e.Status != clinic.WaitOffered || e.Appointment == 0 {
			continue
		}
		a, err := s.cfg.Booking.Appointment(ctx, e.Appointment)
		if clinic.ErrorKind(err) == clinic.ENotFound {
			continue
		} else if err != nil {
			return nil, err
		}
		if provider != "" && a.Provider != provider {
			continue
		}
		a.Start, a.End, a.HeldUntil = a.Start.In(zone), a.End.In(zone), a.HeldUntil.In(zone)
		out = append(out, offerRow{Entry: e, Row: o.row(a)})
	}
	return out, nil
}

// todayCountsFor counts the today page's lists, without naming anyone.
func (s *Server) todayCountsFor(r *http.Request, site *clinic.Settings) (*todayCounts, error) {
	zone := s.zone(site)
	p := todayPage{Date: midnight(s.now().In(zone))}
	var err error
	if p.Provider, err = s.calendarScope(r); err != nil {
		return nil, err
	}
	if err := s.loadToday(r.Context(), &p, zone); err != nil {
		return nil, err
	}
	return &todayCounts{Arrivals: len(p.Arrivals), NoShows: len(p.NoShows), Offers: len(p.Offers), Failed: len(p.Failed)}, nil
}
