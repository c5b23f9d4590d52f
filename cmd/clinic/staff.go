package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"log/slog"
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
	fmt.Fprintf(out, "\nNo admin account exists yet. To create the first one, open this link within an hour\n(it works once):\n\n    %s/admin/setup/%s\n\n", cfg.BaseURL, token)
	return nil
}

// userCommand runs "clinic user create --email … --name … --role …": it
// makes the user without a password and prints a one-time link for them
// to choose one.
func userCommand(ctx context.Context, cfg Config, log *slog.Logger, args []string, out io.Writer) error {
	if len(args) == 0 || args[0] != "create" {
		return fmt.Errorf("usage: clinic user create --email ADDRESS --name NAME --role admin|editor|front_desk|provider")
	}
	fs := flag.NewFlagSet("user create", flag.ContinueOnError)
	fs.SetOutput(out)
	email := fs.String("email", "", "the user's email address, their sign-in name")
	name := fs.String("name", "", "the user's name")
	role := fs.String("role", "", "admin, editor, front_desk or provider")
	if err := fs.Parse(args[1:]); err != nil {
		return err
	}
	if *name == "" {
		*name = *email
	}
	u := &clinic.User{Email: *email, Name: *name, Role: clinic.Role(*role)}
	if errs := u.Validate(); errs != nil {
		for _, field := range []string{"email", "name", "role"} {
			if msg, ok := errs[field]; ok {
				return fmt.Errorf("--%s: %s", field, msg)
			}
		}
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
	if err := db.CreateToken(ctx, clinic.TokenReset, hash, u.ID, time.Now().Add(clinic.SetupTokenLifetime)); err != nil {
		return err
	}
	if err := db.Audit(ctx, &clinic.AuditEvent{Actor: "command line", Action: "user.create", Record: fmt.Sprintf("user:%d", u.ID), Address: "local", Detail: "role " + string(u.Role)}); err != nil {
		return err
	}
	fmt.Fprintf(out, "Created %s (%s). They choose their password at this link, which works once, within an hour:\n\n    %s/admin/reset/%s\n", u.Email, u.Role.Title(), cfg.BaseURL, token)
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
