package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/netip"
	"strconv"
	"strings"
	"time"

	"clinic/internal/blob"
)

// Config is everything the binary reads from flags and CLINIC_* variables.
type Config struct {
	Addr        string
	DataDir     string
	DatabaseURL string
	BaseURL     string
	// BaseURLGiven is whether BaseURL came from --base-url or
	// CLINIC_BASE_URL rather than from the listening address.
	BaseURLGiven bool
	Dev          bool
	DevDir       string
	SecretKey    string
	LogLevel     slog.Level
	// TrustedProxies are the proxies whose X-Forwarded-For is believed.
	TrustedProxies []netip.Prefix
	// IdlePHI is the idle timeout of staff who see patient data.
	IdlePHI time.Duration
	// Reminders are how long before an appointment reminders are sent.
	Reminders []time.Duration
	// BlobKey holds the keys of stored files (CLINIC_BLOB_KEY); empty
	// means the key file in the data folder.
	BlobKey string
	// BlobURL is the bucket of stored files (CLINIC_BLOB_URL); empty
	// means DATA_DIR/blobs. BlobS3 is what it says, nil for the folder.
	BlobURL string
	BlobS3  *blob.S3Config
	// MRIMaxStudy bounds what one MRI review request may upload, in bytes.
	MRIMaxStudy int64
	// MRIRetentionDays is how long after a review closes its images stay.
	MRIRetentionDays int
	// MRIReaders is how many uploads are read at once.
	MRIReaders int
	// Backups are the scheduled backups: where, how often, how many kept.
	Backups BackupConfig
	// Metrics is where /metrics is served, if anywhere.
	Metrics MetricsConfig
}

// ownFlags are the commands with flags of their own: the global flags
// must come before them.
var ownFlags = map[string]bool{"user": true, "import-wordpress": true}

// parseConfig reads flags, each defaulting to its environment variable and
// then to a value that needs nothing set up. It returns the arguments that
// are not flags: the command and its operands.
func parseConfig(args []string, getenv func(string) string) (Config, []string, error) {
	var c Config
	fs := flag.NewFlagSet("clinic", flag.ContinueOnError)
	fs.SetOutput(io.Discard) // run prints help and errors itself
	fs.Usage = func() {}
	env := func(name, def string) string {
		if v := getenv(name); v != "" {
			return v
		}
		return def
	}
	fs.StringVar(&c.Addr, "addr", env("CLINIC_ADDR", ":8080"), "address to listen on (CLINIC_ADDR)")
	fs.StringVar(&c.DataDir, "data-dir", env("CLINIC_DATA_DIR", "./data"), "folder for the SQLite database, keys and files (CLINIC_DATA_DIR)")
	fs.StringVar(&c.DatabaseURL, "database-url", env("CLINIC_DATABASE_URL", ""), "postgres://… to use PostgreSQL; empty for SQLite in the data folder (CLINIC_DATABASE_URL)")
	fs.StringVar(&c.BaseURL, "base-url", env("CLINIC_BASE_URL", ""), "public URL of the site, for canonical links, feeds, emails and the links clinic user create prints; default http://localhost and the port of -addr (CLINIC_BASE_URL)")
	fs.StringVar(&c.DevDir, "dev-dir", env("CLINIC_DEV_DIR", "internal/web"), "folder of templates and static files read in development (CLINIC_DEV_DIR)")
	fs.StringVar(&c.SecretKey, "secret-key", "", "base64 key that encrypts patient data; default: CLINIC_SECRET_KEY, else DATA_DIR/secret.key, made on first run")
	dev, err := strconv.ParseBool(env("CLINIC_DEV", "false"))
	if err != nil {
		return c, nil, fmt.Errorf("CLINIC_DEV: %w", err)
	}
	fs.BoolVar(&c.Dev, "dev", dev, "reload templates and static files from disk on every request (CLINIC_DEV)")
	proxies := env("CLINIC_TRUSTED_PROXIES", "")
	fs.StringVar(&proxies, "trusted-proxies", proxies, "comma-separated addresses or CIDR ranges of reverse proxies whose X-Forwarded-For is believed (CLINIC_TRUSTED_PROXIES)")
	idle := env("CLINIC_IDLE_PHI", "15m")
	fs.StringVar(&idle, "idle-phi", idle, "idle timeout of staff sessions that can see patient data (CLINIC_IDLE_PHI)")
	reminders := env("CLINIC_REMINDERS", "48h,2h")
	fs.StringVar(&reminders, "reminders", reminders, "comma-separated times before an appointment to email a reminder, such as 48h,2h; none for no reminders (CLINIC_REMINDERS)")
	backups := backupFlags(fs, env)
	metrics := metricsFlags(fs, env)
	c.BlobKey = getenv("CLINIC_BLOB_KEY")
	fs.StringVar(&c.BlobURL, "blob-url", env("CLINIC_BLOB_URL", ""), "s3://BUCKET?endpoint=URL&region=R&prefix=P to keep stored files in an S3-compatible object store, keys from AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY; empty for DATA_DIR/blobs (CLINIC_BLOB_URL)")
	fs.Int64Var(&c.MRIMaxStudy, "mri-max-study", envInt(env("CLINIC_MRI_MAX_STUDY", "2000000000")), "the most one MRI review request may upload, in bytes (CLINIC_MRI_MAX_STUDY)")
	fs.IntVar(&c.MRIRetentionDays, "mri-retention-days", int(envInt(env("CLINIC_MRI_RETENTION_DAYS", "90"))), "days after a review closes that its images are deleted; the findings stay (CLINIC_MRI_RETENTION_DAYS)")
	fs.IntVar(&c.MRIReaders, "mri-readers", int(envInt(env("CLINIC_MRI_READERS", "2"))), "uploads read at once for MRI reviews (CLINIC_MRI_READERS)")
	level := env("CLINIC_LOG_LEVEL", "info")
	fs.StringVar(&level, "log-level", level, "debug, info, warn or error (CLINIC_LOG_LEVEL)")
	// Flags may stand anywhere: before the command, after it, or between
	// its arguments.
	var positional []string
	for {
		if err := fs.Parse(args); errors.Is(err, flag.ErrHelp) {
			return c, nil, &helpRequest{command: positional, flags: fs}
		} else if err != nil {
			return c, nil, err
		}
		if fs.NArg() == 0 {
			break
		}
		positional, args = append(positional, fs.Arg(0)), fs.Args()[1:]
		if len(positional) == 1 && ownFlags[positional[0]] {
			positional = append(positional, args...) // the command reads its own flags
			break
		}
	}
	if c.SecretKey == "" {
		c.SecretKey = getenv("CLINIC_SECRET_KEY")
	}
	if err := c.LogLevel.UnmarshalText([]byte(level)); err != nil {
		return c, nil, fmt.Errorf("log level: %w", err)
	}
	if c.TrustedProxies, err = parsePrefixes(proxies); err != nil {
		return c, nil, err
	}
	if c.IdlePHI, err = time.ParseDuration(idle); err != nil || c.IdlePHI < time.Minute || c.IdlePHI > 12*time.Hour {
		return c, nil, fmt.Errorf("idle timeout %q: give a duration from 1m to 12h, such as 15m", idle)
	}
	if c.Reminders, err = parseReminders(reminders); err != nil {
		return c, nil, err
	}
	if c.BlobURL != "" {
		s3, err := blob.ParseS3URL(c.BlobURL)
		if err != nil {
			return c, nil, fmt.Errorf("CLINIC_BLOB_URL: %w", err)
		}
		c.BlobS3 = &s3
	}
	if err := checkMRI(c); err != nil {
		return c, nil, err
	}
	if c.Backups, err = backups(); err != nil {
		return c, nil, err
	}
	if c.Metrics, err = metrics(); err != nil {
		return c, nil, err
	}
	c.BaseURLGiven = c.BaseURL != ""
	if !c.BaseURLGiven {
		c.BaseURL = defaultBaseURL(c.Addr)
	}
	c.BaseURL = strings.TrimRight(c.BaseURL, "/")
	if !strings.HasPrefix(c.BaseURL, "http://") && !strings.HasPrefix(c.BaseURL, "https://") {
		return c, nil, fmt.Errorf("base URL %q must start with http:// or https://", c.BaseURL)
	}
	return c, positional, nil
}

