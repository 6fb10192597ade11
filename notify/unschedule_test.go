package notify_test

import (
	"strings"
	"testing"
	"time"

	"gorm.io/gorm"

	"github.com/missionplanner/missionplanner/app/apptest"
	"github.com/missionplanner/missionplanner/models"
)

// TestMeetingsTakenOffTheTimetable: meetings a change returns to requests (a programme item over them)
// or cancels (the firm withdrawn) are changes to the delegates' plans: each hears of them with a
// METHOD:CANCEL invitation, and the firm's contact hears of the withdrawal.
func TestMeetingsTakenOffTheTimetable(t *testing.T) {
	apptest.EachDB(t, func(t *testing.T, db *gorm.DB) {
		a := apptest.New(t, db, testNow)
		tm := seedMission(t, a, 1, 4)
		tm.bookAt(t, a, 0, 0, "2027-03-11", "10:00")
		tm.bookAt(t, a, 0, 2, "2027-03-12", "14:00")
		store := a.Server.Handler.Store
		ctx := models.WithTimetableChoice(t.Context(), models.TimetableChoice{UnscheduleConflicts: true})
		latest := func(email string) models.Notification {
			var n models.Notification
			must(t, db.Where("recipient_email = ?", email).Order("id DESC").First(&n).Error)
			return n
		}
		ann := tm.Delegates[0][0]

		s, _ := models.LocalInstant(tm.M.Zone(), "2027-03-11", "09:30")
		item := models.ProgrammeItem{Title: "Welcome briefing", Kind: "briefing", StartsAt: s, EndsAt: s.Add(90 * time.Minute), AllRegistrations: true}
		must(t, store.SaveProgrammeItem(ctx, tm.Staff, tm.M, &item))
		n := latest(ann.Email)
		if !strings.HasPrefix(n.Subject, "Meeting cancelled: Meeting with Contact 01") || !strings.Contains(n.BodyText, "Was: Thu 11 Mar 2027 10:00–10:45 CST Chicago (16:00–16:45 GMT UK)") ||
			!strings.Contains(n.Attachments, "METHOD:CANCEL") {
			t.Fatalf("after the briefing: %s\n%s", n.Subject, n.BodyText)
		}

		_, err := store.SetRegistrationStatus(ctx, tm.Staff, tm.Regs[0].ID, models.StatusWithdrawn, testNow)
		must(t, err)
		n = latest(ann.Email)
		if !strings.HasPrefix(n.Subject, "Meeting cancelled: Meeting with Contact 03") || !strings.Contains(n.Attachments, "METHOD:CANCEL") {
			t.Fatalf("after the withdrawal: %s\n%s", n.Subject, n.BodyText)
		}
		if c := latest(tm.Regs[0].Firm.ContactEmail); !strings.Contains(c.Subject, "has been withdrawn") {
			t.Errorf("the firm's contact: %s", c.Subject)
		}
	})
}
