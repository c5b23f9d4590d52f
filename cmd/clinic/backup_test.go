package main

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"clinic"
	"clinic/internal/blob"
	"clinic/internal/pgtest"
	"clinic/internal/s3test"
	"clinic/internal/store"

	"github.com/aws/aws-sdk-go-v2/credentials"
)

// clinicProcess runs this command in a process of its own, with the
// arguments and environment, and returns what it printed, failing the
// test unless it succeeds.
func clinicProcess(t *testing.T, env []string, args ...string) string {
	t.Helper()
	out, err := processRun(env, args...)
	if err != nil {
		t.Fatalf("clinic %s: %v\n%s", strings.Join(args, " "), err, out)
	}
	return out
}

func processRun(env []string, args ...string) (string, error) {
	cmd := exec.Command(os.Args[0], args...)
	cmd.Env = append(os.Environ(), env...)
	out, err := cmd.CombinedOutput()
	return string(out), err
}

// acked is a write the load got an answer for, and when.
type acked struct {
	what string
	at   time.Time
}

// load writes to a running clinic until its work is done: bookings
// through the server, content edits and stored files through the store
// and the file store as other processes would. Each write it gets an
// answer for is noted with the time of the answer.
type load struct {
	mu     sync.Mutex
	writes []acked
}

func (l *load) ack(what string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.writes = append(l.writes, acked{what, time.Now()})
}

// before lists the writes answered before t.
func (l *load) before(t time.Time) []string {
	l.mu.Lock()
	defer l.mu.Unlock()
	var ws []string
	for _, w := range l.writes {
		if w.at.Before(t) {
			ws = append(ws, w.what)
		}
	}
	return ws
}

// book books each open time in turn, letting the other writers take two
// turns before each booking, and signals when half are booked.
func (l *load) book(t *testing.T, base string, links []string, turns []chan struct{}, halfway chan<- struct{}) {
	defer func() {
		for _, c := range turns {
			close(c)
		}
	}()
	c := noRedirects()
	for i, link := range links {
		for _, turn := range turns {
			turn <- struct{}{}
			turn <- struct{}{}
		}
		p, err := postBooking(c, base, patientForm(t, link, patientName(i)), patientAddr(i))
		if err != nil || p.status != http.StatusSeeOther {
			t.Errorf("booking %d: %v (status %v)", i, err, p)
		} else {
			l.ack("appointment " + startKey(patientForm(t, link, "").Get("doctor"), slotStart(t, link)))
		}
		if i == len(links)/2 {
			close(halfway)
		}
	}
}

// edit writes a page on each turn it is given.
func (l *load) edit(t *testing.T, db *store.DB, turns <-chan struct{}) {
	i := 0
	for range turns {
		slug := fmt.Sprintf("load-%d", i)
		i++
		if _, err := db.Import(context.Background(), &clinic.Bundle{Pages: []*clinic.Page{{Slug: slug, Title: "Written under load", Body: strings.Repeat("Text. ", i)}}}); err != nil {
			t.Error(err)
			continue
		}
		l.ack("page " + slug)
	}
}

// store stores a file on each turn it is given.
func (l *load) store(t *testing.T, files *blob.Store, turns <-chan struct{}) {
	i := 0
	for range turns {
		i++
		st, err := files.Put(context.Background(), strings.NewReader(strings.Repeat("image ", 5000+i)))
		if err != nil {
			t.Error(err)
			continue
		}
		l.ack("file " + st.Name)
	}
}

// TestBackupUnderLoadRestoresEveryRowAndFile backs up a running server
// with `clinic backup` while bookings, content edits and stored files
// are being written, restores the backup with `clinic restore` into an
// empty place, and finds every write answered before the backup began,
// every row of the restored database in the source as it was, the audit
// log's chain whole and every stored file byte for byte.
func TestBackupUnderLoadRestoresEveryRowAndFile(t *testing.T) {
	t.Parallel()
	for _, place := range []string{"sqlite", "postgres", "sqlite with files in an object store"} {
		t.Run(place, func(t *testing.T) {
			t.Parallel()
			src, dst := backupPlace{dir: filepath.Join(t.TempDir(), "data")}, backupPlace{dir: filepath.Join(t.TempDir(), "restored")}
			switch place {
			case "postgres":
				src.dsn, dst.dsn = pgtest.NewDatabase(t), pgtest.NewDatabase(t)
			case "sqlite with files in an object store":
				src.bucket, dst.bucket = s3test.NewBucket(t).Env(), s3test.NewBucket(t).Env()
			}
			testBackupUnderLoad(t, src, dst)
		})
	}
}

