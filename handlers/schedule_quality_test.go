package handlers_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"regexp"
	"strings"
	"testing"

	"gorm.io/gorm"

	"github.com/missionplanner/missionplanner/app/apptest"
	"github.com/missionplanner/missionplanner/models"
)

// internalCode matches a code such as "(contact_fully_booked)" left at the end of a reason.
var internalCode = regexp.MustCompile(`\((?:[a-z]+_)+[a-z]+\)`)

// availableOn limits a contact to one window on Monday 15 March 2027.
func availableOn(t *testing.T, a *apptest.App, u *models.User, cm *chicagoMission, contact int, from, to string) {
	t.Helper()
	s, _ := models.LocalInstant(cm.M.Zone(), "2027-03-15", from)
	e, _ := models.LocalInstant(cm.M.Zone(), "2027-03-15", to)
	must(t, a.Store.SetContactAvailability(context.Background(), u, cm.M, cm.Contacts[contact].ID, []models.Interval{{Start: s, End: e}}))
}

func request(t *testing.T, a *apptest.App, u *models.User, cm *chicagoMission, firm int, contacts ...int) {
	t.Helper()
	var ids []uint
	for _, c := range contacts {
		ids = append(ids, cm.Contacts[c].ID)
	}
	_, err := a.Store.CreateMeetingRequests(context.Background(), u, cm.M, cm.Regs[firm].ID, ids, 1, 30)
	must(t, err)
}

// TestSchedulePreviewInTimeOrder: the preview lists proposed meetings by time, not by request.
func TestSchedulePreviewInTimeOrder(t *testing.T) {
	apptest.EachDB(t, func(t *testing.T, db *gorm.DB) {
		a := apptest.New(t, db, testNow)
		c, u := a.SignedIn("staff", "sam@agency.example")
		cm := seedChicago(t, a, 2, 6)
		availableOn(t, a, u, cm, 3, "15:00", "15:30") // the first request can only be in the afternoon
		availableOn(t, a, u, cm, 4, "09:00", "09:30") // the second only in the morning
		request(t, a, u, cm, 0, 3)
		request(t, a, u, cm, 1, 4)
		page := c.Get(fmt.Sprintf("/missions/%d/schedule", cm.M.ID))
		morning, afternoon := strings.Index(page.Body, "Contact 005"), strings.Index(page.Body, "Contact 004")
		if page.Status != http.StatusOK || morning < 0 || afternoon < 0 || morning > afternoon {
			t.Fatalf("preview not in time order: 09:00 row at %d, 15:00 row at %d\n%s", morning, afternoon, page.Body)
		}
		var ans scheduleAnswer
		r := a.API("POST", fmt.Sprintf("/api/v1/missions/%d/schedule", cm.M.ID), a.Token(u), "")
		json.Unmarshal([]byte(r.Body), &ans)
		if len(ans.Placed) != 2 || ans.Placed[0].StartsAt > ans.Placed[1].StartsAt {
			t.Fatalf("API answer not in time order: %s", r.Body)
		}
	})
}

// TestSchedulePreviewReasonsInWords: a reason is a sentence, never ending in an internal code.
func TestSchedulePreviewReasonsInWords(t *testing.T) {
	apptest.EachDB(t, func(t *testing.T, db *gorm.DB) {
		a := apptest.New(t, db, testNow)
		c, u := a.SignedIn("staff", "sam@agency.example")
		cm := seedChicago(t, a, 2, 6)
		availableOn(t, a, u, cm, 3, "10:00", "10:30") // one place for two requests
		request(t, a, u, cm, 0, 3)
		request(t, a, u, cm, 1, 3)
		page := c.Get(fmt.Sprintf("/missions/%d/schedule", cm.M.ID))
		if page.Status != http.StatusOK || !strings.Contains(page.Body, "1 request(s) cannot be placed") ||
			!strings.Contains(page.Body, "the contact&#39;s day is full") {
			t.Fatalf("preview: %d\n%s", page.Status, page.Body)
		}
		if code := internalCode.FindString(page.Body); code != "" {
			t.Fatalf("the preview shows the internal code %s", code)
		}
	})
}

