package store

import (
	"context"
	"strings"
	"testing"
	"time"

	"clinic"
)

func TestGuardiansAccessAndClosingAnAccount(t *testing.T) {
	t.Parallel()
	forEachDialect(t, func(t *testing.T, db *DB) {
		ctx := context.Background()
		child := newPatient(t, db, clinic.Patient{Name: "Lea Child", DateOfBirth: "2014-06-01", Phone: "206-555-0111"})
		other := newPatient(t, db, clinic.Patient{Name: "Tom Other", DateOfBirth: "2012-01-09", Phone: "206-555-0112"})
		parent, err := db.PortalAccountFor(ctx, "parent@example.com")
		if err != nil {
			t.Fatal(err)
		}
		g := &clinic.GuardianGrant{AccountID: parent.ID, PatientID: child.ID, Expires: testNow.Add(48 * time.Hour)}
		if err := db.GrantGuardian(ctx, g); err != nil {
			t.Fatal(err)
		}
		t.Run("a grant is live until it expires, with the patient's name", func(t *testing.T) {
			gs, err := db.AccountGrants(ctx, parent.ID, testNow)
			if err != nil || len(gs) != 1 || gs[0].PatientName != "Lea Child" || gs[0].Full {
				t.Fatalf("grants %+v, %v", gs, err)
			}
			if gs, _ := db.AccountGrants(ctx, parent.ID, testNow.Add(49*time.Hour)); len(gs) != 0 {
				t.Errorf("after expiry: %+v", gs)
			}
		})
		t.Run("a new grant of the same pair replaces the old", func(t *testing.T) {
			full := &clinic.GuardianGrant{AccountID: parent.ID, PatientID: child.ID, Full: true, Expires: testNow.Add(72 * time.Hour)}
			if err := db.GrantGuardian(ctx, full); err != nil {
				t.Fatal(err)
			}
			gs, _ := db.AccountGrants(ctx, parent.ID, testNow)
			if len(gs) != 1 || !gs[0].Full {
				t.Errorf("grants %+v", gs)
			}
			all, _ := db.PatientGuardians(ctx, child.ID)
			if len(all) != 2 || all[0].Email != "parent@example.com" || all[1].RevokedAt.IsZero() {
				t.Errorf("the child's grants %+v", all)
			}
			g = full
		})
		t.Run("a grant is revoked only through its own patient", func(t *testing.T) {
			if err := db.RevokeGuardian(ctx, other.ID, g.ID); clinic.ErrorKind(err) != clinic.ENotFound {
				t.Errorf("through another patient: %v", err)
			}
			if err := db.RevokeGuardian(ctx, child.ID, g.ID); err != nil {
				t.Fatal(err)
			}
			if gs, _ := db.AccountGrants(ctx, parent.ID, testNow); len(gs) != 0 {
				t.Errorf("after revoking: %+v", gs)
			}
		})
		t.Run("closing an account ends its sessions, passkeys and access; the record stays", func(t *testing.T) {
			if err := db.GrantGuardian(ctx, &clinic.GuardianGrant{AccountID: parent.ID, PatientID: other.ID, Expires: testNow.Add(time.Hour)}); err != nil {
				t.Fatal(err)
			}
			sess := &clinic.PortalSession{TokenHash: "parent-session", AccountID: parent.ID}
			if err := db.CreatePortalSession(ctx, sess); err != nil {
				t.Fatal(err)
			}
			if err := db.SetActingPatient(ctx, sess.ID, other.ID); err != nil {
				t.Fatal(err)
			}
			if got, err := db.PortalSessionByToken(ctx, "parent-session", testNow); err != nil || got.ActingFor != other.ID {
				t.Fatalf("acting for %v, %v", got, err)
			}
			if err := db.AddPasskey(ctx, &clinic.Passkey{AccountID: parent.ID, RPID: "clinic.example", CredentialID: []byte("k"), Record: []byte("{}")}); err != nil {
				t.Fatal(err)
			}
			if err := db.CloseAccount(ctx, parent.ID); err != nil {
				t.Fatal(err)
			}
			if _, err := db.PortalSessionByToken(ctx, "parent-session", testNow); clinic.ErrorKind(err) != clinic.ENotFound {
				t.Errorf("the session after closing: %v", err)
			}
			if ps, _ := db.Passkeys(ctx, "clinic.example", parent.ID); len(ps) != 0 {
				t.Errorf("%d passkeys after closing", len(ps))
			}
			if gs, _ := db.AccountGrants(ctx, parent.ID, testNow); len(gs) != 0 {
				t.Errorf("grants after closing: %+v", gs)
			}
			if p, err := db.Patient(ctx, other.ID); err != nil || p.Name != "Tom Other" {
				t.Errorf("the record: %v, %v", p, err)
			}
		})
	})
}

