package web

import (
	"context"
	"fmt"
	"net/http"
	"strings"

	"clinic"
	"clinic/internal/auth"
	"clinic/internal/mail"
)

// portalRoutes are the patient portal's routes. Those behind s.patient
// take the patient from the session, never from the URL: a patient can
// name no one else's record. The isolation test walks this table.
func (s *Server) portalRoutes() []portalRoute {
	return append([]portalRoute{
		{"GET /portal/home", s.portalHome},
		{"GET /portal/records", s.portalExportHTML},
		{"GET /portal/records.json", s.portalExportJSON},
		{"GET /portal/records.zip", s.portalExportZIP},
		{"GET /portal/account", s.portalAccount},
		{"GET /portal/correction", s.portalCorrectionForm},
		{"POST /portal/correction", s.portalCorrection},
		{"POST /portal/account/close", s.portalClose},
		{"GET /portal/account/password", s.portalPassword},
		{"POST /portal/account/password", s.portalPasswordSubmit},
		{"POST /portal/account/password/remove", s.portalPasswordRemove},
		{"GET /portal/messages", s.needMessages(s.portalMessages)},
		{"POST /portal/messages", s.needMessages(s.portalMessageStart)},
		{"GET /portal/messages/{id}", s.needMessages(s.portalThread)},
		{"POST /portal/messages/{id}", s.needMessages(s.portalThreadReply)},
		{"GET /portal/passkeys", s.portalPasskeys},
		{"POST /portal/passkeys/options", s.jsonAnswer(s.passkeyRegisterOptions)},
		{"POST /portal/passkeys", s.jsonAnswer(s.passkeyRegister)},
		{"POST /portal/passkeys/{passkey}/delete", s.passkeyDelete},
		{portalSwitchPattern, s.portalSwitch},
	}, s.formRoutes()...)
}

// portalRoute is a route behind a patient's session.
type portalRoute struct {
	pattern string
	h       handlerFunc
}

// portalOpenRoutes sign patients in.
func (s *Server) portalOpen(mux *http.ServeMux) {
	mux.Handle("GET /portal/sign-in", s.handle(s.portalSignIn))
	mux.Handle("POST /portal/sign-in", s.handle(s.portalSignInSubmit))
	mux.Handle("GET /portal/sign-in/password", s.handle(s.portalPasswordSignIn))
	mux.Handle("POST /portal/sign-in/password", s.handle(s.portalPasswordSignInSubmit))
	mux.Handle("GET /portal/sign-up", s.handle(s.portalSignUp))
	mux.Handle("GET /portal/start/{token}", s.handle(s.portalStart))
	mux.Handle("GET /portal/link/{token}", s.handle(s.portalLink))
	mux.Handle("POST /portal/link/{token}", s.handle(s.portalLinkSubmit))
	mux.Handle("GET /portal/verify", s.handle(s.portalVerify))
	mux.Handle("POST /portal/verify", s.handle(s.portalVerify))
	mux.Handle("POST /portal/sign-out", s.handle(s.portalSignOut))
	mux.Handle("POST /portal/passkey/options", s.handle(s.jsonAnswer(s.passkeySignInOptions)))
	mux.Handle("POST /portal/passkey/sign-in", s.handle(s.jsonAnswer(s.passkeySignIn)))
	for _, rt := range s.portalRoutes() {
		mux.Handle(rt.pattern, s.patient(rt.h, rt.pattern))
	}
}

type portalVerifyPage struct {
	basePage
	BirthDate string
	Problem   string
	NoRecord  bool
}

// portalVerify asks a signed-in account with no record for the date of
// birth; with the email the link confirmed, it is an exact verified
// match. Wrong dates are throttled like sign-in attempts.
func (s *Server) portalVerify(w http.ResponseWriter, r *http.Request) error {
	w.Header().Set("Cache-Control", "no-store")
	sess, err := s.portalSession(r)
	if err != nil {
		return err
	}
	if sess == nil {
		if r.Method != http.MethodGet {
			return clinic.Errorf(clinic.EUnauthorized, "Your sign-in has ended. Please sign in again; the date you sent was not kept.")
		}
		http.Redirect(w, r, "/portal/sign-in", http.StatusSeeOther)
		return nil
	}
	p := portalVerifyPage{}
	status := http.StatusOK
	if r.Method == http.MethodPost {
		if status, err = s.portalMatch(r, sess, &p); err != nil || status == http.StatusSeeOther {
			if err == nil {
				http.Redirect(w, r, "/portal/home", http.StatusSeeOther)
			}
			return err
		}
	}
	return s.renderPortal(w, r, status, "portal-verify", "Find your records", func(b basePage) any { p.basePage = b; return p })
}

func (s *Server) portalMatch(r *http.Request, sess *clinic.PortalSession, p *portalVerifyPage) (int, error) {
	if err := parseForm(r); err != nil {
		return 0, err
	}
	dob, problem := clinic.ParseDate(strings.TrimSpace(r.PostForm.Get("birth_date")))
	if problem != "" {
		p.Problem = problem
		return http.StatusUnprocessableEntity, nil
	}
	keys := s.throttleKeys(r, "portal-dob:", idRecord("portal", sess.AccountID))
	attempt, limited, err := s.cfg.Staff.TakeAttempt(r.Context(), s.now(), keys...)
	if err != nil {
		return 0, err
	} else if limited {
		p.Problem = "Too many dates that did not match. Please wait 15 minutes, or call us."
		return http.StatusTooManyRequests, nil
	}
	ok, err := s.cfg.Portal.MatchPortalPatient(r.Context(), sess.AccountID, dob.Format("2006-01-02"))
	if err != nil {
		return 0, err
	}
	if !ok {
		p.NoRecord = true
		return http.StatusUnprocessableEntity, nil
	}
	if err := s.cfg.Staff.ForgetAttempt(r.Context(), attempt); err != nil {
		return 0, err
	}
	return http.StatusSeeOther, s.portalAudit(r, sess.AccountID, "portal.match", idRecord("portal", sess.AccountID), "verified match")
}

