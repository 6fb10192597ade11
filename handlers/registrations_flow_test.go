package handlers_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
	"gorm.io/gorm"

	"github.com/missionplanner/missionplanner/app/apptest"
	"github.com/missionplanner/missionplanner/models"
)

func TestRegistrationWorkflowPages(t *testing.T) {
	apptest.EachDB(t, func(t *testing.T, db *gorm.DB) {
		a := apptest.New(t, db, testNow)
		c, _ := a.SignedIn("staff", "sam@agency.example")
		m := openMission(t, a, 1)
		first := register(t, a, m, "Alpha Ltd", "")
		second := register(t, a, m, "Bravo Ltd", "")
		page := func(r *models.Registration) string { return fmt.Sprintf("/missions/%d/registrations/%d", m.ID, r.ID) }
		status := func(r *models.Registration, s string) *apptest.Response {
			t.Helper()
			return c.Submit(page(r), page(r)+"/status", url.Values{"status": {s}})
		}

		if r := status(first, "approved"); r.Status != http.StatusSeeOther || !strings.Contains(c.Get(r.Location()).Body, "Alpha Ltd is now approved") {
			t.Fatalf("approve: %d", r.Status)
		}
		r := status(second, "approved")
		if body := c.Get(r.Location()).Body; r.Status != http.StatusSeeOther || !strings.Contains(body, "The mission is full (1 of 1 places taken), so Bravo Ltd has been put on the wait list") || !strings.Contains(body, "Wait-listed") {
			t.Fatalf("approve past capacity: %d", r.Status)
		}
		// An illegal move re-renders the page with the reason and 409.
		if r := status(second, "confirmed"); r.Status != http.StatusConflict || !strings.Contains(r.Body, "cannot be confirmed: approve it first") || !strings.Contains(r.Body, "<title>Error: ") {
			t.Fatalf("confirm a wait-listed firm: %d", r.Status)
		}
		if r := status(second, "dancing"); r.Status != http.StatusUnprocessableEntity {
			t.Fatalf("unknown status: %d", r.Status)
		}
		// Withdrawing the approved firm promotes the wait-listed one, and both pages show it.
		r = status(first, "withdrawn")
		if body := c.Get(r.Location()).Body; !strings.Contains(body, "Bravo Ltd has moved up from the wait list and is now approved") {
			t.Fatalf("withdraw: %d\n%s", r.Status, body)
		}
		body := c.Get(page(second)).Body
		for _, want := range []string{"Status changed from Applied to Wait-listed (approval asked for, but the mission was full)", "Moved up from the wait list: Wait-listed to Approved (a seat was freed when Alpha Ltd became withdrawn)", "sam@agency.example", " UK)</span>"} {
			if !strings.Contains(body, want) {
				t.Errorf("history lacks %q", want)
			}
		}
		// The list: counts per status and seats left, filters, search and sort.
		list := c.Get(fmt.Sprintf("/missions/%d/registrations", m.ID)).Body
		for _, want := range []string{"1 of 1 places taken, 0 seats left", `data-status="approved">1<`, `data-status="withdrawn">1<`, "Alpha Ltd", "Bravo Ltd"} {
			if !strings.Contains(list, want) {
				t.Errorf("list lacks %q", want)
			}
		}
		list = c.Get(fmt.Sprintf("/missions/%d/registrations?status=withdrawn", m.ID)).Body
		if !strings.Contains(list, "Alpha Ltd") || strings.Contains(list, ">Bravo Ltd<") {
			t.Errorf("status filter")
		}
		list = c.Get(fmt.Sprintf("/missions/%d/registrations?q=brav&sort=newest", m.ID)).Body
		if strings.Contains(list, ">Alpha Ltd<") || !strings.Contains(list, ">Bravo Ltd<") {
			t.Errorf("search by name")
		}
		list = c.Get(fmt.Sprintf("/missions/%d/registrations?sector=agri_food", m.ID)).Body
		if !strings.Contains(list, "No registrations match") {
			t.Errorf("sector filter")
		}
		// Editing the registration's own fields: a bad value re-renders, a good one is saved and audited.
		r = c.Submit(page(second)+"/edit", page(second), url.Values{"objectives": {"Meet buyers"}, "wants_to_meet": {"buyer", "wizard"}})
		if r.Status != http.StatusUnprocessableEntity || !strings.Contains(r.Body, "Select organisation types from the list") || !strings.Contains(r.Body, ">Meet buyers</textarea>") {
			t.Fatalf("bad edit: %d\n%s", r.Status, r.Body)
		}
		if r := c.PostForm(page(second), url.Values{"objectives": {"Meet buyers"}, "wants_to_meet": {"buyer"}, "target_sectors": {"agri_food"}}); r.Status != http.StatusSeeOther {
			t.Fatalf("edit: %d", r.Status)
		}
		if body := c.Get(page(second)).Body; !strings.Contains(body, "Meet buyers") || !strings.Contains(body, "Objectives, target sectors or organisations to meet changed") {
			t.Errorf("edit not shown")
		}
		if r := c.Get(fmt.Sprintf("/missions/%d/registrations/%d", m.ID+1, first.ID)); r.Status != http.StatusNotFound {
			t.Errorf("registration under another mission: %d", r.Status)
		}
	})
}

func TestDelegatesAndTravelPages(t *testing.T) {
	apptest.EachDB(t, func(t *testing.T, db *gorm.DB) {
		a := apptest.New(t, db, testNow)
		c, _ := a.SignedIn("staff", "sam@agency.example")
		m := openMission(t, a, 5)
		reg := register(t, a, m, "Alpha Ltd", "")
		other := register(t, a, m, "Bravo Ltd", "")
		base := fmt.Sprintf("/missions/%d/registrations/%d", m.ID, reg.ID)

		r := c.Submit(base+"/delegates/new", base+"/delegates", url.Values{"full_name": {""}, "email": {"not-an-email"}, "phone": {"ring"}, "job_title": {"Director"}})
		if r.Status != http.StatusUnprocessableEntity || !strings.Contains(r.Body, "Enter a full name") || !strings.Contains(r.Body, "Enter an email address in the correct format") || !strings.Contains(r.Body, `value="Director"`) {
			t.Fatalf("bad delegate: %d", r.Status)
		}
		r = c.PostForm(base+"/delegates", url.Values{"full_name": {"Priya Shah"}, "email": {"Priya@Example.co.uk"}, "dietary_requirements": {"Vegetarian"}})
		if r.Status != http.StatusSeeOther || r.Location() != base {
			t.Fatalf("add delegate: %d %s", r.Status, r.Location())
		}
		var d models.Delegate
		db.Where("email = ?", "priya@example.co.uk").First(&d)
		// The same email for a delegate of another firm on the mission: a field error, not a 500.
		obase := fmt.Sprintf("/missions/%d/registrations/%d", m.ID, other.ID)
		r = c.Submit(obase+"/delegates/new", obase+"/delegates", url.Values{"full_name": {"P Shah"}, "email": {"priya@example.co.uk"}})
		if r.Status != http.StatusUnprocessableEntity || !strings.Contains(r.Body, "Another delegate on this mission already has this email address") || !strings.Contains(r.Body, `value="P Shah"`) {
			t.Fatalf("duplicate email: %d", r.Status)
		}
		// At most two delegates (the mission's limit): the third is refused.
		c.PostForm(base+"/delegates", url.Values{"full_name": {"Tom Reed"}, "email": {"tom@example.co.uk"}})
		if p := c.Get(base + "/delegates/new"); !strings.Contains(p.Body, "the most a firm can send on this mission") {
			t.Errorf("full delegate form page")
		}
		if r := c.PostForm(base+"/delegates", url.Values{"full_name": {"Third"}, "email": {"third@example.co.uk"}}); r.Status != http.StatusUnprocessableEntity || !strings.Contains(r.Body, "at most 2 delegates") {
			t.Fatalf("third delegate: %d", r.Status)
		}

		// Travel: local times at each airport, checked.
		travel := fmt.Sprintf("%s/delegates/%d/travel", base, d.ID)
		leg := func(from, to, depDay, dep, arrDay, arr string) url.Values {
			return url.Values{"direction": {"outbound"}, "carrier": {"Aer Lingus"}, "number": {"EI 125"}, "from": {from}, "to": {to},
				"departs_date-day": {depDay}, "departs_date-month": {"3"}, "departs_date-year": {"2027"}, "departs_time": {dep},
				"arrives_date-day": {arrDay}, "arrives_date-month": {"3"}, "arrives_date-year": {"2027"}, "arrives_time": {arr}}
		}
		r = c.Submit(travel+"/new", travel, leg("DUB", "XYZ", "10", "10:05", "10", "12:05"))
		if r.Status != http.StatusUnprocessableEntity || !strings.Contains(r.Body, "Enter the arrival airport as a 3-letter IATA code we know") || !strings.Contains(r.Body, `value="XYZ"`) {
			t.Fatalf("unknown airport: %d", r.Status)
		}
		r = c.PostForm(travel, leg("ORD", "DUB", "17", "17:55", "17", "07:35"))
		if r.Status != http.StatusUnprocessableEntity || !strings.Contains(r.Body, "Enter an arrival that is after the departure") || !strings.Contains(r.Body, `href="#arrives_date-day"`) {
			t.Fatalf("arrival before departure: %d", r.Status)
		}
		r = c.PostForm(travel, leg("DUB", "ORD", "10", "10.05", "", "12:05"))
		if r.Status != http.StatusUnprocessableEntity || !strings.Contains(r.Body, "Enter the time of departure as HH:MM") || !strings.Contains(r.Body, "Date of arrival must include a day") {
			t.Fatalf("bad time and date: %d", r.Status)
		}
		if r := c.PostForm(travel, leg("DUB", "ORD", "10", "10:05", "10", "12:05")); r.Status != http.StatusSeeOther {
			t.Fatalf("good leg: %d\n%s", r.Status, r.Body)
		}
		var seg models.TravelSegment
		db.Where("delegate_id = ?", d.ID).First(&seg)
		if got := seg.ArrivesAt.UTC().Format("2006-01-02 15:04"); got != "2027-03-10 18:05" {
			t.Fatalf("arrival stored as %s UTC, want 18:05 (12:05 in Chicago, UTC-6)", got)
		}
		show := c.Get(base).Body
		if !strings.Contains(show, "Wed 10 Mar 2027 10:05 GMT") || !strings.Contains(show, "Wed 10 Mar 2027 12:05 CST") {
			t.Errorf("travel not shown in airport local time:\n%s", show)
		}
		// Edit keeps the local times in the form; delete removes.
		edit := c.Get(fmt.Sprintf("%s/%d/edit", travel, seg.ID)).Body
		if !strings.Contains(edit, `value="12:05"`) || !strings.Contains(edit, `value="ORD"`) {
			t.Errorf("edit form does not show local times")
		}
		if r := c.PostForm(fmt.Sprintf("%s/%d/delete", travel, seg.ID), nil); r.Status != http.StatusSeeOther {
			t.Fatalf("delete segment: %d", r.Status)
		}
		if r := c.Get(fmt.Sprintf("%s/%d/edit", travel, seg.ID)); r.Status != http.StatusNotFound {
			t.Fatalf("deleted segment: %d, want 404", r.Status)
		}
		if r := c.Submit(base, fmt.Sprintf("%s/delegates/%d/delete", base, d.ID), nil); r.Status != http.StatusSeeOther {
			t.Fatalf("delete delegate: %d", r.Status)
		}
		if r := c.Get(fmt.Sprintf("%s/delegates/%d/edit", base, d.ID)); r.Status != http.StatusNotFound {
			t.Fatalf("deleted delegate: %d, want 404", r.Status)
		}
		var n int64
		db.Model(&models.Delegate{}).Where("registration_id = ?", reg.ID).Count(&n)
		if n != 1 {
			t.Fatalf("delegates left: %d", n)
		}
	})
}

func TestRegistrationsExcel(t *testing.T) {
	apptest.EachDB(t, func(t *testing.T, db *gorm.DB) {
		a := apptest.New(t, db, testNow)
		c, _ := a.SignedIn("staff", "sam@agency.example")
		m := openMission(t, a, 5)
		reg := register(t, a, m, `=HYPERLINK("http://evil.example","Click")`, "99000001")
		if err := a.Store.AddDelegate(context.Background(), nil, reg.ID, &models.Delegate{FullName: "+Priya Shah", Email: "priya@example.co.uk"}, nil); err != nil {
			t.Fatal(err)
		}
		r := c.Get(fmt.Sprintf("/missions/%d/registrations.xlsx", m.ID))
		if r.Status != http.StatusOK || !strings.Contains(r.Header.Get("Content-Disposition"), "attachment") {
			t.Fatalf("export: %d", r.Status)
		}
		f, err := excelize.OpenReader(strings.NewReader(r.Body))
		if err != nil {
			t.Fatal(err)
		}
		cell := func(ref string) string { v, _ := f.GetCellValue("Registrations", ref); return v }
		if cell("A2") != `'=HYPERLINK("http://evil.example","Click")` || cell("B2") != "99000001" || cell("C2") != "Digital technology" || cell("M2") != "Applied" || cell("N2") != "'+Priya Shah <priya@example.co.uk>" {
			t.Fatalf("row 2: %q %q %q %q %q", cell("A2"), cell("B2"), cell("C2"), cell("M2"), cell("N2"))
		}
		if formula, _ := f.GetCellFormula("Registrations", "A2"); formula != "" {
			t.Fatalf("company name became a formula: %q", formula)
		}
	})
}
