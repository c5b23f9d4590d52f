package web

import (
	"context"
	"fmt"
	"strconv"

	"clinic"
	"clinic/internal/mail"
)

// composeReviewMail writes a message about a review request when it is
// sent: the patient's address comes from the sealed request, and no
// message names a health detail; the findings are behind a link that
// asks for the date of birth.
func (s *Server) composeReviewMail(ctx context.Context, m *clinic.OutboxMessage) error {
	if s.cfg.Reviews == nil {
		return mail.Unsendable(m.ID, "MRI reviews are not set up on this server")
	}
	q, err := s.cfg.Reviews.Review(ctx, m.Review)
	if err != nil {
		return err
	}
	site, err := s.content.Settings(ctx)
	if err != nil {
		return err
	}
	var intro string
	switch m.Kind {
	case clinic.MailReviewNotice:
		m.To, m.Subject = site.Email, "A new MRI review request is waiting"
		m.Body = fmt.Sprintf("A patient sent images for a free MRI review.\n\nOpen it in the back office: %s/admin/reviews/%s\n",
			s.cfg.BaseURL, strconv.FormatInt(q.ID, 10))
		return nil
	case clinic.MailReviewReceived:
		m.Subject = "We received your images"
		intro = "Thank you: we received the images you sent for a free MRI review. A spine specialist will look at them, " +
			"and we will email you when your review is ready, usually within five business days."
	case clinic.MailReviewReady:
		m.Subject = "Your MRI review is ready"
		intro = "Your MRI review is ready. To read it, open this link and enter your date of birth:\n\n" + s.findingsLink(q.ID) +
			"\n\nThe link works for 90 days."
	default:
		return mail.Unsendable(m.ID, "unknown kind of review message")
	}
	if q.Email == "" {
		return mail.Unsendable(m.ID, "the patient gave no email address")
	}
	m.To = q.Email
	m.Body = fmt.Sprintf("Dear %s,\n\n%s\n\nQuestions? Call us at %s.\n\n%s\n", q.Name, intro, site.Phone, site.ClinicName)
	m.Body = withInvite(m.Body, s.portalInvite(inviteReview, q.ID))
	return nil
}
