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

func missionForm() url.Values {
	return url.Values{
		"name": {"Birmingham to Chicago 2027"}, "destination_city": {"Chicago"}, "destination_country": {"United States"},
		"timezone": {"America/Chicago"}, "home_timezone": {"Europe/London"},
		"start_date-day": {"11"}, "start_date-month": {"3"}, "start_date-year": {"2027"},
		"end_date-day": {"17"}, "end_date-month": {"3"}, "end_date-year": {"2027"},
		"registration_closes-day": {"12"}, "registration_closes-month": {"2"}, "registration_closes-year": {"2027"},
		"max_firms": {"25"}, "max_delegates_per_firm": {"2"}, "sectors": {"agri_food", "digital_technology"},
		"description": {"A week in Chicago"}, "status": {"open"}, "meeting_minutes": {"45"},
		"day_starts": {"09:00"}, "day_ends": {"17:30"}, "same_city_buffer_minutes": {"30"}, "default_travel_minutes": {"90"},
	}
}

func TestCreateMissionForm(t *testing.T) {
	apptest.EachDB(t, func(t *testing.T, db *gorm.DB) {
		a := apptest.New(t, db, testNow)
		c, _ := a.SignedIn("staff", "sam@agency.example")

		bad := missionForm()
		bad.Set("name", "")
		bad.Set("start_date-day", "31")
		bad.Set("start_date-month", "2")
		bad.Set("end_date-day", "1")
		bad.Set("max_firms", "lots")
		bad.Set("day_starts", "9am")
		r := c.Submit("/missions/new", "/missions", bad)
		if r.Status != http.StatusUnprocessableEntity {
			t.Fatalf("bad mission: %d, want 422", r.Status)
		}
		for _, want := range []string{
			"<title>Error: ", "There is a problem", "Enter a mission name", "Start date must be a real date",
			`href="#start_date-day"`, "Maximum number of firms must be a whole number", "Start of the working day must be a time of day",
			`value="31"`, `value="lots"`, `value="9am"`, `value="Chicago"`,
		} {
			if !strings.Contains(r.Body, want) {
				t.Errorf("422 page lacks %q", want)
			}
		}
		bad = missionForm()
		bad.Set("end_date-day", "1")
		r = c.PostForm("/missions", bad)
		if r.Status != http.StatusUnprocessableEntity || !strings.Contains(r.Body, "Enter an end date that is on or after the start date") {
			t.Fatalf("end before start: %d", r.Status)
		}
		var n int64
		db.Model(&models.Mission{}).Count(&n)
		if n != 0 {
			t.Fatalf("invalid forms created %d missions", n)
		}

		r = c.PostForm("/missions", missionForm())
		if r.Status != http.StatusSeeOther || !strings.HasPrefix(r.Location(), "/missions/") {
			t.Fatalf("good mission: %d to %q", r.Status, r.Location())
		}
		page := c.Get(r.Location())
		if page.Status != http.StatusOK || !strings.Contains(page.Body, "Mission created") || !strings.Contains(page.Body, "11 March 2027 to 17 March 2027") || !strings.Contains(page.Body, "Agri-food") {
			t.Fatalf("mission page after create: %d\n%s", page.Status, page.Body)
		}
		var m models.Mission
		db.First(&m)
		if m.StartDate.String() != "2027-03-11" || m.MaxFirms != 25 || !m.Sectors.Has("digital_technology") || m.Timezone != "America/Chicago" {
			t.Fatalf("saved mission: %+v", m)
		}

		edit := missionForm()
		edit.Set("name", "Chicago 2027 (revised)")
		if r := c.Submit(r.Location()+"/edit", r.Location(), edit); r.Status != http.StatusSeeOther {
			t.Fatalf("edit: %d", r.Status)
		}
		db.First(&m, m.ID)
		if m.Name != "Chicago 2027 (revised)" {
			t.Fatalf("edit not saved: %q", m.Name)
		}
		var audits int64
		db.Model(&models.AuditEvent{}).Where("entity = 'mission' AND entity_id = ?", m.ID).Count(&audits)
		if audits != 2 {
			t.Errorf("audit events for the mission: %d, want 2 (create, update)", audits)
		}
	})
}

