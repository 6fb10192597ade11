package handlers_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"gorm.io/gorm"

	"github.com/missionplanner/missionplanner/app/apptest"
)

func TestRegistrationsAPI(t *testing.T) {
	apptest.EachDB(t, func(t *testing.T, db *gorm.DB) {
		a := apptest.New(t, db, testNow)
		staff, _ := a.CreateUser("staff", "sam@agency.example")
		tok := a.Token(staff)
		m := openMission(t, a, 1)
		regs := fmt.Sprintf("/api/v1/missions/%d/registrations", m.ID)
		var errs struct{ Errors map[string]string }

		if r := a.API("GET", regs, "", ""); r.Status != http.StatusUnauthorized {
			t.Fatalf("no token: %d", r.Status)
		}
		r := a.API("POST", regs, tok, `{"firm": {"company_name": "", "postcode": "60601", "sector": "widgets", "contact_email": "x"}, "target_sectors": ["moon"]}`)
		json.Unmarshal([]byte(r.Body), &errs)
		if r.Status != http.StatusUnprocessableEntity || errs.Errors["firm.company_name"] == "" || errs.Errors["firm.postcode"] == "" || errs.Errors["firm.sector"] == "" || errs.Errors["target_sectors"] == "" {
			t.Fatalf("invalid firm: %d %s", r.Status, r.Body)
		}
		if r := a.API("POST", regs, tok, `{"objectives": "x"}`); r.Status != http.StatusUnprocessableEntity || !strings.Contains(r.Body, "firm_id") {
			t.Fatalf("no firm: %d %s", r.Status, r.Body)
		}
		firm := `{"company_name": "Alpha Ltd", "companies_house_number": "99000001", "postcode": "b1 1bb", "sector": "agri_food", "contact_name": "Jo", "contact_email": "jo@example.co.uk"}`
		r = a.API("POST", regs, tok, `{"firm": `+firm+`, "objectives": "Meet buyers", "wants_to_meet": ["buyer"]}`)
		var created struct {
			ID     uint
			Status string
			FirmID uint `json:"firm_id"`
			Firm   struct{ Postcode string }
		}
		json.Unmarshal([]byte(r.Body), &created)
		if r.Status != http.StatusCreated || created.Status != "applied" || created.Firm.Postcode != "B1 1BB" || r.Header.Get("Location") != fmt.Sprintf("/api/v1/registrations/%d", created.ID) {
			t.Fatalf("create: %d %s", r.Status, r.Body)
		}
		// The same firm again: a duplicate in the directory (422 naming the firm's id) …
		m2 := openMission(t, a, 5)
		r = a.API("POST", fmt.Sprintf("/api/v1/missions/%d/registrations", m2.ID), tok, `{"firm": `+firm+`}`)
		if r.Status != http.StatusUnprocessableEntity || !strings.Contains(r.Body, fmt.Sprintf("send firm_id %d", created.FirmID)) {
			t.Fatalf("duplicate firm: %d %s", r.Status, r.Body)
		}
		// … and already registered for the mission (409).
		if r := a.API("POST", regs, tok, fmt.Sprintf(`{"firm_id": %d}`, created.FirmID)); r.Status != http.StatusConflict {
			t.Fatalf("registered twice: %d %s", r.Status, r.Body)
		}
		r = a.API("POST", regs, tok, `{"firm": {"company_name": "Bravo Ltd", "postcode": "B2 2BB", "sector": "agri_food", "contact_name": "Al", "contact_email": "al@example.co.uk"}}`)
		var bravo struct{ ID uint }
		json.Unmarshal([]byte(r.Body), &bravo)

		// PATCH status through the workflow.
		one := fmt.Sprintf("/api/v1/registrations/%d", created.ID)
		if r := a.API("PATCH", one, tok, `{"status": "confirmed"}`); r.Status != http.StatusConflict || !strings.Contains(r.Body, "approve it first") {
			t.Fatalf("illegal transition: %d %s", r.Status, r.Body)
		}
		if r := a.API("PATCH", one, tok, `{"status": "approved", "objectives": "Meet distributors"}`); r.Status != http.StatusOK || !strings.Contains(r.Body, `"status":"approved"`) || !strings.Contains(r.Body, "Meet distributors") {
			t.Fatalf("approve: %d %s", r.Status, r.Body)
		}
		if r := a.API("PATCH", fmt.Sprintf("/api/v1/registrations/%d", bravo.ID), tok, `{"status": "approved"}`); r.Status != http.StatusOK || !strings.Contains(r.Body, `"status":"waitlisted"`) {
			t.Fatalf("approve past capacity: %d %s", r.Status, r.Body)
		}
		if r := a.API("PATCH", one, tok, `{"wants_to_meet": ["alien"]}`); r.Status != http.StatusUnprocessableEntity || !strings.Contains(r.Body, "wants_to_meet") {
			t.Fatalf("bad list: %d %s", r.Status, r.Body)
		}

		// List with filters.
		var list struct {
			Items []struct{ Status string }
			Total int
		}
		r = a.API("GET", regs+"?status=waitlisted&per_page=10", tok, "")
		json.Unmarshal([]byte(r.Body), &list)
		if r.Status != http.StatusOK || list.Total != 1 || len(list.Items) != 1 || list.Items[0].Status != "waitlisted" {
			t.Fatalf("filter: %d %s", r.Status, r.Body)
		}
		r = a.API("GET", regs+"?q=alp", tok, "")
		json.Unmarshal([]byte(r.Body), &list)
		if list.Total != 1 {
			t.Fatalf("search: %s", r.Body)
		}
		if r := a.API("GET", regs+"?status=maybe", tok, ""); r.Status != http.StatusUnprocessableEntity {
			t.Fatalf("bad filter: %d", r.Status)
		}

		// Delegates with nested travel in each airport's local time.
		dels := one + "/delegates"
		body := `{"full_name": "Priya Shah", "email": "Priya@Example.co.uk", "travel_segments": [
			{"direction": "outbound", "carrier": "Aer Lingus", "number": "EI 3271", "from": "BHX", "to": "DUB", "departs_at": "2027-03-10T07:00", "arrives_at": "2027-03-10T08:05"},
			{"direction": "outbound", "carrier": "Aer Lingus", "number": "EI 125", "from": "DUB", "to": "ORD", "departs_at": "2027-03-10T10:05", "arrives_at": "2027-03-10T12:05"}]}`
		r = a.API("POST", dels, tok, body)
		if r.Status != http.StatusCreated || !strings.Contains(r.Body, `"arrives_at":"2027-03-10T12:05:00-06:00"`) || !strings.Contains(r.Body, `"email":"priya@example.co.uk"`) {
			t.Fatalf("create delegate: %d %s", r.Status, r.Body)
		}
		did := strings.TrimPrefix(r.Header.Get("Location"), "/api/v1/delegates/")
		if r := a.API("POST", dels, tok, `{"full_name": "Clone", "email": "priya@example.co.uk"}`); r.Status != http.StatusUnprocessableEntity || !strings.Contains(r.Body, `"email"`) {
			t.Fatalf("duplicate email: %d %s", r.Status, r.Body)
		}
		r = a.API("PATCH", "/api/v1/delegates/"+did, tok, `{"travel_segments": [{"direction": "return", "from": "ORD", "to": "DUB", "departs_at": "2027-03-17T17:55", "arrives_at": "2027-03-17T07:35"}]}`)
		if r.Status != http.StatusUnprocessableEntity || !strings.Contains(r.Body, "travel_segments[0].arrives_at") {
			t.Fatalf("arrival before departure: %d %s", r.Status, r.Body)
		}
		r = a.API("PATCH", "/api/v1/delegates/"+did, tok, `{"job_title": "Director", "travel_segments": [{"direction": "return", "from": "ORD", "to": "DUB", "departs_at": "2027-03-17T17:55", "arrives_at": "2027-03-18T07:35"}]}`)
		if r.Status != http.StatusOK || !strings.Contains(r.Body, `"departs_at":"2027-03-17T17:55:00-05:00"`) || strings.Contains(r.Body, "BHX") || !strings.Contains(r.Body, "Director") {
			t.Fatalf("replace travel: %d %s", r.Status, r.Body)
		}
		r = a.API("GET", dels, tok, "")
		if r.Status != http.StatusOK || !strings.Contains(r.Body, `"total":1`) {
			t.Fatalf("list delegates: %d %s", r.Status, r.Body)
		}
		if r := a.API("GET", one, tok, ""); !strings.Contains(r.Body, `"delegates":[{`) || !strings.Contains(r.Body, `"travel_segments":[{`) {
			t.Fatalf("registration with delegates: %s", r.Body)
		}
		if r := a.API("DELETE", "/api/v1/delegates/"+did, tok, ""); r.Status != http.StatusNoContent {
			t.Fatalf("delete: %d", r.Status)
		}
		if r := a.API("GET", "/api/v1/delegates/"+did, tok, ""); r.Status != http.StatusNotFound {
			t.Fatalf("deleted delegate: %d", r.Status)
		}

		// After the closing date the mission answers 409.
		a.SetNow(time.Date(2027, 3, 1, 9, 0, 0, 0, time.UTC))
		if r := a.API("POST", regs, tok, `{"firm": {"company_name": "Late Ltd", "postcode": "B3 3BB", "sector": "agri_food", "contact_name": "Li", "contact_email": "li@example.co.uk"}}`); r.Status != http.StatusConflict || !strings.Contains(r.Body, "closed on 12 February 2027") {
			t.Fatalf("closed mission: %d %s", r.Status, r.Body)
		}
	})
}
