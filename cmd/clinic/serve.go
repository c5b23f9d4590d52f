package main

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"net"
	"net/http"
	"path/filepath"
	"sync"
	"time"

	"clinic/content"
	"clinic/internal/auth"
	"clinic/internal/seal"
	"clinic/internal/store"
	"clinic/internal/web"
)

// openStore opens the database of cfg, with the sealer for patient data,
// making the database and its key on first run: the server's way.
func openStore(ctx context.Context, cfg Config, log *slog.Logger) (*store.DB, error) {
	return openDB(ctx, cfg, log, false)
}

// openExisting opens the database of cfg only if it is there, and makes
// nothing: every command but the server opens it so, so that a mistyped
// CLINIC_DATA_DIR is reported instead of filled with a new database.
func openExisting(ctx context.Context, cfg Config, log *slog.Logger) (*store.DB, error) {
	return openDB(ctx, cfg, log, true)
}

func openDB(ctx context.Context, cfg Config, log *slog.Logger, existing bool) (*store.DB, error) {
	opts := store.Options{DataDir: cfg.DataDir, Logger: log, Reminders: cfg.Reminders, Existing: existing}
	key, err := secretKey(cfg, existing)
	if err != nil {
		return nil, err
	}
	if opts.Sealer, err = seal.New(key); err != nil {
		return nil, fmt.Errorf("secret key: %w", err)
	}
	return store.Open(ctx, cfg.DatabaseURL, opts)
}

// secretKey is the key that encrypts patient data: given, or kept in the
// data folder and made on first run unless existing says not to.
func secretKey(cfg Config, existing bool) ([]byte, error) {
	if cfg.SecretKey != "" {
		key, err := base64.StdEncoding.DecodeString(cfg.SecretKey)
		if err != nil {
			return nil, fmt.Errorf("CLINIC_SECRET_KEY is not base64: %w", err)
		}
		return key, nil
	}
	path := filepath.Join(cfg.DataDir, "secret.key")
	if !existing {
		return seal.LoadOrCreateKey(path)
	}
	key, err := seal.LoadKey(path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, fmt.Errorf("there is no clinic data in %s (no secret.key, and CLINIC_SECRET_KEY is not set); check CLINIC_DATA_DIR: only the server (clinic serve) makes a new one", cfg.DataDir)
	}
	return key, err
}

// seedDemo imports the demo clinic into a database that has never had
// content written to it (its content version is still 0), and reports
// whether it did.
func seedDemo(ctx context.Context, db *store.DB, log *slog.Logger) (bool, error) {
	if v, err := db.Version(ctx); err != nil || v != 0 {
		return false, err
	}
	b, err := content.Read(content.Demo())
	if err != nil {
		return false, fmt.Errorf("demo content: %w", err)
	}
	report, err := db.Import(ctx, b)
	if err != nil {
		return false, fmt.Errorf("demo content: %w", err)
	}
	doctors, err := db.Doctors(ctx)
	if err != nil {
		return false, err
	}
	for slug, week := range content.DemoWeek(doctors) {
		if err := db.SetWeeklyAvailability(ctx, slug, week); err != nil {
			return false, fmt.Errorf("demo schedule: %w", err)
		}
	}
	year := time.Now().Year()
	for _, e := range append(content.DemoHolidays(doctors, year), content.DemoHolidays(doctors, year+1)...) {
		if err := db.AddException(ctx, e); err != nil {
			return false, fmt.Errorf("demo holidays: %w", err)
		}
	}
	log.Info("loaded the demo clinic", "created", report.Created)
	return true, nil
}

// linkKey signs patients' links to their appointments; it is derived from
// the secret key, so every instance that shares the key shares it.
func linkKey(cfg Config) ([]byte, error) {
	key, err := secretKey(cfg, true) // the store made it, if it was to be made
	if err != nil {
		return nil, err
	}
	m := hmac.New(sha256.New, key)
	m.Write([]byte("clinic appointment links"))
	return m.Sum(nil), nil
}

