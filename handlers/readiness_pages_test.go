package handlers_test

import (
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

func TestReadinessPages(t *testing.T) {
	apptest.EachDB(t, func(t *testing.T, db *gorm.DB) {
		a := apptest.New(t, db, testNow)
		fx := seedItinerary(t, db)
		c, _ := a.SignedIn("staff", "sam@agency.example")
		// The day starts at 08:30, so Ann's 09:00 meeting downtown on Monday leaves exactly the 30 minutes
		// from the hotel she is booked into below (the day starts and ends at the hotel).
		must(t, db.Model(&fx.Mission).Update("day_starts", "08:30").Error)
		mission := fmt.Sprintf("/missions/%d", fx.Mission.ID)
		annDocs := fmt.Sprintf("%s/registrations/%d/delegates/%d/documents", mission, fx.RegA.ID, fx.AnnA.ID)

		t.Run("hotels", func(t *testing.T) {
			r := c.Submit(mission+"/hotels", mission+"/hotels", url.Values{"name": {"Palmer House"}, "city": {""}, "check_in": {"3pm"},
				"block_starts_on-day": {"31"}, "block_starts_on-month": {"2"}, "block_starts_on-year": {"2027"}, "rooms": {"lots"}})
			if r.Status != http.StatusUnprocessableEntity || !strings.Contains(r.Body, "There is a problem") || !strings.Contains(r.Body, `href="#block_starts_on-day"`) ||
				!strings.Contains(r.Body, "must be a real date") || !strings.Contains(r.Body, `value="Palmer House"`) || !strings.Contains(r.Body, "whole number") {
				t.Fatalf("invalid hotel: %d\n%s", r.Status, r.Body)
			}
			r = c.PostForm(mission+"/hotels", url.Values{"name": {"Palmer House"}, "address": {"17 E Monroe St"}, "city": {"Chicago"}, "check_in": {"15:00"}, "check_out": {"11:00"},
				"block_starts_on-day": {"10"}, "block_starts_on-month": {"3"}, "block_starts_on-year": {"2027"},
				"block_ends_on-day": {"17"}, "block_ends_on-month": {"3"}, "block_ends_on-year": {"2027"}, "rooms": {"20"}})
			if r.Status != http.StatusSeeOther {
				t.Fatalf("add hotel: %d\n%s", r.Status, r.Body)
			}
			if r := c.Get(mission + "/hotels"); !strings.Contains(r.Body, "Palmer House") || !strings.Contains(r.Body, "20 rooms, 7 nights") {
				t.Errorf("hotels page:\n%s", r.Body)
			}
		})
		var ho models.Hotel
		must(t, db.First(&ho).Error)

		t.Run("documents", func(t *testing.T) {
			vals := url.Values{"passport_nationality": {"British"}, "passport_expires-day": {"1"}, "passport_expires-month": {"5"}, "passport_expires-year": {"2031"},
				"passport_last4": {"123456789"}, "esta_status": {"approved"}, "esta_expires-day": {"1"}, "esta_expires-month": {"13"}, "esta_expires-year": {"2028"},
				"emergency_contact_name": {"Pat Archer"}, "emergency_contact_phone": {"+44 7700 900002"},
				"hotel_id": {fmt.Sprint(ho.ID)}, "arrives_on-day": {"10"}, "arrives_on-month": {"3"}, "arrives_on-year": {"2027"},
				"departs_on-day": {"17"}, "departs_on-month": {"3"}, "departs_on-year": {"2027"}, "room": {"single"}}
			r := c.Submit(annDocs, annDocs, vals)
			if r.Status != http.StatusUnprocessableEntity || !strings.Contains(r.Body, "ESTA expiry date must be a real date") || !strings.Contains(r.Body, `value="Pat Archer"`) {
				t.Fatalf("bad ESTA date: %d\n%s", r.Status, r.Body)
			}
			vals.Set("esta_expires-month", "12")
			r = c.PostForm(annDocs, vals)
			if r.Status != http.StatusUnprocessableEntity || !strings.Contains(r.Body, "never the whole number") || !strings.Contains(r.Body, `href="#passport_last4"`) {
				t.Fatalf("whole passport number: %d\n%s", r.Status, r.Body)
			}
			vals.Set("passport_last4", "123x")
			if r := c.PostForm(annDocs, vals); r.Status != http.StatusSeeOther {
				t.Fatalf("save documents: %d\n%s", r.Status, r.Body)
			}
			// The delegate's own form leaves the documents alone.
			edit := fmt.Sprintf("%s/registrations/%d/delegates/%d", mission, fx.RegA.ID, fx.AnnA.ID)
			if r := c.Submit(edit+"/edit", edit, url.Values{"full_name": {"Ann Archer"}, "email": {"ann@alpha.example"}, "dietary_requirements": {"Vegetarian"}}); r.Status != http.StatusSeeOther {
				t.Fatalf("edit delegate: %d", r.Status)
			}
			r = c.Get(annDocs)
			if !strings.Contains(r.Body, `value="123X"`) || !strings.Contains(r.Body, `name="esta_expires-month" type="text" inputmode="numeric" value="12"`) {
				t.Errorf("documents form does not show what was saved:\n%s", r.Body)
			}
		})

		t.Run("board", func(t *testing.T) {
			r := c.Get(mission + "/readiness")
			for _, want := range []string{"0 of 3", "Ann Archer", "Carol Cole", "Beta Foods Ltd", "Valid until", "No return flight", "Email everyone with something missing (3)"} {
				if !strings.Contains(r.Body, want) {
					t.Errorf("board lacks %q", want)
				}
			}
			r = c.Get(mission + "/readiness?check=passport&level=green")
			if !strings.Contains(r.Body, "Ann Archer") || strings.Contains(r.Body, "Carol Cole") || !strings.Contains(r.Body, "Showing 1 of 3") {
				t.Errorf("filtered board:\n%s", r.Body)
			}
		})

		t.Run("my documents", func(t *testing.T) {
			ann := delegateClient(t, a, fx.AnnA)
			r := ann.Get("/my/documents")
			if r.Status != 200 || !strings.Contains(r.Body, "Palmer House") || !strings.Contains(r.Body, `value="Pat Archer"`) || strings.Contains(r.Body, `name="hotel_id"`) {
				t.Fatalf("my documents: %d\n%s", r.Status, r.Body)
			}
			r = ann.PostForm("/my/documents", url.Values{"emergency_contact_phone": {"ring me"}, "emergency_contact_name": {"Pat"}})
			if r.Status != http.StatusUnprocessableEntity || !strings.Contains(r.Body, "There is a problem") || !strings.Contains(r.Body, `value="ring me"`) {
				t.Fatalf("bad phone: %d\n%s", r.Status, r.Body)
			}
			r = ann.PostForm("/my/documents", url.Values{"passport_nationality": {"Irish"}, "esta_status": {"applied"}, "emergency_contact_name": {"Pat"}, "emergency_contact_phone": {"+353 1 555 0000"}})
			if r.Status != http.StatusSeeOther {
				t.Fatalf("save own documents: %d\n%s", r.Status, r.Body)
			}
			var d models.Delegate
			must(t, db.Preload("HotelBooking").First(&d, fx.AnnA.ID).Error)
			if d.PassportNationality != "Irish" || d.EstaStatus != "applied" || d.HotelBooking == nil {
				t.Errorf("saved %+v (the booking must stay)", d.TravelDocuments)
			}
			// Staff pages are not the delegate's, and another firm's delegate sees nothing of Ann's.
			carol := delegateClient(t, a, fx.CarolB)
			for _, p := range []string{mission + "/readiness", annDocs, mission + "/hotels", mission + "/roster", mission + "/roster.xlsx", mission + "/rooming-list.xlsx"} {
				for name, d := range map[string]*apptest.Client{"Ann": ann, "Carol (another firm)": carol} {
					if r := d.Get(p); r.Status != http.StatusNotFound {
						t.Errorf("%s reaches %s: %d, want 404", name, p, r.Status)
					}
				}
			}
			if r := carol.Get("/my/documents"); strings.Contains(r.Body, "Pat") || strings.Contains(r.Body, "Irish") {
				t.Errorf("Carol sees Ann's documents")
			}
		})

		t.Run("roster and rooming list", func(t *testing.T) {
			r := c.Get(mission + "/roster")
			for _, want := range []string{"Emergency roster", "Ann Archer", "Palmer House", "1 555 0000", "Thu 11 Mar 2027", "Welcome briefing"} {
				if !strings.Contains(r.Body, want) {
					t.Errorf("roster lacks %q", want)
				}
			}
			for path, cell := range map[string][2]string{"/rooming-list.xlsx": {"Palmer House", "E2"}, "/roster.xlsx": {"Now", "A2"}} {
				r := c.Get(mission + path)
				if r.Status != 200 || !strings.Contains(r.Header.Get("Content-Type"), "spreadsheetml") {
					t.Fatalf("%s: %d %s", path, r.Status, r.Header.Get("Content-Type"))
				}
				f, err := excelize.OpenReader(strings.NewReader(r.Body))
				must(t, err)
				if got, _ := f.GetCellValue(cell[0], cell[1]); got != "Ann Archer" {
					t.Errorf("%s %s!%s = %q", path, cell[0], cell[1], got)
				}
			}
		})

		t.Run("email everyone with something missing", func(t *testing.T) {
			r := c.Submit(mission+"/readiness", mission+"/readiness/remind", url.Values{})
			if r.Status != http.StatusSeeOther {
				t.Fatalf("remind: %d\n%s", r.Status, r.Body)
			}
			var sent []models.Notification
			must(t, db.Where("kind = ?", models.NoticeReadiness).Order("recipient_email").Find(&sent).Error)
			if len(sent) != 3 || sent[2].RecipientEmail != "carol@beta.example" || !strings.Contains(sent[2].BodyText, "an emergency contact") ||
				!strings.Contains(sent[2].BodyText, "/my/documents") || strings.Contains(sent[0].BodyText, "emergency contact:") {
				t.Fatalf("reminders: %d %+v", len(sent), sent)
			}
			if !strings.Contains(c.Get(mission+"/readiness").Body, "3 reminders are in the outbox") {
				t.Errorf("no flash")
			}
			c.PostForm(mission+"/readiness/remind", url.Values{})
			var n int64
			must(t, db.Model(&models.Notification{}).Where("kind = ?", models.NoticeReadiness).Count(&n).Error)
			if n != 3 {
				t.Errorf("pressed twice: %d reminders", n)
			}
		})

		t.Run("the day starts at the hotel", func(t *testing.T) {
			r := c.Get(fmt.Sprintf("%s/registrations/%d/itinerary", mission, fx.RegA.ID))
			for _, want := range []string{"The day starts and ends at the hotel: Palmer House, 17 E Monroe St, Chicago", "to travel from Palmer House (Chicago)"} {
				if !strings.Contains(r.Body, want) {
					t.Errorf("itinerary lacks %q", want)
				}
			}
		})

		t.Run("no documents in other exports", func(t *testing.T) {
			for _, path := range []string{"/schedule.xlsx", "/registrations.xlsx", fmt.Sprintf("/registrations/%d/itinerary.xlsx", fx.RegA.ID)} {
				r := c.Get(mission + path)
				if r.Status != 200 {
					t.Fatalf("%s: %d", path, r.Status)
				}
				f, err := excelize.OpenReader(strings.NewReader(r.Body))
				must(t, err)
				for _, sheet := range f.GetSheetList() {
					rows, _ := f.GetRows(sheet)
					for _, row := range rows {
						for _, v := range row {
							if strings.Contains(v, "+353 1 555 0000") || strings.Contains(v, "123X") || strings.Contains(v, "Irish") {
								t.Errorf("%s %s shows a travel document or emergency contact: %q", path, sheet, v)
							}
						}
					}
				}
			}
			if r := c.Get(fmt.Sprintf("%s/registrations/%d/itinerary", mission, fx.RegA.ID)); strings.Contains(r.Body, "+353 1 555 0000") || strings.Contains(r.Body, "123X") {
				t.Errorf("the itinerary page shows documents")
			}
		})
	})
}
