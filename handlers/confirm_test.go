package handlers_test

import (
	"context"
	"fmt"
	"html"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"gorm.io/gorm"

	"github.com/missionplanner/missionplanner/app/apptest"
	"github.com/missionplanner/missionplanner/models"
)

// Every action that cannot be undone is reached through an "Are you sure?" page: the page that offers it
// links to a GET of the action's address, which names the thing and changes nothing; its form posts to the
// same address, which does the work in one call.
func TestConfirmationPages(t *testing.T) {
	apptest.EachDB(t, func(t *testing.T, db *gorm.DB) {
		a := apptest.New(t, db, testNow)
		f := seedItinerary(t, db)
		c, u := a.SignedIn("staff", "sam@agency.example")
		feed, err := a.Store.CreateCalendarFeed(context.Background(), u, f.RegA.ID, &f.BobA.ID, testNow)
		must(t, err)
		var tt models.MissionTravelTime
		must(t, db.Where("mission_id = ?", f.Mission.ID).First(&tt).Error)
		mp := fmt.Sprintf("/missions/%d", f.Mission.ID)
		regA, regB := fmt.Sprintf("%s/registrations/%d", mp, f.RegA.ID), fmt.Sprintf("%s/registrations/%d", mp, f.RegB.ID)
		count := func(model any, where string, args ...any) int64 {
			var n int64
			must(t, db.Model(model).Where(where, args...).Count(&n).Error)
			return n
		}
		tests := []struct {
			name, page, confirm string
			heading, button     string
			form                url.Values
			done                func() bool
		}{
			// Beta has a scheduled meeting: the one page names it and confirms its cancellation too.
			{"withdraw a firm", regB, regB + "/status?status=withdrawn", "Are you sure you want to withdraw Beta Foods Ltd?", "Yes, withdraw Beta Foods Ltd and cancel 1 meeting",
				url.Values{"status": {"withdrawn"}, "unschedule_conflicts": {"1"}}, func() bool {
					return count(&models.Registration{}, "id = ? AND status = 'withdrawn'", f.RegB.ID) == 1 &&
						count(&models.Meeting{}, "id = ? AND status = 'cancelled'", f.BMeeting.ID) == 1
				}},
			{"remove a delegate", regA, fmt.Sprintf("%s/delegates/%d/delete", regA, f.AnnA.ID), "Are you sure you want to remove Ann Archer?", "Yes, remove Ann Archer",
				nil, func() bool { return count(&models.Delegate{}, "id = ?", f.AnnA.ID) == 0 }},
			{"revoke a calendar link", regA + "/itinerary", fmt.Sprintf("%s/feeds/%d/revoke", regA, feed.ID), "Are you sure you want to revoke the calendar link for Bob Baker?", "Yes, revoke the link",
				nil, func() bool { return count(&models.CalendarFeed{}, "id = ? AND revoked_at IS NOT NULL", feed.ID) == 1 }},
			{"remove a travel time", mp + "/locations", fmt.Sprintf("%s/travel-times/%d/delete", mp, tt.ID), "Are you sure you want to remove the travel time between Chicago and Rockford?", "Yes, remove the travel time",
				nil, func() bool { return count(&models.MissionTravelTime{}, "id = ?", tt.ID) == 0 }},
			{"remove a programme item", fmt.Sprintf("%s/programme/%d/edit", mp, f.Briefing.ID), fmt.Sprintf("%s/programme/%d/delete", mp, f.Briefing.ID),
				`Are you sure you want to remove "Welcome briefing" from the programme?`, "Yes, remove it",
				nil, func() bool { return count(&models.ProgrammeItem{}, "id = ?", f.Briefing.ID) == 0 }},
			{"cancel a meeting", fmt.Sprintf("%s/meetings/%d", mp, f.MondayRockford.ID), fmt.Sprintf("%s/meetings/%d/cancel", mp, f.MondayRockford.ID),
				"Are you sure you want to cancel the meeting between Alpha Widgets Ltd and Dan Evans on Mon 15 Mar at 11:30?", "Yes, cancel the meeting",
				nil, func() bool {
					return count(&models.Meeting{}, "id = ? AND status = 'cancelled'", f.MondayRockford.ID) == 1
				}},
			{"archive a contact", fmt.Sprintf("/contacts/%d", f.ContactRockfd.ID), fmt.Sprintf("/contacts/%d/archive", f.ContactRockfd.ID),
				"Are you sure you want to archive Dan Evans (Rock River Software)?", "Yes, archive Dan Evans",
				nil, func() bool {
					return count(&models.Contact{}, "id = ? AND archived_at IS NOT NULL", f.ContactRockfd.ID) == 1
				}},
		}
		for _, tc := range tests {
			t.Run(tc.name, func(t *testing.T) {
				action := tc.confirm
				if i := strings.IndexByte(action, '?'); i >= 0 {
					action = action[:i]
				}
				if r := c.Get(tc.page); r.Status != http.StatusOK || !strings.Contains(html.UnescapeString(r.Body), `href="`+tc.confirm+`"`) {
					t.Fatalf("%s: %d, no link to %s", tc.page, r.Status, tc.confirm)
				}
				r := c.Get(tc.confirm)
				body := html.UnescapeString(r.Body)
				if r.Status != http.StatusOK || !strings.Contains(body, "<h1>"+tc.heading+"</h1>") || !strings.Contains(body, tc.button+"</button>") ||
					!strings.Contains(body, `action="`+action+`"`) || !strings.Contains(body, `name="_csrf"`) || !strings.Contains(body, "No, go back") {
					t.Fatalf("confirmation page %s: %d\n%s", tc.confirm, r.Status, r.Body)
				}
				for k := range tc.form {
					if !strings.Contains(body, `name="`+k+`" value="`+tc.form.Get(k)+`"`) {
						t.Errorf("the form does not send %s=%s", k, tc.form.Get(k))
					}
				}
				if tc.done() {
					t.Fatal("looking at the confirmation page did it already")
				}
				if r := c.PostForm(action, tc.form); r.Status != http.StatusSeeOther {
					t.Fatalf("POST %s: %d\n%s", action, r.Status, r.Body)
				}
				if !tc.done() {
					t.Fatal("confirming did not do it")
				}
			})
		}
		t.Run("a change the firm cannot make leads back to its page", func(t *testing.T) {
			if r := c.Get(regA + "/status?status=rejected"); r.Status != http.StatusSeeOther || r.Location() != regA {
				t.Fatalf("reject a confirmed firm: %d %q", r.Status, r.Location())
			}
		})
		t.Run("another mission's location is not found", func(t *testing.T) {
			if r := c.Get(fmt.Sprintf("/missions/%d/locations/%d/delete", f.Mission.ID+1, f.Downtown.ID)); r.Status != http.StatusNotFound {
				t.Fatalf("%d", r.Status)
			}
		})
	})
}

