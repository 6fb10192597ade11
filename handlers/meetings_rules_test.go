package handlers_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"gorm.io/gorm"

	"github.com/missionplanner/missionplanner/app/apptest"
	"github.com/missionplanner/missionplanner/models"
)

// A cancelled meeting cannot be scheduled again, neither by the reschedule form nor by the API.
func TestCancelledMeetingCannotBeRescheduled(t *testing.T) {
	apptest.EachDB(t, func(t *testing.T, db *gorm.DB) {
		a := apptest.New(t, db, testNow)
		c, u := a.SignedIn("staff", "sam@agency.example")
		tok := a.Token(u)
		cm := seedChicago(t, a, 1, 3)
		ctx := context.Background()
		at := time.Date(2027, 3, 15, 15, 0, 0, 0, time.UTC)
		mt := models.Meeting{RegistrationID: cm.Regs[0].ID, ContactID: cm.Contacts[0].ID, StartsAt: &at}
		must(t, a.Store.SaveMeeting(ctx, u, cm.M.ID, &mt))
		_, err := a.Store.CancelMeeting(ctx, u, cm.M.ID, mt.ID)
		must(t, err)
		still := func(what string) {
			t.Helper()
			var got models.Meeting
			must(t, db.First(&got, mt.ID).Error)
			if got.Status != "cancelled" || !got.StartsAt.Equal(at) || got.Sequence != 1 {
				t.Fatalf("%s changed the cancelled meeting: %+v", what, got)
			}
		}

		page := fmt.Sprintf("/missions/%d/meetings/%d", cm.M.ID, mt.ID)
		c.Get(page)
		r := c.PostForm(page+"/reschedule", url.Values{"date-day": {"16"}, "date-month": {"3"}, "date-year": {"2027"}, "start_time": {"09:00"}, "minutes": {"45"}})
		if r.Status != http.StatusConflict || !strings.Contains(r.Body, "This meeting was cancelled, so it cannot be rescheduled: book a new meeting instead") {
			t.Fatalf("reschedule a cancelled meeting: %d\n%s", r.Status, r.Body)
		}
		still("the reschedule form")

		for _, body := range []string{`{"starts_at": "2027-03-16T09:00"}`, `{"status": "scheduled"}`, `{"status": "requested"}`} {
			r = a.API("PATCH", fmt.Sprintf("/api/v1/meetings/%d", mt.ID), tok, body)
			if r.Status != http.StatusConflict || !strings.Contains(r.Body, "cannot be rescheduled") {
				t.Fatalf("PATCH %s on a cancelled meeting: %d %s", body, r.Status, r.Body)
			}
			still("PATCH " + body)
		}
		// Its notes can still be changed.
		if r = a.API("PATCH", fmt.Sprintf("/api/v1/meetings/%d", mt.ID), tok, `{"notes": "Cancelled by the buyer"}`); r.Status != http.StatusOK {
			t.Fatalf("PATCH notes of a cancelled meeting: %d %s", r.Status, r.Body)
		}
		still("PATCH notes")
	})
}

// A PATCH writes what was sent onto the meeting as it is when the change is saved: a lock and staff
// notes written after the handler first read the meeting are kept.
func TestMeetingPatchKeepsConcurrentChanges(t *testing.T) {
	apptest.EachDB(t, func(t *testing.T, db *gorm.DB) {
		a := apptest.New(t, db, testNow)
		staff, _ := a.CreateUser("staff", "sam@agency.example")
		tok := a.Token(staff)
		cm := seedChicago(t, a, 1, 3)
		ctx := context.Background()
		at := time.Date(2027, 3, 15, 15, 0, 0, 0, time.UTC)
		mt := models.Meeting{RegistrationID: cm.Regs[0].ID, ContactID: cm.Contacts[0].ID, StartsAt: &at}
		must(t, a.Store.SaveMeeting(ctx, staff, cm.M.ID, &mt))

		// Right after the handler's first read of the meeting, someone else locks it and adds staff notes.
		fired := false
		name := "test:concurrent-lock"
		must(t, db.Callback().Query().After("gorm:query").Register(name, func(tx *gorm.DB) {
			if fired || tx.Statement.Table != "meetings" {
				return
			}
			fired = true
			must(t, db.Session(&gorm.Session{NewDB: true}).Exec("UPDATE meetings SET locked = ?, staff_notes = ? WHERE id = ?", true, "Keep this slot", mt.ID).Error)
		}))
		r := a.API("PATCH", fmt.Sprintf("/api/v1/meetings/%d", mt.ID), tok, `{"notes": "Bring samples"}`)
		must(t, db.Callback().Query().Remove(name))
		if r.Status != http.StatusOK || !fired {
			t.Fatalf("patch: %d %s (fired %v)", r.Status, r.Body, fired)
		}
		var got models.Meeting
		must(t, db.First(&got, mt.ID).Error)
		if !got.Locked || got.StaffNotes != "Keep this slot" || got.Notes != "Bring samples" {
			t.Fatalf("the patch undid the concurrent change: %+v", got)
		}
	})
}

// Minutes 0 means the mission's default length, as on every other path; priority is 0 to 100.
func TestMeetingsAPIMinutesAndPriority(t *testing.T) {
	apptest.EachDB(t, func(t *testing.T, db *gorm.DB) {
		a := apptest.New(t, db, testNow)
		staff, _ := a.CreateUser("staff", "sam@agency.example")
		tok := a.Token(staff)
		cm := seedChicago(t, a, 1, 3)
		path := fmt.Sprintf("/api/v1/missions/%d/meetings", cm.M.ID)
		r := a.API("POST", path, tok, fmt.Sprintf(`{"registration_id": %d, "contact_id": %d, "starts_at": "2027-03-15T10:00", "minutes": 0}`, cm.Regs[0].ID, cm.Contacts[0].ID))
		var got map[string]any
		json.Unmarshal([]byte(r.Body), &got)
		if r.Status != http.StatusCreated || got["minutes"] != float64(45) {
			t.Fatalf("minutes 0: %d %s", r.Status, r.Body)
		}
		id := uint(got["id"].(float64))
		for _, body := range []string{`{"priority": 101}`, `{"priority": -1}`} {
			r = a.API("PATCH", fmt.Sprintf("/api/v1/meetings/%d", id), tok, body)
			if r.Status != http.StatusUnprocessableEntity || !strings.Contains(r.Body, "Priority must be between 0 and 100") {
				t.Fatalf("PATCH %s: %d %s", body, r.Status, r.Body)
			}
		}
		r = a.API("POST", path, tok, fmt.Sprintf(`{"registration_id": %d, "contact_id": %d, "status": "requested", "priority": 200}`, cm.Regs[0].ID, cm.Contacts[1].ID))
		if r.Status != http.StatusUnprocessableEntity || !strings.Contains(r.Body, "Priority must be between 0 and 100") {
			t.Fatalf("create with priority 200: %d %s", r.Status, r.Body)
		}
		if r = a.API("PATCH", fmt.Sprintf("/api/v1/meetings/%d", id), tok, `{"minutes": 0, "priority": 100}`); r.Status != http.StatusOK {
			t.Fatalf("PATCH minutes 0: %d %s", r.Status, r.Body)
		}
	})
}
