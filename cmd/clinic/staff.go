package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"strings"
	"text/tabwriter"
	"time"

	"clinic"
	"clinic/internal/auth"
	"clinic/internal/store"
)

// printSetupLink prints a one-time link that creates the first admin,
// when the database has no admin. There is no default account: this link
// is the only way in until someone has signed in.
func printSetupLink(ctx context.Context, db *store.DB, cfg Config, out io.Writer) error {
	has, err := db.HasAdmin(ctx)
	if err != nil || has {
		return err
	}
	token, hash := auth.NewToken()
	if err := db.CreateToken(ctx, clinic.TokenSetup, hash, 0, time.Now().Add(clinic.SetupTokenLifetime)); err != nil {
		return err
	}
	fmt.Fprintf(out, "\nNo admin account exists yet. To create the first one, open this link within %s\n(it works once):\n\n    %s/admin/setup/%s\n\n",
		inWords(clinic.SetupTokenLifetime), cfg.BaseURL, token)
	return nil
}

// inWords is a link's lifetime as the messages say it: "30 minutes",
// "an hour", "2 hours".
func inWords(d time.Duration) string {
	switch {
	case d == time.Hour:
		return "an hour"
	case d%time.Hour == 0:
		return fmt.Sprintf("%d hours", d/time.Hour)
	case d == time.Minute:
		return "a minute"
	}
	return fmt.Sprintf("%d minutes", d/time.Minute)
}

// userCommand runs clinic user create, list or disable.
func userCommand(ctx context.Context, cfg Config, log *slog.Logger, args []string, out io.Writer) error {
	if len(args) == 0 {
		return errors.New("usage: clinic user create | list | disable EMAIL (clinic user --help says more)")
	}
	switch args[0] {
	case "create":
		return userCreate(ctx, cfg, log, args[1:], out)
	case "list":
		return userList(ctx, cfg, log, args[1:], out)
	case "disable":
		return userDisable(ctx, cfg, log, args[1:], out)
	case "-h", "-help", "--help":
		return printHelp(out, []string{"user"}, nil)
	}
	return fmt.Errorf("unknown user command %q; they are create, list and disable", args[0])
}

// subcommandFlags is the flag set of "clinic WORDS…", whose -h prints
// the command's line from clinic help and its flags.
func subcommandFlags(out io.Writer, words ...string) *flag.FlagSet {
	fs := flag.NewFlagSet(strings.Join(words, " "), flag.ContinueOnError)
	fs.SetOutput(out)
	fs.Usage = func() {
		fmt.Fprintf(out, "Usage:\n%s\n", strings.Join(commandLines(words...), "\n"))
		n := 0
		fs.VisitAll(func(*flag.Flag) { n++ })
		if n > 0 {
			fmt.Fprintln(out, "\nFlags:")
			fs.PrintDefaults()
		}
	}
	return fs
}

// roleNames is the valid roles as the command line takes them.
func roleNames() string {
	names := make([]string, len(clinic.Roles))
	for i, r := range clinic.Roles {
		names[i] = string(r)
	}
	return strings.Join(names, ", ")
}

// userCreate runs "clinic user create --email … --name … --role …": it
// makes the user without a password and prints a one-time link for them
// to choose one, valid as long as the one the back office emails.
func userCreate(ctx context.Context, cfg Config, log *slog.Logger, args []string, out io.Writer) error {
	fs := subcommandFlags(out, "user", "create")
	email := fs.String("email", "", "the user's email address, their sign-in name")
	name := fs.String("name", "", "the user's name (default: the email address)")
	role := fs.String("role", "", "one of "+roleNames())
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("user create takes only flags, not %q; usage: clinic user create --email ADDRESS --name NAME --role ROLE", fs.Arg(0))
	}
	if *name == "" {
		*name = *email
	}
	u := &clinic.User{Email: *email, Name: *name, Role: clinic.Role(*role)}
	if err := checkNewUser(u); err != nil {
		return err
	}
	db, err := openExisting(ctx, cfg, log)
	if err != nil {
		return err
	}
	defer db.Close()
	if err := db.CreateUser(ctx, u); err != nil {
		return err
	}
	token, hash := auth.NewToken()
	if err := db.CreateToken(ctx, clinic.TokenReset, hash, u.ID, time.Now().Add(clinic.ResetTokenLifetime)); err != nil {
		return err
	}
	if err := db.Audit(ctx, &clinic.AuditEvent{Actor: "command line", Action: "user.create", Record: fmt.Sprintf("user:%d", u.ID), Address: "local", Detail: "role " + string(u.Role)}); err != nil {
		return err
	}
	printPasswordLink(out, cfg, u, "/admin/reset/"+token)
	return nil
}

// checkNewUser names the first flag of u that is wrong.
func checkNewUser(u *clinic.User) error {
	errs := u.Validate()
	if errs == nil {
		return nil
	}
	if _, ok := errs["role"]; ok {
		if u.Role == "" {
			return fmt.Errorf("--role: give one of %s", roleNames())
		}
		return fmt.Errorf("--role: %q is not a role; the roles are %s", u.Role, roleNames())
	}
	for _, field := range []string{"email", "name"} {
		if msg, ok := errs[field]; ok {
			return fmt.Errorf("--%s: %s", field, msg)
		}
	}
	return nil
}

