package store

import (
	"context"
	"strings"
	"sync"
	"testing"
	"time"

	"clinic"
)

func TestDueAction(t *testing.T) {
	t.Parallel()
	start := testNow.Add(10 * 24 * time.Hour)
	day := 24 * time.Hour
	for _, tc := range []struct {
		name string
		row  dueRow
		now  time.Time
		want int
	}{
		{"the baseline is asked for as soon as consent is given", dueRow{start: start, status: clinic.ApptBooked, consent: testNow}, testNow, dueInvite},
		{"no baseline once the procedure has begun", dueRow{start: start, status: clinic.ApptBooked, consent: testNow}, start, dueNone},
		{"a reminder a week after the invitation", dueRow{start: start, status: clinic.ApptBooked, consent: testNow, sent: testNow}, testNow.Add(7 * day), dueRemind},
		{"no reminder before a week", dueRow{start: start, status: clinic.ApptBooked, consent: testNow, sent: testNow}, testNow.Add(6 * day), dueNone},
		{"no follow-up before the procedure is completed", dueRow{start: start, status: clinic.ApptArrived, consent: testNow, tp: 1}, start.Add(50 * day), dueNone},
		{"the 6-week follow-up at 6 weeks", dueRow{start: start, status: clinic.ApptCompleted, consent: testNow, tp: 1}, start.Add(42 * day), dueInvite},
		{"not a day early", dueRow{start: start, status: clinic.ApptCompleted, consent: testNow, tp: 1}, start.Add(41 * day), dueNone},
		{"the 12-month follow-up at a year", dueRow{start: start, status: clinic.ApptCompleted, consent: testNow, tp: 3}, start.Add(365 * day), dueInvite},
		{"nothing more than a month late", dueRow{start: start, status: clinic.ApptCompleted, consent: testNow, tp: 2}, start.Add(122 * day), dueNone},
		{"nothing about a cancelled appointment", dueRow{start: start, status: clinic.ApptCancelled, consent: testNow}, testNow, dueNone},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := dueAction(tc.row, tc.now); got != tc.want {
				t.Errorf("dueAction = %d, want %d", got, tc.want)
			}
		})
	}
}

// questionnaireMail lists the kinds of an appointment's questionnaire
// messages, and how many of them are given up.
func questionnaireMail(t *testing.T, db *DB, id int64) (kinds []string, givenUp int) {
	t.Helper()
	ms, err := db.AppointmentMail(context.Background(), id)
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range ms {
		if strings.HasPrefix(m.Kind, "questionnaire") {
			kinds = append(kinds, m.Kind)
			if !m.FailedAt.IsZero() {
				givenUp++
			}
		}
	}
	return kinds, givenUp
}

