// Package web serves the clinic's website over HTTP: one route table, one
// error adapter, templates parsed once, and an in-memory cache of rendered
// public pages keyed by the content version.
package web

import (
	"context"
	"log/slog"
	"net/http"
	"net/netip"
	"runtime"
	"sync"
	"sync/atomic"
	"time"

	"clinic"
	"clinic/internal/auth"
	"clinic/internal/intake"
	"clinic/internal/markdown"
	"clinic/internal/passkey"
)

// Config is what the server needs from the outside.
type Config struct {
	BaseURL string // absolute, without a trailing slash: "https://clinic.example"
	Dev     bool   // reload templates and static files from DevDir on every request
	DevDir  string // the internal/web folder on disk, for Dev
	Logger  *slog.Logger
	Content clinic.ContentService
	Intake  clinic.IntakeService
	Ready   func(context.Context) error // nil error when the database answers
	Now     func() time.Time            // the clock; time.Now when nil
	// CacheBytes bounds the memory of the page cache; 0 means 32 MiB.
	CacheBytes int

	// The back office.
	Staff  clinic.StaffService
	Editor clinic.EditorService
	Audit  clinic.AuditService
	Leads  clinic.LeadService
	Media  clinic.MediaService
	Mailer clinic.Mailer

	// Booking.
	Schedule     clinic.ScheduleService
	Booking      clinic.BookingService
	MailSettings clinic.MailSettingsService
	Waitlist     clinic.WaitlistService
	// LinkKey signs the links that let a patient manage a booking; at
	// least 32 random bytes, kept secret and the same on every instance.
	LinkKey []byte
	// TrustedProxies are the addresses whose X-Forwarded-For is believed.
	TrustedProxies []netip.Prefix
	// IdlePHI and Idle are the idle timeouts of staff sessions, for roles
	// that see patient data and for the others; zero means the defaults.
	IdlePHI, Idle time.Duration
	// Passwords hashes and checks staff passwords; nil means the
	// production policy of package auth. Tests pass a cheap one.
	Passwords *auth.Hasher

	// Metrics counts requests and cache use; nil counts nothing.
	// MetricsHandler serves them at /metrics on the site's address to a
	// scraper that sends MetricsToken as a bearer token; with no token,
	// the site has no /metrics.
	Metrics        Metrics
	MetricsHandler http.Handler
	MetricsToken   string

	// Diagnose my pain and the questionnaires: the rules and instruments
	// read at start-up, and where answers and outcomes are kept.
	Rules       *intake.Rules
	Instruments []*intake.Instrument
	Triage      clinic.TriageService
	Outcomes    clinic.OutcomesService
	// Questionnaires keeps the questionnaires of procedures.
	Questionnaires clinic.QuestionnaireService

	// Patients as records (admin_patient*.go) and the patient portal
	// (portal_*.go).
	Patients  clinic.PatientService
	Portal    clinic.PortalService
	Messages  clinic.MessageService
	Passkeys  clinic.PasskeyService
	Guardians clinic.GuardianService
	PreVisit  clinic.PreVisitService

	// The free MRI review (mri_*.go, admin_review_*.go).
	Reviews clinic.ReviewService
	MRI     MRIConfig
}

// Server is the HTTP side of the clinic.
type Server struct {
	cfg     Config
	log     *slog.Logger
	content clinic.ContentService
	intake  clinic.IntakeService
	now     func() time.Time
	md      *markdown.Renderer
	views   *views
	assets  *assets
	cache   *pageCache
	version atomic.Int64
	// lastSite is the last settings read, so that the error page keeps
	// the site's name, style and phone number when the database is down.
	lastSite atomic.Pointer[clinic.Settings]
	handler  http.Handler
	// hashSlots bounds concurrent password hashing, imageSlot image
	// processing.
	hashSlots chan struct{}
	imageSlot chan struct{}
	// images are the media library's images by URL, for the renderer.
	images atomic.Pointer[map[string]markdown.ImageSet]
	// zones are the time zones loaded, by the setting's name.
	zones sync.Map
	// mri is the free MRI review's uploads and images.
	mri *mriParts
	// rp runs the portal's passkey ceremonies; nil without a base URL.
	rp *passkey.RP
}

// New builds a server. It parses every template and hashes every static
// file, so that a broken template fails here and not on a request.
func New(cfg Config) (*Server, error) {
	s := &Server{
		cfg:       cfg,
		log:       cfg.Logger,
		content:   cfg.Content,
		intake:    cfg.Intake,
		now:       cfg.Now,
		imageSlot: make(chan struct{}, 1),
		cache:     newPageCache(cfg.CacheBytes),
		hashSlots: make(chan struct{}, max(2, runtime.GOMAXPROCS(0))),
	}
	if s.log == nil {
		s.log = slog.New(slog.DiscardHandler)
	}
	s.md = markdown.NewWithImages(s.imageSet)
	if s.now == nil {
		s.now = time.Now
	}
	if s.cfg.IdlePHI <= 0 {
		s.cfg.IdlePHI = clinic.DefaultIdlePHI
	}
	if s.cfg.Idle <= 0 {
		s.cfg.Idle = clinic.DefaultIdle
	}
	var err error
	if s.assets, err = loadAssets(cfg.Dev, cfg.DevDir); err != nil {
		return nil, err
	}
	if s.views, err = loadViews(cfg.Dev, cfg.DevDir, s.funcs()); err != nil {
		return nil, err
	}
	if s.mri, err = s.newMRI(); err != nil {
		return nil, err
	}
	s.rp, _ = passkey.New(cfg.BaseURL, "Patient portal") // no base URL, no passkeys
	s.handler = s.middleware(s.routes())
	return s, nil
}

// ServeHTTP serves a request.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	s.handler.ServeHTTP(w, r)
}

// SetVersion tells the server the current content version. Cached pages
// of older versions are dropped.
func (s *Server) SetVersion(v int64) {
	if s.version.Swap(v) != v {
		s.refreshImages(context.Background())
		s.cache.clear()
	}
}
