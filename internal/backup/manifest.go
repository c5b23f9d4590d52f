// Package backup writes and reads backup folders: the database (a SQLite
// snapshot or a pg_dump archive), the stored files as they are kept
// (already encrypted), what was backed up, and a manifest of checksums
// written last, so that a folder without one is known to be incomplete.
//
// A backup folder holds:
//
//	backup.json          Info: when, which database, how many files
//	database.sqlite      or database.pgdump (pg_dump's custom format)
//	blobs/NAME           each stored file, byte for byte
//	SHA256SUMS           the SHA-256 of every other file, written last
//
// SHA256SUMS is in the format of sha256sum, so that
// `sha256sum -c SHA256SUMS` run in the folder checks it too.
package backup

import (
	"bufio"
	"bytes"
	"encoding/hex"
	"fmt"
	"path"
	"slices"
	"strings"
)

// ManifestName is the manifest's file name.
const ManifestName = "SHA256SUMS"

// Sum is one line of the manifest: a file's path in the folder, with
// forward slashes, and its SHA-256 in lower-case hex.
type Sum struct {
	Path string
	Hex  string
}

// maxManifest bounds the manifest read: a million files, about 100 MiB.
const maxManifest = 128 << 20

// formatSums writes the manifest, sorted by path.
func formatSums(sums []Sum) []byte {
	sorted := slices.Clone(sums)
	slices.SortFunc(sorted, func(a, b Sum) int { return strings.Compare(a.Path, b.Path) })
	var b bytes.Buffer
	for _, s := range sorted {
		fmt.Fprintf(&b, "%s  %s\n", s.Hex, s.Path)
	}
	return b.Bytes()
}

// ParseSums reads a manifest: lines of 64 hex digits, two spaces (or a
// space and the asterisk of sha256sum's binary mode) and a path that is
// relative, clean and within the folder. A path may appear once.
func ParseSums(text []byte) ([]Sum, error) {
	if len(text) > maxManifest {
		return nil, fmt.Errorf("backup: manifest: larger than %d MiB", maxManifest>>20)
	}
	var sums []Sum
	seen := map[string]bool{}
	sc := bufio.NewScanner(bytes.NewReader(text))
	sc.Buffer(nil, 64<<10)
	for n := 1; sc.Scan(); n++ {
		s, err := parseSum(sc.Text())
		if err != nil {
			return nil, fmt.Errorf("backup: manifest line %d: %w", n, err)
		}
		if seen[s.Path] {
			return nil, fmt.Errorf("backup: manifest line %d: %s is listed twice", n, s.Path)
		}
		seen[s.Path] = true
		sums = append(sums, s)
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("backup: manifest: %w", err)
	}
	return sums, nil
}

func parseSum(line string) (Sum, error) {
	if len(line) < 67 || (line[64:66] != "  " && line[64:66] != " *") {
		return Sum{}, fmt.Errorf("want a SHA-256 in hex, two spaces and a path")
	}
	h, p := line[:64], line[66:]
	if _, err := hex.DecodeString(h); err != nil || strings.ToLower(h) != h {
		return Sum{}, fmt.Errorf("%q is not a SHA-256 in lower-case hex", h)
	}
	if !validPath(p) {
		return Sum{}, fmt.Errorf("%q is not a clean path within the folder", p)
	}
	return Sum{Path: p, Hex: h}, nil
}

// validPath reports whether p names a file inside the folder: relative,
// clean, with no backslash or control character, and not the manifest.
func validPath(p string) bool {
	if p == "" || p == ManifestName || path.IsAbs(p) || path.Clean(p) != p || p == ".." || strings.HasPrefix(p, "../") {
		return false
	}
	for _, r := range p {
		if r < 0x20 || r == 0x7f || r == '\\' {
			return false
		}
	}
	return true
}
