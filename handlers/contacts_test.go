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

func contactForm() url.Values {
	return url.Values{"full_name": {"Dana Rivers"}, "organisation": {"Lakeshore Foods Inc"}, "job_title": {"Buyer"}, "organisation_type": {"buyer"},
		"sector": {"agri_food"}, "email": {"Dana@Example.com"}, "phone": {"(312) 555-0101"}, "address": {"1 Lake St"}, "city": {"Chicago"}, "state": {"il"}}
}

func TestContactsPages(t *testing.T) {
	apptest.EachDB(t, func(t *testing.T, db *gorm.DB) {
		a := apptest.New(t, db, testNow)
		c, _ := a.SignedIn("staff", "sam@agency.example")

		bad := contactForm()
		bad.Set("full_name", "")
		bad.Set("organisation_type", "friend")
		bad.Set("email", "not-an-email")
		r := c.Submit("/contacts/new", "/contacts", bad)
		for _, want := range []string{"<title>Error: ", "Enter a full name", "Select an organisation type from the list", "Enter an email address in the correct format", `value="not-an-email"`, `value="Lakeshore Foods Inc"`} {
			if !strings.Contains(r.Body, want) {
				t.Errorf("422 page lacks %q", want)
			}
		}
		if r.Status != http.StatusUnprocessableEntity {
			t.Fatalf("bad contact: %d", r.Status)
		}
		r = c.Submit("/contacts/new", "/contacts", contactForm())
		if r.Status != http.StatusSeeOther {
			t.Fatalf("create: %d\n%s", r.Status, r.Body)
		}
		var ct models.Contact
		db.First(&ct)
		if ct.Email != "dana@example.com" || ct.State != "IL" || ct.OrganisationType != "buyer" {
			t.Fatalf("saved: %+v", ct)
		}
		other := contactForm()
		other.Set("full_name", "Ravi Patel")
		other.Set("organisation", "Rock River Tools")
		other.Set("organisation_type", "distributor")
		other.Set("sector", "advanced_manufacturing")
		other.Set("city", "Rockford")
		other.Set("email", "ravi@example.com")
		c.Submit("/contacts/new", "/contacts", other)
		c.Get("/contacts") // shows and clears the flash

		for q, want := range map[string][2]string{
			"?q=lakeshore":                    {"Dana Rivers", "Ravi Patel"},
			"?city=Rockford":                  {"Ravi Patel", "Dana Rivers"},
			"?sector=agri_food":               {"Dana Rivers", "Ravi Patel"},
			"?organisation_type=distributor":  {"Ravi Patel", "Dana Rivers"},
			"?q=ravi&organisation_type=buyer": {"0 contacts", "Dana Rivers"},
		} {
			r := c.Get("/contacts" + q)
			if r.Status != http.StatusOK || !strings.Contains(r.Body, want[0]) || strings.Contains(r.Body, want[1]) {
				t.Errorf("/contacts%s: %d, want %q without %q", q, r.Status, want[0], want[1])
			}
		}
		edit := contactForm()
		edit.Set("job_title", "Head of Buying")
		if r := c.Submit(fmt.Sprintf("/contacts/%d/edit", ct.ID), fmt.Sprintf("/contacts/%d", ct.ID), edit); r.Status != http.StatusSeeOther {
			t.Fatalf("edit: %d", r.Status)
		}
		edit.Set("organisation", "")
		if r := c.PostForm(fmt.Sprintf("/contacts/%d", ct.ID), edit); r.Status != http.StatusUnprocessableEntity || !strings.Contains(r.Body, "Enter an organisation") {
			t.Fatalf("bad edit: %d", r.Status)
		}
		r = c.Submit(fmt.Sprintf("/contacts/%d", ct.ID), fmt.Sprintf("/contacts/%d/archive", ct.ID), nil)
		if r.Status != http.StatusSeeOther {
			t.Fatalf("archive: %d", r.Status)
		}
		if r := c.Get("/contacts"); !strings.Contains(r.Body, "Contact archived: Dana Rivers") || strings.Contains(r.Body, ">Dana Rivers</a>") || !strings.Contains(r.Body, ">Ravi Patel</a>") {
			t.Fatal("archived contact still listed")
		}
		if r := c.Get("/contacts?archived=1"); !strings.Contains(r.Body, "Dana Rivers") || !strings.Contains(r.Body, "Head of Buying") {
			t.Fatal("archived contact not in the archive")
		}
		if r := c.Get("/contacts/99999"); r.Status != http.StatusNotFound {
			t.Fatalf("missing contact: %d", r.Status)
		}
	})
}

