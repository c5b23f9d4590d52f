package store

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"clinic"
)

func newPatient(t *testing.T, db *DB, p clinic.Patient) *clinic.Patient {
	t.Helper()
	p.Normalize()
	if err := db.CreatePatient(context.Background(), &p); err != nil {
		t.Fatal(err)
	}
	return &p
}

func names(ps []*clinic.Patient) []string {
	var out []string
	for _, p := range ps {
		out = append(out, p.Name)
	}
	return out
}

func TestPatientSearchThroughBlindIndexes(t *testing.T) {
	t.Parallel()
	forEachDialect(t, func(t *testing.T, db *DB) {
		ctx := context.Background()
		newPatient(t, db, clinic.Patient{Name: "María García-López", DateOfBirth: "1968-04-21", Phone: "(206) 555-0142", Email: "Maria@Example.com"})
		newPatient(t, db, clinic.Patient{Name: "Gary Oldman", DateOfBirth: "1958-03-21", Phone: "425 555 0199", Email: "gary@example.com"})
		newPatient(t, db, clinic.Patient{Name: "Zoë O'Brien", DateOfBirth: "1990-12-01", Phone: "360-555-0100"})
		cases := []struct {
			name, q string
			want    []string
		}{
			{"a prefix of the second surname finds it", "Gar", []string{"Gary Oldman", "María García-López"}},
			{"a name typed without accents finds it with them", "maria garcia", []string{"María García-López"}},
			{"words of a name in any order narrow the result", "lopez mar", []string{"María García-López"}},
			{"a date of birth in US form", "4/21/1968", []string{"María García-López"}},
			{"a date of birth as a date field sends it", "1958-03-21", []string{"Gary Oldman"}},
			{"a phone number however it is written", "+1 206-555-0142", []string{"María García-López"}},
			{"an email in another case", "GARY@example.COM", []string{"Gary Oldman"}},
			{"an apostrophe and a diaeresis fold away", "zoe obrien", []string{"Zoë O'Brien"}},
			{"a word no one has", "Smith", nil},
			{"two letters match only a whole word", "Ga", nil},
		}
		for _, c := range cases {
			t.Run(c.name, func(t *testing.T) {
				ps, err := db.SearchPatients(ctx, c.q, 50)
				if err != nil {
					t.Fatal(err)
				}
				if diff := cmp.Diff(c.want, names(ps)); diff != "" {
					t.Errorf("search %q (-want +got):\n%s", c.q, diff)
				}
			})
		}
		t.Run("a query that is not a name, date, phone or email is refused", func(t *testing.T) {
			for _, q := range []string{"", "   ", "13/45/1990", "12-34", strings.Repeat("a", 300), "- . ,"} {
				if _, err := db.SearchPatients(ctx, q, 50); clinic.ErrorKind(err) != clinic.EInvalid {
					t.Errorf("search %q: %v, want EInvalid", q, err)
				}
			}
		})
	})
}

func TestPatientUpdateRenewsTheIndex(t *testing.T) {
	t.Parallel()
	forEachDialect(t, func(t *testing.T, db *DB) {
		ctx := context.Background()
		p := newPatient(t, db, clinic.Patient{Name: "Ann Lee", DateOfBirth: "1970-01-02", Email: "ann@example.com"})
		if err := db.VerifyPatientEmail(ctx, p.ID); err != nil {
			t.Fatal(err)
		}
		p.Name, p.Email = "Ann Kowalski", "ann.k@example.com"
		if err := db.UpdatePatient(ctx, p); err != nil {
			t.Fatal(err)
		}
		for q, want := range map[string]int{"Lee": 0, "Kowal": 1, "ann@example.com": 0, "ann.k@example.com": 1} {
			if ps, err := db.SearchPatients(ctx, q, 10); err != nil || len(ps) != want {
				t.Errorf("search %q: %d results, %v; want %d", q, len(ps), err, want)
			}
		}
		got, err := db.Patient(ctx, p.ID)
		if err != nil {
			t.Fatal(err)
		}
		if !got.EmailVerifiedAt.IsZero() {
			t.Error("a new email address kept the old one's verification")
		}
	})
}

