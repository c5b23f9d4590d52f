package web

import (
	"net/http"
	"slices"

	"clinic"
)

// routes is the one table of every URL the server answers.
func (s *Server) routes() http.Handler {
	mux := http.NewServeMux()
	page := s.cached // public pages, rendered once per content version
	mux.Handle("GET /{$}", s.legacyLinks(page(s.home)))
	mux.Handle("GET /treatments", page(s.treatments))
	mux.Handle("GET /treatments/{slug}", page(s.treatment))
	mux.Handle("GET /doctors", page(s.doctors))
	mux.Handle("GET /doctors/{slug}", page(s.doctor))
	mux.Handle("GET /locations", page(s.locations))
	mux.Handle("GET /locations/{slug}", page(s.location))
	mux.Handle("GET /blog", page(s.blog))
	mux.Handle("GET /blog/page/{n}", page(s.blog))
	mux.Handle("GET /blog/{slug}", page(s.post))
	mux.Handle("GET /blog/tag/{slug}", page(s.blogTag))
	mux.Handle("GET /blog/tag/{slug}/page/{n}", page(s.blogTag))
	mux.Handle("GET /blog/category/{slug}", page(s.blogCategory))
	mux.Handle("GET /blog/category/{slug}/page/{n}", page(s.blogCategory))
	mux.Handle("GET /blog/author/{slug}", page(s.blogAuthor))
	mux.Handle("GET /blog/author/{slug}/page/{n}", page(s.blogAuthor))
	for _, f := range []string{"atom", "rss"} {
		mux.Handle("GET /blog/feed."+f, page(s.feed(f, feedAll)))
		mux.Handle("GET /blog/tag/{slug}/feed."+f, page(s.feed(f, feedTag)))
		mux.Handle("GET /blog/category/{slug}/feed."+f, page(s.feed(f, feedCategory)))
	}
	mux.Handle("GET /videos", page(s.videos))
	mux.Handle("GET /research", page(s.research))
	mux.Handle("GET /outcomes", page(s.outcomes))
	mux.Handle("GET /questionnaires/{token}", s.handle(s.questionnaire))
	mux.Handle("POST /questionnaires/{token}", s.handle(s.questionnaireSubmit))
	mux.Handle("GET /questionnaires/{token}/stop", s.handle(s.questionnaireStop))
	mux.Handle("POST /questionnaires/{token}/stop", s.handle(s.questionnaireStop))
	mux.Handle("GET /contact", page(s.contact))
	mux.Handle("POST /contact", s.handle(s.contactSubmit))
	mux.Handle("GET /contact/thanks", page(s.contactThanks))
	mux.Handle("GET /diagnose", s.handle(s.diagnose))
	mux.Handle("POST /diagnose", s.handle(s.diagnoseStep))
	mux.Handle("POST /diagnose/book", s.handle(s.diagnoseBook))
	mux.Handle("POST /diagnose/call", s.handle(s.diagnoseCall))
	mux.Handle("GET /diagnose/thanks", s.handle(s.diagnoseThanks))
	mux.Handle("GET /appointments", s.handle(s.bookingStart))
	mux.Handle("GET /appointments/details", s.handle(s.bookingDetails))
	mux.Handle("POST /appointments/details", s.handle(s.bookingSubmit))
	mux.Handle("GET /appointments/waitlist", s.handle(s.waitlist))
	mux.Handle("POST /appointments/waitlist", s.handle(s.waitlistSubmit))
	mux.Handle("GET /appointments/waitlist/joined", s.handle(s.waitlistJoined))
	mux.Handle("GET /appointments/waitlist/leave/{token}", s.handle(s.leaveWaitlist))
	mux.Handle("POST /appointments/waitlist/leave/{token}", s.handle(s.leaveWaitlist))
	mux.Handle("GET /appointments/manage/{token}", s.handle(s.manageAppointment))
	mux.Handle("POST /appointments/manage/{token}/confirm", s.handle(s.confirmHold))
	mux.Handle("GET /appointments/manage/{token}/appointment.ics", s.handle(s.appointmentICS))
	mux.Handle("GET /appointments/manage/{token}/cancel", s.handle(s.cancelAppointment))
	mux.Handle("POST /appointments/manage/{token}/cancel", s.handle(s.cancelAppointment))
	mux.Handle("GET /appointments/manage/{token}/move", s.handle(s.moveTimes))
	mux.Handle("POST /appointments/manage/{token}/move", s.handle(s.moveSubmit))
	mux.Handle("GET /appointments/manage/{token}/move/confirm", s.handle(s.moveSubmit))
	mux.Handle("GET /mri-review", s.handle(s.mriReview))
	mux.Handle("POST /mri-review", s.handle(s.mriSubmit))
	mux.Handle("GET /mri-review/upload", s.handle(s.mriUpload))
	mux.Handle("POST /mri-review/upload", s.handleFormUpload(s.uploadForm))
	mux.Handle("POST /mri-review/files", s.tusRoute(tusCreate))
	mux.Handle("HEAD /mri-review/files/{id}", s.tusRoute(tusOffset))
	mux.Handle("PATCH /mri-review/files/{id}", s.tusRoute(tusWrite))
	mux.Handle("DELETE /mri-review/files/{id}", s.tusRoute(tusTerminate))
	mux.Handle("GET /mri-review/thumbs/{series}", s.handle(s.mriThumb))
	mux.Handle("GET /mri-review/summary", s.handle(s.mriSummary))
	mux.Handle("POST /mri-review/send", s.handle(s.mriSend))
	mux.Handle("GET /mri-review/sent", s.handle(s.mriSent))
	mux.Handle("GET /mri-review/findings/{token}", s.handle(s.mriFindings))
	mux.Handle("POST /mri-review/findings/{token}", s.handle(s.mriFindingsCheck))
	mux.Handle("POST /mri-review/findings/{token}/book", s.handle(s.mriBook))
	s.portalOpen(mux)
	mux.Handle("GET /search", s.handle(s.search))
	mux.Handle("GET /sitemap.xml", page(s.sitemap))
	mux.Handle("GET /robots.txt", page(s.robots))
	mux.Handle("GET /healthz", http.HandlerFunc(s.healthz))
	mux.Handle("GET /readyz", http.HandlerFunc(s.readyz))
	mux.Handle("GET /static/{file}", http.HandlerFunc(s.static))
	mux.Handle("GET /media/{name}", s.handle(s.mediaFile))
	mux.Handle("GET /favicon.ico", http.HandlerFunc(s.favicon))
	mux.Handle("GET /{slug}", page(s.page))

	// The back office. Signing in and one-time links are open; everything
	// else goes through s.staff, the one place that checks the session, the
	// second factor and the role (clinic.Permission; docs/SECURITY.md).
	mux.Handle("GET /admin/sign-in", s.handle(s.signIn))
	mux.Handle("POST /admin/sign-in", s.handle(s.signInSubmit))
	mux.Handle("GET /admin/sign-in/code", s.handle(s.signInCode))
	mux.Handle("POST /admin/sign-in/code", s.handle(s.signInCodeSubmit))
	mux.Handle("POST /admin/sign-out", s.handle(s.signOut))
	mux.Handle("GET /admin/setup/{token}", s.handle(s.passwordLink))
	mux.Handle("POST /admin/setup/{token}", s.handle(s.passwordLinkSubmit))
	mux.Handle("GET /admin/reset", s.handle(s.resetRequest))
	mux.Handle("POST /admin/reset", s.handle(s.resetRequestSubmit))
	mux.Handle("GET /admin/reset/{token}", s.handle(s.passwordLink))
	mux.Handle("POST /admin/reset/{token}", s.handle(s.passwordLinkSubmit))
	for _, rt := range s.adminRoutes() {
		mux.Handle(rt.pattern, s.staff(rt.perm, rt.h))
	}
	mux.Handle("/admin/", s.staff(clinic.PermAccount, s.notFound)) // a back-office 404 for a back-office address
	if s.cfg.MetricsToken != "" && s.cfg.MetricsHandler != nil {
		mux.Handle("GET /metrics", s.metricsRoute())
	}
	mux.Handle("/", s.handle(s.unrouted(mux)))
	return mux
}

