package main

import (
	"bytes"
	"context"
	"errors"
	"os/exec"
	"strings"
	"testing"
)

// runSplit runs the command as main would and returns what it printed on
// standard output and standard error apart.
func runSplit(t *testing.T, args ...string) (stdout, stderr string, err error) {
	t.Helper()
	var out, errOut bytes.Buffer
	err = run(context.Background(), args, &out, &errOut)
	return out.String(), errOut.String(), err
}

func TestHelp(t *testing.T) {
	everyCommand := []string{"clinic serve ", "clinic migrate ", "clinic content import DIR", "clinic content export DIR",
		"clinic user create ", "clinic user list ", "clinic user disable EMAIL", "clinic audit verify ",
		"clinic import-wordpress EXPORT.xml", "clinic mail test ADDRESS", "clinic blob verify ",
		"clinic blob add-key ", "clinic blob reencrypt ", "clinic help [COMMAND]"}
	globalFlags := []string{"-data-dir", "-database-url", "-base-url", "CLINIC_BASE_URL"}
	tests := []struct {
		name     string
		args     []string
		want     []string
		dontWant []string
	}{
		{"clinic help lists every command and the global flags", []string{"help"}, append(everyCommand, globalFlags...), nil},
		{"clinic --help lists them too", []string{"--help"}, append(everyCommand, globalFlags...), nil},
		{"clinic -h lists them too", []string{"-h"}, everyCommand, nil},
		{"global flags before help still give help", []string{"--data-dir", "/nowhere", "help"}, everyCommand, nil},
		{"help of a command shows its lines only", []string{"help", "content"},
			[]string{"clinic content import DIR", "clinic content export DIR", "No flags of its own"}, []string{"clinic user"}},
		{"a command's --help shows its lines", []string{"content", "--help"}, []string{"clinic content import DIR"}, []string{"clinic user"}},
		{"migrate --help says it has no flags", []string{"migrate", "--help"}, []string{"clinic migrate ", "No flags of its own"}, nil},
		{"serve --help shows the server's flags", []string{"serve", "--help"}, []string{"clinic serve ", "-addr", "-trusted-proxies"}, nil},
		{"user --help lists the user commands", []string{"user", "--help"},
			[]string{"clinic user create", "clinic user list", "clinic user disable EMAIL", "SUBCOMMAND --help"}, []string{"clinic content"}},
		{"user create --help shows its flags", []string{"user", "create", "--help"},
			[]string{"clinic user create", "-email", "-name", "-role", "admin, editor, front_desk, provider"}, []string{"clinic user list"}},
		{"help user create shows the same", []string{"help", "user", "create"}, []string{"-email", "-role"}, nil},
		{"user list -h shows its line", []string{"user", "list", "-h"}, []string{"clinic user list"}, []string{"-email"}},
		{"user disable --help shows its line", []string{"user", "disable", "--help"}, []string{"clinic user disable EMAIL"}, nil},
		{"import-wordpress --help shows its flags", []string{"import-wordpress", "--help"}, []string{"-uploads", "-dry-run", "-author"}, nil},
		{"mail test --help shows its line", []string{"mail", "test", "--help"}, []string{"clinic mail test ADDRESS"}, []string{"clinic blob"}},
		{"blob -h lists the blob commands", []string{"blob", "-h"}, []string{"clinic blob verify", "clinic blob add-key", "clinic blob reencrypt"}, nil},
		{"audit verify -h shows its line", []string{"audit", "verify", "-h"}, []string{"clinic audit verify"}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out, errOut, err := runSplit(t, tt.args...)
			if err != nil {
				t.Fatalf("err %v; want help and no error\nstdout:\n%s\nstderr:\n%s", err, out, errOut)
			}
			for _, w := range tt.want {
				if !strings.Contains(out, w) {
					t.Errorf("standard output lacks %q:\n%s", w, out)
				}
			}
			for _, w := range tt.dontWant {
				if strings.Contains(out, w) {
					t.Errorf("standard output has %q, of another command:\n%s", w, out)
				}
			}
		})
	}
}

