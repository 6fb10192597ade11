package handlers_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"gorm.io/gorm"

	"github.com/missionplanner/missionplanner/app/apptest"
	"github.com/missionplanner/missionplanner/models"
)

func TestLocationsAndTravel(t *testing.T) {
	apptest.EachDB(t, func(t *testing.T, db *gorm.DB) {
		a := apptest.New(t, db, testNow)
		c, _ := a.SignedIn("staff", "sam@agency.example")
		cm := seedChicago(t, a, 1, 3)
		path := fmt.Sprintf("/missions/%d/locations", cm.M.ID)
		r := c.Get(path)
		if r.Status != http.StatusOK || !strings.Contains(r.Body, "Willis Tower") || !strings.Contains(r.Body, "<td>Rockford</td><td>90</td>") {
			t.Fatalf("locations page: %d\n%s", r.Status, r.Body)
		}
		r = c.PostForm(path, url.Values{"name": {""}, "city": {""}, "address": {"Somewhere"}, "contact_id": {"99999"}})
		if r.Status != http.StatusUnprocessableEntity || !strings.Contains(r.Body, "Enter a name") || !strings.Contains(r.Body, "Enter a city") ||
			!strings.Contains(r.Body, "Select a contact from the list") || !strings.Contains(r.Body, `value="Somewhere"`) {
			t.Fatalf("bad location: %d\n%s", r.Status, r.Body)
		}
		r = c.PostForm(path, url.Values{"name": {"Woodfield Office"}, "city": {"Schaumburg"}, "contact_id": {fmt.Sprint(cm.Contacts[2].ID)}})
		if r.Status != http.StatusSeeOther {
			t.Fatalf("add location: %d", r.Status)
		}
		r = c.Submit(path, fmt.Sprintf("/missions/%d/travel-times", cm.M.ID), url.Values{"city_a": {"Chicago"}, "city_b": {"chicago"}, "minutes": {"x"}})
		if r.Status != http.StatusUnprocessableEntity || !strings.Contains(r.Body, "Travel minutes must be a whole number") {
			t.Fatalf("bad pair: %d", r.Status)
		}
		r = c.PostForm(fmt.Sprintf("/missions/%d/travel-times", cm.M.ID), url.Values{"city_a": {"Schaumburg"}, "city_b": {"Chicago"}, "minutes": {"45"}})
		if r.Status != http.StatusSeeOther {
			t.Fatalf("pair: %d", r.Status)
		}
		// Setting the same pair the other way round replaces it.
		c.Get(path)
		c.PostForm(fmt.Sprintf("/missions/%d/travel-times", cm.M.ID), url.Values{"city_a": {"Chicago"}, "city_b": {"Schaumburg"}, "minutes": {"50"}})
		var pairs []models.MissionTravelTime
		db.Where("mission_id = ?", cm.M.ID).Order("city_b").Find(&pairs)
		if len(pairs) != 2 || pairs[1].Minutes != 50 {
			t.Fatalf("pairs: %+v", pairs)
		}
		c.Get(path)
		r = c.PostForm(fmt.Sprintf("/missions/%d/travel", cm.M.ID), url.Values{"same_city_buffer_minutes": {"-5"}, "default_travel_minutes": {"120"}})
		if r.Status != http.StatusUnprocessableEntity || !strings.Contains(r.Body, "The buffer must be between 0 and 240 minutes") {
			t.Fatalf("bad rules: %d", r.Status)
		}
		r = c.PostForm(fmt.Sprintf("/missions/%d/travel", cm.M.ID), url.Values{"same_city_buffer_minutes": {"20"}, "default_travel_minutes": {"120"}})
		var m models.Mission
		db.First(&m, cm.M.ID)
		if r.Status != http.StatusSeeOther || m.SameCityBufferMinutes != 20 || m.DefaultTravelMinutes != 120 {
			t.Fatalf("rules: %d %+v", r.Status, m)
		}
		r = c.Submit(fmt.Sprintf("%s/%d/edit", path, cm.Consulate.ID), fmt.Sprintf("%s/%d", path, cm.Consulate.ID), url.Values{"name": {"British Consulate General"}, "city": {"Chicago"}})
		if r.Status != http.StatusSeeOther {
			t.Fatalf("edit location: %d", r.Status)
		}

		staff, _ := a.CreateUser("staff", "api@agency.example")
		tok := a.Token(staff)
		r = a.API("POST", fmt.Sprintf("/api/v1/missions/%d/locations", cm.M.ID), tok, `{"name": "Hotel", "address": "1 Hotel Way", "city": "Chicago"}`)
		if r.Status != http.StatusCreated {
			t.Fatalf("API create location: %d %s", r.Status, r.Body)
		}
		if r := a.API("POST", fmt.Sprintf("/api/v1/missions/%d/locations", cm.M.ID), tok, `{"name": "Nowhere"}`); r.Status != http.StatusUnprocessableEntity || !strings.Contains(r.Body, `"city"`) {
			t.Fatalf("API invalid location: %d %s", r.Status, r.Body)
		}
		r = a.API("GET", fmt.Sprintf("/api/v1/missions/%d/locations", cm.M.ID), tok, "")
		if r.Status != http.StatusOK || !strings.Contains(r.Body, `"total":5`) || !strings.Contains(r.Body, "British Consulate General") {
			t.Fatalf("API locations: %d %s", r.Status, r.Body)
		}
	})
}