// serve runs the web server until ctx ends, then shuts down gracefully.
func serve(ctx context.Context, cfg Config, out io.Writer, log *slog.Logger) error {
	start := time.Now()
	db, err := openStore(ctx, cfg, log)
	if err != nil {
		return err
	}
	defer db.Close()
	// The store of files first: an object store that does not answer
	// stops the start here, before anything is written.
	mri, err := openMRI(ctx, cfg, db, log)
	if err != nil {
		return err
	}
	defer mri.close()
	demo, err := seedDemo(ctx, db, log)
	if err != nil {
		return err
	}
	if err := printSetupLink(ctx, db, cfg, out); err != nil {
		return err
	}
	links, err := linkKey(cfg)
	if err != nil {
		return err
	}
	files, err := loadIntake(content.Demo())
	if err != nil {
		return err
	}
	reg := newMetrics(cfg, db, log)
	srv, err := web.New(web.Config{Metrics: webMetrics(reg), MetricsHandler: metricsHandler(reg), MetricsToken: cfg.Metrics.Token,
		Rules: files.rules, Instruments: files.instruments, Triage: db, Outcomes: db, Questionnaires: db, BaseURL: cfg.BaseURL, Dev: cfg.Dev, DevDir: cfg.DevDir, Logger: log,
		Content: db, Intake: db, Ready: db.Ping, Staff: db, Editor: db, Audit: db, Leads: db, Media: db, Mailer: db,
		Schedule: db, Booking: db, MailSettings: db, Waitlist: db, LinkKey: links, TrustedProxies: cfg.TrustedProxies, IdlePHI: cfg.IdlePHI,
		Passwords: auth.Production(), Reviews: db, Patients: db, Portal: db, Messages: db, Passkeys: db, Guardians: db, PreVisit: db, MRI: mri.web})
	if err != nil {
		return err
	}
	version, err := db.Version(ctx)
	if err != nil {
		return err
	}
	srv.SetVersion(version)
	go db.WatchVersion(ctx, srv.SetVersion)
	// The workers write to the database until ctx ends; the database is
	// closed only after they have finished, so that a mail worker hands back
	// the messages it claimed but did not send.
	var workers sync.WaitGroup
	defer workers.Wait()
	wctx, stopWorkers := context.WithCancel(ctx)
	defer stopWorkers() // runs before the Wait above, also when serving fails
	workers.Go(func() { publishScheduled(wctx, db, log) })
	workers.Go(func() { runMailWorker(wctx, db, srv.ComposeMail, reg, log) })
	workers.Go(func() { releaseHolds(wctx, db, log) })
	workers.Go(func() { linkPatients(wctx, db, log) })
	workers.Go(func() { mri.run(wctx, cfg) })
	workers.Go(func() { outcomesWorker(wctx, srv, demo, log) })
	workers.Go(func() { scheduleBackups(wctx, cfg, db, log) })

	stopMetrics, err := serveMetrics(cfg.Metrics.Addr, reg, log)
	if err != nil {
		return err
	}
	defer stopMetrics()
	ln, err := net.Listen("tcp", cfg.Addr)
	if err != nil {
		return err
	}
	hs := &http.Server{Handler: srv, ReadHeaderTimeout: 10 * time.Second, ReadTimeout: 30 * time.Second,
		WriteTimeout: 60 * time.Second, IdleTimeout: 2 * time.Minute, MaxHeaderBytes: 64 << 10,
		ErrorLog: slog.NewLogLogger(log.Handler(), slog.LevelWarn)}
	log.Info("serving", "url", cfg.BaseURL, "addr", ln.Addr().String(), "database", db.Dialect(), "files", blobPlace(cfg), "startup", time.Since(start).Round(time.Millisecond))
	errc := make(chan error, 1)
	go func() { errc <- hs.Serve(ln) }()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	defer log.Info("stopped")
	log.Info("shutting down")
	shutdown, cancel := context.WithTimeout(context.Background(), 15*time.Second)
	defer cancel()
	if err := hs.Shutdown(shutdown); err != nil {
		return err
	}
	if err := <-errc; !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}

func migrate(ctx context.Context, cfg Config, log *slog.Logger, out io.Writer) error {
	db, err := openExisting(ctx, cfg, log)
	if err != nil {
		return err
	}
	defer db.Close()
	fmt.Fprintf(out, "the %s database is up to date\n", db.Dialect())
	return nil
}

// publishScheduled publishes scheduled posts when their time comes, even
// with no visitors. Every instance runs it; the store publishes each post
// exactly once, and the content version it bumps reaches every instance.
func publishScheduled(ctx context.Context, db *store.DB, log *slog.Logger) {
	tick := time.NewTicker(5 * time.Second)
	defer tick.Stop()
	for {
		publishDue(ctx, db, log, time.Now())
		select {
		case <-ctx.Done():
			return
		case <-tick.C:
		}
	}
}

// releaseHolds lets waitlist holds that ran out go, every half minute,
// offering each time to the next patient waiting. Every instance runs it;
// each hold is released once, under its row's lock.
func releaseHolds(ctx context.Context, db *store.DB, log *slog.Logger) {
	tick := time.NewTicker(30 * time.Second)
	defer tick.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-tick.C:
			releaseDue(ctx, db, log, time.Now())
		}
	}
}

// publishDue publishes the posts whose time has come by now, however long
// ago, and logs how many it published.
func publishDue(ctx context.Context, db *store.DB, log *slog.Logger, now time.Time) {
	if slugs, err := db.PublishDue(ctx, now); err != nil && ctx.Err() == nil {
		log.Error("publish scheduled posts", "err", err)
	} else if len(slugs) > 0 {
		log.Info("published scheduled posts", "count", len(slugs))
	}
}

// releaseDue releases the holds that ran out by now and logs how many.
func releaseDue(ctx context.Context, db *store.DB, log *slog.Logger, now time.Time) {
	if n, err := db.ReleaseHolds(ctx, now); err != nil && ctx.Err() == nil {
		log.Error("release waitlist holds", "err", err)
	} else if n > 0 {
		log.Info("released waitlist holds", "count", n)
	}
}