func TestMissionsAPI(t *testing.T) {
	apptest.EachDB(t, func(t *testing.T, db *gorm.DB) {
		a := apptest.New(t, db, testNow)
		staff, _ := a.CreateUser("staff", "sam@agency.example")
		token := a.Token(staff)

		if r := a.API("GET", "/api/v1/missions", "", ""); r.Status != http.StatusUnauthorized || !strings.Contains(r.Body, `"errors"`) {
			t.Fatalf("no token: %d %s", r.Status, r.Body)
		}
		if r := a.API("GET", "/api/v1/missions", "mp_wrong", ""); r.Status != http.StatusUnauthorized {
			t.Fatalf("bad token: %d", r.Status)
		}
		// The session cookie is not an API credential.
		c, _ := a.SignedIn("staff", "other@agency.example")
		req, _ := http.NewRequest("GET", "/api/v1/missions", nil)
		if r := c.Do(req); r.Status != http.StatusUnauthorized {
			t.Fatalf("cookie on the API: %d, want 401", r.Status)
		}

		r := a.API("POST", "/api/v1/missions", token, `{"name":"","start_date":"2027-02-31","end_date":"2027-03-17","registration_closes":"2027-02-12","timezone":"Mars/Olympus"}`)
		if r.Status != http.StatusUnprocessableEntity {
			t.Fatalf("bad create: %d %s", r.Status, r.Body)
		}
		var bad struct{ Errors map[string]string }
		json.Unmarshal([]byte(r.Body), &bad)
		for _, f := range []string{"start_date"} {
			if bad.Errors[f] == "" {
				t.Errorf("no error for %s: %s", f, r.Body)
			}
		}
		r = a.API("POST", "/api/v1/missions", token, `{"name":"","start_date":"2027-03-11","end_date":"2027-03-17","registration_closes":"2027-02-12","timezone":"Mars/Olympus"}`)
		json.Unmarshal([]byte(r.Body), &bad)
		if r.Status != http.StatusUnprocessableEntity || bad.Errors["name"] == "" || bad.Errors["timezone"] == "" {
			t.Fatalf("invalid mission: %d %s", r.Status, r.Body)
		}
		if r := a.API("POST", "/api/v1/missions", token, `{"name": "x", "colour": "red"}`); r.Status != http.StatusUnprocessableEntity || !strings.Contains(r.Body, "colour") {
			t.Fatalf("unknown field: %d %s", r.Status, r.Body)
		}
		if r := a.API("POST", "/api/v1/missions", token, `{not json`); r.Status != http.StatusUnprocessableEntity {
			t.Fatalf("malformed JSON: %d %s", r.Status, r.Body)
		}

		r = a.API("POST", "/api/v1/missions", token, `{"name":"Chicago 2027","destination_city":"Chicago","destination_country":"United States","start_date":"2027-03-11","end_date":"2027-03-17","registration_closes":"2027-02-12","sectors":["agri_food"],"max_firms":5}`)
		if r.Status != http.StatusCreated {
			t.Fatalf("create: %d %s", r.Status, r.Body)
		}
		var m map[string]any
		json.Unmarshal([]byte(r.Body), &m)
		if m["start_date"] != "2027-03-11" || m["timezone"] != "America/Chicago" || m["max_firms"].(float64) != 5 || m["id"] == nil {
			t.Fatalf("created: %s", r.Body)
		}
		id := strings.TrimPrefix(r.Header.Get("Location"), "/api/v1/missions/")

		r = a.API("PATCH", "/api/v1/missions/"+id, token, `{"max_firms": 30, "status": "open"}`)
		json.Unmarshal([]byte(r.Body), &m)
		if r.Status != http.StatusOK || m["max_firms"].(float64) != 30 || m["status"] != "open" || m["name"] != "Chicago 2027" {
			t.Fatalf("patch: %d %s", r.Status, r.Body)
		}
		if r := a.API("PATCH", "/api/v1/missions/"+id, token, `{"end_date": "2027-03-01"}`); r.Status != http.StatusUnprocessableEntity || !strings.Contains(r.Body, "end_date") {
			t.Fatalf("patch end before start: %d %s", r.Status, r.Body)
		}
		if r := a.API("GET", "/api/v1/missions/999999", token, ""); r.Status != http.StatusNotFound {
			t.Fatalf("missing mission: %d", r.Status)
		}
		r = a.API("GET", "/api/v1/missions?per_page=1", token, "")
		var list struct {
			Items []map[string]any
			Total int
		}
		json.Unmarshal([]byte(r.Body), &list)
		if r.Status != http.StatusOK || list.Total != 1 || len(list.Items) != 1 {
			t.Fatalf("list: %d %s", r.Status, r.Body)
		}
	})
}

