package store

import (
	"path/filepath"
	"testing"
)

func TestWriterSyncsEveryCommit(t *testing.T) {
	t.Parallel()
	db := openTestDB(t, filepath.Join(t.TempDir(), "clinic.db"))
	var w int
	db.write.QueryRow(`PRAGMA synchronous`).Scan(&w)
	if w != 2 {
		t.Errorf("writer synchronous = %d, want 2 (FULL)", w)
	}
}