func TestProgramme(t *testing.T) {
	apptest.EachDB(t, func(t *testing.T, db *gorm.DB) {
		a := apptest.New(t, db, testNow)
		c, _ := a.SignedIn("staff", "sam@agency.example")
		cm := seedChicago(t, a, 2, 3)
		path := fmt.Sprintf("/missions/%d/programme", cm.M.ID)
		item := url.Values{"title": {"Welcome briefing"}, "kind": {"briefing"}, "date-day": {"12"}, "date-month": {"3"}, "date-year": {"2027"},
			"start_time": {"09:00"}, "end_time": {"10:30"}, "location_id": {fmt.Sprint(cm.Consulate.ID)}, "all_registrations": {"yes"}}
		bad := url.Values{}
		for k, v := range item {
			bad[k] = v
		}
		bad.Set("title", "")
		bad.Set("end_time", "08:00")
		bad.Set("all_registrations", "no")
		r := c.Submit(path, path, bad)
		for _, want := range []string{"Enter a title", "Enter an end time that is after the start time", "Select the firms attending", `value="08:00"`} {
			if !strings.Contains(r.Body, want) {
				t.Errorf("bad programme item lacks %q", want)
			}
		}
		bad = url.Values{"title": {"Too early"}, "kind": {"briefing"}, "date-day": {"1"}, "date-month": {"3"}, "date-year": {"2027"}, "start_time": {"09:00"}, "end_time": {"10:00"}}
		if r := c.PostForm(path, bad); r.Status != http.StatusUnprocessableEntity || !strings.Contains(r.Body, "Enter a date during the mission") {
			t.Fatalf("item outside the mission: %d", r.Status)
		}
		// A field that cannot be read refuses the whole item: nothing is saved behind the error page.
		badLocation := url.Values{}
		for k, v := range item {
			badLocation[k] = v
		}
		badLocation.Set("location_id", "abc")
		for range 2 {
			if r := c.PostForm(path, badLocation); r.Status != http.StatusUnprocessableEntity || !strings.Contains(r.Body, "Select a location of this mission") {
				t.Fatalf("unreadable location: %d\n%s", r.Status, r.Body)
			}
		}
		var saved int64
		db.Model(&models.ProgrammeItem{}).Where("mission_id = ?", cm.M.ID).Count(&saved)
		if saved != 0 {
			t.Fatalf("an item with an unreadable location was saved %d times", saved)
		}
		r = c.PostForm(path, item)
		if r.Status != http.StatusSeeOther {
			t.Fatalf("create: %d\n%s", r.Status, r.Body)
		}
		visit := url.Values{"title": {"Site visit"}, "kind": {"site_visit"}, "date-day": {"15"}, "date-month": {"3"}, "date-year": {"2027"},
			"start_time": {"14:00"}, "end_time": {"16:00"}, "all_registrations": {"no"}, "registration_ids": {fmt.Sprint(cm.Regs[1].ID)}}
		c.Get(path)
		if r := c.PostForm(path, visit); r.Status != http.StatusSeeOther {
			t.Fatalf("create site visit: %d", r.Status)
		}
		r = c.Get(path)
		if !strings.Contains(r.Body, "Fri 12 Mar 2027 09:00–10:30") || !strings.Contains(r.Body, "UK 15:00–16:30") || !strings.Contains(r.Body, "All firms") || !strings.Contains(r.Body, "Firm 002 Ltd") {
			t.Fatalf("programme page:\n%s", r.Body)
		}
		var visitItem models.ProgrammeItem
		db.Where("title = ?", "Site visit").First(&visitItem)
		itemPath := fmt.Sprintf("%s/%d", path, visitItem.ID)
		if r := c.Get(itemPath + "/edit"); r.Status != http.StatusOK || !strings.Contains(r.Body, `value="14:00"`) || !strings.Contains(r.Body, `value="no" checked`) {
			t.Fatalf("edit page: %d", r.Status)
		}
		visit.Set("end_time", "16:30")
		if r := c.PostForm(itemPath, visit); r.Status != http.StatusSeeOther {
			t.Fatalf("update: %d", r.Status)
		}
		// The programme blocks meetings of the firms attending only.
		base := fmt.Sprintf("/missions/%d/meetings", cm.M.ID)
		r = c.Submit(base+"/new", base, bookingForm(cm.Regs[0].ID, cm.Contacts[0].ID, "12", "10:00"))
		if r.Status != http.StatusUnprocessableEntity || !strings.Contains(r.Body, "Firm 001 Ltd is due at Welcome briefing then") {
			t.Fatalf("meeting during the briefing: %d\n%s", r.Status, r.Body)
		}
		if r := c.Submit(base+"/new", base, bookingForm(cm.Regs[0].ID, cm.Contacts[0].ID, "15", "14:00")); r.Status != http.StatusSeeOther {
			t.Fatalf("firm 1 is not on the site visit: %d", r.Status)
		}
		if r := c.Submit(base+"/new", base, bookingForm(cm.Regs[1].ID, cm.Contacts[2].ID, "15", "15:00")); r.Status != http.StatusUnprocessableEntity {
			t.Fatalf("firm 2 is on the site visit: %d", r.Status)
		}

		c.Get(itemPath + "/edit")
		if r := c.PostForm(itemPath+"/delete", nil); r.Status != http.StatusSeeOther {
			t.Fatalf("delete: %d", r.Status)
		}
		if r := c.Submit(base+"/new", base, bookingForm(cm.Regs[1].ID, cm.Contacts[2].ID, "15", "15:00")); r.Status != http.StatusSeeOther {
			t.Fatalf("the site visit was removed: %d", r.Status)
		}
		staff, _ := a.CreateUser("staff", "api@agency.example")
		tok := a.Token(staff)
		api := fmt.Sprintf("/api/v1/missions/%d/programme", cm.M.ID)
		r = a.API("POST", api, tok, `{"title": "Networking reception", "kind": "reception", "starts_at": "2027-03-16T18:00", "ends_at": "2027-03-16T20:00"}`)
		var got map[string]any
		json.Unmarshal([]byte(r.Body), &got)
		if r.Status != http.StatusCreated || got["starts_at"] != "2027-03-16T18:00:00-05:00" || got["all_registrations"] != true {
			t.Fatalf("API create: %d %s", r.Status, r.Body)
		}
		if r := a.API("POST", api, tok, `{"title": "x", "kind": "party", "starts_at": "2027-03-14T02:30", "ends_at": "2027-03-14T04:00"}`); r.Status != http.StatusUnprocessableEntity ||
			!strings.Contains(r.Body, "does not exist") || !strings.Contains(r.Body, `"kind"`) {
			t.Fatalf("API invalid: %d %s", r.Status, r.Body)
		}
		r = a.API("GET", api, tok, "")
		if r.Status != http.StatusOK || !strings.Contains(r.Body, `"total":2`) || !strings.Contains(r.Body, `"2027-03-12T09:00:00-06:00"`) {
			t.Fatalf("API list: %d %s", r.Status, r.Body)
		}
	})
}
