package main

import (
	"bytes"
	"context"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// clinicRun runs the command in this process, as main would, and returns
// what it printed.
func clinicRun(t *testing.T, dataDir string, args ...string) (string, error) {
	t.Helper()
	var out, errOut bytes.Buffer
	err := run(context.Background(), append([]string{"--data-dir", dataDir, "--log-level", "error"}, args...), &out, &errOut)
	return out.String() + errOut.String(), err
}

// newDataDir is a data folder with an empty clinic database and its key,
// as the server leaves it at its first start: no other command makes one.
func newDataDir(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	db, err := openStore(context.Background(), Config{DataDir: dir}, slog.New(slog.DiscardHandler))
	if err != nil {
		t.Fatal(err)
	}
	db.Close()
	return dir
}

func TestContentImportAndExport(t *testing.T) {
	t.Parallel()
	data, dir := newDataDir(t), t.TempDir()
	if out, err := clinicRun(t, data, "content", "import", "../../content"); err != nil || !strings.Contains(out, "created") {
		t.Fatalf("first import: %v\n%s", err, out)
	}
	t.Run("importing the same files again changes nothing", func(t *testing.T) {
		out, err := clinicRun(t, data, "content", "import", "../../content")
		if err != nil || !strings.Contains(out, " 0 created, 0 updated") {
			t.Fatalf("second import: %v\n%s", err, out)
		}
	})
	t.Run("an export imports back unchanged", func(t *testing.T) {
		if out, err := clinicRun(t, data, "content", "export", dir); err != nil {
			t.Fatalf("export: %v\n%s", err, out)
		}
		out, err := clinicRun(t, data, "content", "import", dir)
		if err != nil || !strings.Contains(out, " 0 created, 0 updated") {
			t.Fatalf("import of the export: %v\n%s", err, out)
		}
	})
	t.Run("a malformed file names file and line and imports nothing", func(t *testing.T) {
		good := filepath.Join(dir, "posts", "pilates-for-back-pain.md")
		src, err := os.ReadFile(good)
		if err != nil {
			t.Fatal(err)
		}
		changed := strings.Replace(string(src), "title: ", "title: Changed title\ntitel: ", 1)
		os.WriteFile(good, []byte(changed), 0o644)
		bad := "---\ntitle: Broken\nauthor: dr-maya-lindqvist\ncategory: back-pain\nstatus: [published\n---\nbody\n"
		os.WriteFile(filepath.Join(dir, "posts", "broken.md"), []byte(bad), 0o644)
		out, err := clinicRun(t, data, "content", "import", dir)
		if err == nil || !strings.Contains(err.Error(), "posts/") || !strings.Contains(err.Error(), ".md:") {
			t.Fatalf("import of a malformed tree: %v\n%s", err, out)
		}
		t.Logf("error: %v", err)
		again := t.TempDir()
		if out, err := clinicRun(t, data, "content", "export", again); err != nil {
			t.Fatalf("export: %v\n%s", err, out)
		}
		after, _ := os.ReadFile(filepath.Join(again, "posts", "pilates-for-back-pain.md"))
		if strings.Contains(string(after), "Changed title") {
			t.Errorf("part of a failed import was written")
		}
	})
}

func TestCommandLine(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		args []string
		want string
	}{
		{"an unknown command is named", []string{"frobnicate"}, `unknown command "frobnicate"`},
		{"content needs a subcommand and a folder", []string{"content", "import"}, "usage: clinic content"},
		{"content refuses other subcommands", []string{"content", "delete", "x"}, "usage: clinic content"},
		{"a missing folder is reported", []string{"content", "import", "/no/such/folder"}, "no/such/folder"},
		{"a bad base URL is refused", []string{"--base-url", "ftp://x", "migrate"}, "must start with http"},
		{"flags may follow the command", []string{"migrate", "--log-level", "nonsense"}, "log level"},
		{"reminders must be durations", []string{"--reminders", "soon", "migrate"}, "reminders"},
		{"a reminder a minute before is refused", []string{"--reminders", "48h,1m", "migrate"}, "reminders"},
		{"mail test needs an address", []string{"mail", "test"}, "usage: clinic mail test"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out, err := clinicRun(t, newDataDir(t), tt.args...)
			if err == nil || !strings.Contains(err.Error()+out, tt.want) {
				t.Errorf("err %v, output %q; want %q", err, out, tt.want)
			}
		})
	}
}
