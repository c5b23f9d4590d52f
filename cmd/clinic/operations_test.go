package main

import (
	"errors"
	"flag"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

const operationsDoc = "../../docs/OPERATIONS.md"

// docBlock is the first fenced block of the language lang in
// docs/OPERATIONS.md.
func docBlock(t *testing.T, lang string) string {
	t.Helper()
	doc, err := os.ReadFile(operationsDoc)
	if err != nil {
		t.Fatal(err)
	}
	_, rest, ok := strings.Cut(string(doc), "\n```"+lang+"\n")
	block, _, closed := strings.Cut(rest, "\n```\n")
	if !ok || !closed {
		t.Fatalf("docs/OPERATIONS.md has no ```%s block", lang)
	}
	return block + "\n"
}

// setting is a row of the settings table of docs/OPERATIONS.md.
type setting struct {
	flag, variable, def string
}

// settingRow reads "| `--addr` | `CLINIC_ADDR` | `:8080` | meaning |".
var settingRow = regexp.MustCompile("^\\| (`--[a-z-]+`|—) \\| `(CLINIC_[A-Z0-9_]+)` \\| ([^|]+) \\|")

// documentedSettings reads the table under "## Settings".
func documentedSettings(t *testing.T) []setting {
	t.Helper()
	doc, err := os.ReadFile(operationsDoc)
	if err != nil {
		t.Fatal(err)
	}
	_, section, _ := strings.Cut(string(doc), "\n## Settings\n")
	section, _, _ = strings.Cut(section, "\n## ")
	var rows []setting
	for _, line := range strings.Split(section, "\n") {
		if m := settingRow.FindStringSubmatch(line); m != nil {
			rows = append(rows, setting{strings.Trim(m[1], "`"), m[2], strings.TrimSpace(m[3])})
		}
	}
	if len(rows) == 0 {
		t.Fatal("docs/OPERATIONS.md has no settings table under ## Settings")
	}
	return rows
}

// variablesInCode are the CLINIC_* names the command's code (not its
// tests) reads or names.
func variablesInCode(t *testing.T) []string {
	t.Helper()
	files, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	name := regexp.MustCompile(`CLINIC_[A-Z0-9_]+`)
	var names []string
	for _, f := range files {
		if strings.HasSuffix(f, "_test.go") {
			continue
		}
		src, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, n := range name.FindAllString(string(src), -1) {
			if !slices.Contains(names, n) {
				names = append(names, n)
			}
		}
	}
	slices.Sort(names)
	return names
}

// TestSettingsReferenceMatchesTheBinary checks the settings table of
// docs/OPERATIONS.md against the binary: every CLINIC_* name the code
// reads is there and nothing else, and every flag is there with its
// variable and its default.
func TestSettingsReferenceMatchesTheBinary(t *testing.T) {
	t.Parallel()
	rows := documentedSettings(t)
	var documented []string
	byFlag := map[string]setting{}
	for _, r := range rows {
		documented = append(documented, r.variable)
		if r.flag != "—" {
			byFlag[strings.TrimPrefix(r.flag, "--")] = r
		}
	}
	slices.Sort(documented)
	t.Run("every variable the code reads is documented, and only those", func(t *testing.T) {
		if diff := cmp.Diff(variablesInCode(t), documented); diff != "" {
			t.Errorf("CLINIC_* names (-in the code +in docs/OPERATIONS.md):\n%s", diff)
		}
	})
	_, _, err := parseConfig([]string{"-h"}, func(string) string { return "" })
	var h *helpRequest
	if !errors.As(err, &h) {
		t.Fatalf("parseConfig -h: %v", err)
	}
	h.flags.VisitAll(func(f *flag.Flag) {
		t.Run("--"+f.Name+" is documented with its variable and default", func(t *testing.T) {
			row, ok := byFlag[f.Name]
			if !ok {
				t.Fatalf("--%s is not in the table", f.Name)
			}
			if !strings.Contains(f.Usage, row.variable) {
				t.Errorf("--%s's help names no %s: %q", f.Name, row.variable, f.Usage)
			}
			if want := "`" + f.DefValue + "`"; f.DefValue != "" && row.def != want {
				t.Errorf("--%s: the table's default is %s, the flag's %s", f.Name, row.def, want)
			}
			if f.DefValue == "" && !strings.HasPrefix(row.def, "(") {
				t.Errorf("--%s has no default of its own, but the table gives %s", f.Name, row.def)
			}
		})
	})
	t.Run("the table has no flag the binary lacks", func(t *testing.T) {
		for name := range byFlag {
			if h.flags.Lookup(name) == nil {
				t.Errorf("--%s is in the table but not a flag", name)
			}
		}
	})
}