func TestPreVisitFormsAreSealedAndAcceptedOnce(t *testing.T) {
	t.Parallel()
	forEachDialect(t, func(t *testing.T, db *DB) {
		ctx := context.Background()
		p := newPatient(t, db, clinic.Patient{Name: "Jane Formfill", DateOfBirth: "1970-01-02", Phone: "206-555-0100", Email: "jane@example.com"})
		other := newPatient(t, db, clinic.Patient{Name: "Bo Other", DateOfBirth: "1971-01-02", Phone: "206-555-0101"})
		contact := &clinic.FormSubmission{PatientID: p.ID, Kind: clinic.FormContact,
			Answers: clinic.FormAnswers{Phone: "206-555-0177", Email: "jane.new@example.com", PreferredContact: clinic.ContactText}}
		meds := &clinic.FormSubmission{PatientID: p.ID, Kind: clinic.FormMedications,
			Answers: clinic.FormAnswers{Medications: "Gabapentin 300 mg", CardFront: &clinic.FormFile{Blob: "b1", SHA256: "ab"}}}
		for _, f := range []*clinic.FormSubmission{contact, meds} {
			if err := db.SubmitForm(ctx, f); err != nil {
				t.Fatal(err)
			}
		}
		t.Run("nothing a form says rests in plain text", func(t *testing.T) {
			db.EachValue(ctx, func(table, column, value string) error {
				for _, s := range []string{"Gabapentin", "jane.new@example.com", "206-555-0177"} {
					if strings.Contains(value, s) {
						t.Errorf("%s.%s holds %q", table, column, s)
					}
				}
				return nil
			})
		})
		t.Run("another patient's form is not found", func(t *testing.T) {
			if _, err := db.Form(ctx, other.ID, meds.ID); clinic.ErrorKind(err) != clinic.ENotFound {
				t.Errorf("read: %v", err)
			}
			if err := db.AcceptForm(ctx, other.ID, meds.ID, 0); clinic.ErrorKind(err) != clinic.ENotFound {
				t.Errorf("accept: %v", err)
			}
		})
		t.Run("accepting contact details changes the record and its index, once", func(t *testing.T) {
			if err := db.AcceptForm(ctx, p.ID, contact.ID, 0); err != nil {
				t.Fatal(err)
			}
			got, _ := db.Patient(ctx, p.ID)
			if got.Phone != "206-555-0177" || got.Email != "jane.new@example.com" || !got.EmailVerifiedAt.IsZero() {
				t.Errorf("record %+v", got)
			}
			if ps, _ := db.SearchPatients(ctx, "jane.new@example.com", 5); len(ps) != 1 {
				t.Errorf("found by the new email: %d", len(ps))
			}
			if err := db.AcceptForm(ctx, p.ID, contact.ID, 0); clinic.ErrorKind(err) != clinic.EConflict {
				t.Errorf("again: %v", err)
			}
			fs, _ := db.PatientForms(ctx, p.ID)
			on := clinic.OnRecord(fs)
			if on[clinic.FormContact] == nil || on[clinic.FormMedications] != nil {
				t.Errorf("on record: %v", on)
			}
		})
		t.Run("the photos a form names are recorded for verifying the blob store", func(t *testing.T) {
			var n int
			if err := db.read.QueryRowContext(ctx, `SELECT count(*) FROM previsit_files WHERE blob = 'b1' AND blob_sha256 = 'ab'`).Scan(&n); err != nil || n != 1 {
				t.Errorf("%d, %v", n, err)
			}
		})
	})
}