func TestQuestionnairesOverTime(t *testing.T) {
	t.Parallel()
	forEachDialect(t, func(t *testing.T, db *DB) {
		bookingDB(t, db)
		ctx := context.Background()
		start := testNow.Add(10 * 24 * time.Hour).Truncate(time.Hour)
		a := appt("ann-lee", start, 60)
		if _, err := db.Book(ctx, a); err != nil {
			t.Fatal(err)
		}
		queue := func(at time.Time) int {
			n, err := db.QueueDueQuestionnaires(ctx, at)
			if err != nil {
				t.Fatal(err)
			}
			return n
		}
		t.Run("nothing is sent without consent", func(t *testing.T) {
			if n := queue(testNow); n != 0 {
				t.Errorf("%d queued without a plan", n)
			}
		})
		if _, err := db.StartQuestionnaires(ctx, a.ID, "mis-fusion", "", testNow); err != nil {
			t.Fatal(err)
		}
		t.Run("the baseline is sent once", func(t *testing.T) {
			if n := queue(testNow); n != 1 {
				t.Errorf("%d queued, want the baseline", n)
			}
			if n := queue(testNow.Add(time.Hour)); n != 0 {
				t.Errorf("%d queued again", n)
			}
		})
		t.Run("one reminder, never two", func(t *testing.T) {
			if n := queue(testNow.Add(7 * 24 * time.Hour)); n != 1 {
				t.Errorf("%d reminders, want 1", n)
			}
			if n := queue(testNow.Add(8 * 24 * time.Hour)); n != 0 {
				t.Errorf("%d more", n)
			}
		})
		t.Run("the 6-week questionnaire follows the completed procedure", func(t *testing.T) {
			if _, err := db.SetStatus(ctx, a.ID, a.Sequence, clinic.ApptCompleted, ""); err != nil {
				t.Fatal(err)
			}
			if n := queue(start.Add(42 * 24 * time.Hour)); n != 1 {
				t.Errorf("%d queued at 6 weeks, want 1", n)
			}
			kinds, _ := questionnaireMail(t, db, a.ID)
			if strings.Join(kinds, " ") != "questionnaire:0 questionnaire_reminder:0 questionnaire:1" {
				t.Errorf("mail %v", kinds)
			}
		})
		t.Run("an answer is stored once", func(t *testing.T) {
			p, err := db.QuestionnairePlan(ctx, a.ID)
			if err != nil {
				t.Fatal(err)
			}
			r := []*clinic.QuestionnaireResponse{{PatientKey: p.PatientKey, Treatment: p.Treatment, AppointmentID: a.ID,
				Instrument: "pain-back-neck", Time: 1, Items: map[string]int{"pain": 3}, Score: 3, AnsweredAt: testNow}}
			if err := db.AnswerQuestionnaire(ctx, a.ID, 1, r, testNow); err != nil {
				t.Fatal(err)
			}
			if err := db.AnswerQuestionnaire(ctx, a.ID, 1, r, testNow); clinic.ErrorKind(err) != clinic.EConflict {
				t.Errorf("a second answer: %v", err)
			}
			got, err := db.AppointmentResponses(ctx, a.ID)
			if err != nil || len(got) != 1 || got[0].Score != 3 {
				t.Errorf("responses %v, %v", got, err)
			}
			if n := queue(start.Add(49 * 24 * time.Hour)); n != 0 {
				t.Errorf("a reminder of an answered questionnaire")
			}
		})
		t.Run("staff send one by hand", func(t *testing.T) {
			if err := db.SendQuestionnaire(ctx, a.ID, 2, start.Add(50*24*time.Hour)); err != nil {
				t.Fatal(err)
			}
		})
		t.Run("never after the patient opts out", func(t *testing.T) {
			if err := db.OptOutQuestionnaires(ctx, a.ID, start.Add(51*24*time.Hour)); err != nil {
				t.Fatal(err)
			}
			if _, givenUp := questionnaireMail(t, db, a.ID); givenUp == 0 {
				t.Error("the unsent questionnaire mail was not given up")
			}
			if n := queue(start.Add(365 * 24 * time.Hour)); n != 0 {
				t.Errorf("%d queued after opting out", n)
			}
			if err := db.SendQuestionnaire(ctx, a.ID, 3, start.Add(365*24*time.Hour)); clinic.ErrorKind(err) != clinic.EConflict {
				t.Errorf("sent by hand after opting out: %v", err)
			}
		})
	})
}

// TestQuestionnairesQueueOnceAcrossInstances has several handles on one
// database queue what is due at once: each invitation goes once.
func TestQuestionnairesQueueOnceAcrossInstances(t *testing.T) {
	t.Parallel()
	for _, dialect := range []string{"sqlite", "postgres"} {
		t.Run(dialect, func(t *testing.T) {
			dsn := migratedSQLite(t)
			if dialect == "postgres" {
				dsn = migratedPostgres.NewDatabase(t)
			}
			first := openTestDB(t, dsn)
			bookingDB(t, first)
			ctx := context.Background()
			for i := range 3 {
				a := appt("ann-lee", testNow.Add(time.Duration(10+i)*24*time.Hour).Truncate(time.Hour), 60)
				if _, err := first.Book(ctx, a); err != nil {
					t.Fatal(err)
				}
				if _, err := first.StartQuestionnaires(ctx, a.ID, "mis-fusion", "", testNow); err != nil {
					t.Fatal(err)
				}
			}
			var wg sync.WaitGroup
			var mu sync.Mutex
			total := 0
			for range 4 {
				db := openTestDB(t, dsn)
				wg.Go(func() {
					n, err := db.QueueDueQuestionnaires(ctx, testNow)
					if err != nil {
						t.Error(err)
					}
					mu.Lock()
					total += n
					mu.Unlock()
				})
			}
			wg.Wait()
			if total != 3 {
				t.Errorf("%d invitations queued by four instances, want 3", total)
			}
		})
	}
}

