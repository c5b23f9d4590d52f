// Command clinic serves a spine and pain clinic's website and patient
// intake. With no arguments it serves on :8080 with SQLite under ./data and,
// on first run, the demo clinic's content.
//
//	clinic [serve]                  serve the site (the default)
//	clinic migrate                  apply database migrations and exit
//	clinic content import DIR       import Markdown content files
//	clinic content export DIR       export all content as Markdown files
//	clinic content check            check offices' hours against the clinicians' bookable hours
//	clinic user create --email A --name N --role R
//	                                add a staff user; prints their password link,
//	                                built from CLINIC_BASE_URL
//	clinic user list                list staff users (email, name, role, enabled,
//	                                two-step sign-in, last sign-in)
//	clinic user disable EMAIL       disable a staff user, ending their sessions
//	                                and links; the last enabled admin is refused
//	clinic audit verify             check the audit log's hash chain
//	clinic import-wordpress EXPORT.xml [--uploads DIR] [--dry-run]
//	                                import a WordPress site's posts, pages and images
//	clinic mail test ADDRESS        send a test email through the stored settings
//	clinic blob verify | add-key | reencrypt
//	                                check, add a key for, or re-encrypt stored files
//	clinic backup DIR               back up the database and stored files to a
//	                                new folder, with a manifest of checksums
//	clinic restore DIR              restore a backup into an empty database
//	                                and data folder
//	clinic help [COMMAND]           list the commands, or show one command's flags
//
// Only serve makes a database; every other command opens an existing one.
// Every global flag has a CLINIC_* environment variable; clinic help lists
// them, and clinic COMMAND --help shows a command's own.
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
	"slices"
	"strings"
	"syscall"
	"time"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := run(ctx, os.Args[1:], os.Stdout, os.Stderr); err != nil {
		fmt.Fprintln(os.Stderr, "clinic:", err)
		os.Exit(2)
	}
}

// run parses the command line and runs one subcommand. Help, asked for
// with help, -h or --help anywhere, is printed to stdout and is no error.
func run(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	cfg, rest, err := parseConfig(args, os.Getenv)
	if h := (*helpRequest)(nil); errors.As(err, &h) {
		return printHelp(stdout, h.command, h.flags)
	}
	if err != nil {
		return fmt.Errorf("%w (clinic help lists the commands and flags)", err)
	}
	cmd := "serve"
	if len(rest) > 0 {
		cmd, rest = rest[0], rest[1:]
	}
	if cmd == "help" {
		return run(ctx, append(rest, "-h"), stdout, stderr)
	}
	err = runCommand(ctx, cfg, cmd, rest, stdout, stderr)
	if errors.Is(err, flag.ErrHelp) {
		return nil // the command printed its own help
	}
	return err
}

// runCommand runs the subcommand cmd with its arguments.
func runCommand(ctx context.Context, cfg Config, cmd string, rest []string, stdout, stderr io.Writer) error {
	log := slog.New(slog.NewTextHandler(stderr, &slog.HandlerOptions{Level: cfg.LogLevel}))
	switch cmd {
	case "serve":
		tuneGC()
		buf := newLogBuffer(stderr)
		flushed := make(chan struct{})
		logCtx, stopLog := context.WithCancel(context.Background())
		ticker := time.NewTicker(logFlushEvery)
		go func() { buf.run(logCtx, ticker.C); close(flushed) }()
		defer func() { stopLog(); <-flushed; ticker.Stop() }()
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
	case "backup":
		return backupCommand(ctx, cfg, log, rest, stdout)
	case "restore":
		return restoreCommand(ctx, cfg, log, rest, stdout)
	}
	return unknownCommand(cmd)
}

// commands are the command lines clinic help lists, one line each.
var commands = []struct{ usage, summary string }{
	{"serve", "serve the site (the default); only it makes a new database"},
	{"migrate", "apply database migrations and exit"},
	{"content import DIR", "import Markdown content files"},
	{"content export DIR", "export all content as Markdown files"},
	{"content check", "check offices' hours against their clinicians' bookable hours"},
	{"user create", "add a staff user; prints their one-time password link"},
	{"user list", "list staff: email, role, enabled, two-step, last sign-in"},
	{"user disable EMAIL", "disable a staff user: their sessions and links end"},
	{"audit verify", "check the audit log's hash chain"},
	{"import-wordpress EXPORT.xml", "import a WordPress site's posts, pages and images"},
	{"mail test ADDRESS", "send a test email through the stored mail settings"},
	{"blob verify", "check that every stored file decrypts whole"},
	{"blob add-key", "add a new key to the key file of stored files"},
	{"blob reencrypt", "move every stored file to the newest key"},
	{"backup DIR", "back up the database and stored files while the server runs"},
	{"restore DIR", "restore a backup into an empty database and data folder"},
	{"help [COMMAND]", "list the commands, or show one command's flags"},
}

// commandLines returns the lines of commands that start with the words.
func commandLines(words ...string) []string {
	var lines []string
	for _, c := range commands {
		fields := strings.Fields(c.usage)
		if len(fields) >= len(words) && slices.Equal(fields[:len(words)], words) {
			lines = append(lines, fmt.Sprintf("  clinic %-28s %s", c.usage, c.summary))
		}
	}
	return lines
}

func unknownCommand(cmd string) error {
	var names []string
	for _, c := range commands {
		if name := strings.Fields(c.usage)[0]; !slices.Contains(names, name) {
			names = append(names, name)
		}
	}
	return fmt.Errorf("unknown command %q; the commands are %s (clinic help says what each does)", cmd, strings.Join(names, ", "))
}

// printHelp prints the list of commands and the global flags, or, when
// command names one, its lines.
func printHelp(out io.Writer, command []string, global *flag.FlagSet) error {
	if len(command) == 0 {
		fmt.Fprint(out, "clinic runs a spine and pain clinic's website, patient intake and back office.\n\n")
		fmt.Fprint(out, "Usage: clinic [flags] [command] [arguments]\n\nCommands:\n")
		fmt.Fprintln(out, strings.Join(commandLines(), "\n"))
		fmt.Fprint(out, "\nclinic COMMAND --help shows a command's own flags.\n\nGlobal flags, each read from its CLINIC_* variable when not given:\n")
		global.SetOutput(out)
		global.PrintDefaults()
		return nil
	}
	lines := commandLines(command...)
	if len(lines) == 0 {
		lines = commandLines(command[0])
	}
	if len(lines) == 0 {
		return unknownCommand(command[0])
	}
	fmt.Fprintf(out, "Usage:\n%s\n\n", strings.Join(lines, "\n"))
	switch {
	case ownFlags[command[0]] && len(lines) > 1:
		fmt.Fprintf(out, "clinic %s SUBCOMMAND --help shows a subcommand's own flags.\n", command[0])
		return nil
	case command[0] != "serve" || global == nil:
		fmt.Fprintln(out, "No flags of its own; the global flags that clinic help lists (such as --data-dir and --database-url) apply.")
		return nil
	}
	fmt.Fprintln(out, "Flags, each read from its CLINIC_* variable when not given:")
	global.SetOutput(out)
	global.PrintDefaults()
	return nil
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
