package handlers_test

import (
	"archive/zip"
	"bytes"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
	"gorm.io/gorm"

	"github.com/missionplanner/missionplanner/app/apptest"
	"github.com/missionplanner/missionplanner/handlers"
	"github.com/missionplanner/missionplanner/models"
)

// Issue 17's smaller findings, each a test that failed before its fix.

func TestSuggestionLengthZeroIsRefused(t *testing.T) {
	apptest.EachDB(t, func(t *testing.T, db *gorm.DB) {
		a := apptest.New(t, db, testNow)
		c, _ := a.SignedIn("staff", "sam@agency.example")
		cm := seedChicago(t, a, 1, 6)
		path := fmt.Sprintf("/missions/%d/registrations/%d/suggestions", cm.M.ID, cm.Regs[0].ID)
		c.Get(path)
		r := c.PostForm(path, url.Values{"contact_ids": {fmt.Sprint(cm.Contacts[3].ID)}, "priority": {"1"}, "minutes": {"0"}})
		if r.Status != http.StatusUnprocessableEntity || !strings.Contains(r.Body, "The meeting must last between 5 and 480 minutes") || !strings.Contains(r.Body, `value="0"`) {
			t.Fatalf("length 0: %d\n%s", r.Status, r.Body)
		}
		var n int64
		db.Model(&models.Meeting{}).Count(&n)
		if n != 0 {
			t.Errorf("%d requests created with length 0", n)
		}
	})
}

func TestRequestsAlreadyMadeAreSaid(t *testing.T) {
	apptest.EachDB(t, func(t *testing.T, db *gorm.DB) {
		a := apptest.New(t, db, testNow)
		c, _ := a.SignedIn("staff", "sam@agency.example")
		cm := seedChicago(t, a, 1, 6)
		path := fmt.Sprintf("/missions/%d/registrations/%d/suggestions", cm.M.ID, cm.Regs[0].ID)
		post := func(ids ...uint) string {
			c.Get(path)
			vals := url.Values{"priority": {"1"}, "minutes": {"45"}}
			for _, id := range ids {
				vals.Add("contact_ids", fmt.Sprint(id))
			}
			r := c.PostForm(path, vals)
			if r.Status != http.StatusSeeOther {
				t.Fatalf("POST: %d\n%s", r.Status, r.Body)
			}
			return c.Get(r.Location()).Body
		}
		if body := post(cm.Contacts[3].ID); !strings.Contains(body, "1 meeting request created for") {
			t.Errorf("first request: %s", body)
		}
		if body := post(cm.Contacts[3].ID); !strings.Contains(body, "No meeting request created") || !strings.Contains(body, "already has a request or a meeting with the contact you chose") {
			t.Errorf("repeated request: %s", body)
		}
		if body := post(cm.Contacts[3].ID, cm.Contacts[4].ID); !strings.Contains(body, "1 meeting request created for") || !strings.Contains(body, "1 other was already requested or scheduled") {
			t.Errorf("half repeated: %s", body)
		}
	})
}

func TestCancelledContactIsSuggestedWithANote(t *testing.T) {
	apptest.EachDB(t, func(t *testing.T, db *gorm.DB) {
		a := apptest.New(t, db, testNow)
		c, _ := a.SignedIn("staff", "sam@agency.example")
		f := seedItinerary(t, db)
		// Beta Foods has a live meeting with Carla only; cancel it: Carla is suggested again, with a note.
		var mt models.Meeting
		must(t, db.First(&mt, f.BMeeting.ID).Error)
		must(t, db.Model(&mt).Update("status", "cancelled").Error)
		r := c.Get(fmt.Sprintf("/missions/%d/registrations/%d/suggestions", f.Mission.ID, f.RegB.ID))
		if r.Status != http.StatusOK || !strings.Contains(r.Body, "Carla Diaz") ||
			!strings.Contains(r.Body, "<strong>A meeting between the firm and this contact was cancelled (it was due Tue 16 Mar 14:00)</strong>") {
			t.Fatalf("suggestions: %d\n%s", r.Status, r.Body)
		}
	})
}

func TestChangingDelegatesRaisesSequence(t *testing.T) {
	apptest.EachDB(t, func(t *testing.T, db *gorm.DB) {
		a := apptest.New(t, db, testNow)
		f := seedItinerary(t, db)
		staff, _ := a.CreateUser("staff", "api@agency.example")
		tok := a.Token(staff)
		r := a.API("PATCH", fmt.Sprintf("/api/v1/meetings/%d", f.FridayMeeting.ID), tok, fmt.Sprintf(`{"delegate_ids": [%d, %d]}`, f.AnnA.ID, f.BobA.ID))
		if r.Status != http.StatusOK {
			t.Fatalf("PATCH: %d %s", r.Status, r.Body)
		}
		var mt models.Meeting
		must(t, db.First(&mt, f.FridayMeeting.ID).Error)
		if mt.Sequence != f.FridayMeeting.Sequence+1 {
			t.Errorf("sequence %d after changing delegates, want %d", mt.Sequence, f.FridayMeeting.Sequence+1)
		}
		r = a.API("PATCH", fmt.Sprintf("/api/v1/meetings/%d", f.FridayMeeting.ID), tok, `{"notes": "Bring samples"}`)
		must(t, db.First(&mt, f.FridayMeeting.ID).Error)
		if r.Status != http.StatusOK || mt.Sequence != f.FridayMeeting.Sequence+1 {
			t.Errorf("notes alone changed the sequence: %d", mt.Sequence)
		}
	})
}

