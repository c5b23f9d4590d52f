package main

import (
	"context"
	"log/slog"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"clinic"
	"clinic/internal/auth"
	"clinic/internal/store"
)

// openDataDir opens the database of a data folder, for a test to look at
// or change what a command did; it is closed when the test ends.
func openDataDir(t *testing.T, dir string) *store.DB {
	t.Helper()
	db, err := openExisting(context.Background(), Config{DataDir: dir}, slog.New(slog.DiscardHandler))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

// linkToken is the token at the end of the link a command printed.
func linkToken(t *testing.T, out string) string {
	t.Helper()
	m := regexp.MustCompile(`/admin/reset/([A-Za-z0-9_-]+)`).FindStringSubmatch(out)
	if m == nil {
		t.Fatalf("no reset link in %q", out)
	}
	return m[1]
}

func TestUserCreateLink(t *testing.T) {
	tests := []struct {
		name    string
		env     string
		flags   []string
		link    string // what the line of the link starts with
		note    bool   // whether it says CLINIC_BASE_URL is not set
		against string // what must not be in the output
	}{
		{"without a base URL it prints the path and says so", "", nil, "    /admin/reset/", true, "localhost"},
		{"CLINIC_BASE_URL is put in front", "https://clinic.example.com/", nil, "    https://clinic.example.com/admin/reset/", false, "not set"},
		{"--base-url is put in front", "", []string{"--base-url", "https://staff.example.org"}, "    https://staff.example.org/admin/reset/", false, "not set"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Setenv("CLINIC_BASE_URL", tt.env)
			dir := newDataDir(t)
			args := append(tt.flags, "user", "create", "--email", "Ada@Example.com", "--name", "Ada Admin", "--role", "admin")
			before := time.Now()
			out, err := clinicRun(t, dir, args...)
			after := time.Now()
			if err != nil {
				t.Fatalf("%v\n%s", err, out)
			}
			hasLink := false
			for line := range strings.Lines(out) {
				hasLink = hasLink || strings.HasPrefix(line, tt.link)
			}
			if !hasLink {
				t.Errorf("no line starts with %q:\n%s", tt.link, out)
			}
			if got := strings.Contains(out, "CLINIC_BASE_URL is not set"); got != tt.note {
				t.Errorf("says CLINIC_BASE_URL is not set: %v, want %v\n%s", got, tt.note, out)
			}
			if strings.Contains(out, tt.against) {
				t.Errorf("output has %q:\n%s", tt.against, out)
			}
			checkLifetime(t, openDataDir(t, dir), out, linkToken(t, out), before, after)
		})
	}
}

// checkLifetime checks that the link of token lasts as long as the link
// the back office emails (clinic.ResetTokenLifetime), and that out says so.
func checkLifetime(t *testing.T, db *store.DB, out, token string, before, after time.Time) {
	t.Helper()
	if want := "within " + inWords(clinic.ResetTokenLifetime); !strings.Contains(out, want) {
		t.Errorf("output does not say %q:\n%s", want, out)
	}
	ctx, hash := context.Background(), auth.HashToken(token)
	for _, c := range []struct {
		at   time.Time
		want bool
	}{
		{before.Add(clinic.ResetTokenLifetime - time.Minute), true},
		{after.Add(clinic.ResetTokenLifetime + time.Second), false},
	} {
		if ok, err := db.TokenValid(ctx, clinic.TokenReset, hash, c.at); err != nil || ok != c.want {
			t.Errorf("link valid %v after it was made: %v, %v; want %v", c.at.Sub(before).Round(time.Minute), ok, err, c.want)
		}
	}
}

func TestInWords(t *testing.T) {
	for _, c := range []struct {
		d    time.Duration
		want string
	}{
		{30 * time.Minute, "30 minutes"},
		{time.Hour, "an hour"},
		{2 * time.Hour, "2 hours"},
		{time.Minute, "a minute"},
		{90 * time.Minute, "90 minutes"},
	} {
		if got := inWords(c.d); got != c.want {
			t.Errorf("inWords(%v) = %q, want %q", c.d, got, c.want)
		}
	}
}

// columns splits the lines of a table printed with two or more spaces
// between columns.
func columns(out string) [][]string {
	var rows [][]string
	for line := range strings.Lines(strings.TrimSpace(out)) {
		rows = append(rows, regexp.MustCompile(`\s{2,}`).Split(strings.TrimSpace(line), -1))
	}
	return rows
}