// Removing a travel time that breaks meetings asks once: the "Are you sure?" page names the travel time
// and lists the meetings that would return to requests, and its form agrees to exactly those. A form
// that agreed to other meetings (the timetable changed since the page was shown) is asked again.
func TestConfirmationListsBrokenMeetings(t *testing.T) {
	apptest.EachDB(t, func(t *testing.T, db *gorm.DB) {
		a := apptest.New(t, db, testNow)
		f := seedItinerary(t, db)
		c, _ := a.SignedIn("staff", "sam@agency.example")
		// Without its 90 minutes the default of 120 applies between Chicago and Rockford, and Monday's
		// 09:00 downtown meeting leaves 105 minutes before the 11:30 one in Rockford: both break.
		must(t, db.Model(&models.Mission{}).Where("id = ?", f.Mission.ID).Update("default_travel_minutes", 120).Error)
		var tt models.MissionTravelTime
		must(t, db.Where("mission_id = ?", f.Mission.ID).First(&tt).Error)
		mp := fmt.Sprintf("/missions/%d", f.Mission.ID)
		action := fmt.Sprintf("%s/travel-times/%d/delete", mp, tt.ID)

		r := c.Get(action)
		body := html.UnescapeString(r.Body)
		for _, want := range []string{"Are you sure you want to remove the travel time between Chicago and Rockford?", "2 scheduled meetings will return to requests",
			"Alpha Widgets Ltd with Dan Evans", "Mon 15 Mar 11:30–12:15", "Mon 15 Mar 09:00–09:45", "Not enough time to travel", "Yes, remove the travel time and return 2 meetings to requests</button>",
			`name="unschedule_conflicts" value="1"`, fmt.Sprintf(`name="agreed_meetings" value="%d %d"`, f.MondayDowntown.ID, f.MondayRockford.ID)} {
			if !strings.Contains(body, want) {
				t.Errorf("the confirmation page lacks %q:\n%s", want, r.Body)
			}
		}
		meeting := func() models.Meeting {
			var mt models.Meeting
			must(t, db.First(&mt, f.MondayRockford.ID).Error)
			return mt
		}
		// A form that agreed to one meeting only (as a page shown before the other was booked would): asked again.
		if r := c.PostForm(action, url.Values{"unschedule_conflicts": {"1"}, "agreed_meetings": {fmt.Sprint(f.MondayDowntown.ID)}}); r.Status != http.StatusConflict || !strings.Contains(r.Body, "Dan Evans") {
			t.Fatalf("POST agreeing to no meeting: %d\n%s", r.Status, r.Body)
		}
		if meeting().Status != "scheduled" {
			t.Fatal("the meeting moved on a refused removal")
		}
		if r := c.PostForm(action, url.Values{"unschedule_conflicts": {"1"}, "agreed_meetings": {fmt.Sprintf("%d %d", f.MondayDowntown.ID, f.MondayRockford.ID)}}); r.Status != http.StatusSeeOther {
			t.Fatalf("POST from the confirmation page: %d\n%s", r.Status, r.Body)
		}
		if mt := meeting(); mt.Status != "requested" || mt.StartsAt != nil {
			t.Errorf("the meeting after the removal: %s %v", mt.Status, mt.StartsAt)
		}
		var n int64
		must(t, db.Model(&models.MissionTravelTime{}).Where("id = ?", tt.ID).Count(&n).Error)
		if n != 0 {
			t.Error("the travel time is still there")
		}
	})
}