// bookFor books a distinct time for the patient.
func bookFor(t *testing.T, db *DB, hour int, p clinic.PatientDetails) *clinic.Appointment {
	t.Helper()
	a := appt("ann-lee", time.Date(2026, 12, 1, hour, 0, 0, 0, time.UTC), 30)
	a.Patient = p
	if _, err := db.Book(context.Background(), a); err != nil {
		t.Fatal(err)
	}
	return a
}

func TestLinkingNeverMergesSilently(t *testing.T) {
	t.Parallel()
	forEachDialect(t, func(t *testing.T, db *DB) {
		bookingDB(t, db)
		ctx := context.Background()
		jane := clinic.PatientDetails{Name: "Jane Patient", DateOfBirth: "1970-01-02", Phone: "206-555-0100", Email: "jane@example.com"}
		first := bookFor(t, db, 15, jane)
		again := bookFor(t, db, 16, jane)
		other := bookFor(t, db, 17, clinic.PatientDetails{Name: "Bo Other", DateOfBirth: "1980-05-05", Phone: "206-555-0199", Email: "bo@example.com"})
		if n, err := db.LinkRecords(ctx, 100); err != nil || n != 3 {
			t.Fatalf("link: %d, %v; want 3", n, err)
		}
		if n, err := db.LinkRecords(ctx, 100); err != nil || n != 0 {
			t.Fatalf("a second run linked %d, %v; want 0", n, err)
		}
		ids := map[int64]int64{}
		for _, a := range []*clinic.Appointment{first, again, other} {
			var pid int64
			if err := db.read.QueryRowContext(ctx, `SELECT patient_id FROM appointments WHERE id = $1`, a.ID).Scan(&pid); err != nil {
				t.Fatal(err)
			}
			ids[a.ID] = pid
		}
		if ids[first.ID] == ids[again.ID] {
			t.Fatal("two unverified bookings with one email and date of birth share a record: a silent merge")
		}
		ds, err := db.Duplicates(ctx, clinic.DupOpen)
		if err != nil {
			t.Fatal(err)
		}
		want := []*clinic.DuplicatePair{{Patient: ids[again.ID], Other: ids[first.ID], Reasons: []string{clinic.MatchIdentity, clinic.MatchNameDOB, clinic.MatchPhone}, Status: clinic.DupOpen}}
		opts := cmp.Options{cmp.FilterPath(func(p cmp.Path) bool {
			n := p.Last().String()
			return n == ".ID" || n == ".CreatedAt" || n == ".A" || n == ".B"
		}, cmp.Ignore())}
		if diff := cmp.Diff(want, ds, opts); diff != "" {
			t.Errorf("possible duplicates (-want +got):\n%s", diff)
		}

		t.Run("verifying one email alone merges nothing", func(t *testing.T) {
			if err := db.VerifyPatientEmail(ctx, ids[first.ID]); err != nil {
				t.Fatal(err)
			}
			if ds, _ := db.Duplicates(ctx, clinic.DupOpen); len(ds) != 1 {
				t.Errorf("%d open pairs, want 1", len(ds))
			}
		})
		t.Run("verifying both makes an exact verified match: merged, confirmed, audited", func(t *testing.T) {
			if err := db.VerifyPatientEmail(ctx, ids[again.ID]); err != nil {
				t.Fatal(err)
			}
			c, err := db.PatientChart(ctx, ids[first.ID])
			if err != nil {
				t.Fatal(err)
			}
			if len(c.Appointments) != 2 || len(c.Merged) != 1 || !c.Merged[0].MergeConfirmed {
				t.Errorf("chart: %d appointments, merged %v", len(c.Appointments), c.Merged)
			}
			es, _ := db.AuditEvents(ctx, clinic.AuditFilter{Action: "patient.merge"})
			if len(es) != 1 || es[0].Actor != "system" {
				t.Errorf("audit: %v", es)
			}
		})
		t.Run("a verified booking later links to the verified record", func(t *testing.T) {
			p := clinic.PatientFromDetails(jane)
			p.EmailVerifiedAt = testNow
			var got int64
			err := db.inTx(ctx, testNow, func(tx *tx) error {
				var err error
				got, err = tx.matchOrCreate(ctx, p)
				return err
			})
			if err != nil || got != ids[first.ID] {
				t.Errorf("linked to %d, %v; want %d", got, err, ids[first.ID])
			}
		})
	})
}

