package web

import (
	"context"
	"fmt"
	"strings"

	"clinic"
	"clinic/internal/ics"
	"clinic/internal/mail"
)

// ComposeMail writes the address, text and calendar invitation of a
// message about an appointment from the appointment as it is now, when
// the message is sent; the outbox holds only which appointment it is
// about. Other messages are sent as queued. A message that no longer
// makes sense (a reminder of a cancelled appointment) is unsendable. A
// message about a waitlist entry is written from the entry likewise.
func (s *Server) ComposeMail(ctx context.Context, m *clinic.OutboxMessage) error {
	if m.Kind == clinic.MailContactNotice {
		// The store knows the back office's path, not the site's address.
		m.Body = strings.Replace(m.Body, " /admin/", " "+strings.TrimSuffix(s.cfg.BaseURL, "/")+"/admin/", 1)
		return nil
	}
	if isQuestionnaireMail(m.Kind) {
		return s.composeQuestionnaireMail(ctx, m)
	}
	if isPortalMail(m.Kind) {
		return s.composePortalMail(ctx, m)
	}
	if m.Waitlist != 0 {
		return s.composeWaitlistMail(ctx, m)
	}
	if m.Review != 0 {
		return s.composeReviewMail(ctx, m)
	}
	if m.Appointment == 0 {
		return nil
	}
	a, err := s.cfg.Booking.Appointment(ctx, m.Appointment)
	if err != nil {
		return err
	}
	site, err := s.content.Settings(ctx)
	if err != nil {
		return err
	}
	v, err := s.describe(ctx, a, site)
	if err != nil {
		return err
	}
	if m.Kind != clinic.MailCancelled && !clinic.Active(a.Status) {
		return mail.Unsendable(m.ID, "the appointment was cancelled before this message went out")
	}
	if m.Kind == clinic.MailReminder && !s.now().Before(a.Start) {
		return mail.Unsendable(m.ID, "the appointment is no longer to come")
	}
	if m.Kind == clinic.MailOffer && (!clinic.Active(a.Status) || a.HeldUntil.IsZero() || !s.now().Before(a.HeldUntil)) {
		return mail.Unsendable(m.ID, "the offer was taken or has lapsed")
	}
	if a.Patient.Email == "" {
		return mail.Unsendable(m.ID, "the patient gave no email address")
	}
	m.To = a.Patient.Email
	var intro, method string
	var ok bool
	if m.Subject, intro, method, ok = mailWording(m.Kind, a); !ok {
		return mail.Unsendable(m.ID, "unknown kind of appointment message")
	}
	m.Body = s.mailBody(v, site, a.Patient.Name, intro, m.Kind)
	if m.Kind == clinic.MailBooked {
		m.Body = withInvite(m.Body, s.portalInvite(inviteAppointment, a.ID))
	}
	if m.Kind == clinic.MailOffer {
		return nil // not booked yet: no invitation
	}
	inv, err := s.invitation(v, site, method)
	if err != nil {
		// An address the calendar format cannot carry (or no clinic email
		// to send from) costs the invitation, not the message.
		return nil
	}
	m.Attachments = []clinic.Attachment{{Name: "appointment.ics", ContentType: "text/calendar; method=" + method, Data: inv}}
	return nil
}

// mailBody is the plain text of a message about an appointment.
func (s *Server) mailBody(v *apptView, site *clinic.Settings, name, intro, kind string) string {
	var b strings.Builder
	fmt.Fprintf(&b, "Dear %s,\n\n%s\n\n", name, intro)
	a := v.Appt
	fmt.Fprintf(&b, "  %s with %s\n  %s at %s (%d minutes)\n", v.Type.Name, v.Doctor.Name, dayLabel(a.Start), clockLabel(a.Start), apptMinutes(a))
	if v.Type.Virtual {
		b.WriteString("  By phone or video: we will send you the details.\n")
	} else {
		fmt.Fprintf(&b, "  %s, %s, %s, %s %s\n", v.Location.Name, v.Location.Street, v.Location.City, v.Location.Region, v.Location.PostalCode)
	}
	fmt.Fprintf(&b, "  Times are local time in %s.\n\n", v.Zone)
	switch kind {
	case clinic.MailOffer:
		fmt.Fprintf(&b, "%s%s\n\n", s.cfg.BaseURL, v.Link)
	case clinic.MailCancelled:
		fmt.Fprintf(&b, "To book another time: %s/appointments\n", s.cfg.BaseURL)
	default:
		fmt.Fprintf(&b, "To add it to your calendar, open the attached invitation. To move or cancel it:\n%s%s\n\n", s.cfg.BaseURL, v.Link)
		if !v.Type.Virtual {
			b.WriteString("Please bring a photo ID, your insurance card and a list of your medicines.\n")
		}
	}
	fmt.Fprintf(&b, "Questions? Call us at %s.\n\n%s\n", site.Phone, site.ClinicName)
	return b.String()
}

// mailWording is the subject, the opening line and the calendar method of
// a message of kind about a; ok is false for a kind it does not know.
func mailWording(kind string, a *clinic.Appointment) (subject, intro, method string, ok bool) {
	when := fmt.Sprintf("%s at %s", dayLabel(a.Start), clockLabel(a.Start))
	switch kind {
	case clinic.MailBooked:
		return "Your appointment on " + when, "Your appointment is booked.", ics.MethodRequest, true
	case clinic.MailMoved:
		return "Your appointment has moved to " + when, "Your appointment has moved to a new time.", ics.MethodRequest, true
	case clinic.MailReminder:
		return "Reminder: your appointment on " + when, "This is a reminder of your appointment.", ics.MethodRequest, true
	case clinic.MailOffer:
		return "An earlier appointment time is available: " + when,
			"A time you asked to hear about has opened up, and we are holding it for you until " +
				clockLabel(a.HeldUntil.In(a.Start.Location())) + ". To take it, open the link below and choose Take this time; " +
				"if you do nothing, it goes to the next patient waiting and you leave the waitlist (you can join it again). " +
				"To leave the waitlist now, open the link and choose No thanks.",
			ics.MethodRequest, true
	case clinic.MailCancelled:
		return "Your appointment on " + when + " is cancelled", "Your appointment has been cancelled.", ics.MethodCancel, true
	}
	return "", "", "", false
}
