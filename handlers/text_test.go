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

// The finding: on PostgreSQL a NUL or invalid UTF-8 in any text field answered 500; SQLite stored the
// raw bytes. Control characters, CR/LF and U+202E were stored in one-line fields. Now both databases
// answer 422 with a message beside the field, and keep what may be kept in NFC.
func TestTextRulesOnForms(t *testing.T) {
	apptest.EachDB(t, func(t *testing.T, db *gorm.DB) {
		a := apptest.New(t, db, testNow)
		c, _ := a.SignedIn("staff", "sam@agency.example")
		tests := []struct {
			name, field, value, want string
		}{
			{"NUL", "full_name", "Dana\x00Rivers", "Remove the NUL character"},
			{"invalid UTF-8", "full_name", "Dana \xff\xfe Rivers", "not valid UTF-8"},
			{"invalid UTF-8 in a multi-line field", "notes", "met at \xc3\x28 the fair", "not valid UTF-8"},
			{"escape", "organisation", "Lakeshore \x1b[31mFoods", "Remove the control character"},
			{"right-to-left override", "city", "Chicago\u202egpj.exe", "text-direction control character"},
			{"line break", "job_title", "Buyer\r\nX-Injected: yes", "Remove the line break"},
			{"tab in one line", "full_name", "Dana\tRivers", "Remove the tab"},
			{"phone", "phone", "call me maybe", "Enter a telephone number"},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				form := contactForm()
				form.Set(tt.field, tt.value)
				r := c.Submit("/contacts/new", "/contacts", form)
				if r.Status != http.StatusUnprocessableEntity || !strings.Contains(r.Body, tt.want) || !strings.Contains(r.Body, `id="`+tt.field+`-error"`) {
					t.Fatalf("%s in %s: %d, want 422 with %q beside the field", tt.name, tt.field, r.Status, tt.want)
				}
			})
		}
		var n int64
		db.Model(&models.Contact{}).Count(&n)
		if n != 0 {
			t.Fatalf("%d contacts stored from refused forms", n)
		}
		// Multi-line fields keep line breaks and tabs; text is stored in NFC ("e" + combining acute
		// becomes "é").
		form := contactForm()
		form.Set("full_name", "Rene\u0301 Dubois")
		form.Set("notes", "Met at the fair.\r\n\tWants samples.")
		if r := c.Submit("/contacts/new", "/contacts", form); r.Status != http.StatusSeeOther {
			t.Fatalf("valid contact: %d", r.Status)
		}
		var ct models.Contact
		db.First(&ct)
		if ct.FullName != "Ren\u00e9 Dubois" || !strings.Contains(ct.Notes, "\n\tWants samples.") {
			t.Fatalf("stored %q / %q", ct.FullName, ct.Notes)
		}
		// The edit form follows the same rules.
		edit := contactForm()
		edit.Set("full_name", "Rene\x00")
		if r := c.Submit(fmt.Sprintf("/contacts/%d/edit", ct.ID), fmt.Sprintf("/contacts/%d", ct.ID), edit); r.Status != http.StatusUnprocessableEntity {
			t.Fatalf("NUL in an edit: %d", r.Status)
		}
	})
}

// JSON bodies: invalid UTF-8 (which encoding/json turns into U+FFFD without a word) and escaped lone
// surrogates are refused as a whole; an escaped NUL or control character is refused on its field.
func TestTextRulesOnTheAPI(t *testing.T) {
	apptest.EachDB(t, func(t *testing.T, db *gorm.DB) {
		a := apptest.New(t, db, testNow)
		staff, _ := a.CreateUser("staff", "sam@agency.example")
		token := a.Token(staff)
		tests := []struct {
			name, body, field, want string
		}{
			{"invalid UTF-8", "{\"full_name\":\"Dana \xff Rivers\",\"organisation_type\":\"buyer\"}", "body", "not valid UTF-8"},
			{"lone surrogate", `{"full_name":"Dana \ud800 Rivers","organisation_type":"buyer"}`, "body", "surrogate"},
			{"escaped NUL", `{"full_name":"Dana\u0000","organisation_type":"buyer"}`, "full_name", "NUL"},
			{"escaped newline in one line", `{"full_name":"Dana\nRivers","organisation_type":"buyer"}`, "full_name", "line break"},
			{"override", `{"full_name":"Dana","organisation":"Acme \u202e","organisation_type":"buyer"}`, "organisation", "text-direction"},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				r := a.API("POST", "/api/v1/contacts", token, tt.body)
				var got struct{ Errors map[string]string }
				if r.Status != http.StatusUnprocessableEntity || json.Unmarshal([]byte(r.Body), &got) != nil || !strings.Contains(got.Errors[tt.field], tt.want) {
					t.Fatalf("%d %s, want 422 with %q on %s", r.Status, r.Body, tt.want, tt.field)
				}
			})
		}
		// A valid surrogate pair (an emoji) is text, and is kept.
		r := a.API("POST", "/api/v1/contacts", token, `{"full_name":"Dana \ud83d\ude00 Rivers","organisation":"Lakeshore Foods","organisation_type":"buyer"}`)
		if r.Status != http.StatusCreated || !strings.Contains(r.Body, "Dana \U0001F600 Rivers") {
			t.Fatalf("emoji: %d %s", r.Status, r.Body)
		}
		var id struct{ ID uint }
		_ = json.Unmarshal([]byte(r.Body), &id)
		if r := a.API("PATCH", fmt.Sprintf("/api/v1/contacts/%d", id.ID), token, `{"notes":"one\u0000two"}`); r.Status != http.StatusUnprocessableEntity || !strings.Contains(r.Body, `"notes"`) {
			t.Fatalf("NUL in a PATCH: %d %s", r.Status, r.Body)
		}
		// A sign-in with bytes PostgreSQL cannot hold is a wrong sign-in, not a 500.
		cl := a.Client()
		if r := cl.Submit("/login", "/login", url.Values{"email": {"sam\x00@agency.example"}, "password": {"x\xff"}}); r.Status != http.StatusUnauthorized {
			t.Fatalf("sign-in with NUL: %d", r.Status)
		}
	})
}

// Input gaps: a contact_id that is not a number once unlinked the location's contact silently.
func TestLocationContactIDMustParse(t *testing.T) {
	apptest.EachDB(t, func(t *testing.T, db *gorm.DB) {
		a := apptest.New(t, db, testNow)
		f := seedItinerary(t, db)
		c, _ := a.SignedIn("staff", "sam@agency.example")
		page := fmt.Sprintf("/missions/%d/locations", f.Mission.ID)
		r := c.Submit(page, page, url.Values{"name": {"Navy Pier"}, "address": {"600 E Grand Ave"}, "city": {"Chicago"}, "contact_id": {"12abc"}})
		if r.Status != http.StatusUnprocessableEntity || !strings.Contains(r.Body, "Select a contact from the list") {
			t.Fatalf("contact_id 12abc: %d", r.Status)
		}
		edit := fmt.Sprintf("/missions/%d/locations/%d", f.Mission.ID, f.Downtown.ID)
		r = c.Submit(edit+"/edit", edit, url.Values{"name": {"Willis Tower"}, "address": {"233 S Wacker Dr"}, "city": {"Chicago"}, "contact_id": {"x"}})
		if r.Status != http.StatusUnprocessableEntity {
			t.Fatalf("edit with contact_id x: %d", r.Status)
		}
	})
}