func TestStaffDecideOnPossibleDuplicates(t *testing.T) {
	t.Parallel()
	forEachDialect(t, func(t *testing.T, db *DB) {
		bookingDB(t, db)
		ctx := context.Background()
		a := bookFor(t, db, 15, clinic.PatientDetails{Name: "Lee Park", DateOfBirth: "1975-06-07", Phone: "206-555-0111", Email: "lee@example.com"})
		b := bookFor(t, db, 16, clinic.PatientDetails{Name: "Lee Park", DateOfBirth: "1975-06-07", Phone: "206-555-0122", Email: "lee.park@example.com"})
		if _, err := db.LinkRecords(ctx, 10); err != nil {
			t.Fatal(err)
		}
		ds, err := db.Duplicates(ctx, clinic.DupOpen)
		if err != nil || len(ds) != 1 || ds[0].Reasons[0] != clinic.MatchNameDOB {
			t.Fatalf("pairs: %v, %v", ds, err)
		}
		d := ds[0]
		steps := []struct {
			name, status string
			ok           bool
			appts        int // the older record's chart
		}{
			{"a pair cannot be confirmed before it is merged", clinic.DupConfirmed, false, 1},
			{"merging shows both records' appointments on the older chart", clinic.DupMerged, true, 2},
			{"a merge can be undone", clinic.DupOpen, true, 1},
			{"and done again", clinic.DupMerged, true, 2},
			{"and confirmed", clinic.DupConfirmed, true, 2},
			{"a confirmed merge cannot be undone", clinic.DupOpen, false, 2},
		}
		for _, s := range steps {
			t.Run(s.name, func(t *testing.T) {
				err := db.DecideDuplicate(ctx, d.ID, s.status, 0)
				if (err == nil) != s.ok || err != nil && clinic.ErrorKind(err) != clinic.EConflict {
					t.Fatalf("decide %s: %v", s.status, err)
				}
				c, err := db.PatientChart(ctx, d.Other)
				if err != nil {
					t.Fatal(err)
				}
				if len(c.Appointments) != s.appts {
					t.Errorf("%d appointments on the chart, want %d", len(c.Appointments), s.appts)
				}
			})
		}
		t.Run("after confirming, a search for the merged record's email finds the one it joined", func(t *testing.T) {
			ps, err := db.SearchPatients(ctx, "lee.park@example.com", 10)
			if err != nil || len(ps) != 1 || ps[0].ID != d.Other {
				t.Errorf("found %v, %v; want patient %d", ps, err, d.Other)
			}
			var moved int64
			db.read.QueryRowContext(ctx, `SELECT patient_id FROM appointments WHERE id = $1`, b.ID).Scan(&moved)
			if moved != d.Other {
				t.Errorf("the merged record's appointment names patient %d, want %d", moved, d.Other)
			}
			_ = a
		})
	})
}

func TestNoPatientDetailInPlainText(t *testing.T) {
	t.Parallel()
	forEachDialect(t, func(t *testing.T, db *DB) {
		bookingDB(t, db)
		ctx := context.Background()
		secrets := []string{"Xiomara", "Quintanilla", "xiomara.q@example.com", "1961-07-19", "2065550177", "555-0177"}
		p := newPatient(t, db, clinic.Patient{Name: "Xiomara Quintanilla", DateOfBirth: "1961-07-19", Phone: "(206) 555-0177",
			Email: "xiomara.q@example.com", Address: "1 Main St"})
		bookFor(t, db, 15, clinic.PatientDetails{Name: p.Name, DateOfBirth: p.DateOfBirth, Phone: p.Phone, Email: p.Email})
		if _, err := db.LinkRecords(ctx, 10); err != nil {
			t.Fatal(err)
		}
		err := db.EachValue(ctx, func(table, column, value string) error {
			low := strings.ToLower(value)
			for _, s := range secrets {
				if strings.Contains(low, strings.ToLower(s)) {
					t.Errorf("%s.%s holds %q in plain text", table, column, s)
				}
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	})
}
