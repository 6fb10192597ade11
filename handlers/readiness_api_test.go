package handlers_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"testing"

	"gorm.io/gorm"

	"github.com/missionplanner/missionplanner/app/apptest"
	"github.com/missionplanner/missionplanner/models"
)

func TestReadinessAPI(t *testing.T) {
	apptest.EachDB(t, func(t *testing.T, db *gorm.DB) {
		a := apptest.New(t, db, testNow)
		fx := seedItinerary(t, db)
		staff, _ := a.CreateUser("staff", "sam@agency.example")
		// The day starts at 08:30, so Ann's 09:00 meeting downtown on Monday leaves exactly the 30 minutes
		// from the hotel she is booked into below (the day starts and ends at the hotel).
		must(t, db.Model(&fx.Mission).Update("day_starts", "08:30").Error)
		tok := a.Token(staff)
		hotels := fmt.Sprintf("/api/v1/missions/%d/hotels", fx.Mission.ID)
		var errs struct{ Errors map[string]string }

		t.Run("hotels", func(t *testing.T) {
			r := a.API("POST", hotels, tok, `{"name": "", "city": "Chicago", "check_in": "3pm", "block_starts_on": "2027-03-12", "block_ends_on": "2027-03-11"}`)
			json.Unmarshal([]byte(r.Body), &errs)
			if r.Status != http.StatusUnprocessableEntity || errs.Errors["name"] == "" || errs.Errors["check_in"] == "" || errs.Errors["block_ends_on"] == "" {
				t.Fatalf("invalid hotel: %d %s", r.Status, r.Body)
			}
			r = a.API("POST", hotels, tok, `{"name": "Palmer House", "address": "17 E Monroe St", "city": "Chicago", "block_starts_on": "2027-03-10", "block_ends_on": "2027-03-17", "rooms": 20}`)
			var h models.Hotel
			json.Unmarshal([]byte(r.Body), &h)
			if r.Status != http.StatusCreated || h.ID == 0 || h.LocationID == 0 || h.CheckIn != "15:00" || h.BlockNights() != 7 {
				t.Fatalf("create hotel: %d %s", r.Status, r.Body)
			}
			if r := a.API("GET", hotels, tok, ""); r.Status != 200 || !strings.Contains(r.Body, `"total":1`) {
				t.Fatalf("list: %d %s", r.Status, r.Body)
			}
			// The hotel's location takes part in travel time like any other.
			if r := a.API("GET", fmt.Sprintf("/api/v1/missions/%d/locations", fx.Mission.ID), tok, ""); !strings.Contains(r.Body, "Palmer House") {
				t.Fatalf("the hotel has no location: %s", r.Body)
			}
			r = a.API("PATCH", fmt.Sprintf("%s/%d", hotels, h.ID), tok, `{"address": "17 East Monroe Street"}`)
			if r.Status != 200 || !strings.Contains(r.Body, "17 East Monroe Street") {
				t.Fatalf("patch hotel: %d %s", r.Status, r.Body)
			}
		})

		var hs []models.Hotel
		must(t, db.Find(&hs).Error)
		hotelID := hs[0].ID
		ann := fmt.Sprintf("/api/v1/delegates/%d", fx.AnnA.ID)

		t.Run("delegate fields", func(t *testing.T) {
			r := a.API("PATCH", ann, tok, `{"passport_last4": "123456789", "esta_status": "soon", "passport_expires": "2030-02-30", "hotel_booking": {"hotel_id": 999, "arrives_on": "2027-03-12", "departs_on": "2027-03-11", "room": "suite"}}`)
			json.Unmarshal([]byte(r.Body), &errs)
			if r.Status != http.StatusUnprocessableEntity || errs.Errors["passport_expires"] == "" {
				t.Fatalf("bad date: %d %s", r.Status, r.Body)
			}
			r = a.API("PATCH", ann, tok, `{"passport_last4": "123456789", "esta_status": "soon", "hotel_booking": {"hotel_id": 999, "arrives_on": "2027-03-12", "departs_on": "2027-03-11", "room": "suite"}}`)
			errs.Errors = nil
			json.Unmarshal([]byte(r.Body), &errs)
			if r.Status != http.StatusUnprocessableEntity || errs.Errors["passport_last4"] == "" || errs.Errors["esta_status"] == "" {
				t.Fatalf("bad documents: %d %s", r.Status, r.Body)
			}
			r = a.API("PATCH", ann, tok, `{"hotel_booking": {"hotel_id": 999, "arrives_on": "2027-03-12", "departs_on": "2027-03-11", "room": "suite"}}`)
			errs.Errors = nil
			json.Unmarshal([]byte(r.Body), &errs)
			if r.Status != http.StatusUnprocessableEntity || errs.Errors["hotel_booking.hotel_id"] == "" || errs.Errors["hotel_booking.departs_on"] == "" || errs.Errors["hotel_booking.room"] == "" {
				t.Fatalf("bad booking: %d %s", r.Status, r.Body)
			}
			body := fmt.Sprintf(`{"passport_nationality": "British", "passport_expires": "2031-05-01", "passport_last4": "123x", "esta_status": "approved", "esta_expires": "2028-01-01",
				"mobile_abroad": "+44 7700 900001", "emergency_contact_name": "Pat Archer", "emergency_contact_relationship": "Partner", "emergency_contact_phone": "+44 7700 900002",
				"hotel_booking": {"hotel_id": %d, "arrives_on": "2027-03-10", "departs_on": "2027-03-17", "room": "shared", "confirmation": "PH-1"}}`, hotelID)
			r = a.API("PATCH", ann, tok, body)
			if r.Status != 200 {
				t.Fatalf("patch: %d %s", r.Status, r.Body)
			}
			r = a.API("GET", ann, tok, "")
			for _, want := range []string{`"passport_last4":"123X"`, `"esta_expires":"2028-01-01"`, `"emergency_contact_name":"Pat Archer"`, `"hotel_booking":{"hotel_id":`, `"room":"shared"`, `"arrives_on":"2027-03-10"`} {
				if !strings.Contains(r.Body, want) {
					t.Errorf("GET delegate lacks %s: %s", want, r.Body)
				}
			}
			// Only the last 4 characters are kept, and the audit log masks even those.
			var audit []models.AuditEvent
			must(t, db.Where("entity = 'delegate' AND entity_id = ?", fx.AnnA.ID).Find(&audit).Error)
			for _, ev := range audit {
				if strings.Contains(ev.Before+ev.After, "123X") {
					t.Errorf("the audit log keeps passport_last4: %s", ev.After)
				}
			}
			// A PATCH without hotel_booking keeps it; null removes it.
			if r := a.API("PATCH", ann, tok, `{"job_title": "Director"}`); !strings.Contains(r.Body, `"confirmation":"PH-1"`) {
				t.Errorf("booking lost: %s", r.Body)
			}
		})

		t.Run("readiness", func(t *testing.T) {
			r := a.API("GET", fmt.Sprintf("/api/v1/missions/%d/readiness", fx.Mission.ID), tok, "")
			var out struct {
				Items []struct {
					DelegateID     uint     `json:"delegate_id"`
					RegistrationID uint     `json:"registration_id"`
					Ready          bool     `json:"ready"`
					Missing        []string `json:"missing"`
				}
			}
			json.Unmarshal([]byte(r.Body), &out)
			if r.Status != 200 || len(out.Items) != 3 {
				t.Fatalf("readiness: %d %s", r.Status, r.Body)
			}
			for _, it := range out.Items {
				if it.DelegateID == fx.AnnA.ID {
					// Ann has an outbound flight only, no invitation and no access needs answer.
					if it.Ready || !slices.Equal(it.Missing, []string{"invitation", "flights", "needs"}) || it.RegistrationID != fx.RegA.ID {
						t.Errorf("Ann: %+v", it)
					}
				}
				if it.DelegateID == fx.CarolB.ID && len(it.Missing) != 7 {
					t.Errorf("Carol: %+v", it)
				}
			}
			if r := a.API("GET", "/api/v1/missions/9999/readiness", tok, ""); r.Status != 404 {
				t.Errorf("unknown mission: %d", r.Status)
			}
		})

		t.Run("delete hotel", func(t *testing.T) {
			if r := a.API("DELETE", fmt.Sprintf("%s/%d", hotels, hotelID), tok, ""); r.Status != http.StatusConflict {
				t.Fatalf("hotel with a booking removed: %d %s", r.Status, r.Body)
			}
			if r := a.API("PATCH", ann, tok, `{"hotel_booking": null}`); r.Status != 200 || !strings.Contains(r.Body, `"hotel_booking":null`) {
				t.Fatalf("remove booking: %d %s", r.Status, r.Body)
			}
			if r := a.API("DELETE", fmt.Sprintf("%s/%d", hotels, hotelID), tok, ""); r.Status != http.StatusNoContent {
				t.Fatalf("delete hotel: %d %s", r.Status, r.Body)
			}
		})

		t.Run("delegates cannot use it", func(t *testing.T) {
			u := &models.User{Email: "bob@alpha.example", Name: "Bob", Role: "delegate", RegistrationID: &fx.RegA.ID, DelegateID: &fx.BobA.ID}
			must(t, a.Store.CreateUser(context.Background(), nil, u, "correct horse battery staple"))
			// Readiness is private: to a delegate's token the routes do not exist (TestEveryRouteHasItsAccessRule
			// walks them all, for a delegate of each firm).
			for _, path := range []string{fmt.Sprintf("/api/v1/missions/%d/readiness", fx.Mission.ID), fmt.Sprintf("/api/v1/missions/%d/hotels", fx.Mission.ID),
				fmt.Sprintf("/api/v1/delegates/%d", fx.BobA.ID), fmt.Sprintf("/api/v1/delegates/%d", fx.CarolB.ID)} {
				if r := a.API("GET", path, a.Token(u), ""); r.Status != http.StatusNotFound {
					t.Errorf("delegate token on %s: %d, want 404", path, r.Status)
				}
			}
		})
	})
}
