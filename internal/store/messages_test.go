package store

import (
	"context"
	"strings"
	"testing"

	"clinic"
)

func TestSecureMessages(t *testing.T) {
	t.Parallel()
	forEachDialect(t, func(t *testing.T, db *DB) {
		ctx := context.Background()
		ann := newPatient(t, db, clinic.Patient{Name: "Ann Lee", DateOfBirth: "1970-01-02", Email: "ann@example.com"})
		bo := newPatient(t, db, clinic.Patient{Name: "Bo Park", DateOfBirth: "1980-01-02", Email: "bo@example.com"})
		calm := &clinic.Thread{PatientID: ann.ID, Subject: "Parking"}
		if err := db.StartThread(ctx, calm, "Where do I park?"); err != nil {
			t.Fatal(err)
		}
		urgent := &clinic.Thread{PatientID: bo.ID, Subject: "Since yesterday"}
		if err := db.StartThread(ctx, urgent, "My legs feel numb and I can't walk well"); err != nil {
			t.Fatal(err)
		}
		t.Run("urgent words flag the thread, and the inbox shows it first", func(t *testing.T) {
			in, err := db.Inbox(ctx, 0)
			if err != nil || len(in) != 2 || in[0].ID != urgent.ID || !in[0].Urgent || in[1].Urgent {
				t.Fatalf("inbox: %v, %v", in, err)
			}
		})
		t.Run("a patient cannot post to another's thread", func(t *testing.T) {
			err := db.PostMessage(ctx, ann.ID, &clinic.Message{ThreadID: urgent.ID, FromPatient: true, Body: "hi"})
			if clinic.ErrorKind(err) != clinic.ENotFound {
				t.Errorf("%v, want ENotFound", err)
			}
			if _, err := db.Thread(ctx, urgent.ID, ann.ID); clinic.ErrorKind(err) != clinic.ENotFound {
				t.Errorf("read another's thread: %v", err)
			}
		})
		t.Run("a staff answer queues a notice that says nothing of the message", func(t *testing.T) {
			if err := db.PostMessage(ctx, ann.ID, &clinic.Message{ThreadID: calm.ID, Body: "Lot B, level 2."}); err != nil {
				t.Fatal(err)
			}
			th, err := db.Thread(ctx, calm.ID, ann.ID)
			if err != nil || len(th.Messages) != 2 || th.FromPatient {
				t.Fatalf("thread: %+v, %v", th, err)
			}
			var kinds []string
			db.EachValue(ctx, func(table, column, value string) error {
				if table == "outbox" && column == "kind" {
					kinds = append(kinds, value)
				}
				for _, s := range []string{"Lot B", "Parking", "numb", "park?"} {
					if strings.Contains(value, s) {
						t.Errorf("%s.%s holds %q in plain text", table, column, s)
					}
				}
				return nil
			})
			if len(kinds) != 1 || !strings.HasPrefix(kinds[0], clinic.MailPortalMessage+":") {
				t.Errorf("outbox kinds %v", kinds)
			}
		})
	})
}
