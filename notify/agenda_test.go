package notify_test

import (
	"strings"
	"testing"
	"time"

	"gorm.io/gorm"

	"github.com/missionplanner/missionplanner/app/apptest"
	"github.com/missionplanner/missionplanner/models"
)

// TestAgendaTiming drives the agenda sweep with a clock the test sets: each delegate with something on
// the next day gets it from 18:00 Chicago time the evening before, on both sides of the US clock
// change, once, and not if they turned it off.
func TestAgendaTiming(t *testing.T) {
	apptest.EachDB(t, func(t *testing.T, db *gorm.DB) {
		a := apptest.New(t, db, testNow)
		tm := seedMission(t, a, 1, 2)
		ann, bob := tm.Delegates[0][0], tm.Delegates[0][1]
		tm.bookAt(t, a, 0, 0, "2027-03-12", "10:00")        // the whole firm, CST (UTC−6)
		mon := tm.bookAt(t, a, 0, 1, "2027-03-15", "10:00") // CDT (UTC−5) from Sunday 14 March
		_, err := a.Server.Handler.Store.UpdateMeeting(t.Context(), tm.Staff, tm.M.ID, mon.ID, func(mt *models.Meeting) error {
			mt.DelegateIDs = []uint{ann.ID}
			return nil
		})
		must(t, err)
		notify := a.Server.Notify
		agendas := func() []models.Notification {
			var out []models.Notification
			must(t, db.Where("kind = ?", models.NoticeAgenda).Order("id").Find(&out).Error)
			return out
		}
		sweep := func(at time.Time, want int) {
			t.Helper()
			n, err := notify.QueueAgendas(t.Context(), at)
			if err != nil || n != want {
				t.Fatalf("sweep at %s: %d agendas (%v), want %d", at.Format(time.RFC3339), n, err, want)
			}
		}
		// Thursday 11 March, 17:59 CST is 23:59 UTC: too early; 18:00 CST is midnight UTC.
		sweep(time.Date(2027, 3, 11, 23, 59, 0, 0, time.UTC), 0)
		sweep(time.Date(2027, 3, 12, 0, 0, 0, 0, time.UTC), 2)
		sweep(time.Date(2027, 3, 12, 1, 30, 0, 0, time.UTC), 0) // later that evening: already done
		got := agendas()
		if len(got) != 2 || !strings.Contains(got[0].Subject, "Fri 12 Mar 2027") || !strings.Contains(got[0].BodyText, "10:00–10:45 CST (16:00–16:45 GMT UK)") ||
			!strings.Contains(got[0].UnsubscribeURL, "kind=agenda") {
			t.Fatalf("Friday's agendas: %+v", got)
		}

		// Bob turns the agenda off; Sunday 14 March, 17:59 CDT is 22:59 UTC, 18:00 CDT 23:00 UTC.
		must(t, a.Store.SaveNotificationPreference(t.Context(), nil, bob.ID, true, false))
		sweep(time.Date(2027, 3, 14, 22, 59, 0, 0, time.UTC), 0)
		sweep(time.Date(2027, 3, 14, 23, 0, 0, 0, time.UTC), 1)
		got = agendas()
		last := got[len(got)-1]
		if last.RecipientEmail != ann.Email || !strings.Contains(last.Subject, "Mon 15 Mar 2027") || !strings.Contains(last.BodyText, "10:00–10:45 CDT (15:00–15:45 GMT UK)") {
			t.Fatalf("Monday's agenda: %s %s\n%s", last.RecipientEmail, last.Subject, last.BodyText)
		}
		// Nothing on Saturday 13 or Tuesday 16 for anyone: no agenda those evenings.
		sweep(time.Date(2027, 3, 13, 0, 30, 0, 0, time.UTC), 0)
		sweep(time.Date(2027, 3, 15, 23, 30, 0, 0, time.UTC), 0)

		// The periodic job reads the app's clock: set it to Tuesday evening with a meeting on Wednesday
		// and start the workers; the sweep they run on start records Wednesday's agenda.
		extra := models.Contact{FullName: "Wed Contact", Organisation: "Wed Inc", OrganisationType: "buyer", City: "Chicago"}
		must(t, db.Create(&extra).Error)
		tm.Contacts = append(tm.Contacts, extra)
		tm.bookAt(t, a, 0, len(tm.Contacts)-1, "2027-03-17", "09:00")
		a.SetNow(time.Date(2027, 3, 16, 23, 15, 0, 0, time.UTC)) // 18:15 CDT
		a.StartNotifier()
		waitFor(t, "Wednesday's agenda", func() bool { return len(agendas()) == 4 })
		if got := agendas(); got[3].RecipientEmail != ann.Email || !strings.Contains(got[3].Subject, "Wed 17 Mar 2027") {
			t.Errorf("agenda from the periodic job: %s %s", got[3].RecipientEmail, got[3].Subject)
		}
	})
}