// TestSchedulePreviewQuality: an over-subscribed pair of contacts is shared fairly, and the preview
// and the API say how good the timetable is and which firms are below the minimum.
func TestSchedulePreviewQuality(t *testing.T) {
	apptest.EachDB(t, func(t *testing.T, db *gorm.DB) {
		a := apptest.New(t, db, testNow)
		c, u := a.SignedIn("staff", "sam@agency.example")
		tok := a.Token(u)
		cm := seedChicago(t, a, 4, 6)
		cm.M.MinMeetingsPerFirm = 2
		must(t, a.Store.UpdateMission(context.Background(), u, cm.M))
		// Two contacts with two half-hour places each, asked for by four firms, each wanting both.
		availableOn(t, a, u, cm, 3, "10:00", "11:00")
		availableOn(t, a, u, cm, 4, "10:00", "11:00")
		for f := 0; f < 4; f++ {
			request(t, a, u, cm, f, 3, 4)
		}
		page := c.Get(fmt.Sprintf("/missions/%d/schedule", cm.M.ID))
		for _, want := range []string{
			"4 of 8 request(s)", "4 of the requests could be placed by any timetable", "This timetable places as many as possible",
			"4 request(s) cannot be placed by any timetable", "fewest 1, median 1, most 1",
			"4 firm(s) below the minimum of 2 meetings", "Firm 001 Ltd: 1 meeting(s)", "Firm 004 Ltd: 1 meeting(s)",
		} {
			if !strings.Contains(page.Body, want) {
				t.Errorf("preview lacks %q", want)
			}
		}
		if t.Failed() {
			t.Fatal(page.Body)
		}
		var ans struct {
			Placed     []json.RawMessage
			UpperBound int `json:"upper_bound"`
			Requests   int
			Spread     struct{ Fewest, Median, Most int }
			Firms      []struct {
				RegistrationID uint `json:"registration_id"`
				Firm           string
				Requested      int
				Placed         int
				Meetings       int
				BelowMinimum   bool `json:"below_minimum"`
			}
			BelowMinimum []uint `json:"below_minimum"`
		}
		r := a.API("POST", fmt.Sprintf("/api/v1/missions/%d/schedule", cm.M.ID), tok, "")
		must(t, json.Unmarshal([]byte(r.Body), &ans))
		if r.Status != http.StatusOK || len(ans.Placed) != 4 || ans.UpperBound != 4 || ans.Requests != 8 || ans.Spread.Fewest != 1 || ans.Spread.Most != 1 ||
			len(ans.Firms) != 4 || len(ans.BelowMinimum) != 4 {
			t.Fatalf("API quality: %d %s", r.Status, r.Body)
		}
		for _, f := range ans.Firms {
			if f.Requested != 2 || f.Placed != 1 || f.Meetings != 1 || !f.BelowMinimum || !strings.HasPrefix(f.Firm, "Firm 00") {
				t.Errorf("firm share: %+v", f)
			}
		}
	})
}

// TestMissionMeetingsPerFirmSettings: the minimum and maximum are mission settings on the form and
// the API, checked against each other.
func TestMissionMeetingsPerFirmSettings(t *testing.T) {
	apptest.EachDB(t, func(t *testing.T, db *gorm.DB) {
		a := apptest.New(t, db, testNow)
		c, u := a.SignedIn("staff", "sam@agency.example")
		tok := a.Token(u)
		f := missionForm()
		f.Set("min_meetings_per_firm", "3")
		f.Set("max_meetings_per_firm", "6")
		r := c.Submit("/missions/new", "/missions", f)
		if r.Status != http.StatusSeeOther {
			t.Fatalf("create: %d\n%s", r.Status, r.Body)
		}
		show := c.Get(r.Location())
		if !strings.Contains(show.Body, "at least 3 if possible; at most 6") {
			t.Fatalf("mission page: %s", show.Body)
		}
		edit := r.Location() + "/edit"
		if e := c.Get(edit); !strings.Contains(e.Body, `name="min_meetings_per_firm"`) || !strings.Contains(e.Body, `name="max_meetings_per_firm"`) {
			t.Fatalf("edit form lacks the settings")
		}
		f.Del("_csrf")
		f.Set("min_meetings_per_firm", "7")
		f.Set("max_meetings_per_firm", "many")
		r = c.Submit(edit, r.Location(), f)
		if r.Status != http.StatusUnprocessableEntity || !strings.Contains(r.Body, "Most meetings per firm must be a whole number") || !strings.Contains(r.Body, `value="many"`) {
			t.Fatalf("bad settings: %d\n%s", r.Status, r.Body)
		}
		f.Del("_csrf")
		f.Set("max_meetings_per_firm", "6")
		r = c.Submit(edit, strings.TrimSuffix(edit, "/edit"), f)
		if r.Status != http.StatusUnprocessableEntity || !strings.Contains(r.Body, "no more than the maximum") {
			t.Fatalf("minimum above maximum: %d\n%s", r.Status, r.Body)
		}
		id := strings.TrimPrefix(strings.TrimSuffix(edit, "/edit"), "/missions/")
		api := "/api/v1/missions/" + id
		r = a.API("PATCH", api, tok, `{"max_meetings_per_firm": 4, "min_meetings_per_firm": 2}`)
		var m map[string]any
		json.Unmarshal([]byte(r.Body), &m)
		if r.Status != http.StatusOK || m["max_meetings_per_firm"] != float64(4) || m["min_meetings_per_firm"] != float64(2) {
			t.Fatalf("PATCH: %d %s", r.Status, r.Body)
		}
		r = a.API("PATCH", api, tok, `{"min_meetings_per_firm": -1}`)
		if r.Status != http.StatusUnprocessableEntity || !strings.Contains(r.Body, `"min_meetings_per_firm"`) {
			t.Fatalf("negative minimum: %d %s", r.Status, r.Body)
		}
		if r := a.API("GET", api, tok, ""); !strings.Contains(r.Body, `"max_meetings_per_firm":4`) {
			t.Fatalf("GET: %s", r.Body)
		}
	})
}
