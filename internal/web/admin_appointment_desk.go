package web

import (
	"context"
	"net/url"
	"strings"
	"time"
	"unicode"

	"clinic"
	"clinic/internal/schedule"
)

// deskWeeks is how far ahead the front desk's booking form goes, a week
// at a time.
const deskWeeks = 52

// deskWeekOf is the first date of the week of open times to show: the one
// asked for, else the chosen time's, else today; never before today nor
// past deskWeeks ahead. It says so when the week asked for is not one it
// can show.
func deskWeekOf(week, start string, today time.Time) (time.Time, string) {
	last := today.AddDate(0, 0, 7*deskWeeks)
	if week == "" {
		if t, err := time.ParseInLocation(localLayout, start, today.Location()); err == nil && !t.Before(today) && t.Before(last) {
			return midnight(t), ""
		}
		return today, ""
	}
	d, err := time.ParseInLocation(time.DateOnly, week, today.Location())
	if err != nil || d.Before(today) || !d.Before(last) {
		return today, "That week is not one the form can show: it shows weeks from today up to a year ahead. Here are the open times from today."
	}
	return d, ""
}

// staffSlots are a clinician's open times for a visit at an office with
// start in [from, to), as the front desk sees them: without the notice,
// horizon and daily cap that bound online booking.
func (s *Server) staffSlots(ctx context.Context, zone *time.Location, typ *clinic.AppointmentType, provider, location string, from, to time.Time) ([]openSlot, error) {
	ps, err := s.cfg.Schedule.ProviderSchedule(ctx, provider, from.Add(-24*time.Hour), to.Add(24*time.Hour))
	if err != nil {
		return nil, err
	}
	now := s.now()
	from = maxTime(from, now)
	if !to.After(from) {
		return nil, nil
	}
	ps.Rules = clinic.BookingRules{Horizon: to.Sub(now) + time.Minute}
	slots, err := schedule.ForProvider(ps, location, schedule.Request{Zone: zone, Now: now, From: from, To: to,
		Duration: typ.Duration, Buffer: typ.Buffer, Step: slotStep})
	if err != nil {
		return nil, err
	}
	out := make([]openSlot, len(slots))
	for i, sl := range slots {
		out[i] = openSlot{sl, provider}
	}
	return out, nil
}

// openTimesFor fills p.Open with a week of the open times of the
// clinician, office and visit chosen, when all three are, with links to
// the weeks before and after.
func (s *Server) openTimesFor(ctx context.Context, p *newAppointmentPage, week string, zone *time.Location) error {
	c := bookChoice{Type: p.Type, Location: p.Location, Doctor: p.Provider}
	typ, _, docs, problem := p.bookingOptions.resolve(c)
	if problem != "" || c.Doctor == "" {
		return nil
	}
	today := midnight(s.now().In(zone))
	var note string
	p.Week, note = deskWeekOf(week, p.Start, today)
	if p.Problem == "" {
		p.Problem = note
	}
	end := p.Week.AddDate(0, 0, 7)
	slots, err := s.staffSlots(ctx, zone, typ, c.Doctor, c.Location, p.Week, end)
	if err != nil {
		return err
	}
	p.Open = s.slotDays(slots, c, docs[:1], zone)
	link := func(extra ...string) string {
		v := url.Values{"type": {c.Type}, "provider": {c.Doctor}, "location": {c.Location}}
		for i := 0; i+1 < len(extra); i += 2 {
			v.Set(extra[i], extra[i+1])
		}
		return "/admin/appointments/new?" + v.Encode()
	}
	for _, d := range p.Open {
		for i := range d.Slots {
			d.Slots[i].URL = link("start", d.Slots[i].Start.Format(localLayout), "week", p.Week.Format(time.DateOnly))
		}
	}
	if p.Week.After(today) {
		p.PrevWeekURL = link("week", maxTime(today, p.Week.AddDate(0, 0, -7)).Format(time.DateOnly)) + "#open-times"
	}
	if end.Before(today.AddDate(0, 0, 7*deskWeeks)) {
		p.NextWeekURL = link("week", end.Format(time.DateOnly)) + "#open-times"
	}
	return nil
}

// outsideHours says, as a question, when a booking falls outside the
// clinician's working hours at its office; "" when it is within them.
func (s *Server) outsideHours(ctx context.Context, a *clinic.Appointment, doctor string, o bookingOptions, zone *time.Location) (string, error) {
	start := a.Start.In(zone)
	day := midnight(start)
	ps, err := s.cfg.Schedule.ProviderRules(ctx, a.Provider, day, day.AddDate(0, 0, 1))
	if err != nil {
		return "", err
	}
	windows, exceptions, err := schedule.Inputs(ps)
	if err != nil {
		return "", err
	}
	hours, err := schedule.WorkingHours(windows, exceptions, schedule.DateOf(day))
	if err != nil {
		return "", err
	}
	var here []schedule.Stretch
	for _, h := range hours {
		if h.Location == a.Location {
			here = append(here, h)
		}
	}
	if _, ok := schedule.Contains(here, clockOn(day, start, zone), clockOn(day, a.End, zone)); ok {
		return "", nil
	}
	when := shortClock(start) + " on " + dayLabel(start)
	if len(here) == 0 {
		return doctor + " does not work at " + o.city(a.Location) + " on " + dayLabel(start) + ". Book " + when + " as an extra patient anyway?", nil
	}
	return when + " is outside " + doctor + "'s hours at " + o.city(a.Location) + " (" + spansText(here) + "). Book an extra patient anyway?", nil
}

// clashText says which appointments are in the way of a booking: when,
// what, and the patient's initials only.
func clashText(as []*clinic.Appointment, doctor string, o bookingOptions, zone *time.Location) string {
	var parts []string
	for _, a := range as {
		row := o.row(a)
		span := shortClock(a.Start.In(zone)) + " to " + shortClock(a.End.In(zone))
		switch {
		case a.Type == clinic.BlockType:
			parts = append(parts, "blocked time, "+span)
		case !a.HeldUntil.IsZero():
			parts = append(parts, "a time held for a patient on the waitlist ("+initials(a.Patient.Name)+"), "+span)
		default:
			parts = append(parts, row.Type+" with "+initials(a.Patient.Name)+", "+span)
		}
		if a.Buffer > 0 {
			parts[len(parts)-1] += " and " + itoa64(int64(a.Buffer/time.Minute)) + " minutes kept free after it"
		}
	}
	if len(parts) == 0 {
		return "That time was just taken by another appointment, so nothing was booked. Please choose another."
	}
	return "That time clashes with " + doctor + "'s " + strings.Join(parts, "; ") + ", so nothing was booked. Please choose another time."
}

// initials are a patient's name as the letters of its first and last
// words: "Lee Park" is "L. P.". No name is "another appointment".
func initials(name string) string {
	words := strings.FieldsFunc(name, func(r rune) bool { return !unicode.IsLetter(r) })
	if len(words) == 0 {
		return "another appointment"
	}
	if len(words) > 2 {
		words = []string{words[0], words[len(words)-1]}
	}
	var b strings.Builder
	for i, w := range words {
		if i > 0 {
			b.WriteByte(' ')
		}
		r := []rune(w)[0]
		b.WriteRune(unicode.ToUpper(r))
		b.WriteByte('.')
	}
	return b.String()
}