// An object read from the API can be sent back as it is: its read-only keys are accepted and ignored.
func TestAPIRoundTripsReadObjects(t *testing.T) {
	a := apptest.New(t, apptest.OpenDB(t, "sqlite"), testNow)
	staff, _ := a.CreateUser("staff", "sam@agency.example")
	token := a.Token(staff)
	r := a.API("POST", "/api/v1/missions", token, `{"name":"Chicago 2027","destination_city":"Chicago","destination_country":"United States","start_date":"2027-03-11","end_date":"2027-03-17","registration_closes":"2027-02-12"}`)
	if r.Status != http.StatusCreated {
		t.Fatalf("create mission: %d %s", r.Status, r.Body)
	}
	var m map[string]any
	json.Unmarshal([]byte(r.Body), &m)
	m["name"] = "Chicago 2027 (renamed)"
	body, _ := json.Marshal(m)
	if r := a.API("PATCH", "/api/v1/missions/"+strings.TrimPrefix(r.Header.Get("Location"), "/api/v1/missions/"), token, string(body)); r.Status != http.StatusOK || !strings.Contains(r.Body, "(renamed)") {
		t.Fatalf("mission sent back: %d %s", r.Status, r.Body)
	}
	r = a.API("POST", "/api/v1/contacts", token, `{"full_name":"Jane Doe","organisation":"Acme","organisation_type":"buyer"}`)
	if r.Status != http.StatusCreated {
		t.Fatalf("create contact: %d %s", r.Status, r.Body)
	}
	var ct map[string]any
	json.Unmarshal([]byte(r.Body), &ct)
	ct["job_title"] = "Buyer"
	body, _ = json.Marshal(ct)
	if r := a.API("PATCH", "/api/v1/contacts/"+fmt.Sprint(ct["id"]), token, string(body)); r.Status != http.StatusOK || !strings.Contains(r.Body, `"job_title":"Buyer"`) {
		t.Fatalf("contact sent back: %d %s", r.Status, r.Body)
	}
	if r := a.API("PATCH", "/api/v1/contacts/"+fmt.Sprint(ct["id"]), token, `{"favourite_colour":"red"}`); r.Status != http.StatusUnprocessableEntity {
		t.Fatalf("unknown key: %d", r.Status)
	}

	// A delegate with travel, and the registration with its firm and delegates, sent back as read.
	om := openMission(t, a, 5)
	r = a.API("POST", fmt.Sprintf("/api/v1/missions/%d/registrations", om.ID), token,
		`{"firm": {"company_name":"Alpha Ltd","postcode":"B1 1BB","sector":"agri_food","contact_name":"Jo","contact_email":"jo@example.co.uk"}, "objectives":"Meet buyers"}`)
	if r.Status != http.StatusCreated {
		t.Fatalf("create registration: %d %s", r.Status, r.Body)
	}
	reg := r.Header.Get("Location")
	r = a.API("POST", reg+"/delegates", token, `{"full_name":"Priya Shah","email":"priya@example.co.uk","travel_segments":[
		{"direction":"outbound","carrier":"Aer Lingus","number":"EI 125","from":"DUB","to":"ORD","departs_at":"2027-03-10T10:05","arrives_at":"2027-03-10T12:05"}]}`)
	if r.Status != http.StatusCreated {
		t.Fatalf("create delegate: %d %s", r.Status, r.Body)
	}
	del := r.Header.Get("Location")
	var d map[string]any
	json.Unmarshal([]byte(a.API("GET", del, token, "").Body), &d)
	d["job_title"] = "Director"
	body, _ = json.Marshal(d)
	if r := a.API("PATCH", del, token, string(body)); r.Status != http.StatusOK || !strings.Contains(r.Body, `"job_title":"Director"`) ||
		!strings.Contains(r.Body, `"number":"EI 125"`) || !strings.Contains(r.Body, `"arrives_at":"2027-03-10T12:05:00-06:00"`) {
		t.Fatalf("delegate sent back: %d %s", r.Status, r.Body)
	}
	var rg map[string]any
	json.Unmarshal([]byte(a.API("GET", reg, token, "").Body), &rg)
	if _, ok := rg["delegates"]; !ok {
		t.Fatalf("registration read without its delegates: %v", rg)
	}
	rg["objectives"] = "Meet distributors"
	body, _ = json.Marshal(rg)
	if r := a.API("PATCH", reg, token, string(body)); r.Status != http.StatusOK || !strings.Contains(r.Body, "Meet distributors") || !strings.Contains(r.Body, `"status":"applied"`) {
		t.Fatalf("registration sent back: %d %s", r.Status, r.Body)
	}
	rg["firm_id"] = rg["firm_id"].(float64) + 1
	body, _ = json.Marshal(rg)
	if r := a.API("PATCH", reg, token, string(body)); r.Status != http.StatusUnprocessableEntity || !strings.Contains(r.Body, "firm cannot be changed") {
		t.Fatalf("another firm: %d %s", r.Status, r.Body)
	}
}
