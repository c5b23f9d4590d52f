package main

import (
	"context"
	"database/sql"
	"flag"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"time"

	"clinic"
	"clinic/internal/mail"
	"clinic/internal/metrics"
	"clinic/internal/store"
	"clinic/internal/web"
)

// MetricsConfig says where /metrics is served: on an address of its own
// (Addr), on the site's address behind a bearer token (Token), both, or,
// when neither is set, nowhere.
type MetricsConfig struct {
	Addr  string
	Token string
}

// On reports whether metrics are served at all.
func (c MetricsConfig) On() bool { return c.Addr != "" || c.Token != "" }

// minTokenLen is the shortest bearer token taken: 32 characters, as
// `openssl rand -hex 16` prints.
const minTokenLen = 32

// metricsFlags defines the metrics flags and returns what checks them.
// The token has no flag, so that it never shows in the process list.
func metricsFlags(fs *flag.FlagSet, env func(name, def string) string) func() (MetricsConfig, error) {
	var c MetricsConfig
	fs.StringVar(&c.Addr, "metrics-addr", env("CLINIC_METRICS_ADDR", ""), "address of its own to serve /metrics on, such as 127.0.0.1:9090; empty for none (CLINIC_METRICS_ADDR)")
	c.Token = env("CLINIC_METRICS_TOKEN", "")
	return func() (MetricsConfig, error) {
		if c.Addr != "" {
			if _, _, err := net.SplitHostPort(c.Addr); err != nil {
				return c, fmt.Errorf("metrics address %q: give host:port, such as 127.0.0.1:9090", c.Addr)
			}
		}
		if c.Token != "" && len(c.Token) < minTokenLen {
			return c, fmt.Errorf("CLINIC_METRICS_TOKEN is %d characters long; give at least %d random ones (openssl rand -hex 16)", len(c.Token), minTokenLen)
		}
		return c, nil
	}
}

// newMetrics makes the registry of the server's metrics, reading the
// outbox, the last backup and the pools of db when scraped; nil when
// metrics are off.
func newMetrics(cfg Config, db *store.DB, log *slog.Logger) *metrics.Registry {
	if !cfg.Metrics.On() {
		return nil
	}
	return metrics.New(metrics.Sources{
		OutboxDepth: db.OutboxDepth,
		LastBackup:  db.LastBackup,
		Pools: func() map[string]sql.DBStats {
			write, read := db.Stats()
			if db.Dialect() == "postgres" {
				return map[string]sql.DBStats{"main": write} // one pool reads and writes
			}
			return map[string]sql.DBStats{"write": write, "read": read}
		},
		Logger: log,
	})
}

// webMetrics is what the web server counts into: nothing when off.
func webMetrics(reg *metrics.Registry) web.Metrics {
	if reg == nil {
		return nil
	}
	return reg
}

// metricsHandler serves the metrics, or is nil when they are off.
func metricsHandler(reg *metrics.Registry) http.Handler {
	if reg == nil {
		return nil
	}
	return reg.Handler()
}

// serveMetrics serves /metrics on an address of its own, when one is
// set, until stop is called. Failing to listen there fails the start.
func serveMetrics(addr string, reg *metrics.Registry, log *slog.Logger) (stop func(), err error) {
	if addr == "" || reg == nil {
		return func() {}, nil
	}
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return nil, fmt.Errorf("metrics address: %w", err)
	}
	mux := http.NewServeMux()
	mux.Handle("GET /metrics", reg.Handler())
	hs := &http.Server{Handler: mux, ReadHeaderTimeout: 10 * time.Second, WriteTimeout: 30 * time.Second,
		ErrorLog: slog.NewLogLogger(log.Handler(), slog.LevelWarn)}
	go hs.Serve(ln)
	log.Info("serving metrics", "addr", ln.Addr().String())
	return func() {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		hs.Shutdown(ctx)
	}, nil
}

// mailSender is what the mail worker sends through.
type mailSender interface {
	Send(context.Context, *clinic.OutboxMessage) error
	Configured() bool
}

// countedSender counts each message sent or failed.
type countedSender struct {
	mailSender
	reg *metrics.Registry
}

func (c countedSender) Send(ctx context.Context, m *clinic.OutboxMessage) error {
	err := c.mailSender.Send(ctx, m)
	if err == nil {
		c.reg.MailSent()
	} else {
		c.reg.MailFailed(mail.Class(err))
	}
	return err
}

// countSends counts what s sends when metrics are on.
func countSends(s mailSender, reg *metrics.Registry) mailSender {
	if reg == nil {
		return s
	}
	return countedSender{s, reg}
}
