package handlers_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"gorm.io/gorm"

	"github.com/missionplanner/missionplanner/app/apptest"
	"github.com/missionplanner/missionplanner/models"
)

// conflictBody is a 409 answer to a change that would break meetings.
type conflictBody struct {
	Errors   map[string]string        `json:"errors"`
	Meetings []models.AffectedMeeting `json:"meetings"`
}

func decodeConflict(t *testing.T, body string) conflictBody {
	t.Helper()
	var cb conflictBody
	if err := json.Unmarshal([]byte(body), &cb); err != nil {
		t.Fatalf("%v: %s", err, body)
	}
	return cb
}

// TestAPIBreakingChangesAskFirst: a change that would break scheduled meetings answers 409 listing
// them and saves nothing; sent again with "unschedule_conflicts": true it saves and they become requests.
func TestAPIBreakingChangesAskFirst(t *testing.T) {
	apptest.EachDB(t, func(t *testing.T, db *gorm.DB) {
		a := apptest.New(t, db, testNow)
		f := seedItinerary(t, db)
		staff, _ := a.CreateUser("staff", "api@agency.example")
		tok := a.Token(staff)
		status := func(id uint) models.Meeting {
			var mt models.Meeting
			must(t, db.First(&mt, id).Error)
			return mt
		}

		t.Run("programme item over a meeting", func(t *testing.T) {
			path := fmt.Sprintf("/api/v1/missions/%d/programme", f.Mission.ID)
			body := fmt.Sprintf(`{"title": "Breakfast briefing", "kind": "briefing", "starts_at": "2027-03-12T10:00", "ends_at": "2027-03-12T11:00", "registration_ids": [%d]`, f.RegA.ID)
			r := a.API("POST", path, tok, body+"}")
			if r.Status != http.StatusConflict {
				t.Fatalf("POST: %d %s", r.Status, r.Body)
			}
			cb := decodeConflict(t, r.Body)
			if len(cb.Meetings) != 1 || cb.Meetings[0].ID != f.FridayMeeting.ID || cb.Errors["unschedule_conflicts"] == "" ||
				!strings.Contains(strings.Join(cb.Meetings[0].Reasons, " "), "Breakfast briefing") || !strings.HasSuffix(cb.Meetings[0].StartsAt.Format("2006-01-02T15:04Z07:00"), "T10:00-06:00") {
				t.Errorf("409 body: %s", r.Body)
			}
			var n int64
			db.Model(&models.ProgrammeItem{}).Where("title = ?", "Breakfast briefing").Count(&n)
			if n != 0 || status(f.FridayMeeting.ID).Status != "scheduled" {
				t.Fatalf("saved on a 409: %d items, meeting %s", n, status(f.FridayMeeting.ID).Status)
			}
			r = a.API("POST", path, tok, body+`, "unschedule_conflicts": true}`)
			if r.Status != http.StatusCreated {
				t.Fatalf("POST with unschedule_conflicts: %d %s", r.Status, r.Body)
			}
			mt := status(f.FridayMeeting.ID)
			if mt.Status != "requested" || mt.StartsAt != nil || mt.Sequence != f.FridayMeeting.Sequence+1 {
				t.Errorf("meeting after going ahead: %+v", mt)
			}
			if r := a.API("POST", path, tok, `{"title": "Lunch", "kind": "networking", "starts_at": "2027-03-17T12:00", "ends_at": "2027-03-17T13:00", "unschedule_conflicts": "yes"}`); r.Status != http.StatusUnprocessableEntity || !strings.Contains(r.Body, "unschedule_conflicts") {
				t.Errorf("bad flag: %d %s", r.Status, r.Body)
			}
		})

		t.Run("shortening the mission under its meetings", func(t *testing.T) {
			path := fmt.Sprintf("/api/v1/missions/%d", f.Mission.ID)
			r := a.API("PATCH", path, tok, `{"end_date": "2027-03-15"}`)
			if r.Status != http.StatusConflict {
				t.Fatalf("PATCH: %d %s", r.Status, r.Body)
			}
			cb := decodeConflict(t, r.Body)
			if len(cb.Meetings) != 1 || cb.Meetings[0].ID != f.BMeeting.ID {
				t.Errorf("409 body: %s", r.Body)
			}
			var m models.Mission
			db.First(&m, f.Mission.ID)
			if !m.EndDate.Equal(f.Mission.EndDate.Time) || status(f.BMeeting.ID).Status != "scheduled" {
				t.Fatalf("saved on a 409: end %s, meeting %s", m.EndDate, status(f.BMeeting.ID).Status)
			}
			r = a.API("PATCH", path, tok, `{"end_date": "2027-03-15", "unschedule_conflicts": true}`)
			db.First(&m, f.Mission.ID)
			if r.Status != http.StatusOK || m.EndDate.String() != "2027-03-15" {
				t.Fatalf("PATCH with unschedule_conflicts: %d %s", r.Status, r.Body)
			}
			if mt := status(f.BMeeting.ID); mt.Status != "requested" || mt.StartsAt != nil {
				t.Errorf("B's meeting: %+v", mt)
			}
			if mt := status(f.MondayDowntown.ID); mt.Status != "scheduled" {
				t.Errorf("a meeting inside the mission was touched: %+v", mt)
			}
		})

		t.Run("time zone: ask whether meetings keep local times", func(t *testing.T) {
			path := fmt.Sprintf("/api/v1/missions/%d", f.Mission.ID)
			r := a.API("PATCH", path, tok, `{"timezone": "America/New_York"}`)
			if r.Status != http.StatusConflict || !strings.Contains(r.Body, `"meeting_times"`) {
				t.Fatalf("PATCH timezone: %d %s", r.Status, r.Body)
			}
			before := status(f.MondayDowntown.ID)
			r = a.API("PATCH", path, tok, `{"timezone": "America/New_York", "meeting_times": "local"}`)
			if r.Status != http.StatusOK {
				t.Fatalf("PATCH keeping local times: %d %s", r.Status, r.Body)
			}
			after := status(f.MondayDowntown.ID)
			ny, _ := time.LoadLocation("America/New_York")
			if after.StartsAt.In(ny).Format("15:04") != "09:00" || after.StartsAt.Sub(*before.StartsAt) != -time.Hour || after.Sequence != before.Sequence+1 {
				t.Errorf("09:00 Chicago became %s New York (%s)", after.StartsAt.In(ny).Format("15:04"), after.StartsAt.Sub(*before.StartsAt))
			}
			var briefing models.ProgrammeItem
			db.First(&briefing, f.Briefing.ID)
			if briefing.StartsAt.In(ny).Format("15:04") != "09:00" {
				t.Errorf("the briefing moved to %s", briefing.StartsAt.In(ny).Format("15:04"))
			}
			r = a.API("PATCH", path, tok, `{"timezone": "America/Chicago", "meeting_times": "instant"}`)
			if r.Status != http.StatusConflict || len(decodeConflict(t, r.Body).Meetings) == 0 {
				t.Fatalf("keeping instants pushes 09:00 meetings to 08:00 Chicago, before hours: %d %s", r.Status, r.Body)
			}
		})
	})
}

