package backup

import (
	"bytes"
	"context"
	"database/sql"
	"fmt"
	"net/url"
	"os"
	"os/exec"
	"regexp"
	"strconv"

	_ "github.com/jackc/pgx/v5/stdlib" // registers the "pgx" driver

	"clinic"
)

// DumpPostgres writes the database at dsn to the file out in pg_dump's
// custom format: one snapshot of the whole database, taken while the
// server keeps writing. pg_dump is found on PATH; it must be of the
// server's major version or newer. It returns pg_dump's major version.
func DumpPostgres(ctx context.Context, dsn string, serverVersion int, out string) (int, error) {
	tool, major, err := findTool(ctx, "pg_dump", serverVersion/10000)
	if err != nil {
		return 0, err
	}
	err = runTool(ctx, dsn, tool, "--format=custom", "--compress=6", "--no-owner", "--no-privileges", "--file="+out)
	return major, err
}

// RestorePostgres loads the archive file into the database at dsn, which
// must hold no tables, in one transaction: an error leaves it empty.
// pg_restore must be at least as new as the pg_dump that wrote the file,
// dumpMajor.
func RestorePostgres(ctx context.Context, dsn, file string, dumpMajor int) error {
	if err := checkEmptyPostgres(ctx, dsn); err != nil {
		return err
	}
	tool, _, err := findTool(ctx, "pg_restore", dumpMajor)
	if err != nil {
		return err
	}
	return runTool(ctx, dsn, tool, "--exit-on-error", "--single-transaction", "--no-owner", "--no-privileges", file)
}

// checkEmptyPostgres fails unless the database at dsn has no table in
// its schema.
func checkEmptyPostgres(ctx context.Context, dsn string) error {
	pool, err := sql.Open("pgx", dsn)
	if err != nil {
		return fmt.Errorf("backup: open postgres: %w", err)
	}
	defer pool.Close()
	var n int
	err = pool.QueryRowContext(ctx, `SELECT count(*) FROM information_schema.tables WHERE table_schema = current_schema()`).Scan(&n)
	if err != nil {
		return fmt.Errorf("backup: connect to postgres: %w", err)
	}
	if n > 0 {
		return clinic.Errorf(clinic.EConflict, "The database holds %d tables; restore into an empty database (createdb a new one and point CLINIC_DATABASE_URL at it).", n)
	}
	return nil
}

// findTool finds name on PATH and checks that its major version is at
// least want.
func findTool(ctx context.Context, name string, want int) (string, int, error) {
	p, err := exec.LookPath(name)
	if err != nil {
		return "", 0, fmt.Errorf("backup: %s is not on PATH: install PostgreSQL's client programs of version %d or newer (Debian: postgresql-client-%d)", name, want, want)
	}
	out, err := exec.CommandContext(ctx, p, "--version").Output()
	if err != nil {
		return "", 0, fmt.Errorf("backup: %s --version: %w", p, err)
	}
	major, err := checkToolVersion(name, string(out), want)
	return p, major, err
}

// toolVersion finds the major version in "pg_dump (PostgreSQL) 15.4" or
// "pg_dump (PostgreSQL) 17devel".
var toolVersion = regexp.MustCompile(`\(PostgreSQL\) (\d+)`)

// checkToolVersion reads the major version of a PostgreSQL client
// program from its --version output and fails when it is below want.
func checkToolVersion(name, output string, want int) (int, error) {
	m := toolVersion.FindStringSubmatch(output)
	if m == nil {
		return 0, fmt.Errorf("backup: cannot read the version of %s from %q", name, output)
	}
	major, err := strconv.Atoi(m[1])
	if err != nil || major > 1000 {
		return 0, fmt.Errorf("backup: cannot read the version of %s from %q", name, output)
	}
	if major < want {
		return 0, fmt.Errorf("backup: %s is version %d, older than the %d it must handle: install PostgreSQL's client programs of version %d or newer and put them first on PATH", name, major, want, want)
	}
	return major, nil
}

// runTool runs a PostgreSQL client program on the database at dsn. The
// password goes through the environment, not the command line, which
// other users of the machine can read.
func runTool(ctx context.Context, dsn, tool string, args ...string) error {
	u, err := url.Parse(dsn)
	if err != nil {
		return fmt.Errorf("backup: database URL: %w", err)
	}
	env := os.Environ()
	if pw, ok := u.User.Password(); ok {
		env = append(env, "PGPASSWORD="+pw)
		u.User = url.User(u.User.Username())
	}
	cmd := exec.CommandContext(ctx, tool, append([]string{"--dbname=" + u.String()}, args...)...)
	cmd.Env = env
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	if err := cmd.Run(); err != nil {
		return fmt.Errorf("backup: %s: %w: %s", tool, err, bytes.TrimSpace(stderr.Bytes()))
	}
	return nil
}