// printPasswordLink prints the link at path for u, with the base URL in
// front when one was given; without one it prints the path and says so.
func printPasswordLink(out io.Writer, cfg Config, u *clinic.User, path string) {
	fmt.Fprintf(out, "Created %s (%s). They choose their password at this link, which works once, within %s:\n\n",
		u.Email, u.Role.Title(), inWords(clinic.ResetTokenLifetime))
	if cfg.BaseURLGiven {
		fmt.Fprintf(out, "    %s%s\n", cfg.BaseURL, path)
		return
	}
	fmt.Fprintf(out, "    %s\n\nCLINIC_BASE_URL is not set, so this is only the link's path: put the site's address in front\nof it (https://clinic.example.com%s), or set CLINIC_BASE_URL (or --base-url) next time.\n", path, path)
}

// userList runs "clinic user list": every staff account, one a line.
// Staff names and addresses are not patient data.
func userList(ctx context.Context, cfg Config, log *slog.Logger, args []string, out io.Writer) error {
	fs := subcommandFlags(out, "user", "list")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return errors.New("usage: clinic user list")
	}
	db, err := openExisting(ctx, cfg, log)
	if err != nil {
		return err
	}
	defer db.Close()
	users, err := db.Users(ctx)
	if err != nil {
		return err
	}
	if len(users) == 0 {
		fmt.Fprintln(out, "There are no staff users yet; clinic user create adds one.")
		return nil
	}
	tw := tabwriter.NewWriter(out, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "EMAIL\tNAME\tROLE\tENABLED\tTWO-STEP\tLAST SIGN-IN")
	for _, u := range users {
		last, err := lastSignIn(ctx, db, u.ID)
		if err != nil {
			return err
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\n", u.Email, u.Name, u.Role, yesNo(!u.Disabled, "yes", "no"), yesNo(u.TOTPEnabled, "on", "off"), last)
	}
	return tw.Flush()
}

func yesNo(b bool, yes, no string) string {
	if b {
		return yes
	}
	return no
}

// lastSignIn is when the user last signed in, as the audit log tells,
// or "never".
func lastSignIn(ctx context.Context, db *store.DB, userID int64) (string, error) {
	// "sign_in" also selects "sign_in.password", a first step.
	es, err := db.AuditEvents(ctx, clinic.AuditFilter{Action: "sign_in", Record: fmt.Sprintf("user:%d", userID), Outcome: clinic.AuditOK, Limit: 50})
	if err != nil {
		return "", err
	}
	for _, e := range es {
		if e.Action == "sign_in" {
			return e.At.Local().Format("2006-01-02 15:04 MST"), nil
		}
	}
	return "never", nil
}

// userDisable runs "clinic user disable EMAIL" as the back office does:
// the user's sessions and unused links end, and the last enabled admin
// is refused.
func userDisable(ctx context.Context, cfg Config, log *slog.Logger, args []string, out io.Writer) error {
	fs := subcommandFlags(out, "user", "disable")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() != 1 {
		return errors.New("usage: clinic user disable EMAIL")
	}
	db, err := openExisting(ctx, cfg, log)
	if err != nil {
		return err
	}
	defer db.Close()
	u, err := db.UserByEmail(ctx, fs.Arg(0))
	if clinic.ErrorKind(err) == clinic.ENotFound {
		return fmt.Errorf("no staff user has the email %q (clinic user list shows them)", clinic.NormalizeEmail(fs.Arg(0)))
	} else if err != nil {
		return err
	}
	if u.Disabled {
		fmt.Fprintf(out, "%s is disabled already.\n", u.Email)
		return nil
	}
	err = db.SetRoleDisabled(ctx, u.ID, u.Role, true)
	if clinic.ErrorKind(err) == clinic.EConflict {
		return fmt.Errorf("%s is the last enabled admin; make another admin first (clinic user create --role admin), so that someone can still sign in", u.Email)
	} else if err != nil {
		return err
	}
	if err := db.Audit(ctx, &clinic.AuditEvent{Actor: "command line", Action: "user.disable", Record: fmt.Sprintf("user:%d", u.ID), Address: "local", Detail: string(u.Role)}); err != nil {
		return err
	}
	fmt.Fprintf(out, "Disabled %s (%s): their sessions and unused links have ended.\n", u.Email, u.Role.Title())
	return nil
}

// auditCommand runs "clinic audit verify": it checks the hash chain of the
// audit log and names the first broken row.
func auditCommand(ctx context.Context, cfg Config, log *slog.Logger, args []string, out io.Writer) error {
	if len(args) != 1 || args[0] != "verify" {
		return fmt.Errorf("usage: clinic audit verify")
	}
	db, err := openExisting(ctx, cfg, log)
	if err != nil {
		return err
	}
	defer db.Close()
	broken, checked, err := db.VerifyAudit(ctx)
	if err != nil {
		return err
	}
	if broken != 0 {
		return fmt.Errorf("the audit log is broken at event %d: it, or the event before it, was changed or removed (%d events before it check out)", broken, checked)
	}
	fmt.Fprintf(out, "the audit log holds: %d events, chain intact\n", checked)
	if last, err := db.AuditEvents(ctx, clinic.AuditFilter{Limit: 1}); err == nil && len(last) == 1 {
		// Kept elsewhere, this shows later whether rows were cut off the end.
		fmt.Fprintf(out, "latest event %d, hash %s\n", last[0].ID, last[0].Hash)
	}
	return nil
}
