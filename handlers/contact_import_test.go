package handlers_test

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
	"gorm.io/gorm"

	"github.com/missionplanner/missionplanner/app/apptest"
	"github.com/missionplanner/missionplanner/models"
)

func TestContactImport(t *testing.T) {
	apptest.EachDB(t, func(t *testing.T, db *gorm.DB) {
		a := apptest.New(t, db, testNow)
		c, _ := a.SignedIn("staff", "sam@agency.example")
		db.Create(&models.Contact{FullName: "Existing Person", Organisation: "Old Co", OrganisationType: "buyer", Email: "taken@example.com"})

		t.Run("the template names the columns", func(t *testing.T) {
			r := c.Get("/contacts/import/template")
			f, err := excelize.OpenReader(strings.NewReader(r.Body))
			if r.Status != http.StatusOK || err != nil {
				t.Fatalf("template: %d %v", r.Status, err)
			}
			if v, _ := f.GetCellValue("Contacts", "D1"); v != "organisation_type" {
				t.Fatalf("template header D1 = %q", v)
			}
		})

		var batch models.ImportBatch
		var previewBody string
		if !t.Run("a preview checks every row and keeps the upload, importing nothing", func(t *testing.T) {
			csv := "full_name,organisation,organisation_type,sector,email,city\n" +
				"Dana Rivers,Lakeshore Foods,Buyer,Agri-food,dana@example.com,Chicago\n" +
				",Nameless Inc,buyer,,x@example.com,Chicago\n" +
				"Ravi Patel,Rock River Tools,distributor,advanced_manufacturing,taken@example.com,Rockford\n" +
				"Mo Chen,Prairie Capital,investor,,mo@example.com,Evanston\n"
			c.Get("/contacts/import")
			r := upload(t, c, "/contacts/import", "contacts.csv", []byte(csv), nil)
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
			if err := db.Order("id DESC").First(&batch).Error; err != nil || batch.Kind != models.ImportKindContacts || batch.MissionID != nil || batch.ImportedAt != nil {
				t.Fatalf("kept batch: %+v %v", batch, err)
			}
			previewBody = r.Body
		}) {
			return
		}
		// PostForm adds the poster's CSRF token to the values it is given: each post gets its own.
		preview := func() map[string][]string { return confirmValues(t, previewBody, 2) }
		contacts := func() int64 {
			var n int64
			db.Model(&models.Contact{}).Count(&n)
			return n
		}

		t.Run("another user's batch is not found and nothing is imported", func(t *testing.T) {
			other, _ := a.SignedIn("staff", "olu@agency.example")
			other.Get("/contacts/import")
			if r := other.PostForm("/contacts/import", preview()); r.Status != http.StatusNotFound || !strings.Contains(r.Body, "expired or is not yours") || contacts() != 1 {
				t.Fatalf("another user's batch: %d, %d contacts", r.Status, contacts())
			}
		})

		// A registrations batch posted to the contacts confirmation is not found, and the contacts
		// batch is not found by the firm import either.
		t.Run("a batch of the other import is not found", func(t *testing.T) {
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
		})

		var freshBody string
		if !t.Run("a changed plan imports nothing and shows a fresh preview", func(t *testing.T) {
			// A contact added to the directory since the preview makes row 5 a duplicate: the plan
			// changed, so nothing is imported and a fresh preview is shown.
			if err := a.Store.CreateContact(context.Background(), nil, &models.Contact{FullName: "Mo Chen", Organisation: "Prairie Capital", OrganisationType: "investor", Email: "mo@example.com"}); err != nil {
				t.Fatal(err)
			}
			c.Get("/contacts/import")
			r := c.PostForm("/contacts/import", preview())
			for _, want := range []string{"Nothing has been imported yet", "<td>5</td><td>email</td><td>A contact with this email address is already in the directory</td>", "Import 1 contact<", `name="expected" value="1"`} {
				if !strings.Contains(r.Body, want) {
					t.Errorf("fresh preview lacks %q", want)
				}
			}
			if r.Status != http.StatusConflict || contacts() != 2 {
				t.Fatalf("changed plan: %d, %d contacts (want 2)\n%s", r.Status, contacts(), r.Body)
			}

			freshBody = r.Body
		}) {
			return
		}

		t.Run("confirming the fresh preview imports the one remaining row, once", func(t *testing.T) {
			r := c.PostForm("/contacts/import", confirmValues(t, freshBody, 1))
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
		})

		t.Run("bad confirmations and files are refused", func(t *testing.T) {
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
	})
}