// TestFormBreakingChangesAskFirst: on the web, a change that would break meetings shows them (409)
// with a choice; going ahead posts the same form again and the meetings become requests; stopping
// changes nothing.
func TestFormBreakingChangesAskFirst(t *testing.T) {
	apptest.EachDB(t, func(t *testing.T, db *gorm.DB) {
		a := apptest.New(t, db, testNow)
		c, _ := a.SignedIn("staff", "sam@agency.example")
		f := seedItinerary(t, db)
		mp := fmt.Sprintf("/missions/%d", f.Mission.ID)
		meeting := func(id uint) models.Meeting {
			var mt models.Meeting
			must(t, db.First(&mt, id).Error)
			return mt
		}
		hidden := func(body, name string) string {
			i := strings.Index(body, `name="`+name+`" value="`)
			if i < 0 {
				return ""
			}
			rest := body[i+len(`name="`+name+`" value="`):]
			return rest[:strings.IndexByte(rest, '"')]
		}

		t.Run("programme item over a meeting", func(t *testing.T) {
			vals := url.Values{"title": {"Breakfast briefing"}, "kind": {"briefing"}, "date-day": {"12"}, "date-month": {"3"}, "date-year": {"2027"},
				"start_time": {"09:30"}, "end_time": {"10:30"}, "all_registrations": {"no"}, "registration_ids": {fmt.Sprint(f.RegA.ID)}}
			r := c.Submit(mp+"/programme", mp+"/programme", vals)
			if r.Status != http.StatusConflict {
				t.Fatalf("POST: %d\n%s", r.Status, r.Body)
			}
			for _, want := range []string{"This change affects 1 scheduled meeting(s)", "Nothing has been saved yet", fmt.Sprintf(`href="%s/meetings/%d"`, mp, f.FridayMeeting.ID),
				"Alpha Widgets Ltd is due at Breakfast briefing then", "Fri 12 Mar 10:00–10:45", "UK 16:00–16:45", `name="unschedule_conflicts" value="1"`, "No, stop: change nothing",
				"Go ahead and return 1 meeting(s) to requests"} {
				if !strings.Contains(r.Body, want) {
					t.Errorf("confirmation lacks %q", want)
				}
			}
			if hidden(r.Body, "title") != "Breakfast briefing" || hidden(r.Body, "registration_ids") != fmt.Sprint(f.RegA.ID) {
				t.Errorf("the form's fields are not carried:\n%s", r.Body)
			}
			var n int64
			db.Model(&models.ProgrammeItem{}).Where("title = ?", "Breakfast briefing").Count(&n)
			if n != 0 || meeting(f.FridayMeeting.ID).Status != "scheduled" {
				t.Fatal("saved before staff chose")
			}
			vals.Set("unschedule_conflicts", "1")
			r = c.PostForm(mp+"/programme", vals)
			db.Model(&models.ProgrammeItem{}).Where("title = ?", "Breakfast briefing").Count(&n)
			if r.Status != http.StatusSeeOther || n != 1 {
				t.Fatalf("going ahead: %d, %d items\n%s", r.Status, n, r.Body)
			}
			if mt := meeting(f.FridayMeeting.ID); mt.Status != "requested" || mt.StartsAt != nil {
				t.Errorf("meeting after going ahead: %+v", mt)
			}
		})

		t.Run("time zone change asks about meeting times", func(t *testing.T) {
			r := c.Get(mp + "/edit")
			if r.Status != http.StatusOK {
				t.Fatal(r.Status)
			}
			vals := missionFormValues(t, db, f.Mission.ID)
			vals.Set("timezone", "America/New_York")
			r = c.PostForm(mp, vals)
			if r.Status != http.StatusConflict || !strings.Contains(r.Body, "The time zone changes: what happens to meeting times?") ||
				!strings.Contains(r.Body, `type="radio" value="local"`) || strings.Contains(r.Body, `name="unschedule_conflicts"`) {
				t.Fatalf("time zone question: %d\n%s", r.Status, r.Body)
			}
			var m models.Mission
			db.First(&m, f.Mission.ID)
			if m.Timezone != "America/Chicago" {
				t.Fatal("saved before staff chose")
			}
			vals.Set("meeting_times", "instant")
			r = c.PostForm(mp, vals)
			// Keeping instants moves Monday's 09:00 meeting to 10:00 New York: still in hours, so nothing
			// breaks and it saves.
			db.First(&m, f.Mission.ID)
			if r.Status != http.StatusSeeOther || m.Timezone != "America/New_York" {
				t.Fatalf("keeping instants: %d %s\n%s", r.Status, m.Timezone, r.Body)
			}
			if mt := meeting(f.MondayDowntown.ID); !mt.StartsAt.Equal(*f.MondayDowntown.StartsAt) {
				t.Errorf("the meeting's instant moved: %s", mt.StartsAt)
			}
		})
	})
}

