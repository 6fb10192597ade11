package handlers_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"testing"

	"gorm.io/gorm"

	"github.com/missionplanner/missionplanner/app/apptest"
)

func TestStaffItineraryPageAndAPI(t *testing.T) {
	apptest.EachDB(t, func(t *testing.T, db *gorm.DB) {
		a := apptest.New(t, db, testNow)
		f := seedItinerary(t, db)
		c, staff := a.SignedIn("staff", "sam@agency.example")

		r := c.Get(f.pageA())
		if r.Status != http.StatusOK {
			t.Fatalf("itinerary page: %d\n%s", r.Status, r.Body)
		}
		for _, want := range []string{
			"Alpha Widgets Ltd: itinerary", "Fri 12 Mar 2027", "UK is 6 hours ahead of Chicago", "Mon 15 Mar 2027", "UK is 5 hours ahead of Chicago",
			"10:00 → 10:45", "UK 16:00 → 16:45 GMT", // Friday: 6 hours
			"09:00 → 09:45", "UK 14:00 → 14:45 GMT", // Monday: 5 hours
			"Allow 1 h 30 min to travel from Willis Tower (Chicago)", "100 State St, Rockford, IL", "Rock River Software",
			"Welcome briefing", "British Consulate, 625 N Michigan Ave, Chicago", "Bring passports",
			"EI 125: DUB to ORD", "DUB Wed 10 Mar 10:30 (local time)", "ORD Wed 10 Mar 12:45 (local time)",
			"Bob Baker", "Product demo", "Download as Excel", "Create a calendar link", "Create a sign-in link",
		} {
			if !strings.Contains(r.Body, want) {
				t.Errorf("itinerary page lacks %q", want)
			}
		}
		for _, never := range []string{"SECRET", "Beta", "Cancelled"} {
			if strings.Contains(r.Body, never) {
				t.Errorf("itinerary page shows %q", never)
			}
		}
		// Another mission's id or another firm's registration under this mission: not found.
		if r := c.Get(fmt.Sprintf("/missions/%d/registrations/%d/itinerary", f.Mission.ID+1, f.RegA.ID)); r.Status != http.StatusNotFound {
			t.Errorf("wrong mission: %d", r.Status)
		}

		token := a.Token(staff)
		r = a.API("GET", fmt.Sprintf("/api/v1/registrations/%d/itinerary", f.RegA.ID), token, "")
		if r.Status != http.StatusOK {
			t.Fatalf("API itinerary: %d %s", r.Status, r.Body)
		}
		if strings.Contains(r.Body, "SECRET") || strings.Contains(r.Body, "staff_notes") {
			t.Errorf("API itinerary shows staff notes: %s", r.Body)
		}
		var got struct {
			Firm         string
			Timezone     string `json:"timezone"`
			HomeTimezone string `json:"home_timezone"`
			Days         []struct {
				Date    string
				Entries []struct {
					ID, Kind, Title, With, Organisation, Address, Notes string
					StartsAt                                            string `json:"starts_at"`
					HomeStartsAt                                        string `json:"home_starts_at"`
					TravelMinutesBefore                                 int    `json:"travel_minutes_before"`
					Delegates                                           []string
				}
			}
		}
		if err := json.Unmarshal([]byte(r.Body), &got); err != nil {
			t.Fatal(err)
		}
		if got.Timezone != "America/Chicago" || got.HomeTimezone != "Europe/London" {
			t.Errorf("API itinerary zones %q and %q, want America/Chicago and Europe/London", got.Timezone, got.HomeTimezone)
		}
		byID := map[string]int{}
		seen := map[string]string{}
		for _, d := range got.Days {
			for _, e := range d.Entries {
				byID[e.ID] = e.TravelMinutesBefore
				seen[e.ID] = e.StartsAt + " " + e.HomeStartsAt + " " + e.Kind + " " + strings.Join(e.Delegates, ",")
			}
		}
		if want := "2027-03-12T10:00:00-06:00 2027-03-12T16:00:00Z meeting Bob Baker"; seen[fmt.Sprintf("meeting-%d", f.FridayMeeting.ID)] != want {
			t.Errorf("Friday meeting: %q, want %q", seen[fmt.Sprintf("meeting-%d", f.FridayMeeting.ID)], want)
		}
		if want := "2027-03-15T09:00:00-05:00 2027-03-15T14:00:00Z meeting Ann Archer,Bob Baker"; seen[fmt.Sprintf("meeting-%d", f.MondayDowntown.ID)] != want {
			t.Errorf("Monday meeting: %q, want %q", seen[fmt.Sprintf("meeting-%d", f.MondayDowntown.ID)], want)
		}
		if byID[fmt.Sprintf("meeting-%d", f.MondayRockford.ID)] != 90 {
			t.Errorf("Rockford travel_minutes_before: %d", byID[fmt.Sprintf("meeting-%d", f.MondayRockford.ID)])
		}
		if _, ok := seen[fmt.Sprintf("meeting-%d", f.CancelledMeet.ID)]; ok {
			t.Errorf("cancelled meeting in the API itinerary")
		}
		if _, ok := seen[fmt.Sprintf("flight-%d", f.Segment.ID)]; !ok || got.Firm != "Alpha Widgets Ltd" {
			t.Errorf("flight missing or firm %q", got.Firm)
		}
		if r := a.API("GET", "/api/v1/registrations/999999/itinerary", token, ""); r.Status != http.StatusNotFound {
			t.Errorf("missing registration: %d", r.Status)
		}
	})
}

// TestItineraryPageQueries counts the SQL statements of one itinerary page at two sizes: the count
// must not grow with the number of meetings, delegates, contacts and programme items.
func TestItineraryPageQueries(t *testing.T) {
	apptest.EachDB(t, func(t *testing.T, db *gorm.DB) {
		a := apptest.NewWith(t, db, testNow, map[string]string{"PAGE_CACHE": "off"}) // what rendering costs
		f := seedItinerary(t, db)
		c, _ := a.SignedIn("staff", "sam@agency.example")
		var n int
		var statements []string
		counting := false
		count := func(tx *gorm.DB) {
			if counting && !tx.DryRun { // subqueries are built in dry runs: not statements sent
				n++
				statements = append(statements, tx.Statement.SQL.String())
			}
		}
		cb := db.Callback()
		must(t, cb.Query().After("gorm:query").Register("test:count_query", count))
		must(t, cb.Row().After("gorm:row").Register("test:count_row", count))
		must(t, cb.Raw().After("gorm:raw").Register("test:count_raw", count))
		must(t, cb.Create().After("gorm:create").Register("test:count_create", count))
		must(t, cb.Update().After("gorm:update").Register("test:count_update", count))
		measure := func() int {
			c.Get(f.pageA()) // warm: the session and CSRF token settle
			n, counting, statements = 0, true, nil
			r := c.Get(f.pageA())
			counting = false
			if r.Status != http.StatusOK {
				t.Fatalf("page: %d", r.Status)
			}
			return n
		}
		small := measure()
		f.grow(t, db, 12)
		large := measure()
		if !strings.Contains(c.Get(f.pageA()).Body, "Extra Contact 11") {
			t.Fatalf("grown itinerary lacks the new meetings")
		}
		if small != large || small > 25 {
			t.Errorf("queries per itinerary page: %d with 3 meetings, %d with 15 (want equal and bounded); the last:\n%s", small, large, strings.Join(statements, "\n"))
		}
		t.Logf("queries per itinerary page: %d", small)
	})
}
