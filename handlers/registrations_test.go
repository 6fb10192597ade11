package handlers_test

import (
	"context"
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

// openMission saves a mission open for registration until 12 February 2027 (testNow is in November 2026).
func openMission(t *testing.T, a *apptest.App, maxFirms int) *models.Mission {
	t.Helper()
	m := models.NewMission()
	m.Name, m.DestinationCity = "Birmingham to Chicago", "Chicago"
	m.StartDate, m.EndDate, m.RegistrationCloses = models.DateOf(2027, 3, 11), models.DateOf(2027, 3, 17), models.DateOf(2027, 2, 12)
	m.Status, m.MaxFirms, m.MaxDelegatesPerFirm = "open", maxFirms, 2
	if err := a.Store.CreateMission(context.Background(), nil, &m); err != nil {
		t.Fatal(err)
	}
	return &m
}

func firmForm() url.Values {
	return url.Values{
		"company_name": {"Brindley Precision Ltd"}, "companies_house_number": {"99000001"}, "website": {"brindley.example.co.uk"},
		"address": {"1 Canal Street"}, "city": {"Birmingham"}, "postcode": {"b1 2jp"}, "sector": {"advanced_manufacturing"},
		"employees": {"10-49"}, "export_experience": {"some"}, "contact_name": {"Priya Shah"}, "contact_email": {"Priya.Shah@example.co.uk"},
		"contact_phone": {"0121 496 0001"}, "objectives": {"Find a distributor"}, "target_sectors": {"aerospace", "automotive"},
		"wants_to_meet": {"distributor", "buyer"},
	}
}

// register adds a firm through the store and returns its registration.
func register(t *testing.T, a *apptest.App, m *models.Mission, name, ch string) *models.Registration {
	t.Helper()
	f := models.Firm{CompanyName: name, CompaniesHouseNumber: ch, Postcode: "B1 1BB", Sector: "digital_technology", ContactName: "Alex Example", ContactEmail: "alex@example.co.uk"}
	r := models.Registration{}
	if err := a.Store.RegisterFirm(context.Background(), nil, m, testNow, 0, &f, &r); err != nil {
		t.Fatalf("register %s: %v", name, err)
	}
	return &r
}

func TestRegisterFirmForm(t *testing.T) {
	apptest.EachDB(t, func(t *testing.T, db *gorm.DB) {
		a := apptest.New(t, db, testNow)
		c, _ := a.SignedIn("staff", "sam@agency.example")
		m := openMission(t, a, 5)
		newPath := fmt.Sprintf("/missions/%d/registrations/new", m.ID)

		bad := firmForm()
		bad.Set("company_name", "")
		bad.Set("companies_house_number", "1234")
		bad.Set("postcode", "B99 ZZZZ")
		bad.Set("contact_email", "priya at example")
		bad.Set("contact_phone", "call me")
		bad.Set("website", "ftp://x")
		bad.Set("sector", "widgets")
		r := c.Submit(newPath, newPath, bad)
		if r.Status != http.StatusUnprocessableEntity {
			t.Fatalf("bad firm: %d, want 422", r.Status)
		}
		for _, want := range []string{
			"<title>Error: ", "There is a problem", "Enter a company name", "Enter a Companies House number in the correct format",
			"Enter a real UK postcode", "Enter an email address in the correct format", "Enter a telephone number",
			"Enter a website address starting with https://", "Select a sector from the list", `href="#company_name"`,
			`value="B99 ZZZZ"`, `value="call me"`, `value="priya at example"`, `>1 Canal Street</textarea>`, `value="aerospace" checked`,
		} {
			if !strings.Contains(r.Body, want) {
				t.Errorf("422 page lacks %q", want)
			}
		}
		var n int64
		db.Model(&models.Firm{}).Count(&n)
		if n != 0 {
			t.Fatalf("invalid form created %d firms", n)
		}

		// A firm that is not in the directory: the summary's link leads to the message under "A new firm".
		r = c.Submit(newPath, newPath, url.Values{"firm_id": {"99999"}})
		if r.Status != http.StatusUnprocessableEntity {
			t.Fatalf("unknown firm: %d, want 422", r.Status)
		}
		for _, want := range []string{`href="#firm_id"`, `<h2 id="firm_id">A new firm</h2>`, `id="firm_id-error"`, "Select a firm that is in the directory"} {
			if !strings.Contains(r.Body, want) {
				t.Errorf("unknown firm page lacks %q", want)
			}
		}

		r = c.PostForm(newPath, firmForm())
		if r.Status != http.StatusSeeOther || !strings.HasPrefix(r.Location(), fmt.Sprintf("/missions/%d/registrations/", m.ID)) {
			t.Fatalf("good firm: %d to %q\n%s", r.Status, r.Location(), r.Body)
		}
		page := c.Get(r.Location())
		for _, want := range []string{"Brindley Precision Ltd is registered", "B1 2JP", "https://brindley.example.co.uk", "priya.shah@example.co.uk", "Aerospace, Automotive", "Registered: Applied", "sam@agency.example", ">Approve<"} {
			if !strings.Contains(page.Body, want) {
				t.Errorf("registration page lacks %q", want)
			}
		}

		var reg models.Registration
		db.First(&reg)
		// The same Companies House number again, on this mission: already registered, with a link to it.
		dup := firmForm()
		dup.Set("company_name", "Brindley Precision (Birmingham)")
		r = c.Submit(newPath, newPath, dup)
		if r.Status != http.StatusUnprocessableEntity || !strings.Contains(r.Body, "Brindley Precision Ltd is already registered for this mission") ||
			!strings.Contains(r.Body, fmt.Sprintf(`href="/missions/%d/registrations/%d"`, m.ID, reg.ID)) {
			t.Fatalf("duplicate CH number: %d\n%s", r.Status, r.Body)
		}
		// On another mission: the same CH number, or the same name and postcode typed differently, is a
		// duplicate of the directory's firm, with a link to register that firm instead.
		m2 := openMission(t, a, 5)
		newPath2 := fmt.Sprintf("/missions/%d/registrations/new", m2.ID)
		r = c.Submit(newPath2, newPath2, dup)
		if r.Status != http.StatusUnprocessableEntity || !strings.Contains(r.Body, "A firm with Companies House number 99000001 is already in the directory: Brindley Precision Ltd") {
			t.Fatalf("duplicate CH number in the directory: %d\n%s", r.Status, r.Body)
		}
		dup = firmForm()
		dup.Set("companies_house_number", "")
		dup.Set("company_name", "BRINDLEY PRECISION LTD")
		dup.Set("postcode", "B12JP")
		r = c.PostForm(newPath2, dup)
		link := fmt.Sprintf(`href="/missions/%d/registrations/new?firm_id=%d"`, m2.ID, reg.FirmID)
		if r.Status != http.StatusUnprocessableEntity || !strings.Contains(r.Body, "Brindley Precision Ltd at B1 2JP is already in the directory") || !strings.Contains(r.Body, link) {
			t.Fatalf("duplicate name and postcode: %d\n%s", r.Status, r.Body)
		}
		db.Model(&models.Firm{}).Count(&n)
		if n != 1 {
			t.Fatalf("duplicates created firms: %d", n)
		}

		// The existing firm, found by a search on its postcode, is registered by its id.
		search := c.Get(newPath2 + "?q=b1+2jp")
		if !strings.Contains(search.Body, strings.TrimPrefix(link, "href=")[1:len(link)-6]) {
			t.Fatalf("search by postcode does not offer the firm:\n%s", search.Body)
		}
		r = c.Submit(fmt.Sprintf("%s?firm_id=%d", newPath2, reg.FirmID), newPath2, url.Values{"firm_id": {fmt.Sprint(reg.FirmID)}, "objectives": {"Meet investors"}})
		if r.Status != http.StatusSeeOther {
			t.Fatalf("register existing firm: %d\n%s", r.Status, r.Body)
		}

		// After the closing date the form is refused with a clear message.
		a.SetNow(time.Date(2027, 2, 13, 9, 0, 0, 0, time.UTC))
		c = a.Client() // the old session has timed out
		c.SignIn("sam@agency.example", "correct horse battery staple")
		if p := c.Get(newPath); !strings.Contains(p.Body, "Registration for this mission closed on 12 February 2027") || strings.Contains(p.Body, "Register the firm</button>") {
			t.Fatalf("closed form page:\n%s", p.Body)
		}
		other := firmForm()
		other.Set("company_name", "Late Ltd")
		other.Set("companies_house_number", "99000002")
		if r := c.PostForm(newPath, other); r.Status != http.StatusConflict || !strings.Contains(r.Body, "closed on 12 February 2027") {
			t.Fatalf("late registration: %d", r.Status)
		}
	})
}