func TestContactsAPI(t *testing.T) {
	apptest.EachDB(t, func(t *testing.T, db *gorm.DB) {
		a := apptest.New(t, db, testNow)
		staff, _ := a.CreateUser("staff", "sam@agency.example")
		tok := a.Token(staff)
		r := a.API("POST", "/api/v1/contacts", tok, `{"full_name": "Dana Rivers", "organisation": "Lakeshore Foods", "organisation_type": "buyer", "city": "Chicago", "sector": "agri_food"}`)
		var got map[string]any
		json.Unmarshal([]byte(r.Body), &got)
		if r.Status != http.StatusCreated || got["id"] == nil || got["archived_at"] != nil {
			t.Fatalf("create: %d %s", r.Status, r.Body)
		}
		id := fmt.Sprint(got["id"])
		if r := a.API("POST", "/api/v1/contacts", tok, `{"full_name": "", "organisation_type": "friend"}`); r.Status != http.StatusUnprocessableEntity ||
			!strings.Contains(r.Body, "full_name") || !strings.Contains(r.Body, "organisation_type") {
			t.Fatalf("invalid: %d %s", r.Status, r.Body)
		}
		r = a.API("PATCH", "/api/v1/contacts/"+id, tok, `{"job_title": "Buyer"}`)
		json.Unmarshal([]byte(r.Body), &got)
		if r.Status != http.StatusOK || got["job_title"] != "Buyer" || got["organisation"] != "Lakeshore Foods" {
			t.Fatalf("patch: %d %s", r.Status, r.Body)
		}
		r = a.API("GET", "/api/v1/contacts?sector=agri_food&city=chicago", tok, "")
		if r.Status != http.StatusOK || !strings.Contains(r.Body, `"total":1`) {
			t.Fatalf("list: %d %s", r.Status, r.Body)
		}
		r = a.API("DELETE", "/api/v1/contacts/"+id, tok, "")
		json.Unmarshal([]byte(r.Body), &got)
		if r.Status != http.StatusOK || got["archived_at"] == nil {
			t.Fatalf("delete: %d %s", r.Status, r.Body)
		}
		if r := a.API("GET", "/api/v1/contacts", tok, ""); !strings.Contains(r.Body, `"total":0`) {
			t.Fatalf("archived contact listed: %s", r.Body)
		}
		if r := a.API("GET", "/api/v1/contacts/"+id, tok, ""); r.Status != http.StatusOK {
			t.Fatalf("get archived: %d", r.Status)
		}
		if r := a.API("DELETE", "/api/v1/contacts/99999", tok, ""); r.Status != http.StatusNotFound {
			t.Fatalf("delete missing: %d", r.Status)
		}
	})
}

func TestContactAvailability(t *testing.T) {
	apptest.EachDB(t, func(t *testing.T, db *gorm.DB) {
		a := apptest.New(t, db, testNow)
		c, _ := a.SignedIn("staff", "sam@agency.example")
		cm := seedChicago(t, a, 1, 3)
		ct := cm.Contacts[2]
		path := fmt.Sprintf("/missions/%d/contacts/%d/availability", cm.M.ID, ct.ID)
		r := c.Submit(path, path, url.Values{"from-2027-03-15-1": {"13:00"}, "to-2027-03-15-1": {"12:00"}, "from-2027-03-16-1": {"9am"}, "to-2027-03-16-1": {"10:00"}})
		if r.Status != http.StatusUnprocessableEntity || !strings.Contains(r.Body, "the end of the window must be after its start") || !strings.Contains(r.Body, `value="9am"`) {
			t.Fatalf("bad availability: %d\n%s", r.Status, r.Body)
		}
		r = c.Submit(path, path, url.Values{"from-2027-03-15-1": {"13:00"}, "to-2027-03-15-1": {"16:00"}})
		if r.Status != http.StatusSeeOther {
			t.Fatalf("save: %d\n%s", r.Status, r.Body)
		}
		if page := c.Get(path); !strings.Contains(page.Body, `value="13:00"`) || !strings.Contains(page.Body, `value="16:00"`) {
			t.Fatal("saved availability not shown")
		}
		base := fmt.Sprintf("/missions/%d/meetings", cm.M.ID)
		r = c.Submit(base+"/new", base, bookingForm(cm.Regs[0].ID, ct.ID, "15", "10:00"))
		if r.Status != http.StatusUnprocessableEntity || !strings.Contains(r.Body, "Contact 003 is not available 10:00–10:45 on Mon 15 Mar") {
			t.Fatalf("booking outside availability: %d\n%s", r.Status, r.Body)
		}
		if r := c.Submit(base+"/new", base, bookingForm(cm.Regs[0].ID, ct.ID, "15", "13:30")); r.Status != http.StatusSeeOther {
			t.Fatalf("booking inside availability: %d", r.Status)
		}
	})
}
