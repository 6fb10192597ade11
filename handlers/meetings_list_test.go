package handlers_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"gorm.io/gorm"

	"github.com/missionplanner/missionplanner/app"
	"github.com/missionplanner/missionplanner/app/apptest"
	"github.com/missionplanner/missionplanner/models"
)

// TestMeetingsListStaysSmall: a mission with more meetings than a page shows the first day with
// meetings by default, never more than 100 rows a page, with the count and page links; every day can
// still be chosen, a page at a time. The API pages the same list.
func TestMeetingsListStaysSmall(t *testing.T) {
	apptest.EachDB(t, func(t *testing.T, db *gorm.DB) {
		a := apptest.New(t, db, testNow)
		c, u := a.SignedIn("staff", "sam@agency.example")
		res, err := app.Seed(context.Background(), a.Store, app.SeedOptions{Firms: 12, Contacts: 210, Meetings: 250})
		if err != nil {
			t.Fatal(err)
		}
		base := fmt.Sprintf("/missions/%d/meetings", res.Mission.ID)
		rows := func(body string) int { return strings.Count(body, `<a href="`+base+`/`) }

		r := c.Get(base)
		if r.Status != http.StatusOK || !strings.Contains(r.Body, "the first day with meetings") || !strings.Contains(r.Body, "Sun 6 Jun 2027") {
			t.Fatalf("default view: %d\n%s", r.Status, r.Body)
		}
		if n := rows(r.Body); n == 0 || n > 100 || strings.Contains(r.Body, "<h2>Mon 7 Jun</h2>") {
			t.Errorf("default view shows %d meetings (want the first day's, at most 100)", n)
		}
		r = c.Get(base + "?day=all")
		if !strings.Contains(r.Body, "250 meetings: 1 to 100 shown") || rows(r.Body) != 100 || !strings.Contains(r.Body, "Page 1 of 3") || !strings.Contains(r.Body, `rel="next"`) {
			t.Fatalf("every day, page 1:\n%s", r.Body)
		}
		r = c.Get(base + "?day=all&page=3")
		if !strings.Contains(r.Body, "250 meetings: 201 to 250 shown") || rows(r.Body) != 50 || !strings.Contains(r.Body, "Page 3 of 3") {
			t.Fatalf("every day, page 3:\n%s", r.Body)
		}
		if r := c.Get(base + "?day=all&by=firm&page=2"); r.Status != http.StatusOK || rows(r.Body) != 100 {
			t.Fatalf("by firm, page 2: %d, %d rows", r.Status, rows(r.Body))
		}
		// With more than 200 contacts the contact filter is a name search, not a drop-down of them all.
		var mt models.Meeting
		must(t, db.Where("mission_id = ?", res.Mission.ID).Order("id").First(&mt).Error)
		var ct models.Contact
		must(t, db.First(&ct, mt.ContactID).Error)
		var theirs int64
		db.Model(&models.Meeting{}).Where("mission_id = ? AND contact_id IN (SELECT id FROM contacts WHERE full_name = ?)", res.Mission.ID, ct.FullName).Count(&theirs)
		r = c.Get(base + "?day=all&contact=" + url.QueryEscape(strings.ToUpper(ct.FullName)))
		if strings.Contains(r.Body, `name="contact_id"`) || !strings.Contains(r.Body, fmt.Sprintf("%d meeting", theirs)) || rows(r.Body) != int(theirs) || !strings.Contains(r.Body, ct.FullName) {
			t.Fatalf("contact search for %q (%d meetings): %d rows\n%s", ct.FullName, theirs, rows(r.Body), r.Body)
		}
		// The locations page (an office per contact) pages the same way.
		loc := fmt.Sprintf("/missions/%d/locations", res.Mission.ID)
		if r := c.Get(loc); r.Status != http.StatusOK || !strings.Contains(r.Body, "214 locations") || !strings.Contains(r.Body, "Page 1 of 3") || strings.Count(r.Body, "/edit\">Edit") != 100 {
			t.Fatalf("locations page 1: %d, %d rows", r.Status, strings.Count(r.Body, "/edit\">Edit"))
		}
		if r := c.Get(loc + "?page=3"); strings.Count(r.Body, "/edit\">Edit") != 14 {
			t.Fatalf("locations page 2: %d rows", strings.Count(r.Body, "/edit\">Edit"))
		}
		tok := a.Token(u)
		r = a.API("GET", fmt.Sprintf("/api/v1/missions/%d/meetings?per_page=100&page=3", res.Mission.ID), tok, "")
		if r.Status != http.StatusOK || !strings.Contains(r.Body, `"total":250`) || strings.Count(r.Body, `"registration_id"`) != 50 {
			t.Fatalf("API page 3: %d %s", r.Status, r.Body[:min(len(r.Body), 300)])
		}
	})
}