func TestContactTemplateUsesLabels(t *testing.T) {
	apptest.EachDB(t, func(t *testing.T, db *gorm.DB) {
		a := apptest.New(t, db, testNow)
		c, _ := a.SignedIn("staff", "sam@agency.example")
		r := c.Get("/contacts/import/template")
		f, err := excelize.OpenReader(strings.NewReader(r.Body))
		if r.Status != http.StatusOK || err != nil {
			t.Fatalf("template: %d %v", r.Status, err)
		}
		var all []string
		for _, sheet := range f.GetSheetList() {
			rows, _ := f.GetRows(sheet)
			for _, row := range rows {
				all = append(all, row...)
			}
			dvs, _ := f.GetDataValidations(sheet)
			for _, dv := range dvs {
				all = append(all, dv.Formula1)
			}
		}
		text := strings.Join(all, "|")
		for _, want := range []string{"Buyer", "Agri-food", models.Label(models.Sectors, "advanced_manufacturing"), models.Label(models.OrganisationTypes, "service_provider")} {
			if !strings.Contains(text, want) {
				t.Errorf("the template lacks the label %q", want)
			}
		}
		for _, code := range []string{"agri_food", "advanced_manufacturing", "service_provider"} {
			if strings.Contains(text, code) {
				t.Errorf("the template shows the code %q", code)
			}
		}
	})
}

func TestZipFilesAreDated(t *testing.T) {
	apptest.EachDB(t, func(t *testing.T, db *gorm.DB) {
		a := apptest.New(t, db, testNow)
		c, _ := a.SignedIn("staff", "sam@agency.example")
		f := seedItinerary(t, db)
		r := c.Get(fmt.Sprintf("/missions/%d/itineraries.zip", f.Mission.ID))
		zr, err := zip.NewReader(bytes.NewReader([]byte(r.Body)), int64(len(r.Body)))
		if err != nil {
			t.Fatal(err)
		}
		for _, zf := range zr.File {
			if !zf.Modified.Equal(testNow) {
				t.Errorf("%s dated %s, want %s", zf.Name, zf.Modified, testNow)
			}
		}
	})
}

func TestFeedCreatedInMissionTime(t *testing.T) {
	apptest.EachDB(t, func(t *testing.T, db *gorm.DB) {
		a := apptest.New(t, db, testNow)
		c, _ := a.SignedIn("staff", "sam@agency.example")
		f := seedItinerary(t, db)
		_, err := a.Store.CreateCalendarFeed(t.Context(), nil, f.RegA.ID, nil, testNow)
		must(t, err)
		r := c.Get(f.pageA())
		// 12:00 UTC on 26 November is 06:00 in Chicago and 12:00 in the UK.
		if !strings.Contains(r.Body, "Thu 26 Nov 2026 06:00 (UK 12:00)") || strings.Contains(r.Body, "12:00 UTC") {
			t.Errorf("feed created-time:\n%s", r.Body)
		}
	})
}

func TestSharedFlightUIDOwnsNoSegment(t *testing.T) {
	apptest.EachDB(t, func(t *testing.T, db *gorm.DB) {
		a := apptest.New(t, db, testNow)
		f := seedItinerary(t, db)
		// Bob joins Ann's flight: one calendar entry for both.
		bobs := f.Segment
		bobs.ID, bobs.DelegateID = 0, f.BobA.ID
		must(t, db.Create(&bobs).Error)
		flightUIDs := func() []string {
			it, err := a.Store.RegistrationItinerary(t.Context(), f.Mission.ID, f.RegA.ID)
			must(t, err)
			var uids []string
			for _, ev := range handlers.ItineraryCalendar(it, "example.org").Events {
				if strings.HasPrefix(ev.UID, "flight-") {
					uids = append(uids, ev.UID)
				}
			}
			return uids
		}
		before := flightUIDs()
		if len(before) != 1 || before[0] != "flight-EI125-DUB-ORD-20270310T1030Z@example.org" {
			t.Fatalf("flight UIDs: %v", before)
		}
		// Ann, whose segment came first, leaves the flight: the entry stays the same event.
		must(t, db.Delete(&models.TravelSegment{}, f.Segment.ID).Error)
		if after := flightUIDs(); len(after) != 1 || after[0] != before[0] {
			t.Errorf("UID changed from %v to %v", before, after)
		}
	})
}
