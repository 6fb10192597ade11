package handlers_test

import (
	"bytes"
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
	"gorm.io/gorm"

	"github.com/missionplanner/missionplanner/app/apptest"
	"github.com/missionplanner/missionplanner/models"
)

// TestTimetableCheckPages: the mission page counts what breaks a rule and links to the list; the day
// grid, the scheduler preview and the master schedule warn while the count is not 0.
func TestTimetableCheckPages(t *testing.T) {
	apptest.EachDB(t, func(t *testing.T, db *gorm.DB) {
		a := apptest.New(t, db, testNow)
		c, _ := a.SignedIn("staff", "sam@agency.example")
		f := seedItinerary(t, db)
		mp := fmt.Sprintf("/missions/%d", f.Mission.ID)
		warning := "break a rule</strong>"

		t.Run("clean", func(t *testing.T) {
			r := c.Get(mp)
			if r.Status != http.StatusOK || !strings.Contains(r.Body, "No meeting or programme item breaks a rule") || !strings.Contains(r.Body, `href="`+mp+`/check"`) {
				t.Fatalf("mission page: %d\n%s", r.Status, r.Body)
			}
			if r := c.Get(mp + "/check"); r.Status != http.StatusOK || !strings.Contains(r.Body, "No meeting or programme item breaks a rule.") {
				t.Fatalf("check page: %d\n%s", r.Status, r.Body)
			}
			for _, p := range []string{mp + "/meetings/grid", mp + "/schedule"} {
				if r := c.Get(p); r.Status != http.StatusOK || strings.Contains(r.Body, warning) {
					t.Errorf("%s warns on a clean timetable: %d", p, r.Status)
				}
			}
		})

		// A programme item written straight into the database over Friday's meeting (as main's
		// programme form used to allow).
		breakfast := models.ProgrammeItem{MissionID: f.Mission.ID, Title: "Breakfast briefing", Kind: "briefing", StartsAt: chicago(12, 10, 0), EndsAt: chicago(12, 11, 0)}
		must(t, db.Create(&breakfast).Error)
		must(t, db.Create(&models.ProgrammeAttendee{ProgrammeItemID: breakfast.ID, RegistrationID: f.RegA.ID}).Error)

		t.Run("broken", func(t *testing.T) {
			r := c.Get(mp)
			if !strings.Contains(r.Body, "<strong>1 meeting(s) or programme item(s) break a rule</strong>") {
				t.Errorf("mission page lacks the count:\n%s", r.Body)
			}
			r = c.Get(mp + "/check")
			meetingLink := fmt.Sprintf(`href="%s/meetings/%d"`, mp, f.FridayMeeting.ID)
			for _, want := range []string{"1 item(s) break a rule", meetingLink, "Alpha Widgets Ltd is due at Breakfast briefing then", "Fri 12 Mar 10:00–10:45", "(UK 16:00–16:45)"} {
				if !strings.Contains(r.Body, want) {
					t.Errorf("check page lacks %q:\n%s", want, r.Body)
				}
			}
			for _, p := range []string{mp + "/meetings/grid", mp + "/schedule"} {
				if r := c.Get(p); r.Status != http.StatusOK || !strings.Contains(r.Body, warning) || !strings.Contains(r.Body, `href="`+mp+`/check"`) {
					t.Errorf("%s does not warn: %d", p, r.Status)
				}
			}
			r = c.Get(mp + "/schedule.xlsx")
			x, err := excelize.OpenReader(bytes.NewReader([]byte(r.Body)))
			if err != nil {
				t.Fatal(err)
			}
			if v, _ := x.GetCellValue("Summary", "A2"); !strings.Contains(v, "1 scheduled meeting(s) or programme item(s) break a rule") {
				t.Errorf("master schedule warning: %q", v)
			}
		})
	})
}