func TestHelpListsEachCommandOnOneLine(t *testing.T) {
	out, _, err := runSplit(t, "help")
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range commands {
		n := 0
		for line := range strings.Lines(out) {
			if strings.HasPrefix(strings.TrimSpace(line), "clinic "+c.usage+" ") {
				n++
				if !strings.HasSuffix(strings.TrimSpace(line), c.summary) {
					t.Errorf("the line of %q does not end with its summary: %q", c.usage, line)
				}
				if line = strings.TrimSuffix(line, "\n"); len(line) > 100 {
					t.Errorf("the line of %q is %d characters long, over 100", c.usage, len(line))
				}
			}
		}
		if n != 1 {
			t.Errorf("%q is on %d lines, want 1", c.usage, n)
		}
	}
}

func TestMistakesListWhatIsValid(t *testing.T) {
	tests := []struct {
		name string
		args []string
		want []string
	}{
		{"an unknown command lists the commands", []string{"frobnicate"},
			[]string{`unknown command "frobnicate"`, "serve, migrate, content, user, audit, import-wordpress, mail, blob, backup, restore, help"}},
		{"help of an unknown command lists the commands", []string{"help", "frobnicate"}, []string{`unknown command "frobnicate"`, "migrate"}},
		{"an unknown flag points to help", []string{"--frobnicate"}, []string{"-frobnicate", "clinic help"}},
		{"an unknown user command lists them", []string{"user", "delete"}, []string{`"delete"`, "create, list and disable"}},
		{"user alone lists its commands", []string{"user"}, []string{"create | list | disable EMAIL"}},
		{"a bad role lists the roles", []string{"user", "create", "--email", "b@example.com", "--role", "owner"},
			[]string{`"owner" is not a role`, "admin, editor, front_desk, provider"}},
		{"a missing role lists the roles", []string{"user", "create", "--email", "b@example.com"}, []string{"--role", "admin, editor, front_desk, provider"}},
		{"user disable needs one address", []string{"user", "disable"}, []string{"usage: clinic user disable EMAIL"}},
		{"user list takes no arguments", []string{"user", "list", "everyone"}, []string{"usage: clinic user list"}},
		{"user create takes no arguments", []string{"user", "create", "--email", "b@example.com", "--role", "admin", "extra"}, []string{`not "extra"`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out, err := clinicRun(t, newDataDir(t), tt.args...)
			if err == nil {
				t.Fatalf("no error; output %q", out)
			}
			for _, w := range tt.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q lacks %q", err, w)
				}
			}
		})
	}
}

func TestHelpExitsZero(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary")
	}
	bin := binary(t)
	tests := []struct {
		name string
		args []string
		code int
	}{
		{"clinic help exits 0", []string{"help"}, 0},
		{"clinic --help exits 0", []string{"--help"}, 0},
		{"clinic -h exits 0", []string{"-h"}, 0},
		{"a command's --help exits 0", []string{"user", "create", "--help"}, 0},
		{"import-wordpress --help exits 0", []string{"import-wordpress", "--help"}, 0},
		{"an unknown command exits 2", []string{"frobnicate"}, 2},
		{"a bad role exits 2", []string{"user", "create", "--email", "a@example.com", "--role", "owner"}, 2},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cmd := exec.Command(bin, tt.args...)
			cmd.Env = append(cmd.Environ(), "CLINIC_DATA_DIR="+t.TempDir())
			out, err := cmd.CombinedOutput()
			code := 0
			if exit := (*exec.ExitError)(nil); errors.As(err, &exit) {
				code = exit.ExitCode()
			} else if err != nil {
				t.Fatal(err)
			}
			if code != tt.code {
				t.Errorf("exit code %d, want %d; output:\n%s", code, tt.code, out)
			}
		})
	}
}
