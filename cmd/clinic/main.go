// Command clinic serves a spine and pain clinic's website and patient
// intake. With no arguments it serves on :8080 with SQLite under ./data and,
// on first run, the demo clinic's content.
//
//	clinic [serve]               serve the site (the default)
//	clinic migrate               apply database migrations and exit
//	clinic content import DIR    import Markdown content files
//	clinic content export DIR    export all content as Markdown files
//	clinic user create --email A --name N --role R
//	                             add a staff user; prints their password link
//	clinic audit verify          check the audit log's hash chain
//	clinic import-wordpress EXPORT.xml [--uploads DIR] [--dry-run]
//	                             import a WordPress site's posts, pages and images
//
// Every flag has a CLINIC_* environment variable; run clinic -h for them.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/signal"
	"runtime/debug"
	"syscall"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := run(ctx, os.Args[1:], os.Stdout, os.Stderr); err != nil {
		if !errors.Is(err, flag.ErrHelp) {
			fmt.Fprintln(os.Stderr, "clinic:", err)
		}
		os.Exit(2)
	}
}

// run parses the command line and runs one subcommand.
func run(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	cfg, rest, err := parseConfig(args, os.Getenv, stderr)
	if err != nil {
		return err
	}
	cmd := "serve"
	if len(rest) > 0 {
		cmd, rest = rest[0], rest[1:]
	}
	log := slog.New(slog.NewTextHandler(stderr, &slog.HandlerOptions{Level: cfg.LogLevel}))
	switch cmd {
	case "serve":
		tuneGC()
		buf := newLogBuffer(stderr)
		flushed := make(chan struct{})
		logCtx, stopLog := context.WithCancel(context.Background())
		go func() { buf.run(logCtx); close(flushed) }()
		defer func() { stopLog(); <-flushed }()
		return serve(ctx, cfg, stdout, slog.New(slog.NewTextHandler(buf, &slog.HandlerOptions{Level: cfg.LogLevel})))
	case "migrate":
		return migrate(ctx, cfg, log, stdout)
	case "content":
		return contentCommand(ctx, cfg, log, rest, stdout)
	case "user":
		return userCommand(ctx, cfg, log, rest, stdout)
	case "audit":
		return auditCommand(ctx, cfg, log, rest, stdout)
	case "import-wordpress":
		return wordpressCommand(ctx, cfg, log, rest, stdout)
	case "mail":
		return mailCommand(ctx, cfg, log, rest, stdout)
	case "blob":
		return blobCommand(ctx, cfg, log, rest, stdout)
	}
	return fmt.Errorf("unknown command %q; commands are serve, migrate, content import DIR, content export DIR, user create, audit verify, import-wordpress EXPORT.xml, mail test ADDRESS", cmd)
}

// tuneGC lets the heap grow to five times the live data between
// collections, unless GOGC says otherwise: the server's live heap is small
// (tens of MB) and collecting less often leaves more CPU for requests.
// A soft limit, unless GOMEMLIMIT is set, keeps the total bounded.
func tuneGC() {
	if os.Getenv("GOGC") == "" {
		debug.SetGCPercent(400)
	}
	if os.Getenv("GOMEMLIMIT") == "" {
		debug.SetMemoryLimit(256 << 20)
	}
}