// helpRequest is the answer of parseConfig to -h or --help: the words of
// the command before it, and the global flags to list.
type helpRequest struct {
	command []string
	flags   *flag.FlagSet
}

func (h *helpRequest) Error() string { return "help requested" }
func (h *helpRequest) Unwrap() error { return flag.ErrHelp }

// defaultBaseURL is the address a browser on this machine would use.
func defaultBaseURL(addr string) string {
	host, port, err := net.SplitHostPort(addr)
	if err != nil {
		return "http://localhost:8080"
	}
	if host == "" || host == "0.0.0.0" || host == "::" {
		host = "localhost"
	}
	return "http://" + net.JoinHostPort(host, port)
}

// parsePrefixes reads "10.0.0.1, 192.168.0.0/16": addresses or ranges.
func parsePrefixes(list string) ([]netip.Prefix, error) {
	var ps []netip.Prefix
	for _, f := range strings.Split(list, ",") {
		f = strings.TrimSpace(f)
		if f == "" {
			continue
		}
		if !strings.Contains(f, "/") {
			a, err := netip.ParseAddr(f)
			if err != nil {
				return nil, fmt.Errorf("trusted proxy %q: not an address or CIDR range", f)
			}
			ps = append(ps, netip.PrefixFrom(a.Unmap(), a.Unmap().BitLen()))
			continue
		}
		p, err := netip.ParsePrefix(f)
		if err != nil {
			return nil, fmt.Errorf("trusted proxy %q: not an address or CIDR range", f)
		}
		ps = append(ps, p.Masked())
	}
	return ps, nil
}

// parseReminders reads "48h,2h": up to five durations from 10 minutes to
// 14 days; "none" is no reminders.
func parseReminders(s string) ([]time.Duration, error) {
	out := []time.Duration{}
	if strings.TrimSpace(s) == "none" {
		return out, nil
	}
	for _, f := range strings.Split(s, ",") {
		d, err := time.ParseDuration(strings.TrimSpace(f))
		if err != nil || d < 10*time.Minute || d > 14*24*time.Hour || len(out) == 5 {
			return nil, fmt.Errorf("reminders %q: give up to five durations from 10m to 336h, such as 48h,2h, or none", s)
		}
		out = append(out, d)
	}
	return out, nil
}