type portalHomePage struct {
	basePage
	Patient        *clinic.Patient
	Upcoming, Past []portalAppt
	Reviews        []*clinic.ReviewRequest
	Findings       map[int64]*clinic.ReviewFindings
	Offers         *clinic.PortalSettings
	// Own is set on the account's own record; Full unless a guardian
	// sees it view only. Choices are the portals it may switch between.
	Own, Full bool
	Choices   []portalChoice
	// Threads are the latest conversations; MoreThreads is set when
	// there are older ones.
	Threads     []*clinic.Thread
	MoreThreads bool
	Due         []portalDue
	Passkeys    bool // passkeys are set up on this site
	Documents   portalDocuments
}

// portalAppt is an appointment with its manage link, through which the
// patient moves or cancels it under the same guard as from an email.
type portalAppt struct {
	*clinic.Appointment
	Manage string
}

// portalHome shows the patient's own appointments and MRI reviews.
func (s *Server) portalHome(w http.ResponseWriter, r *http.Request) error {
	c, err := s.cfg.Patients.PatientChart(r.Context(), portalPatient(r.Context()))
	if err != nil {
		return err
	}
	who := portalWhoFrom(r.Context())
	p := portalHomePage{Patient: c.Patient, Reviews: c.Reviews, Findings: map[int64]*clinic.ReviewFindings{}, Own: who.Own, Full: who.Full, Passkeys: s.passkeysOn()}
	if p.Offers, err = s.portalOffers(r); err != nil {
		return err
	}
	if p.Choices, err = s.portalChoices(r); err != nil {
		return err
	}
	for id, f := range c.Findings {
		if !f.SentAt.IsZero() { // drafts stay with the clinic
			p.Findings[id] = f
		}
	}
	if err := s.inClinicTime(r.Context(), c.Appointments); err != nil {
		return err
	}
	now := s.now()
	for _, a := range c.Appointments {
		if a.Type == clinic.BlockType {
			continue
		}
		if a.Start.After(now) && clinic.Active(a.Status) {
			pa := portalAppt{Appointment: a}
			if p.Offers.SelfScheduling && who.Full {
				pa.Manage = s.manageLink(a)
			}
			p.Upcoming = append([]portalAppt{pa}, p.Upcoming...)
		} else {
			p.Past = append(p.Past, portalAppt{Appointment: a})
		}
	}
	if err := s.homeLists(r, &p); err != nil {
		return err
	}
	return s.renderPortal(w, r, http.StatusOK, "portal-home", "Your portal", func(b basePage) any { p.basePage = b; return p })
}

// inClinicTime puts appointments' times on the clinic's clock, as the
// patient knows them: the store gives them in UTC.
func (s *Server) inClinicTime(ctx context.Context, as []*clinic.Appointment) error {
	site, err := s.content.Settings(ctx)
	if err != nil {
		return err
	}
	zone := s.zone(site)
	for _, a := range as {
		a.Start, a.End = a.Start.In(zone), a.End.In(zone)
	}
	return nil
}

// isPortalMail reports a message of the portal: a sign-in link or a
// notice of a message.
func isPortalMail(kind string) bool {
	return strings.HasPrefix(kind, clinic.MailPortalLink+":") || isMessageMail(kind)
}

// composePortalMail writes a sign-in link when the message is sent: the
// token is made now, only its hash stored, and it lasts
// clinic.PortalLinkLifetime from now.
func (s *Server) composePortalMail(ctx context.Context, m *clinic.OutboxMessage) error {
	if isMessageMail(m.Kind) {
		return s.composeMessageMail(ctx, m)
	}
	var id int64
	if _, err := fmt.Sscanf(strings.TrimPrefix(m.Kind, clinic.MailPortalLink+":"), "%d", &id); err != nil || s.cfg.Portal == nil {
		return mail.Unsendable(m.ID, "not a portal message we know")
	}
	a, err := s.cfg.Portal.PortalAccount(ctx, id)
	if err != nil {
		return err
	}
	if !a.ClosedAt.IsZero() {
		return mail.Unsendable(m.ID, "the account was closed")
	}
	site, err := s.content.Settings(ctx)
	if err != nil {
		return err
	}
	plain, hash := auth.NewToken()
	if err := s.cfg.Portal.CreatePortalLink(ctx, id, hash, s.now().Add(clinic.PortalLinkLifetime)); err != nil {
		return err
	}
	m.To, m.Subject = a.Email, "Your link to sign in to "+site.ClinicName
	m.Body = fmt.Sprintf("To sign in to your patient portal, open this link within 15 minutes. It works once.\n\n%s/portal/link/%s\n\n"+
		"If you did not ask to sign in, you can ignore this email.\n\nQuestions? Call us at %s.\n\n%s\n",
		s.cfg.BaseURL, plain, site.Phone, site.ClinicName)
	return nil
}
