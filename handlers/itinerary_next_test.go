package handlers_test

import (
	"fmt"
	"net/http"
	"strings"
	"testing"

	"gorm.io/gorm"

	"github.com/missionplanner/missionplanner/app/apptest"
)

// During the mission the itinerary opens with the entry under way or next, computed from the app's clock;
// before the mission there is no "Next".
func TestItineraryNextEntry(t *testing.T) {
	apptest.EachDB(t, func(t *testing.T, db *gorm.DB) {
		a := apptest.New(t, db, testNow)
		f := seedItinerary(t, db)
		signIns := 0
		// The session ends when the clock jumps by days, so each look signs in afresh.
		next := func() string {
			t.Helper()
			signIns++
			c, _ := a.SignedIn("staff", fmt.Sprintf("sam%d@agency.example", signIns))
			r := c.Get(f.pageA())
			if r.Status != http.StatusOK {
				t.Fatalf("itinerary: %d", r.Status)
			}
			i := strings.Index(r.Body, `id="next-title"`)
			if i < 0 {
				return ""
			}
			end := strings.Index(r.Body[i:], "</section>")
			return r.Body[i : i+end]
		}
		if s := next(); s != "" {
			t.Errorf("before the mission the page shows a Next entry: %s", s)
		}
		// Thursday 11 March 08:30 Chicago: the welcome briefing (09:00) is next.
		a.SetNow(chicago(11, 8, 30))
		s := next()
		if !strings.Contains(s, "Welcome briefing") || !strings.Contains(s, "09:00 → 10:30") || !strings.Contains(s, "Thu 11 Mar 2027") {
			t.Errorf("Thursday morning: Next is %q", s)
		}
		// Friday 10:20, during the 10:00 meeting: that meeting is still the one to show.
		a.SetNow(chicago(12, 10, 20))
		if s := next(); !strings.Contains(s, "10:00 → 10:45") || !strings.Contains(s, "Carla Diaz") {
			t.Errorf("during Friday's meeting: Next is %q", s)
		}
	})
}
