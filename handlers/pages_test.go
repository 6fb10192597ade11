package handlers_test

import (
	"net/http"
	"strings"
	"testing"

	"gorm.io/gorm"

	"github.com/missionplanner/missionplanner/app/apptest"
)

// Error pages share the site's layout: the header (with the signed-in user's links), a way back and
// the footer's accessibility link. The accessibility statement is open to everyone.
func TestErrorPagesAndAccessibilityStatement(t *testing.T) {
	apptest.EachDB(t, func(t *testing.T, db *gorm.DB) {
		a := apptest.New(t, db, testNow)
		f := seedItinerary(t, db)
		has := func(t *testing.T, r *apptest.Response, status int, wants ...string) {
			t.Helper()
			if r.Status != status {
				t.Fatalf("status %d, want %d", r.Status, status)
			}
			for _, w := range wants {
				if !strings.Contains(r.Body, w) {
					t.Errorf("page lacks %q:\n%s", w, r.Body)
				}
			}
		}
		t.Run("unknown path, signed out", func(t *testing.T) {
			has(t, a.Client().Get("/no-such-page"), http.StatusNotFound,
				`class="header"`, "Page not found", `href="/">Go to the start page`, `href="/accessibility"`)
		})
		t.Run("missing mission, staff", func(t *testing.T) {
			c, _ := a.SignedIn("staff", "sam@agency.example")
			has(t, c.Get("/missions/99999"), http.StatusNotFound,
				"Page not found", `href="/missions">Missions</a>`, `href="/missions">Go to missions`, `href="/accessibility"`)
		})
		t.Run("staff page, delegate", func(t *testing.T) {
			c := delegateClient(t, a, f.AnnA)
			has(t, c.Get("/missions"), http.StatusForbidden, "You cannot see this page",
				`href="/my/itinerary">Itinerary</a>`, `href="/my/details">Needs</a>`, `href="/my/travel">Flights</a>`, `href="/my/itinerary#calendar">Calendar</a>`,
				"Sign out", `href="/my/itinerary">Go to your itinerary`)
		})
		t.Run("accessibility statement", func(t *testing.T) {
			has(t, a.Client().Get("/accessibility"), http.StatusOK,
				"Accessibility statement for missionplanner", "Compliance status", "Reporting accessibility problems", "Preparation of this accessibility statement", "partially compliant")
		})
	})
}