// missionFormValues is the mission form as the edit page would post it.
func missionFormValues(t *testing.T, db *gorm.DB, id uint) url.Values {
	var m models.Mission
	must(t, db.First(&m, id).Error)
	v := url.Values{"name": {m.Name}, "destination_city": {m.DestinationCity}, "destination_country": {m.DestinationCountry}, "timezone": {m.Timezone},
		"home_timezone": {m.HomeTimezone}, "max_firms": {fmt.Sprint(m.MaxFirms)}, "max_delegates_per_firm": {fmt.Sprint(m.MaxDelegatesPerFirm)},
		"status": {m.Status}, "meeting_minutes": {fmt.Sprint(m.MeetingMinutes)}, "day_starts": {m.DayStarts}, "day_ends": {m.DayEnds},
		"same_city_buffer_minutes": {fmt.Sprint(m.SameCityBufferMinutes)}, "default_travel_minutes": {fmt.Sprint(m.DefaultTravelMinutes)}, "sectors": m.Sectors,
		"personal_data_retention_months": {fmt.Sprint(m.PersonalDataRetentionMonths)}, "needs_retention_days": {fmt.Sprint(m.NeedsRetentionDays)}}
	for field, d := range map[string]models.Date{"start_date": m.StartDate, "end_date": m.EndDate, "registration_closes": m.RegistrationCloses} {
		v.Set(field+"-day", fmt.Sprint(d.Day()))
		v.Set(field+"-month", fmt.Sprint(int(d.Month())))
		v.Set(field+"-year", fmt.Sprint(d.Year()))
	}
	return v
}