// backupPlace is where a clinic keeps its data: a data folder and, for
// PostgreSQL, a database; bucket is the environment of the object store
// of its files, if they are in one.
type backupPlace struct {
	dir, dsn string
	bucket   []string
}

// config is the configuration of the place's data and files.
func (p backupPlace) config(t *testing.T) Config {
	t.Helper()
	cfg, _, err := parseConfig([]string{"--data-dir", p.dir}, func(k string) string { return envOf(p.bucket, k) })
	if err != nil {
		t.Fatal(err)
	}
	cfg.DatabaseURL = p.dsn
	if cfg.BlobS3 != nil {
		cfg.BlobS3.Credentials = credentials.NewStaticCredentialsProvider(envOf(p.bucket, "AWS_ACCESS_KEY_ID"), envOf(p.bucket, "AWS_SECRET_ACCESS_KEY"), "")
	}
	return cfg
}

// envOf is the value of the variable name in env.
func envOf(env []string, name string) string {
	for _, kv := range env {
		if k, v, _ := strings.Cut(kv, "="); k == name {
			return v
		}
	}
	return ""
}

// blobs opens the backend of the place's files.
func (p backupPlace) blobs(t *testing.T) blob.Backend {
	t.Helper()
	b, err := openBlobBackend(context.Background(), p.config(t))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func testBackupUnderLoad(t *testing.T, src, dst backupPlace) {
	key := newSecretKey()
	env := append(bookingEnv(src.dsn, key), src.bucket...)
	srv := startServer(t, src.dir, env...)
	links := seattleTimes(t, srv.base, 6)
	db := openPlace(t, src, key)
	files, err := openBlobs(context.Background(), src.config(t), time.Now())
	if err != nil {
		t.Fatal(err)
	}

	beforeLoad := tableRows(t, db)
	l := &load{}
	halfway, edits, stores := make(chan struct{}), make(chan struct{}, 2), make(chan struct{}, 2)
	var wg sync.WaitGroup
	wg.Go(func() { l.book(t, srv.base, links, []chan struct{}{edits, stores}, halfway) })
	wg.Go(func() { l.edit(t, db, edits) })
	wg.Go(func() { l.store(t, files, stores) })
	<-halfway
	began := time.Now()
	backupDir := filepath.Join(t.TempDir(), "backup")
	t.Log(clinicProcess(t, env, "--data-dir", src.dir, "backup", backupDir))
	wg.Wait()
	written := l.before(began)
	t.Logf("%d of %d writes were answered before the backup began", len(written), len(l.writes))

	restoreEnv := append([]string{"CLINIC_DATABASE_URL=" + dst.dsn, "CLINIC_SECRET_KEY=" + key}, dst.bucket...)
	t.Log(clinicProcess(t, restoreEnv, "--data-dir", dst.dir, "restore", backupDir))
	restored := openPlace(t, dst, key)
	checkWritesRestored(t, restored, src.blobs(t), dst.blobs(t), written)
	t.Run("every row of the restored database is a row of the source", func(t *testing.T) {
		checkRowsWithin(t, tableRows(t, restored), tableRows(t, db))
	})
	t.Run("every row from before the load is restored", func(t *testing.T) {
		checkRowsWithin(t, beforeLoad, tableRows(t, restored))
	})
	t.Run("a restore with another secret key is refused before it writes", func(t *testing.T) {
		dir := filepath.Join(t.TempDir(), "data")
		out, err := processRun([]string{"CLINIC_DATABASE_URL=" + dst.dsn, "CLINIC_SECRET_KEY=" + newSecretKey()}, "--data-dir", dir, "restore", backupDir)
		if err == nil || !strings.Contains(out, "not the one the backup's data was sealed with") {
			t.Errorf("restore with another key: %v\n%s", err, out)
		}
		if _, err := os.Stat(filepath.Join(dir, "clinic.db")); err == nil {
			t.Error("the refused restore wrote a database")
		}
	})
	t.Run("the restored audit log's chain holds", func(t *testing.T) {
		broken, checked, err := restored.VerifyAudit(context.Background())
		if err != nil || broken != 0 || checked == 0 {
			t.Errorf("VerifyAudit: broken at event %d after %d checked, %v", broken, checked, err)
		}
	})
	t.Run("the restored database takes new writes", func(t *testing.T) {
		if _, err := restored.Import(context.Background(), &clinic.Bundle{Pages: []*clinic.Page{{Slug: "after-restore", Title: "After"}}}); err != nil {
			t.Error(err)
		}
	})
	t.Run("a restore into the other kind of database is refused", func(t *testing.T) {
		other := "postgres://clinic@127.0.0.1:1/none"
		if dst.dsn != "" {
			other = ""
		}
		out, err := processRun([]string{"CLINIC_DATABASE_URL=" + other, "CLINIC_SECRET_KEY=" + key}, "--data-dir", filepath.Join(t.TempDir(), "data"), "restore", backupDir)
		if err == nil || !strings.Contains(out, "The backup is of a") {
			t.Errorf("restore into the other kind: %v\n%s", err, out)
		}
	})
	t.Run("a second restore into the same place is refused", func(t *testing.T) {
		out, err := processRun(restoreEnv, "--data-dir", dst.dir, "restore", backupDir)
		if err == nil || !strings.Contains(out, "empty") {
			t.Errorf("second restore: %v\n%s", err, out)
		}
	})
}

func openPlace(t *testing.T, p backupPlace, key string) *store.DB {
	t.Helper()
	db, err := openExisting(context.Background(), Config{DataDir: p.dir, DatabaseURL: p.dsn, SecretKey: key}, nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

// checkWritesRestored finds each write in the restored database or file
// store: appointments by clinician and time, pages by address, files by
// name and content.
func checkWritesRestored(t *testing.T, db *store.DB, srcFiles, files blob.Backend, written []string) {
	t.Helper()
	ctx := context.Background()
	now := time.Now()
	as, err := db.Appointments(ctx, clinic.AppointmentFilter{From: now.AddDate(0, 0, -1), To: now.AddDate(0, 4, 0)})
	if err != nil {
		t.Fatal(err)
	}
	booked := map[string]bool{}
	for _, a := range as {
		booked["appointment "+startKey(a.Provider, a.Start)] = true
	}
	for _, w := range written {
		kind, name, _ := strings.Cut(w, " ")
		switch kind {
		case "appointment":
			if !booked[w] {
				t.Errorf("the %s booked before the backup is not in the restored database", w)
			}
		case "page":
			if _, err := db.Page(ctx, name); err != nil {
				t.Errorf("page %s written before the backup: %v", name, err)
			}
		case "file":
			if !bytes.Equal(readBlob(t, files, name), readBlob(t, srcFiles, name)) {
				t.Errorf("stored file %s differs after the restore", name)
			}
		}
	}
}

func readBlob(t *testing.T, b blob.Backend, name string) []byte {
	t.Helper()
	r, err := b.Open(context.Background(), name)
	if err != nil {
		t.Errorf("stored file %s: %v", name, err)
		return nil
	}
	defer r.Close()
	got, _ := io.ReadAll(r)
	return got
}

// tableRows reads every row of every table as the database holds it, as
// text, counted by table and row.
func tableRows(t *testing.T, db *store.DB) map[string]map[string]int {
	t.Helper()
	rows := map[string]map[string]int{}
	var table string
	var row []string
	seen := map[string]bool{}
	flush := func() {
		if table != "" && len(row) > 0 {
			rows[table][strings.Join(row, "\x00")]++
		}
		row, seen = row[:0], map[string]bool{}
	}
	err := db.EachValue(context.Background(), func(tab, col, value string) error {
		if tab != table || seen[col] { // EachValue gives each column of a row once, in turn
			flush()
			table = tab
			if rows[tab] == nil {
				rows[tab] = map[string]int{}
			}
		}
		seen[col] = true
		row = append(row, col+"="+value)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	flush()
	return rows
}

// changedInPlace are the tables whose rows a later write changes rather
// than adds to: the content version, and the outcome figures that a
// starting server computes under a run it claims and then finishes.
var changedInPlace = map[string]bool{"content_version": true, "outcome_runs": true, "outcome_reports": true}

// inPlace reports whether a table's rows may change in place: one of
// changedInPlace, or a shadow table of SQLite's full-text index, whose
// segments merge as documents are added.
func inPlace(table string) bool {
	return changedInPlace[table] || strings.HasPrefix(table, "search_fts")
}

// checkRowsWithin fails when a row of got is not a row of want. The load
// only adds rows, so the rows before it are within those restored, and
// those restored within the source's after it, value for value.
func checkRowsWithin(t *testing.T, got, want map[string]map[string]int) {
	t.Helper()
	total := 0
	for table, rows := range got {
		for row, n := range rows {
			total += n
			if !inPlace(table) && want[table][row] < n {
				t.Errorf("table %s: a row is missing: %.200s", table, row)
			}
		}
	}
	t.Logf("%d rows in %d tables found", total, len(got))
}
