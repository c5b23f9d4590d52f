package backup

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

const hexA = "a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8f90"

func TestParseSums(t *testing.T) {
	tests := []struct {
		name, text string
		want       []Sum
		err        string
	}{
		{"two lines in sha256sum's format are read", hexA + "  backup.json\n" + hexA + "  blobs/ab/abcd\n",
			[]Sum{{"backup.json", hexA}, {"blobs/ab/abcd", hexA}}, ""},
		{"binary mode's asterisk is taken", hexA + " *database.sqlite\n", []Sum{{"database.sqlite", hexA}}, ""},
		{"an empty manifest lists nothing", "", nil, ""},
		{"a short checksum is refused", "abc  backup.json\n", nil, "line 1"},
		{"upper-case hex is refused", strings.ToUpper(hexA) + "  backup.json\n", nil, "lower-case"},
		{"a path out of the folder is refused", hexA + "  ../etc/passwd\n", nil, "clean path"},
		{"an absolute path is refused", hexA + "  /etc/passwd\n", nil, "clean path"},
		{"a path that is not clean is refused", hexA + "  blobs//x\n", nil, "clean path"},
		{"the manifest cannot list itself", hexA + "  SHA256SUMS\n", nil, "clean path"},
		{"a control character in a path is refused", hexA + "  a\tb\n", nil, "clean path"},
		{"a path listed twice is refused", hexA + "  a\n" + hexA + "  a\n", nil, "twice"},
		{"one space is refused", hexA + " a\n", nil, "two spaces"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ParseSums([]byte(tt.text))
			if tt.err != "" {
				if err == nil || !strings.Contains(err.Error(), tt.err) {
					t.Errorf("error %v, want one that says %q", err, tt.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("sums (-want +got):\n%s", diff)
			}
		})
	}
}

func TestFormattedSumsReadBack(t *testing.T) {
	sums := []Sum{{"z", hexA}, {"blobs/00/00ff", hexA}, {"backup.json", hexA}}
	got, err := ParseSums(formatSums(sums))
	if err != nil {
		t.Fatal(err)
	}
	want := []Sum{{"backup.json", hexA}, {"blobs/00/00ff", hexA}, {"z", hexA}}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("sums (-want +got):\n%s", diff)
	}
}

func FuzzParseSums(f *testing.F) {
	f.Add([]byte(hexA + "  backup.json\n" + hexA + " *blobs/ab/abcd\n"))
	f.Add([]byte(hexA + "  ../x\n"))
	f.Add([]byte("\n\n"))
	f.Fuzz(func(t *testing.T, text []byte) {
		sums, err := ParseSums(text)
		if err != nil {
			return
		}
		for _, s := range sums {
			if !validPath(s.Path) || len(s.Hex) != 64 {
				t.Fatalf("accepted %q", s)
			}
		}
		again, err := ParseSums(formatSums(sums))
		if err != nil || len(again) != len(sums) {
			t.Fatalf("formatted sums do not read back: %v", err)
		}
	})
}

func TestCheckToolVersion(t *testing.T) {
	tests := []struct {
		name, output string
		want         int
		major        int
		err          string
	}{
		{"the server's version is enough", "pg_dump (PostgreSQL) 15.20 (Debian 15.20-0+deb12u1)\n", 15, 15, ""},
		{"a newer client is enough", "pg_dump (PostgreSQL) 17.2\n", 15, 17, ""},
		{"a development version is read", "pg_dump (PostgreSQL) 18devel\n", 16, 18, ""},
		{"an older client is refused", "pg_dump (PostgreSQL) 14.11\n", 16, 0, "version 14, older than the 16"},
		{"output without a version is refused", "command not found\n", 15, 0, "cannot read"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := checkToolVersion("pg_dump", tt.output, tt.want)
			if tt.err != "" {
				if err == nil || !strings.Contains(err.Error(), tt.err) {
					t.Errorf("error %v, want one that says %q", err, tt.err)
				}
				return
			}
			if err != nil || got != tt.major {
				t.Errorf("checkToolVersion = %d, %v; want %d", got, err, tt.major)
			}
		})
	}
}

func FuzzCheckToolVersion(f *testing.F) {
	f.Add("pg_dump (PostgreSQL) 15.20 (Debian)", 15)
	f.Add("pg_restore (PostgreSQL) 99999999999999999999", 1)
	f.Fuzz(func(t *testing.T, output string, want int) {
		major, err := checkToolVersion("pg_dump", output, want)
		if err == nil && major < want {
			t.Fatalf("accepted version %d below %d", major, want)
		}
	})
}

func TestExpired(t *testing.T) {
	c := func(name string) Folder { return Folder{Name: name, Complete: true} }
	partial := func(name string) Folder { return Folder{Name: name} }
	tests := []struct {
		name    string
		folders []Folder
		keep    int
		want    []string
	}{
		{"the oldest go beyond those kept", []Folder{c("clinic-1"), c("clinic-2"), c("clinic-3"), c("clinic-4")}, 2, []string{"clinic-2", "clinic-1"}},
		{"fewer than those kept: nothing goes", []Folder{c("clinic-1"), c("clinic-2")}, 3, nil},
		{"an incomplete folder older than those kept goes", []Folder{partial("clinic-1"), c("clinic-2"), c("clinic-3")}, 2, []string{"clinic-1"}},
		{"an incomplete folder newer than those kept stays: it may be under way", []Folder{c("clinic-1"), c("clinic-2"), partial("clinic-3")}, 1, []string{"clinic-1"}},
		{"incomplete folders do not count as kept", []Folder{c("clinic-1"), partial("clinic-2"), partial("clinic-3")}, 1, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if diff := cmp.Diff(tt.want, Expired(tt.folders, tt.keep)); diff != "" {
				t.Errorf("expired (-want +got):\n%s", diff)
			}
		})
	}
}

func TestAMissingPgDumpIsNamed(t *testing.T) {
	t.Setenv("PATH", t.TempDir())
	_, err := DumpPostgres(t.Context(), "postgres://clinic@127.0.0.1/clinic", 150004, filepath.Join(t.TempDir(), "db.pgdump"))
	if err == nil || !strings.Contains(err.Error(), "pg_dump is not on PATH") || !strings.Contains(err.Error(), "postgresql-client-15") {
		t.Errorf("DumpPostgres without pg_dump: %v", err)
	}
}