// adminRoute is a back-office route and the permission it needs.
type adminRoute struct {
	pattern string
	perm    clinic.Permission
	h       handlerFunc
}

// adminRoutes are the routes behind sign-in. The route-by-role test walks
// this table.
func (s *Server) adminRoutes() []adminRoute {
	return slices.Concat(s.scheduleRoutes(), s.calendarRoutes(), s.editorRoutes(), s.outcomesRoutes(), s.questionnaireRoutes(), s.reviewRoutes(), s.patientRoutes(), []adminRoute{
		{"GET /admin", clinic.PermAccount, s.adminHome},
		{"GET /admin/account", clinic.PermAccount, s.account},
		{"POST /admin/account/password", clinic.PermAccount, s.changePassword},
		{"GET /admin/account/two-factor", clinic.PermAccount, s.twoFactor},
		{"POST /admin/account/two-factor", clinic.PermAccount, s.twoFactorSubmit},
		{"POST /admin/preview", clinic.PermContent, s.preview},
		{"GET /admin/posts", clinic.PermContent, s.adminPosts},
		{"GET /admin/posts/new", clinic.PermContent, s.newPost},
		{"POST /admin/posts/new", clinic.PermContent, s.savePost},
		{"GET /admin/posts/{slug}", clinic.PermContent, s.editPost},
		{"POST /admin/posts/{slug}", clinic.PermContent, s.savePost},
		{"GET /admin/posts/{slug}/revisions", clinic.PermContent, s.postRevisions},
		{"POST /admin/posts/{slug}/delete", clinic.PermContent, s.deleteContent},
		{"GET /admin/posts/{slug}/revisions/{id}/restore", clinic.PermContent, s.restorePost},

		{"GET /admin/tags", clinic.PermContent, s.tags},
		{"POST /admin/tags/{slug}", clinic.PermContent, s.tagUpdate},
		{"GET /admin/media", clinic.PermContent, s.mediaLibrary},
		{"POST /admin/media", clinic.PermContent, s.mediaUpload},
		{"POST /admin/media/{id}", clinic.PermContent, s.mediaAlt},
		{"GET /admin/content", clinic.PermContent, s.contentList},
		{"GET /admin/content/{kind}/{slug}", clinic.PermContent, s.editContent},
		{"POST /admin/content/{kind}/{slug}", clinic.PermContent, s.saveContent},
		{"GET /admin/content/{kind}/{slug}/revisions", clinic.PermContent, s.contentRevisions},
		{"POST /admin/content/{kind}/{slug}/delete", clinic.PermContent, s.deleteContent},
		{"GET /admin/content/{kind}/{slug}/revisions/{id}/restore", clinic.PermContent, s.restoreContent},
		{"GET /admin/redirects", clinic.PermContent, s.editContent},
		{"POST /admin/redirects", clinic.PermContent, s.saveContent},
		{"GET /admin/menu", clinic.PermSettings, s.editContent},
		{"POST /admin/menu", clinic.PermSettings, s.saveContent},
		{"GET /admin/settings", clinic.PermSettings, s.editContent},
		{"POST /admin/settings", clinic.PermSettings, s.saveContent},

		{"GET /admin/leads", clinic.PermLeads, s.leads},
		{"GET /admin/leads/{id}", clinic.PermLeads, s.lead},
		{"POST /admin/leads/{id}", clinic.PermLeads, s.leadUpdate},

		{"GET /admin/users", clinic.PermUsers, s.users},
		{"POST /admin/users", clinic.PermUsers, s.userCreate},
		{"POST /admin/users/{id}", clinic.PermUsers, s.userUpdate},
		{"GET /admin/mail", clinic.PermSystem, s.mailSettings},
		{"POST /admin/mail", clinic.PermSystem, s.mailSettingsSave},
		{"POST /admin/mail/test", clinic.PermSystem, s.mailTest},
		{"GET /admin/audit", clinic.PermAudit, s.auditLog},
		{"GET /admin/audit.csv", clinic.PermAudit, s.auditCSV},
	})
}