// TestHoldAndRelease: while a mission's sending is held nothing is queued; releasing sends each
// delegate one message with where things stand now (a meeting booked and cancelled meanwhile is left out).
func TestHoldAndRelease(t *testing.T) {
	apptest.EachDB(t, func(t *testing.T, db *gorm.DB) {
		mail := apptest.StartMailServer(t)
		a := apptest.NewWith(t, db, testNow, mail.Env())
		tm := seedMission(t, a, 1, 4)
		staff := a.Client()
		staff.SignIn(tm.Staff.Email, "correct horse battery staple")
		page := "/missions/" + itoa(tm.M.ID) + "/notifications"
		staff.Get(page)
		if r := staff.PostForm(page+"/hold", nil); r.Status != 303 {
			t.Fatalf("hold: %d", r.Status)
		}
		a.StartNotifier()
		store := a.Server.Handler.Store
		m1 := tm.bookAt(t, a, 0, 0, "2027-03-11", "10:00")
		at, _ := models.LocalInstant(tm.M.Zone(), "2027-03-11", "14:00")
		_, err := store.UpdateMeeting(t.Context(), tm.Staff, tm.M.ID, m1.ID, func(mt *models.Meeting) error { mt.StartsAt = &at; return nil })
		must(t, err)
		m2 := tm.bookAt(t, a, 0, 2, "2027-03-12", "10:00")
		_, err = store.CancelMeeting(t.Context(), tm.Staff, tm.M.ID, m2.ID)
		must(t, err)
		var held, jobs int64
		db.Model(&models.Notification{}).Where("status = ?", models.NotificationHeld).Count(&held)
		db.Table("river_job").Where("kind = 'deliver_notification'").Count(&jobs)
		if held != 8 || jobs != 0 {
			t.Fatalf("while held: %d held, %d jobs", held, jobs)
		}
		if r := staff.Get(page); !strings.Contains(r.Body, "Sending is held") || !strings.Contains(r.Body, "Held (8)") {
			t.Fatalf("outbox while held:\n%s", r.Body)
		}
		if r := staff.PostForm(page+"/release", nil); r.Status != 303 {
			t.Fatalf("release: %d", r.Status)
		}
		got := mail.WaitFor(2, 30*time.Second)
		waitSent(t, a, 2)
		if len(got) != 2 {
			t.Fatalf("%d messages after release", len(got))
		}
		for _, m := range got {
			p := m.Parse(t)
			if strings.Count(p.Text, "\nNew: ") != 1 || !strings.Contains(p.Text, "Thu 11 Mar 2027 14:00–14:45 CST") || strings.Contains(p.Text, "Contact 03") ||
				len(p.Attachments) != 1 {
				t.Errorf("released message to %v:\n%s", m.To, p.Text)
			}
		}
		var superseded int64
		db.Model(&models.Notification{}).Where("status = ?", models.NotificationSuperseded).Count(&superseded)
		if superseded != 6 {
			t.Errorf("%d superseded, want 6", superseded)
		}
	})
}
