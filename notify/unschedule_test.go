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

// TestMovedMeetings: a meeting moved across the US clock change reads old → new on both sides; a
// delegate taken off it hears it is cancelled and the one put on it that it is new; an edit of its notes
// alone tells no one.
func TestMovedMeetings(t *testing.T) {
	apptest.EachDB(t, func(t *testing.T, db *gorm.DB) {
		a := apptest.New(t, db, testNow)
		tm := seedMission(t, a, 1, 2)
		free := models.Contact{FullName: "Free All Week", Organisation: "Open Inc", OrganisationType: "buyer", City: "Chicago", Address: "1 Open Plaza"}
		must(t, db.Create(&free).Error)
		tm.Contacts = append(tm.Contacts, free)
		ann, bob := tm.Delegates[0][0], tm.Delegates[0][1]
		mt := tm.bookAt(t, a, 0, 2, "2027-03-12", "10:00")
		store := a.Server.Handler.Store
		count := func() int64 { return countRows(t, db, "notifications") }
		latest := func(email string) models.Notification {
			var n models.Notification
			must(t, db.Where("recipient_email = ?", email).Order("id DESC").First(&n).Error)
			return n
		}

		to, _ := models.LocalInstant(tm.M.Zone(), "2027-03-15", "10:00")
		moved, err := store.UpdateMeeting(t.Context(), tm.Staff, tm.M.ID, mt.ID, func(m *models.Meeting) error { m.StartsAt = &to; return nil })
		must(t, err)
		for _, d := range []models.Delegate{ann, bob} {
			n := latest(d.Email)
			if !strings.HasPrefix(n.Subject, "Meeting moved: Meeting with Free All Week (Open Inc)") ||
				!strings.Contains(n.BodyText, "Was: Fri 12 Mar 2027 10:00–10:45 CST Chicago (16:00–16:45 GMT UK), 1 Open Plaza, Chicago") ||
				!strings.Contains(n.BodyText, "Now: Mon 15 Mar 2027 10:00–10:45 CDT Chicago (15:00–15:45 GMT UK), 1 Open Plaza, Chicago") ||
				!strings.Contains(n.Attachments, "METHOD:REQUEST") || !strings.Contains(n.Attachments, "SEQUENCE:"+itoa(uint(moved.Sequence))) {
				t.Fatalf("moved, to %s: %s\n%s\n%s", d.Email, n.Subject, n.BodyText, n.Attachments)
			}
		}

		before := count()
		_, err = store.UpdateMeeting(t.Context(), tm.Staff, tm.M.ID, mt.ID, func(m *models.Meeting) error { m.Notes = "Bring samples"; return nil })
		must(t, err)
		if count() != before {
			t.Fatalf("a notes-only edit recorded %d messages", count()-before)
		}

		_, err = store.UpdateMeeting(t.Context(), tm.Staff, tm.M.ID, mt.ID, func(m *models.Meeting) error { m.DelegateIDs = []uint{bob.ID}; return nil })
		must(t, err)
		if count() != before+1 {
			t.Fatalf("naming Bob alone: %d messages, want 1 (Ann's)", count()-before)
		}
		if n := latest(ann.Email); !strings.HasPrefix(n.Subject, "Meeting cancelled") || !strings.Contains(n.Attachments, "METHOD:CANCEL") {
			t.Errorf("Ann taken off: %s", n.Subject)
		}
		_, err = store.UpdateMeeting(t.Context(), tm.Staff, tm.M.ID, mt.ID, func(m *models.Meeting) error { m.DelegateIDs = []uint{ann.ID}; return nil })
		must(t, err)
		if a, b := latest(ann.Email), latest(bob.Email); !strings.HasPrefix(a.Subject, "New meeting") || !strings.HasPrefix(b.Subject, "Meeting cancelled") || count() != before+3 {
			t.Errorf("swapped to Ann: %s / %s (%d messages)", a.Subject, b.Subject, count()-before)
		}
	})
}
