package handlers_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"

	"gorm.io/gorm"

	"github.com/missionplanner/missionplanner/app/apptest"
	"github.com/missionplanner/missionplanner/models"
)

// TestTheDayStartsAndEndsAtTheHotel drives the hotel rule through the API on both databases: a hotel
// booking that would break a scheduled meeting answers 409 listing it; a booking at the edges (exactly
// the travel time after the day starts, exactly the travel time back before it ends) passes and one
// minute more fails with the rule's message; a firm with no rooms has no such rule; and sent again with
// unschedule_conflicts, a change of hotel goes ahead and the meetings it breaks become requests.
func TestTheDayStartsAndEndsAtTheHotel(t *testing.T) {
	apptest.EachDB(t, func(t *testing.T, db *gorm.DB) {
		a := apptest.New(t, db, testNow)
		fx := seedItinerary(t, db) // working day 09:00–17:30; Ann's Monday starts at 09:00 at Willis Tower
		staff, _ := a.CreateUser("staff", "sam@agency.example")
		tok := a.Token(staff)
		ctx := t.Context()
		palmer := models.Hotel{MissionID: fx.Mission.ID, Name: "Palmer House", Address: "17 E Monroe St", City: "Chicago"}
		must(t, a.Store.SaveHotel(ctx, nil, &palmer))
		inn := models.Hotel{MissionID: fx.Mission.ID, Name: "Rockford Inn", Address: "1 Main St", City: "Rockford"}
		must(t, a.Store.SaveHotel(ctx, nil, &inn))
		ann := fmt.Sprintf("/api/v1/delegates/%d", fx.AnnA.ID)
		book := func(h models.Hotel, extra string) *apptest.Response {
			return a.API("PATCH", ann, tok, fmt.Sprintf(`{"hotel_booking": {"hotel_id": %d, "arrives_on": "2027-03-10", "departs_on": "2027-03-17", "room": "single"}%s}`, h.ID, extra))
		}
		meetings := fmt.Sprintf("/api/v1/missions/%d/meetings", fx.Mission.ID)
		var affected struct {
			Errors   map[string]string
			Meetings []models.AffectedMeeting
		}

		t.Run("a booking that would break a meeting answers 409 listing it", func(t *testing.T) {
			r := book(palmer, "")
			must(t, json.Unmarshal([]byte(r.Body), &affected))
			if r.Status != http.StatusConflict || len(affected.Meetings) != 1 || affected.Meetings[0].ID != fx.MondayDowntown.ID ||
				!slices.Contains(affected.Meetings[0].Reasons, "The day starts at the hotel: not enough time to travel from Palmer House (Chicago) to Willis Tower (Chicago) after the 09:00 start of the day: 30 min needed, 0 min left") {
				t.Fatalf("booking: %d %s", r.Status, r.Body)
			}
			var n int64
			must(t, db.Model(&models.HotelBooking{}).Count(&n).Error)
			if n != 0 {
				t.Errorf("the refused booking was saved")
			}
		})

		t.Run("the first meeting: exactly the travel time after the day starts", func(t *testing.T) {
			mt := fmt.Sprintf("/api/v1/meetings/%d", fx.MondayDowntown.ID)
			if r := a.API("PATCH", mt, tok, `{"starts_at": "2027-03-15T09:30", "minutes": 30}`); r.Status != 200 {
				t.Fatalf("move to 09:30: %d %s", r.Status, r.Body)
			}
			if r := book(palmer, ""); r.Status != 200 {
				t.Fatalf("booking once the meeting leaves the time: %d %s", r.Status, r.Body)
			}
			r := a.API("PATCH", mt, tok, `{"starts_at": "2027-03-15T09:29", "minutes": 30}`)
			if r.Status != http.StatusConflict || !strings.Contains(r.Body, "The day starts at the hotel: not enough time to travel from Palmer House (Chicago) to Willis Tower (Chicago) after the 09:00 start of the day: 30 min needed, 29 min left") {
				t.Fatalf("one minute short: %d %s", r.Status, r.Body)
			}
		})

		t.Run("the last meeting: exactly the travel time back before the day ends", func(t *testing.T) {
			post := func(start string) *apptest.Response {
				return a.API("POST", meetings, tok, fmt.Sprintf(`{"registration_id": %d, "contact_id": %d, "starts_at": "%s", "minutes": 45, "location_id": %d}`,
					fx.RegA.ID, fx.ContactDowntown.ID, start, fx.Downtown.ID))
			}
			r := post("2027-03-16T16:16")
			if r.Status != http.StatusConflict || !strings.Contains(r.Body, "The day ends at the hotel: not enough time to travel back from Willis Tower (Chicago) to Palmer House (Chicago) before the 17:30 end of the day: 30 min needed, 29 min left") {
				t.Fatalf("one minute over: %d %s", r.Status, r.Body)
			}
			if r := post("2027-03-16T16:15"); r.Status != http.StatusCreated {
				t.Fatalf("exactly the travel back: %d %s", r.Status, r.Body)
			}
		})

		t.Run("no hotel booking: no rule", func(t *testing.T) {
			// Beta's delegate has no room: a meeting may start with the working day.
			r := a.API("POST", meetings, tok, fmt.Sprintf(`{"registration_id": %d, "contact_id": %d, "starts_at": "2027-03-17T09:00", "minutes": 45, "location_id": %d}`,
				fx.RegB.ID, fx.ContactDowntown.ID, fx.Downtown.ID))
			if r.Status != http.StatusCreated {
				t.Fatalf("a firm without rooms at 09:00: %d %s", r.Status, r.Body)
			}
		})

		t.Run("the staff documents form asks before breaking meetings", func(t *testing.T) {
			c, _ := a.SignedIn("staff", "sue@agency.example")
			docs := fmt.Sprintf("/missions/%d/registrations/%d/delegates/%d/documents", fx.Mission.ID, fx.RegA.ID, fx.AnnA.ID)
			r := c.Submit(docs, docs, url.Values{"hotel_id": {fmt.Sprint(inn.ID)}, "arrives_on-day": {"10"}, "arrives_on-month": {"3"}, "arrives_on-year": {"2027"},
				"departs_on-day": {"17"}, "departs_on-month": {"3"}, "departs_on-year": {"2027"}, "room": {"single"}})
			if r.Status != http.StatusConflict || !strings.Contains(r.Body, "This change affects 2 scheduled meeting(s)") ||
				!strings.Contains(r.Body, "The day starts at the hotel: not enough time to travel from Rockford Inn (Rockford) to Willis Tower (Chicago)") {
				t.Fatalf("documents form moving Ann to Rockford: %d\n%s", r.Status, r.Body)
			}
			var b models.HotelBooking
			must(t, db.Where("delegate_id = ?", fx.AnnA.ID).First(&b).Error)
			if b.HotelID != palmer.ID {
				t.Errorf("the booking changed before staff went ahead")
			}
		})

		t.Run("a change of hotel goes ahead with unschedule_conflicts", func(t *testing.T) {
			r := book(inn, "")
			affected.Meetings = nil
			must(t, json.Unmarshal([]byte(r.Body), &affected))
			var ids []uint
			for _, m := range affected.Meetings {
				ids = append(ids, m.ID)
			}
			if r.Status != http.StatusConflict || len(ids) != 2 || !slices.Contains(ids, fx.MondayDowntown.ID) {
				t.Fatalf("moving to Rockford: %d %s", r.Status, r.Body)
			}
			if r := book(inn, `, "unschedule_conflicts": true`); r.Status != 200 || !strings.Contains(r.Body, fmt.Sprintf(`"hotel_id":%d`, inn.ID)) {
				t.Fatalf("go ahead: %d %s", r.Status, r.Body)
			}
			var requested int64
			must(t, db.Model(&models.Meeting{}).Where("id IN ? AND status = 'requested' AND starts_at IS NULL", ids).Count(&requested).Error)
			if requested != 2 {
				t.Errorf("%d of the 2 meetings became requests", requested)
			}
		})
	})
}