// TestMoreBreakingChangesAskFirst: narrower availability, a travel time, a location and a firm
// leaving the mission each ask first, and going ahead returns the meetings to requests (cancels them
// for the firm leaving).
func TestMoreBreakingChangesAskFirst(t *testing.T) {
	apptest.EachDB(t, func(t *testing.T, db *gorm.DB) {
		a := apptest.New(t, db, testNow)
		c, _ := a.SignedIn("staff", "sam@agency.example")
		staff, _ := a.CreateUser("staff", "api@agency.example")
		tok := a.Token(staff)
		f := seedItinerary(t, db)
		mp := fmt.Sprintf("/missions/%d", f.Mission.ID)
		meeting := func(id uint) models.Meeting {
			var mt models.Meeting
			must(t, db.First(&mt, id).Error)
			return mt
		}
		reschedule := func(mt models.Meeting) {
			must(t, db.Model(&models.Meeting{}).Where("id = ?", mt.ID).Updates(map[string]any{"status": "scheduled", "starts_at": mt.StartsAt, "ends_at": mt.EndsAt}).Error)
		}
		// ask posts vals to path, expects the confirmation listing want, then goes ahead.
		ask := func(t *testing.T, path string, vals url.Values, want ...uint) {
			t.Helper()
			r := c.PostForm(path, vals)
			if r.Status != http.StatusConflict {
				t.Fatalf("POST %s: %d\n%s", path, r.Status, r.Body)
			}
			if !strings.Contains(r.Body, fmt.Sprintf("This change affects %d scheduled meeting(s)", len(want))) {
				t.Errorf("confirmation:\n%s", r.Body)
			}
			for _, id := range want {
				if !strings.Contains(r.Body, fmt.Sprintf(`href="%s/meetings/%d"`, mp, id)) || meeting(id).Status != "scheduled" {
					t.Errorf("meeting %d not listed, or changed before the choice", id)
				}
			}
			vals.Set("unschedule_conflicts", "1")
			if r := c.PostForm(path, vals); r.Status != http.StatusSeeOther {
				t.Fatalf("going ahead: %d\n%s", r.Status, r.Body)
			}
			for _, id := range want {
				if mt := meeting(id); mt.Status != "requested" || mt.StartsAt != nil {
					t.Errorf("meeting %d after going ahead: %s", id, mt.Status)
				}
			}
		}

		t.Run("narrower availability", func(t *testing.T) {
			path := fmt.Sprintf("%s/contacts/%d/availability", mp, f.ContactDowntown.ID)
			c.Get(path)
			// Carla is now only free on Monday afternoon: Friday's, Monday morning's and Beta's meetings break.
			ask(t, path, url.Values{"from-2027-03-15-1": {"13:00"}, "to-2027-03-15-1": {"17:00"}}, f.FridayMeeting.ID, f.MondayDowntown.ID, f.BMeeting.ID)
		})
		t.Run("a travel time", func(t *testing.T) {
			// Put Monday's downtown meeting back, 105 minutes before the Rockford one.
			must(t, db.Model(&models.Meeting{}).Where("id = ?", f.MondayDowntown.ID).Updates(map[string]any{"status": "scheduled",
				"starts_at": f.MondayDowntown.StartsAt, "ends_at": f.MondayDowntown.EndsAt}).Error)
			must(t, db.Where("contact_id = ?", f.ContactDowntown.ID).Delete(&models.ContactAvailability{}).Error)
			c.Get(mp + "/locations")
			ask(t, mp+"/travel-times", url.Values{"city_a": {"Rockford"}, "city_b": {"Chicago"}, "minutes": {"120"}}, f.MondayDowntown.ID, f.MondayRockford.ID)
			if r := c.PostForm(mp+"/travel-times", url.Values{"city_a": {"Rockford"}, "city_b": {"Chicago"}, "minutes": {"60"}}); r.Status != http.StatusSeeOther {
				t.Errorf("a shorter travel time breaks nothing: %d", r.Status)
			}
		})
		t.Run("a location's city", func(t *testing.T) {
			reschedule(f.MondayDowntown)
			reschedule(f.MondayRockford)
			path := fmt.Sprintf("%s/locations/%d", mp, f.Downtown.ID)
			c.Get(path + "/edit")
			// Willis Tower "moves" to Milwaukee: 120 minutes by default to Rockford, 105 are left.
			must(t, db.Model(&models.Mission{}).Where("id = ?", f.Mission.ID).Update("default_travel_minutes", 120).Error)
			ask(t, path, url.Values{"name": {"Willis Tower"}, "address": {"233 S Wacker Dr"}, "city": {"Milwaukee"}}, f.MondayDowntown.ID, f.MondayRockford.ID)
		})
		t.Run("withdrawing a firm with meetings", func(t *testing.T) {
			// B's meeting was returned to requests by the availability step: schedule it again.
			reschedule(f.BMeeting)
			path := fmt.Sprintf("/api/v1/registrations/%d", f.RegB.ID)
			r := a.API("PATCH", path, tok, `{"status": "withdrawn"}`)
			if r.Status != http.StatusConflict {
				t.Fatalf("PATCH: %d %s", r.Status, r.Body)
			}
			if cb := decodeConflict(t, r.Body); len(cb.Meetings) != 1 || cb.Meetings[0].ID != f.BMeeting.ID || !strings.Contains(cb.Errors["unschedule_conflicts"], "cancelled") {
				t.Errorf("409: %s", r.Body)
			}
			var reg models.Registration
			db.First(&reg, f.RegB.ID)
			if reg.Status != "approved" {
				t.Fatalf("withdrawn before the choice")
			}
			r = a.API("PATCH", path, tok, `{"status": "withdrawn", "unschedule_conflicts": true}`)
			db.First(&reg, f.RegB.ID)
			if r.Status != http.StatusOK || reg.Status != "withdrawn" {
				t.Fatalf("PATCH going ahead: %d %s", r.Status, r.Body)
			}
			if mt := meeting(f.BMeeting.ID); mt.Status != "cancelled" || mt.StartsAt == nil {
				t.Errorf("B's meeting: %s (a cancellation keeps its time)", mt.Status)
			}
		})
		t.Run("rejecting a firm with meetings on the web", func(t *testing.T) {
			// A is confirmed: withdraw it through the status form. Friday's meeting went back to the
			// requests in the availability step: schedule it again.
			reschedule(f.FridayMeeting)
			path := fmt.Sprintf("%s/registrations/%d", mp, f.RegA.ID)
			c.Get(path)
			r := c.PostForm(path+"/status", url.Values{"status": {"withdrawn"}})
			if r.Status != http.StatusConflict || !strings.Contains(r.Body, "Go ahead and cancel") || !strings.Contains(r.Body, fmt.Sprintf(`href="%s/meetings/%d"`, mp, f.FridayMeeting.ID)) {
				t.Fatalf("status form: %d\n%s", r.Status, r.Body)
			}
			r = c.PostForm(path+"/status", url.Values{"status": {"withdrawn"}, "unschedule_conflicts": {"1"}})
			if r.Status != http.StatusSeeOther || meeting(f.FridayMeeting.ID).Status != "cancelled" {
				t.Fatalf("going ahead: %d, meeting %s", r.Status, meeting(f.FridayMeeting.ID).Status)
			}
		})
	})
}
