package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestOnlyTheServerMakesADatabase(t *testing.T) {
	export := filepath.Join(t.TempDir(), "export.xml")
	os.WriteFile(export, []byte(smallExport), 0o600)
	commands := [][]string{
		{"audit", "verify"},
		{"migrate"},
		{"content", "export", t.TempDir()},
		{"content", "import", "../../content"},
		{"user", "create", "--email", "ada@example.com", "--name", "Ada", "--role", "admin"},
		{"mail", "test", "me@example.com"},
		{"import-wordpress", export},
	}
	for _, args := range commands {
		for _, dir := range []string{"an empty folder", "a folder that does not exist"} {
			t.Run(strings.Join(args[:min(2, len(args))], " ")+" in "+dir, func(t *testing.T) {
				data := t.TempDir()
				if dir != "an empty folder" {
					data = filepath.Join(data, "mistyped")
				}
				out, err := clinicRun(t, data, args...)
				if err == nil || !strings.Contains(err.Error(), "only the server (clinic serve) makes a new one") {
					t.Errorf("err %v, output %q; want it to say there is no database", err, out)
				}
				if entries, _ := os.ReadDir(data); len(entries) != 0 {
					t.Errorf("the command left %d files in the folder", len(entries))
				}
			})
		}
	}
	t.Run("with the key but no database", func(t *testing.T) {
		data := newDataDir(t)
		os.Remove(filepath.Join(data, "clinic.db"))
		if out, err := clinicRun(t, data, "audit", "verify"); err == nil || !strings.Contains(err.Error(), "There is no database") {
			t.Errorf("err %v, output %q", err, out)
		}
		if _, err := os.Stat(filepath.Join(data, "clinic.db")); err == nil {
			t.Error("audit verify made a database")
		}
	})
}

func TestDataFilesAreTheOwnersOnly(t *testing.T) {
	data := newDataDir(t)
	if out, err := clinicRun(t, data, "user", "create", "--email", "ada@example.com", "--name", "Ada", "--role", "admin"); err != nil {
		t.Fatalf("%v: %s", err, out)
	}
	for _, name := range []string{"clinic.db", "clinic.db-wal", "secret.key"} {
		fi, err := os.Stat(filepath.Join(data, name))
		if os.IsNotExist(err) && name == "clinic.db-wal" {
			continue // checkpointed and removed on close
		}
		if err != nil {
			t.Fatal(err)
		}
		if perm := fi.Mode().Perm(); perm != 0o600 {
			t.Errorf("%s has mode %o, want 600", name, perm)
		}
	}
	t.Run("a database others could read is closed to them", func(t *testing.T) {
		os.Chmod(filepath.Join(data, "clinic.db"), 0o644)
		if out, err := clinicRun(t, data, "audit", "verify"); err != nil {
			t.Fatalf("%v: %s", err, out)
		}
		if fi, _ := os.Stat(filepath.Join(data, "clinic.db")); fi.Mode().Perm() != 0o600 {
			t.Errorf("mode %o, want 600", fi.Mode().Perm())
		}
	})
}