// A location that meetings or programme items use cannot be removed: its page says so at once and lists
// them, with no button to press (rather than ask "Are you sure?" and then refuse).
func TestConfirmationOfABusyLocation(t *testing.T) {
	apptest.EachDB(t, func(t *testing.T, db *gorm.DB) {
		a := apptest.New(t, db, testNow)
		f := seedItinerary(t, db)
		c, _ := a.SignedIn("staff", "sam@agency.example")
		mp := fmt.Sprintf("/missions/%d", f.Mission.ID)
		r := c.Get(fmt.Sprintf("%s/locations/%d/delete", mp, f.Downtown.ID))
		body := html.UnescapeString(r.Body)
		for _, want := range []string{"<h1>Willis Tower, Chicago cannot be removed yet</h1>", "3 scheduled meetings are there", "Beta Foods Ltd", "Go back"} {
			if !strings.Contains(body, want) {
				t.Errorf("lacks %q", want)
			}
		}
		if strings.Contains(body, "button--warning") {
			t.Error("offers to remove a location in use")
		}
		r = c.Get(fmt.Sprintf("%s/locations/%d/delete", mp, f.Consulate.ID))
		if body := html.UnescapeString(r.Body); !strings.Contains(body, "1 programme item is there") || !strings.Contains(body, "Welcome briefing") {
			t.Errorf("the consulate's page:\n%s", r.Body)
		}
	})
}
