package notify_test

import (
	"context"
	"errors"
	"fmt"
	"testing"
	"time"

	"gorm.io/gorm"

	"github.com/missionplanner/missionplanner/app/apptest"
	"github.com/missionplanner/missionplanner/models"
	"github.com/missionplanner/missionplanner/notify"
)

// bookAt books firm f's meeting with contact c at the local time on date, through the notifying store
// of the app (as every page and the API do).
func (tm *tradeMission) bookAt(t testing.TB, a *apptest.App, f, c int, date, hhmm string) *models.Meeting {
	t.Helper()
	at, err := models.LocalInstant(tm.M.Zone(), date, hhmm)
	must(t, err)
	mt := &models.Meeting{RegistrationID: tm.Regs[f].ID, ContactID: tm.Contacts[c].ID, StartsAt: &at, Status: "scheduled"}
	must(t, a.Server.Handler.Store.SaveMeeting(context.Background(), tm.Staff, tm.M.ID, mt))
	return mt
}

func countRows(t testing.TB, db *gorm.DB, table string) int64 {
	t.Helper()
	var n int64
	must(t, db.Table(table).Count(&n).Error)
	return n
}

// TestJobsShareTheChangesTransaction proves that the *sql.Tx under a GORM transaction is the one River
// inserts into: a booking rolled back leaves neither a message nor a job, a committed one both.
func TestJobsShareTheChangesTransaction(t *testing.T) {
	apptest.EachDB(t, func(t *testing.T, db *gorm.DB) {
		a := apptest.New(t, db, testNow)
		tm := seedMission(t, a, 1, 2)
		ctx := context.Background()
		store := a.Server.Handler.Store
		errUndo := errors.New("undo")
		err := store.WithTx(ctx, func(tx *models.Store) error {
			sqlTx, err := notify.SQLTx(tx.DB(ctx))
			if err != nil {
				return err
			}
			at, _ := models.LocalInstant(tm.M.Zone(), "2027-03-11", "10:00")
			if err := tx.SaveMeeting(ctx, tm.Staff, tm.M.ID, &models.Meeting{RegistrationID: tm.Regs[0].ID, ContactID: tm.Contacts[0].ID, StartsAt: &at, Status: "scheduled"}); err != nil {
				return err
			}
			// Through the *sql.Tx, the transaction's own uncommitted rows are visible: it is the same one.
			var msgs, jobs int
			if err := sqlTx.QueryRowContext(ctx, `SELECT COUNT(*) FROM notifications`).Scan(&msgs); err != nil {
				return err
			}
			if err := sqlTx.QueryRowContext(ctx, `SELECT COUNT(*) FROM river_job WHERE kind = 'deliver_notification'`).Scan(&jobs); err != nil {
				return err
			}
			if msgs != 2 || jobs != 2 {
				t.Errorf("inside the transaction: %d messages, %d jobs; want 2 and 2", msgs, jobs)
			}
			return errUndo
		})
		if !errors.Is(err, errUndo) {
			t.Fatalf("transaction: %v", err)
		}
		if n, j, m := countRows(t, db, "notifications"), countRows(t, db, "river_job"), countRows(t, db, "meetings"); n != 0 || j != 0 || m != 0 {
			t.Fatalf("after rollback: %d messages, %d jobs, %d meetings", n, j, m)
		}
		tm.bookAt(t, a, 0, 0, "2027-03-11", "10:00")
		var jobs int64
		db.Table("river_job").Where("kind = 'deliver_notification' AND state = 'available'").Count(&jobs)
		if n := countRows(t, db, "notifications"); n != 2 || jobs != 2 {
			t.Fatalf("after commit: %d messages, %d jobs", n, jobs)
		}
	})
}

