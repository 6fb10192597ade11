package handlers_test

import (
	"fmt"
	"net/http"
	"strings"
	"testing"

	"gorm.io/gorm"

	"github.com/missionplanner/missionplanner/app/apptest"
	"github.com/missionplanner/missionplanner/models"
)

func TestEditFirmDetails(t *testing.T) {
	apptest.EachDB(t, func(t *testing.T, db *gorm.DB) {
		a := apptest.New(t, db, testNow)
		c, _ := a.SignedIn("staff", "sam@agency.example")
		m := openMission(t, a, 5)
		reg := register(t, a, m, "Alpha Gears Ltd", "99000010")
		other := register(t, a, m, "Beta Castings Ltd", "99000020")
		loner := models.Firm{CompanyName: "Gamma Tools Ltd", Postcode: "B2 2BB", Sector: "agri_food", ContactName: "Gil", ContactEmail: "gil@gamma.example", ExportExperience: "none"}
		must(t, db.Create(&loner).Error) // in the directory, registered for no mission
		regPath := fmt.Sprintf("/missions/%d/registrations/%d", m.ID, reg.ID)
		path := regPath + "/firm"

		if p := c.Get(regPath); !strings.Contains(p.Body, `href="`+path+`"`) || !strings.Contains(p.Body, "Edit the firm's details") {
			t.Fatalf("registration page has no link to edit the firm:\n%s", p.Body)
		}
		edit := c.Get(path)
		for _, want := range []string{`value="Alpha Gears Ltd"`, `value="99000010"`, `value="B1 1BB"`, `value="alex@example.co.uk"`, `value="digital_technology" selected`} {
			if edit.Status != http.StatusOK || !strings.Contains(edit.Body, want) {
				t.Fatalf("edit page: %d, lacks %q\n%s", edit.Status, want, edit.Body)
			}
		}

		// Bad input: 422, a summary, inline messages, the values kept, nothing saved.
		bad := firmForm()
		bad.Set("company_name", "")
		bad.Set("postcode", "B99 ZZZZ")
		bad.Set("contact_email", "priya at example")
		r := c.PostForm(path, bad)
		if r.Status != http.StatusUnprocessableEntity {
			t.Fatalf("bad firm: %d", r.Status)
		}
		for _, want := range []string{"<title>Error: ", "There is a problem", "Enter a company name", "Enter a real UK postcode",
			"Enter an email address in the correct format", `href="#company_name"`, `value="B99 ZZZZ"`, `value="priya at example"`, `>1 Canal Street</textarea>`} {
			if !strings.Contains(r.Body, want) {
				t.Errorf("422 page lacks %q", want)
			}
		}

		// Another registered firm's Companies House number: a field error linking to its registration.
		dup := firmForm()
		dup.Set("companies_house_number", "9900 0020")
		r = c.PostForm(path, dup)
		if r.Status != http.StatusUnprocessableEntity || !strings.Contains(r.Body, "A firm with Companies House number 99000020 is already in the directory: Beta Castings Ltd") ||
			!strings.Contains(r.Body, fmt.Sprintf(`href="/missions/%d/registrations/%d"`, m.ID, other.ID)) || !strings.Contains(r.Body, `href="#companies_house_number"`) {
			t.Fatalf("duplicate CH number: %d\n%s", r.Status, r.Body)
		}
		// Another firm's name and postcode, typed differently: a field error (that firm has no registration to link to).
		dup = firmForm()
		dup.Set("companies_house_number", "")
		dup.Set("company_name", "GAMMA TOOLS LTD")
		dup.Set("postcode", "b22bb")
		r = c.PostForm(path, dup)
		if r.Status != http.StatusUnprocessableEntity || !strings.Contains(r.Body, "Gamma Tools Ltd at B2 2BB is already in the directory") || !strings.Contains(r.Body, `href="#company_name"`) {
			t.Fatalf("duplicate name and postcode: %d\n%s", r.Status, r.Body)
		}
		var f models.Firm
		must(t, db.First(&f, reg.FirmID).Error)
		if f.CompanyName != "Alpha Gears Ltd" || f.CompaniesHouseNumber != "99000010" {
			t.Fatalf("refused edits changed the firm: %+v", f)
		}

		// A good edit (keeping the firm's own number is no duplicate) is normalised, saved and audited.
		good := firmForm()
		good.Set("company_name", "Alpha Gears (Birmingham) Ltd")
		good.Set("companies_house_number", "99000010")
		r = c.PostForm(path, good)
		if r.Status != http.StatusSeeOther || r.Location() != regPath {
			t.Fatalf("good edit: %d to %q\n%s", r.Status, r.Location(), r.Body)
		}
		page := c.Get(regPath)
		for _, want := range []string{"Firm details saved: Alpha Gears (Birmingham) Ltd", "B1 2JP", "https://brindley.example.co.uk", "priya.shah@example.co.uk"} {
			if !strings.Contains(page.Body, want) {
				t.Errorf("registration page after the edit lacks %q", want)
			}
		}
		must(t, db.First(&f, reg.FirmID).Error)
		if f.CompanyName != "Alpha Gears (Birmingham) Ltd" || f.Postcode != "B1 2JP" || f.ContactEmail != "priya.shah@example.co.uk" ||
			f.Website != "https://brindley.example.co.uk" || f.Employees != "10-49" || f.ExportExperience != "some" || f.USPresence {
			t.Fatalf("saved firm: %+v", f)
		}
		var ev models.AuditEvent
		must(t, db.Where("entity = 'firm' AND entity_id = ? AND action = 'update'", f.ID).First(&ev).Error)
		if ev.Actor != "sam@agency.example" || !strings.Contains(ev.Before, "Alpha Gears Ltd") || !strings.Contains(ev.After, "Alpha Gears (Birmingham) Ltd") {
			t.Fatalf("audit event: %+v", ev)
		}

		// A registration of another mission is not found here.
		m2 := openMission(t, a, 5)
		if r := c.Get(fmt.Sprintf("/missions/%d/registrations/%d/firm", m2.ID, reg.ID)); r.Status != http.StatusNotFound {
			t.Fatalf("firm of another mission's registration: %d", r.Status)
		}
	})
}
