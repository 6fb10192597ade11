package handlers_test

import (
	"fmt"
	"net/http"
	"strings"
	"testing"

	"gorm.io/gorm"

	"github.com/missionplanner/missionplanner/app/apptest"
)

// The day grid opens on the first day with meetings (not an arrival day with nothing on); each meeting's
// cell shows its time and place; the scroll region can be reached from the keyboard and is labelled.
func TestDayGridOpensOnFirstDayWithMeetings(t *testing.T) {
	apptest.EachDB(t, func(t *testing.T, db *gorm.DB) {
		a := apptest.New(t, db, testNow)
		f := seedItinerary(t, db)
		c, _ := a.SignedIn("staff", "sam@agency.example")
		r := c.Get(fmt.Sprintf("/missions/%d/meetings/grid", f.Mission.ID))
		if r.Status != http.StatusOK {
			t.Fatalf("grid: %d", r.Status)
		}
		for _, want := range []string{
			"<h1>Day grid, Fri 12 Mar 2027</h1>", // Thursday 11 has only the briefing
			`class="grid-wrap" tabindex="0" role="region" aria-labelledby="grid-title"`, `id="grid-title">Day grid for Fri 12 Mar 2027`,
			`>Carla Diaz (Lakeshore Foods)</a><span class="grid__where">10:00–10:45<br>Willis Tower, Chicago</span>`,
		} {
			if !strings.Contains(r.Body, want) {
				t.Errorf("grid lacks %q", want)
			}
		}
		// A day asked for is shown, with programme items' time and place too.
		r = c.Get(fmt.Sprintf("/missions/%d/meetings/grid?day=2027-03-11", f.Mission.ID))
		if !strings.Contains(r.Body, "<h1>Day grid, Thu 11 Mar 2027</h1>") || !strings.Contains(r.Body, "<strong>Welcome briefing</strong><span class=\"grid__where\">09:00–10:30<br>British Consulate, Chicago</span>") {
			t.Errorf("Thursday's grid:\n%s", r.Body)
		}
	})
}
