package main

import (
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"strconv"
	"strings"
)

// Config is everything the binary reads from flags and CLINIC_* variables.
type Config struct {
	Addr        string
	DataDir     string
	DatabaseURL string
	BaseURL     string
	Dev         bool
	DevDir      string
	SecretKey   string
	LogLevel    slog.Level
}

// parseConfig reads flags, each defaulting to its environment variable and
// then to a value that needs nothing set up. It returns the arguments that
// are not flags: the command and its operands.
func parseConfig(args []string, getenv func(string) string, out io.Writer) (Config, []string, error) {
	var c Config
	fs := flag.NewFlagSet("clinic", flag.ContinueOnError)
	fs.SetOutput(out)
	env := func(name, def string) string {
		if v := getenv(name); v != "" {
			return v
		}
		return def
	}
	fs.StringVar(&c.Addr, "addr", env("CLINIC_ADDR", ":8080"), "address to listen on (CLINIC_ADDR)")
	fs.StringVar(&c.DataDir, "data-dir", env("CLINIC_DATA_DIR", "./data"), "folder for the SQLite database, keys and files (CLINIC_DATA_DIR)")
	fs.StringVar(&c.DatabaseURL, "database-url", env("CLINIC_DATABASE_URL", ""), "postgres://… to use PostgreSQL; empty for SQLite in the data folder (CLINIC_DATABASE_URL)")
	fs.StringVar(&c.BaseURL, "base-url", env("CLINIC_BASE_URL", ""), "public URL of the site, for canonical links, feeds and emails (CLINIC_BASE_URL)")
	fs.StringVar(&c.DevDir, "dev-dir", env("CLINIC_DEV_DIR", "internal/web"), "folder of templates and static files read in development (CLINIC_DEV_DIR)")
	fs.StringVar(&c.SecretKey, "secret-key", "", "base64 key that encrypts patient data; default: CLINIC_SECRET_KEY, else DATA_DIR/secret.key, made on first run")
	dev, err := strconv.ParseBool(env("CLINIC_DEV", "false"))
	if err != nil {
		return c, nil, fmt.Errorf("CLINIC_DEV: %w", err)
	}
	fs.BoolVar(&c.Dev, "dev", dev, "reload templates and static files from disk on every request (CLINIC_DEV)")
	level := env("CLINIC_LOG_LEVEL", "info")
	fs.StringVar(&level, "log-level", level, "debug, info, warn or error (CLINIC_LOG_LEVEL)")
	// Flags may stand anywhere: before the command, after it, or between
	// its arguments.
	var positional []string
	for {
		if err := fs.Parse(args); err != nil {
			return c, nil, err
		}
		if fs.NArg() == 0 {
			break
		}
		positional, args = append(positional, fs.Arg(0)), fs.Args()[1:]
	}
	if c.SecretKey == "" {
		c.SecretKey = getenv("CLINIC_SECRET_KEY")
	}
	if err := c.LogLevel.UnmarshalText([]byte(level)); err != nil {
		return c, nil, fmt.Errorf("log level: %w", err)
	}
	if c.BaseURL == "" {
		c.BaseURL = defaultBaseURL(c.Addr)
	}
	c.BaseURL = strings.TrimRight(c.BaseURL, "/")
	if !strings.HasPrefix(c.BaseURL, "http://") && !strings.HasPrefix(c.BaseURL, "https://") {
		return c, nil, fmt.Errorf("base URL %q must start with http:// or https://", c.BaseURL)
	}
	return c, positional, nil
}

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