func TestUserListAndDisable(t *testing.T) {
	dir := newDataDir(t)
	t.Run("an empty clinic says how to add a user", func(t *testing.T) {
		out, err := clinicRun(t, dir, "user", "list")
		if err != nil || !strings.Contains(out, "clinic user create") {
			t.Errorf("err %v, output %q", err, out)
		}
	})
	for _, args := range [][]string{
		{"--email", "ada@example.com", "--name", "Ada Admin", "--role", "admin"},
		{"--email", "ben@example.com", "--name", "Ben Front", "--role", "front_desk"},
	} {
		if out, err := clinicRun(t, dir, append([]string{"user", "create"}, args...)...); err != nil {
			t.Fatalf("%v\n%s", err, out)
		}
	}
	ctx, db := context.Background(), openDataDir(t, dir)
	ada, ben := mustUser(t, db, "ada@example.com"), mustUser(t, db, "ben@example.com")
	if err := db.SetTOTP(ctx, ben.ID, "JBSWY3DPEHPK3PXP", 1); err != nil {
		t.Fatal(err)
	}
	signedIn := signIn(t, db, ben)

	t.Run("the list shows each user without patient data", func(t *testing.T) {
		out, err := clinicRun(t, dir, "user", "list")
		if err != nil {
			t.Fatal(err)
		}
		want := [][]string{
			{"EMAIL", "NAME", "ROLE", "ENABLED", "TWO-STEP", "LAST SIGN-IN"},
			{"ada@example.com", "Ada Admin", "admin", "yes", "off", "never"},
			{"ben@example.com", "Ben Front", "front_desk", "yes", "on", signedIn},
		}
		if diff := cmp.Diff(want, columns(out)); diff != "" {
			t.Errorf("user list (-want +got):\n%s", diff)
		}
	})
	t.Run("disabling ends the user's sessions and links", func(t *testing.T) {
		_, sessionHash := auth.NewToken()
		if err := db.CreateSession(ctx, &clinic.Session{TokenHash: sessionHash, UserID: ben.ID}); err != nil {
			t.Fatal(err)
		}
		_, linkHash := auth.NewToken()
		if err := db.CreateToken(ctx, clinic.TokenReset, linkHash, ben.ID, time.Now().Add(clinic.ResetTokenLifetime)); err != nil {
			t.Fatal(err)
		}
		out, err := clinicRun(t, dir, "user", "disable", "Ben@Example.com")
		if err != nil || !strings.Contains(out, "Disabled ben@example.com") {
			t.Fatalf("err %v, output %q", err, out)
		}
		if _, err := db.SessionByToken(ctx, sessionHash, time.Now(), func(clinic.Role) time.Duration { return time.Hour }); clinic.ErrorKind(err) != clinic.ENotFound {
			t.Errorf("the session lives on: %v", err)
		}
		if ok, err := db.TokenValid(ctx, clinic.TokenReset, linkHash, time.Now()); ok || err != nil {
			t.Errorf("the link still works: %v %v", ok, err)
		}
		if u := mustUser(t, db, "ben@example.com"); !u.Disabled {
			t.Error("ben is not disabled")
		}
		es, err := db.AuditEvents(ctx, clinic.AuditFilter{Action: "user.disable", Limit: 5})
		if err != nil || len(es) != 1 || es[0].Actor != "command line" || es[0].Record != "user:"+itoa(ben.ID) {
			t.Errorf("audit: %v %+v", err, es)
		}
	})
	t.Run("the list shows who is disabled", func(t *testing.T) {
		out, _ := clinicRun(t, dir, "user", "list")
		if rows := columns(out); len(rows) != 3 || rows[2][3] != "no" {
			t.Errorf("user list:\n%s", out)
		}
	})
	t.Run("disabling twice says so and changes nothing", func(t *testing.T) {
		out, err := clinicRun(t, dir, "user", "disable", "ben@example.com")
		if err != nil || !strings.Contains(out, "disabled already") {
			t.Errorf("err %v, output %q", err, out)
		}
	})
	t.Run("the last enabled admin is refused", func(t *testing.T) {
		out, err := clinicRun(t, dir, "user", "disable", "ada@example.com")
		if err == nil || !strings.Contains(err.Error(), "last enabled admin") {
			t.Errorf("err %v, output %q", err, out)
		}
		if u := mustUser(t, db, ada.Email); u.Disabled {
			t.Error("the last admin was disabled")
		}
	})
	t.Run("an admin can be disabled when another remains", func(t *testing.T) {
		if out, err := clinicRun(t, dir, "user", "create", "--email", "cy@example.com", "--role", "admin"); err != nil {
			t.Fatalf("%v\n%s", err, out)
		}
		if out, err := clinicRun(t, dir, "user", "disable", "ada@example.com"); err != nil {
			t.Errorf("%v\n%s", err, out)
		}
	})
	t.Run("an unknown address is named", func(t *testing.T) {
		_, err := clinicRun(t, dir, "user", "disable", "nobody@example.com")
		if err == nil || !strings.Contains(err.Error(), `"nobody@example.com"`) || !strings.Contains(err.Error(), "clinic user list") {
			t.Errorf("err %v", err)
		}
	})
}

func mustUser(t *testing.T, db *store.DB, email string) *clinic.User {
	t.Helper()
	u, err := db.UserByEmail(context.Background(), email)
	if err != nil {
		t.Fatal(err)
	}
	return u
}

// signIn records a sign-in of u in the audit log, as the back office
// does after the second step, and returns its time as the list shows it.
func signIn(t *testing.T, db *store.DB, u *clinic.User) string {
	t.Helper()
	ctx := context.Background()
	for _, action := range []string{"sign_in", "sign_in.password"} { // a later first step is no sign-in
		e := &clinic.AuditEvent{Actor: u.Email, ActorID: u.ID, Action: action, Record: "user:" + itoa(u.ID), Address: "127.0.0.1", Outcome: clinic.AuditOK}
		if err := db.Audit(ctx, e); err != nil {
			t.Fatal(err)
		}
	}
	es, err := db.AuditEvents(ctx, clinic.AuditFilter{Action: "sign_in", Limit: 2})
	if err != nil || len(es) != 2 {
		t.Fatal(err)
	}
	return es[1].At.Local().Format("2006-01-02 15:04 MST")
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }
