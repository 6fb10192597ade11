package handlers_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
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

// upload posts a multipart form with a file, as a browser does, with the CSRF token it last saw.
func upload(t *testing.T, c *apptest.Client, path, filename string, content []byte, fields map[string]string) *apptest.Response {
	t.Helper()
	var buf bytes.Buffer
	w := multipart.NewWriter(&buf)
	w.WriteField("_csrf", c.CSRF())
	for k, v := range fields {
		w.WriteField(k, v)
	}
	if filename != "" {
		fw, _ := w.CreateFormFile("file", filename)
		fw.Write(content)
	}
	w.Close()
	req := httptest.NewRequest(http.MethodPost, path, &buf)
	req.Header.Set("Content-Type", w.FormDataContentType())
	return c.Do(req)
}

func TestContactImport(t *testing.T) {
	apptest.EachDB(t, func(t *testing.T, db *gorm.DB) {
		a := apptest.New(t, db, testNow)
		c, _ := a.SignedIn("staff", "sam@agency.example")
		db.Create(&models.Contact{FullName: "Existing Person", Organisation: "Old Co", OrganisationType: "buyer", Email: "taken@example.com"})

		r := c.Get("/contacts/import/template")
		f, err := excelize.OpenReader(strings.NewReader(r.Body))
		if r.Status != http.StatusOK || err != nil {
			t.Fatalf("template: %d %v", r.Status, err)
		}
		if v, _ := f.GetCellValue("Contacts", "D1"); v != "organisation_type" {
			t.Fatalf("template header D1 = %q", v)
		}

		csv := "full_name,organisation,organisation_type,sector,email,city\n" +
			"Dana Rivers,Lakeshore Foods,Buyer,Agri-food,dana@example.com,Chicago\n" +
			",Nameless Inc,buyer,,x@example.com,Chicago\n" +
			"Ravi Patel,Rock River Tools,distributor,advanced_manufacturing,taken@example.com,Rockford\n" +
			"Mo Chen,Prairie Capital,investor,,mo@example.com,Evanston\n"
		c.Get("/contacts/import")
		r = upload(t, c, "/contacts/import", "contacts.csv", []byte(csv), nil)
		for _, want := range []string{"4 rows read: 2 ready to import, 2 with problems", "<td>3</td><td>full_name</td><td>Enter a full name</td>",
			"<td>4</td><td>email</td><td>A contact with this email address is already in the directory</td>", "Import 2 contacts",
			`name="expected" value="2"`, "contacts.csv"} {
			if !strings.Contains(r.Body, want) {
				t.Errorf("preview lacks %q", want)
			}
		}
		var n int64
		db.Model(&models.Contact{}).Count(&n)
		if r.Status != http.StatusOK || n != 1 {
			t.Fatalf("preview: %d, %d contacts saved (want 1)\n%s", r.Status, n, r.Body)
		}
		if strings.Contains(r.Body, `name="rows"`) {
			t.Fatal("the preview still sends the rows back through the form")
		}
		// The upload is kept server-side as a contacts batch of no mission.
		var batch models.ImportBatch
		if err := db.Order("id DESC").First(&batch).Error; err != nil || batch.Kind != models.ImportKindContacts || batch.MissionID != nil || batch.ImportedAt != nil {
			t.Fatalf("kept batch: %+v %v", batch, err)
		}
		// PostForm adds the poster's CSRF token to the values it is given: each post gets its own.
		previewBody := r.Body
		preview := func() map[string][]string { return confirmValues(t, previewBody, 2) }
		contacts := func() int64 {
			var n int64
			db.Model(&models.Contact{}).Count(&n)
			return n
		}

		// Another user's batch: not found, nothing imported.
		other, _ := a.SignedIn("staff", "olu@agency.example")
		other.Get("/contacts/import")
		if r := other.PostForm("/contacts/import", preview()); r.Status != http.StatusNotFound || !strings.Contains(r.Body, "expired or is not yours") || contacts() != 1 {
			t.Fatalf("another user's batch: %d, %d contacts", r.Status, contacts())
		}

		// A registrations batch posted to the contacts confirmation is not found, and the contacts
		// batch is not found by the firm import either.
		m := openMission(t, a, 10)
		regBatch, err := a.Store.SaveImportBatch(context.Background(), models.ImportKindRegistrations, m.ID, nil, "firms.csv", [][]string{{"Company name"}}, testNow)
		if err != nil {
			t.Fatal(err)
		}
		c.Get("/contacts/import")
		if r := c.PostForm("/contacts/import", map[string][]string{"batch_id": {fmt.Sprint(regBatch.ID)}, "expected": {"2"}}); r.Status != http.StatusNotFound || contacts() != 1 {
			t.Fatalf("registrations batch to the contacts import: %d, %d contacts", r.Status, contacts())
		}
		firmImport := fmt.Sprintf("/missions/%d/registrations/import", m.ID)
		c.Get(firmImport)
		if r := c.PostForm(firmImport, preview()); r.Status != http.StatusNotFound {
			t.Fatalf("contacts batch to the firm import: %d\n%s", r.Status, r.Body)
		}
		var regs int64
		db.Model(&models.Registration{}).Count(&regs)
		if regs != 0 {
			t.Fatalf("the firm import imported %d registrations from a contacts batch", regs)
		}

		// A contact added to the directory since the preview makes row 5 a duplicate: the plan
		// changed, so nothing is imported and a fresh preview is shown.
		if err := a.Store.CreateContact(context.Background(), nil, &models.Contact{FullName: "Mo Chen", Organisation: "Prairie Capital", OrganisationType: "investor", Email: "mo@example.com"}); err != nil {
			t.Fatal(err)
		}
		c.Get("/contacts/import")
		r = c.PostForm("/contacts/import", preview())
		for _, want := range []string{"Nothing has been imported yet", "<td>5</td><td>email</td><td>A contact with this email address is already in the directory</td>", "Import 1 contact<", `name="expected" value="1"`} {
			if !strings.Contains(r.Body, want) {
				t.Errorf("fresh preview lacks %q", want)
			}
		}
		if r.Status != http.StatusConflict || contacts() != 2 {
			t.Fatalf("changed plan: %d, %d contacts (want 2)\n%s", r.Status, contacts(), r.Body)
		}

		// Confirming the fresh preview imports the one remaining row.
		freshBody := r.Body
		r = c.PostForm("/contacts/import", confirmValues(t, freshBody, 1))
		if r.Status != http.StatusSeeOther || r.Location() != "/contacts" || !strings.Contains(c.Get(r.Location()).Body, "1 contacts imported") {
			t.Fatalf("confirm: %d %s\n%s", r.Status, r.Location(), r.Body)
		}
		var dana models.Contact
		db.Where("email = ?", "dana@example.com").First(&dana)
		if contacts() != 3 || dana.OrganisationType != "buyer" || dana.Sector != "agri_food" || dana.City != "Chicago" {
			t.Fatalf("after import: %d contacts, %+v", contacts(), dana)
		}
		if db.First(&batch, batch.ID); batch.ImportedAt == nil {
			t.Fatal("the batch is not marked imported")
		}

		// Confirming the same batch again is refused: nothing is imported twice.
		c.Get("/contacts/import")
		if r := c.PostForm("/contacts/import", confirmValues(t, freshBody, 1)); r.Status != http.StatusConflict || !strings.Contains(r.Body, "already been imported") || contacts() != 3 {
			t.Fatalf("second confirm: %d, %d contacts", r.Status, contacts())
		}
		var danas int64
		db.Model(&models.Contact{}).Where("email = ?", "dana@example.com").Count(&danas)
		if danas != 1 {
			t.Fatalf("dana imported %d times", danas)
		}
		c.Get("/contacts/import")
		if r := c.PostForm("/contacts/import", map[string][]string{"batch_id": {"x"}, "expected": {"1"}}); r.Status != http.StatusUnprocessableEntity {
			t.Fatalf("malformed confirmation: %d", r.Status)
		}
		for name, content := range map[string]string{"notes.pdf": "%PDF-1.4 \x00\x01", "empty.csv": "", "header.csv": "name,colour\nx,red\n"} {
			c.Get("/contacts/import")
			r := upload(t, c, "/contacts/import", name, []byte(content), nil)
			if r.Status != http.StatusUnprocessableEntity || !strings.Contains(r.Body, "error-summary") {
				t.Errorf("%s: %d", name, r.Status)
			}
		}
		c.Get("/contacts/import")
		if r := upload(t, c, "/contacts/import", "", nil, nil); r.Status != http.StatusUnprocessableEntity || !strings.Contains(r.Body, "Select a spreadsheet") {
			t.Errorf("no file: %d", r.Status)
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