// TestQuestionnaireConsentVersion keeps the wording a patient agreed to
// online with their plan, and none for consent staff recorded.
func TestQuestionnaireConsentVersion(t *testing.T) {
	t.Parallel()
	forEachDialect(t, func(t *testing.T, db *DB) {
		bookingDB(t, db)
		ctx := context.Background()
		for i, version := range []string{"", clinic.QuestionnaireConsentVersion} {
			a := appt("ann-lee", testNow.Add(time.Duration(10+i)*24*time.Hour).Truncate(time.Hour), 60)
			if _, err := db.Book(ctx, a); err != nil {
				t.Fatal(err)
			}
			if _, err := db.StartQuestionnaires(ctx, a.ID, "mis-fusion", version, testNow); err != nil {
				t.Fatal(err)
			}
			p, err := db.QuestionnairePlan(ctx, a.ID)
			if err != nil || p.ConsentVersion != version || !p.ConsentAt.Equal(testNow) {
				t.Errorf("plan %+v, %v; want version %q at %v", p, err, version, testNow)
			}
			if _, err := db.StartQuestionnaires(ctx, a.ID, "mis-fusion", version, testNow); clinic.ErrorKind(err) != clinic.EConflict {
				t.Errorf("started twice: %v", err)
			}
		}
	})
}

func TestQuestionnairesDueOfAPatient(t *testing.T) {
	t.Parallel()
	forEachDialect(t, func(t *testing.T, db *DB) {
		bookingDB(t, db)
		ctx := context.Background()
		start := testNow.Add(10 * 24 * time.Hour).Truncate(time.Hour)
		a := appt("ann-lee", start, 60)
		if _, err := db.Book(ctx, a); err != nil {
			t.Fatal(err)
		}
		if _, err := db.LinkRecords(ctx, 10); err != nil {
			t.Fatal(err)
		}
		var pid int64
		db.read.QueryRowContext(ctx, `SELECT patient_id FROM appointments WHERE id = $1`, a.ID).Scan(&pid)
		due := func() []*clinic.QuestionnaireDue {
			t.Helper()
			ds, err := db.QuestionnairesDue(ctx, pid)
			if err != nil {
				t.Fatal(err)
			}
			return ds
		}
		if _, err := db.StartQuestionnaires(ctx, a.ID, "mis-fusion", "", testNow); err != nil {
			t.Fatal(err)
		}
		if ds := due(); len(ds) != 0 {
			t.Errorf("due before any was sent: %+v", ds)
		}
		if _, err := db.QueueDueQuestionnaires(ctx, testNow); err != nil {
			t.Fatal(err)
		}
		ds := due()
		if len(ds) != 1 || ds[0].AppointmentID != a.ID || ds[0].Time != clinic.TimeBaseline || ds[0].Treatment != "mis-fusion" || ds[0].SentAt.IsZero() {
			t.Fatalf("due once sent: %+v", ds)
		}
		if other, _ := db.QuestionnairesDue(ctx, pid+1000); len(other) != 0 {
			t.Errorf("another patient's: %+v", other)
		}
		if err := db.OptOutQuestionnaires(ctx, a.ID, testNow); err != nil {
			t.Fatal(err)
		}
		if ds := due(); len(ds) != 0 {
			t.Errorf("due after stopping: %+v", ds)
		}
	})
}
