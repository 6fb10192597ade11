package handlers_test

import (
	"fmt"
	"net/http"
	"strings"
	"testing"

	"gorm.io/gorm"

	"github.com/missionplanner/missionplanner/app/apptest"
	"github.com/missionplanner/missionplanner/models"
)

// The finding: after its firm was withdrawn, a delegate kept the itinerary, the workbook and the
// calendar feeds. Now a withdrawn or rejected firm's delegates see a page saying the firm is not on
// the mission, and their feeds answer 410.
func TestWithdrawnFirmsDelegatesSeeNothing(t *testing.T) {
	for _, status := range []string{models.StatusWithdrawn, models.StatusRejected} {
		t.Run(status, func(t *testing.T) {
			apptest.EachDB(t, func(t *testing.T, db *gorm.DB) {
				a := apptest.New(t, db, testNow)
				f := seedItinerary(t, db)
				ann := delegateClient(t, a, f.AnnA)
				firmFeed, err := a.Store.CreateCalendarFeed(t.Context(), nil, f.RegA.ID, nil, testNow)
				must(t, err)
				ownFeed, err := a.Store.CreateCalendarFeed(t.Context(), nil, f.RegA.ID, &f.AnnA.ID, testNow)
				must(t, err)
				if r := ann.Get("/my/itinerary"); r.Status != http.StatusOK || !strings.Contains(r.Body, "Alpha Widgets") {
					t.Fatalf("itinerary while going: %d", r.Status)
				}
				if r := a.Client().Get("/feeds/" + firmFeed.Token + ".ics"); r.Status != http.StatusOK {
					t.Fatalf("feed while going: %d", r.Status)
				}
				must(t, db.Model(&models.Registration{}).Where("id = ?", f.RegA.ID).Update("status", status).Error)
				for _, p := range []string{"/my/itinerary", "/my/itinerary.xlsx", "/my/details", "/my/travel"} {
					r := ann.Get(p)
					if r.Status != http.StatusForbidden || !strings.Contains(r.Body, "Your firm is not on this mission") ||
						strings.Contains(r.Body, "Willis Tower") || strings.Contains(r.Body, "Carla Diaz") || strings.Contains(r.Body, "EI 125") {
						t.Errorf("GET %s after %s: %d, want 403 with the not-on-the-mission page and nothing else", p, status, r.Status)
					}
				}
				for _, tok := range []string{firmFeed.Token, ownFeed.Token} {
					if r := a.Client().Get("/feeds/" + tok + ".ics"); r.Status != http.StatusGone || strings.Contains(r.Body, "BEGIN:VCALENDAR") {
						t.Errorf("feed after %s: %d, want 410", status, r.Status)
					}
				}
				// Firm B, still going, is untouched.
				if r := delegateClient(t, a, f.CarolB).Get("/my/itinerary"); r.Status != http.StatusOK {
					t.Errorf("firm B's delegate: %d", r.Status)
				}
			})
		})
	}
}

// The finding: a delegate whose email belongs to a staff account could be invited (accepting then
// failed). Now the invitation is refused when it is made, with the message beside the email field.
func TestInvitingAStaffEmailIsRefused(t *testing.T) {
	apptest.EachDB(t, func(t *testing.T, db *gorm.DB) {
		a := apptest.New(t, db, testNow)
		f := seedItinerary(t, db)
		c, staff := a.SignedIn("staff", "sam@agency.example")
		token := a.Token(staff)
		must(t, db.Model(&models.Delegate{}).Where("id = ?", f.BobA.ID).Update("email", "SAM@agency.example").Error)
		invite := fmt.Sprintf("/missions/%d/registrations/%d/delegates/%d/invitation", f.Mission.ID, f.RegA.ID, f.BobA.ID)
		r := c.Submit(f.pageA(), invite, nil)
		if r.Status != http.StatusUnprocessableEntity || !strings.Contains(r.Body, "belongs to a staff account") || !strings.Contains(r.Body, `id="email-error"`) {
			t.Fatalf("invite a staff email: %d", r.Status)
		}
		r = a.API("POST", fmt.Sprintf("/api/v1/delegates/%d/invitation", f.BobA.ID), token, "")
		if r.Status != http.StatusUnprocessableEntity || !strings.Contains(r.Body, `"email"`) {
			t.Fatalf("API invite a staff email: %d %s", r.Status, r.Body)
		}
		var n int64
		db.Model(&models.Invitation{}).Where("delegate_id = ?", f.BobA.ID).Count(&n)
		if n != 0 {
			t.Fatalf("%d invitations made", n)
		}
		// Another delegate is invited as before.
		if r := c.Submit(f.pageA(), fmt.Sprintf("/missions/%d/registrations/%d/delegates/%d/invitation", f.Mission.ID, f.RegA.ID, f.AnnA.ID), nil); r.Status != http.StatusCreated {
			t.Fatalf("invite Ann: %d", r.Status)
		}
	})
}
