package blob

import (
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// Two well-formed keys in base64.
const (
	keyA = "AQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQE="
	keyB = "AgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgI="
)

func TestParseKeyring(t *testing.T) {
	tests := []struct {
		name    string
		text    string
		ids     []uint32
		primary uint32
	}{
		{"a bare key is key 1", keyA, []uint32{1}, 1},
		{"a bare key may end in a new line", keyA + "\n", []uint32{1}, 1},
		{"the highest id encrypts new files", "1:" + keyA + ",2:" + keyB, []uint32{1, 2}, 2},
		{"order does not matter", "7:" + keyB + "\n3:" + keyA, []uint32{3, 7}, 7},
		{"comment lines are skipped", "# keys\n1:" + keyA + "\n# rotated\n2:" + keyB + "\n", []uint32{1, 2}, 2},
		{"spaces separate entries too", " 1:" + keyA + "  2:" + keyB + " ", []uint32{1, 2}, 2},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			k, err := ParseKeyring(tc.text)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tc.ids, k.IDs()); diff != "" || k.Primary() != tc.primary {
				t.Errorf("ids (-want +got):\n%s primary %d, want %d", diff, k.Primary(), tc.primary)
			}
		})
	}
}

func TestParseKeyringRefuses(t *testing.T) {
	short := "AQEBAQEBAQEBAQEBAQEBAQ=="
	tests := []struct {
		name string
		text string
	}{
		{"nothing", ""},
		{"only comments", "# no keys yet\n"},
		{"a key that is not base64", "1:not*base64"},
		{"a key of 16 bytes", "1:" + short},
		{"key id 0", "0:" + keyA},
		{"a key id that is not a number", "x:" + keyA},
		{"a key id above 32 bits", "4294967296:" + keyA},
		{"one id twice", "1:" + keyA + ",1:" + keyB},
		{"a bare key among several", keyA + ",2:" + keyB},
	}
	for _, tc := range tests {
		t.Run(tc.name+" is refused without quoting a key", func(t *testing.T) {
			_, err := ParseKeyring(tc.text)
			if err == nil {
				t.Fatal("no error")
			}
			for _, secret := range []string{keyA, keyB, short, "not*base64"} {
				if strings.Contains(err.Error(), secret) {
					t.Errorf("error %q quotes key material", err)
				}
			}
		})
	}
}

func TestLoadKeyringMakesAKeyFileOnFirstRun(t *testing.T) {
	path := filepath.Join(t.TempDir(), "data", "blob.keys")
	first, err := LoadKeyring("", path)
	if err != nil {
		t.Fatal(err)
	}
	fi, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	di, err := os.Stat(filepath.Dir(path))
	if err != nil {
		t.Fatal(err)
	}
	if fi.Mode() != 0o600 || di.Mode() != fs.ModeDir|0o700 {
		t.Errorf("key file %v in a folder %v; want -rw------- in drwx------", fi.Mode(), di.Mode())
	}
	again, err := LoadKeyring("", path)
	if err != nil {
		t.Fatal(err)
	}
	// The second load has the same key: what one encrypts, the other reads.
	f, err := NewFolder(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	st := put(t, New(f, first), []byte("same key"))
	if got, err := readBack(New(f, again), st.Name); err != nil || string(got) != "same key" {
		t.Errorf("read with the reloaded key: %q, %v", got, err)
	}
}

func TestLoadKeyringPrefersTheEnvironment(t *testing.T) {
	path := filepath.Join(t.TempDir(), "blob.keys")
	k, err := LoadKeyring("1:"+keyA+",2:"+keyB, path)
	if err != nil {
		t.Fatal(err)
	}
	if k.Primary() != 2 {
		t.Errorf("primary %d, want 2", k.Primary())
	}
	if _, err := os.Stat(path); !os.IsNotExist(err) {
		t.Errorf("a key file was made although the environment had keys (stat: %v)", err)
	}
	if _, err := LoadKeyring("1:short", path); err == nil || !strings.Contains(err.Error(), "CLINIC_BLOB_KEY") {
		t.Errorf("a bad environment key gave %v, want an error naming CLINIC_BLOB_KEY", err)
	}
}

func TestAddKey(t *testing.T) {
	path := filepath.Join(t.TempDir(), "blob.keys")
	before, err := LoadKeyring("", path)
	if err != nil {
		t.Fatal(err)
	}
	for want := uint32(2); want <= 3; want++ {
		id, err := AddKey(path)
		if err != nil || id != want {
			t.Fatalf("AddKey = %d, %v; want %d", id, err, want)
		}
	}
	after, err := LoadKeyring("", path)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]uint32{1, 2, 3}, after.IDs()); diff != "" || after.Primary() != 3 {
		t.Errorf("ids after two AddKey (-want +got):\n%s primary %d", diff, after.Primary())
	}
	f, err := NewFolder(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	old := put(t, New(f, before), []byte("made under key 1"))
	if got, err := readBack(New(f, after), old.Name); err != nil || string(got) != "made under key 1" {
		t.Errorf("key 1 was not kept: %q, %v", got, err)
	}
	if fi, err := os.Stat(path); err != nil || fi.Mode() != 0o600 {
		t.Errorf("key file after AddKey: %v, %v", fi.Mode(), err)
	}
}

// FuzzParseKeyring: any text gives a keyring or an error, never a panic,
// and a keyring's primary key is its highest id.
func FuzzParseKeyring(f *testing.F) {
	f.Add(keyA)
	f.Add("1:" + keyA + ",2:" + keyB)
	f.Add("# keys\n3:" + keyB + "\n")
	f.Add("1:")
	f.Add(":::,,,")
	f.Fuzz(func(t *testing.T, text string) {
		k, err := ParseKeyring(text)
		if err != nil {
			return
		}
		ids := k.IDs()
		if len(ids) == 0 || ids[len(ids)-1] != k.Primary() || ids[0] == 0 {
			t.Errorf("ids %v with primary %d", ids, k.Primary())
		}
	})
}
