package main

import (
	"io/fs"
	"strings"
	"testing"
	"testing/fstest"

	"clinic/content"
	"clinic/internal/intake"
)

func TestLoadIntake(t *testing.T) {
	t.Run("the embedded rules and questionnaires load", func(t *testing.T) {
		f, err := loadIntake(content.Demo())
		if err != nil {
			t.Fatal(err)
		}
		if len(f.rules.Pictures) == 0 || len(f.instruments) == 0 {
			t.Errorf("loaded %d pictures and %d instruments, want some of each", len(f.rules.Pictures), len(f.instruments))
		}
	})
	for _, tc := range []struct {
		name, path, find, replace, want string
	}{
		{"a treatment missing from the catalogue stops start-up with its line", intake.RulesPath,
			"treatments: [vertebroplasty-and-kyphoplasty]", "treatments: [no-such-treatment]", "rules.yaml:"},
		{"a malformed questionnaire stops start-up with its line", "instruments/pain-back-neck.yaml",
			"better: lower", "better: sideways", "pain-back-neck.yaml:"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			fsys := demoWith(t, tc.path, tc.find, tc.replace)
			_, err := loadIntake(fsys)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("err = %v, want one naming %q", err, tc.want)
			}
		})
	}
}

// demoWith copies the embedded content with one file changed.
func demoWith(t *testing.T, path, find, replace string) fs.FS {
	t.Helper()
	out := fstest.MapFS{}
	err := fs.WalkDir(content.Demo(), ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := fs.ReadFile(content.Demo(), p)
		if p == path {
			if !strings.Contains(string(b), find) {
				t.Fatalf("%s has no %q", p, find)
			}
			b = []byte(strings.Replace(string(b), find, replace, 1))
		}
		out[p] = &fstest.MapFile{Data: b}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}