// TestRestartBetweenCommitAndSend: the change commits while no worker runs (the app stopped before
// sending); the next start sends each message once, and a start after that sends nothing again.
func TestRestartBetweenCommitAndSend(t *testing.T) {
	apptest.EachDB(t, func(t *testing.T, db *gorm.DB) {
		mail := apptest.StartMailServer(t)
		first := apptest.NewWith(t, db, testNow, mail.Env())
		tm := seedMission(t, first, 1, 4)
		tm.bookAt(t, first, 0, 0, "2027-03-11", "10:00") // no delegate named: both get it
		if n := countRows(t, db, "notifications"); n != 2 || len(mail.Messages()) != 0 {
			t.Fatalf("before any worker: %d recorded, %d sent", n, len(mail.Messages()))
		}

		second := apptest.NewWith(t, apptest.Reopen(t, db), testNow, mail.Env())
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		must(t, second.Server.Notify.Start(ctx))
		got := mail.WaitFor(2, 30*time.Second)
		waitSent(t, first, 2)
		must(t, second.Server.Notify.Stop(ctx))
		if len(got) != 2 {
			t.Fatalf("after restart: %d messages", len(got))
		}

		third := apptest.NewWith(t, apptest.Reopen(t, db), testNow, mail.Env())
		third.StartNotifier()
		tm.bookAt(t, third, 0, 2, "2027-03-11", "14:00") // a new change: once it arrives, the queue has been worked
		got = mail.WaitFor(4, 30*time.Second)
		waitSent(t, first, 4)
		if len(got) != 4 {
			t.Fatalf("after the third start: %d messages, want 4", len(got))
		}
		ids := map[string]int{}
		for _, m := range mail.Messages() {
			ids[m.Parse(t).Header.Get("Message-ID")]++
		}
		for id, n := range ids {
			if n != 1 {
				t.Errorf("message %s sent %d times", id, n)
			}
		}
	})
}

// TestTwoInstancesSendEachMessageOnce runs two app instances, each with its own connections and job
// workers, on one database: every message of a published schedule arrives exactly once.
func TestTwoInstancesSendEachMessageOnce(t *testing.T) {
	apptest.EachDB(t, func(t *testing.T, db *gorm.DB) {
		mail := apptest.StartMailServer(t)
		one := apptest.NewWith(t, db, testNow, mail.Env())
		two := apptest.NewWith(t, apptest.Reopen(t, db), testNow, mail.Env())
		tm := seedMission(t, one, 6, 20)
		tm.requestMeetings(t, one, 40)
		one.StartNotifier()
		two.StartNotifier()
		for i := range 6 { // contacts free all week, for bookings made through the second instance
			c := models.Contact{FullName: fmt.Sprintf("Late %d", i), Organisation: "Late Inc", OrganisationType: "buyer", City: "Chicago"}
			must(t, db.Create(&c).Error)
			tm.Contacts = append(tm.Contacts, c)
		}
		r := one.API("POST", fmt.Sprintf("/api/v1/missions/%d/schedule", tm.M.ID), one.Token(tm.Staff), `{"publish": true}`)
		if r.Status != 200 {
			t.Fatalf("publish: %d %s", r.Status, r.Body)
		}
		for f := range 6 { // both instances insert jobs, and both work the queue
			tm.bookAt(t, two, f, 20+f, "2027-03-17", "16:00")
		}
		want := countRows(t, db, "notifications")
		if want != 24 {
			t.Fatalf("%d messages recorded, want 24 (12 for the schedule, 12 for the bookings)", want)
		}
		waitSent(t, one, want)
		got := mail.WaitFor(int(want)+1, 300*time.Millisecond) // anything sent twice would show here
		if int64(len(got)) != want {
			t.Fatalf("%d messages arrived for %d recorded", len(got), want)
		}
		ids := map[string]int{}
		for _, m := range got {
			ids[m.Parse(t).Header.Get("Message-ID")]++
		}
		if int64(len(ids)) != want {
			t.Errorf("%d distinct messages for %d recorded: %v", len(ids), want, ids)
		}
		var workers []string
		db.Raw(`SELECT DISTINCT attempted_by FROM river_job WHERE kind = 'deliver_notification'`).Scan(&workers)
		t.Logf("delivered by %d distinct worker sets", len(workers))
	})
}
