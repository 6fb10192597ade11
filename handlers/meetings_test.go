package handlers_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"gorm.io/gorm"

	"github.com/missionplanner/missionplanner/app/apptest"
	"github.com/missionplanner/missionplanner/models"
)

func bookingForm(reg, contact uint, day, start string) url.Values {
	return url.Values{"registration_id": {fmt.Sprint(reg)}, "contact_id": {fmt.Sprint(contact)},
		"date-day": {day}, "date-month": {"3"}, "date-year": {"2027"}, "start_time": {start}, "minutes": {"45"}}
}

func TestBookMeetingForm(t *testing.T) {
	apptest.EachDB(t, func(t *testing.T, db *gorm.DB) {
		a := apptest.New(t, db, testNow)
		c, _ := a.SignedIn("staff", "sam@agency.example")
		cm := seedChicago(t, a, 3, 4)
		base := fmt.Sprintf("/missions/%d/meetings", cm.M.ID)
		firm, downtown, rockford := cm.Regs[0], cm.Contacts[0], cm.Contacts[1]
		// Each step runs on what the steps before it left; a failed step does not hide the ones after.
		var first models.Meeting

		t.Run("book", func(t *testing.T) {
			// Happy path: 10:00–10:45 downtown on Monday 15 March, after the clocks changed (UTC−5).
			vals := bookingForm(firm.ID, downtown.ID, "15", "10:00")
			vals.Set("notes", "Bring samples")
			vals.Set("staff_notes", "Key account")
			vals.Add("delegate_ids", fmt.Sprint(cm.Delegates[0].ID))
			r := c.Submit(base+"/new", base, vals)
			if r.Status != http.StatusSeeOther || !strings.HasPrefix(r.Location(), base+"/") {
				t.Fatalf("book: %d %s\n%s", r.Status, r.Location(), r.Body)
			}
			page := c.Get(r.Location())
			for _, want := range []string{"Meeting booked: Mon 15 Mar 10:00–10:45", "Willis Tower", "UK 15:00–15:45", "Delegate 1", "Key account"} {
				if !strings.Contains(page.Body, want) {
					t.Errorf("meeting page lacks %q", want)
				}
			}
			db.Where("contact_id = ?", downtown.ID).First(&first)
			if first.StartsAt == nil || first.StartsAt.UTC().Format("15:04") != "15:00" || first.Status != "scheduled" || first.LocationID == nil || *first.LocationID != cm.Downtown.ID {
				t.Fatalf("saved meeting: %+v", first)
			}
		})

		t.Run("travel between cities", func(t *testing.T) {
			// Rockford is 90 minutes away: 11:00 leaves 15, refused naming the clash; 12:30 leaves 105.
			r := c.Submit(base+"/new", base, bookingForm(firm.ID, rockford.ID, "15", "11:00"))
			if r.Status != http.StatusUnprocessableEntity || !strings.Contains(r.Body, "Not enough time to travel from Willis Tower (Chicago) to Rockford Works (Rockford)") ||
				!strings.Contains(r.Body, "1 h 30 min needed, 15 min left") || !strings.Contains(r.Body, `value="11:00"`) {
				t.Fatalf("Rockford at 11:00: %d\n%s", r.Status, r.Body)
			}
			r = c.Submit(base+"/new", base, bookingForm(firm.ID, rockford.ID, "15", "12:30"))
			if r.Status != http.StatusSeeOther {
				t.Fatalf("Rockford at 12:30: %d\n%s", r.Status, r.Body)
			}
		})

		t.Run("contact clash", func(t *testing.T) {
			// The same contact at an overlapping time with another firm.
			r := c.Submit(base+"/new", base, bookingForm(cm.Regs[1].ID, downtown.ID, "15", "10:30"))
			if r.Status != http.StatusUnprocessableEntity || !strings.Contains(r.Body, "Contact 001 already has a meeting then: Firm 001 Ltd with Contact 001 (Org 001 Inc), 10:00–10:45 on Mon 15 Mar") {
				t.Fatalf("contact clash: %d\n%s", r.Status, r.Body)
			}
		})

		t.Run("time that does not exist", func(t *testing.T) {
			// 02:30 on Sunday 14 March does not exist in Chicago.
			r := c.Submit(base+"/new", base, bookingForm(cm.Regs[1].ID, downtown.ID, "14", "02:30"))
			if r.Status != http.StatusUnprocessableEntity || !strings.Contains(r.Body, "2027-03-14 02:30 does not exist in Chicago") {
				t.Fatalf("nonexistent time: %d\n%s", r.Status, r.Body)
			}
		})

		t.Run("outside working hours", func(t *testing.T) {
			r := c.Submit(base+"/new", base, bookingForm(cm.Regs[1].ID, downtown.ID, "16", "19:00"))
			if r.Status != http.StatusUnprocessableEntity || !strings.Contains(r.Body, "outside the mission&#39;s working hours") {
				t.Fatalf("outside hours: %d\n%s", r.Status, r.Body)
			}
		})

		t.Run("bad input kept with messages", func(t *testing.T) {
			bad := bookingForm(0, 0, "31", "25:00")
			bad.Set("minutes", "long")
			r := c.Submit(base+"/new", base, bad)
			for _, want := range []string{"<title>Error: ", "Select the firm meeting the contact", "Select the contact to meet", "must be a time of day", "Length in minutes", `value="long"`, `value="25:00"`} {
				if !strings.Contains(r.Body, want) {
					t.Errorf("bad booking page lacks %q", want)
				}
			}
			var n int64
			db.Model(&models.Meeting{}).Count(&n)
			if r.Status != http.StatusUnprocessableEntity || n != 2 {
				t.Fatalf("bad booking: %d, %d meetings (want 2)", r.Status, n)
			}
		})

		t.Run("reschedule and cancel", func(t *testing.T) {
			// Reschedule keeps history and bumps the sequence; cancel too.
			mpath := fmt.Sprintf("%s/%d", base, first.ID)
			r := c.Submit(mpath, mpath+"/reschedule", url.Values{"date-day": {"16"}, "date-month": {"3"}, "date-year": {"2027"}, "start_time": {"09:00"}, "minutes": {"60"}})
			if r.Status != http.StatusSeeOther {
				t.Fatalf("reschedule: %d\n%s", r.Status, r.Body)
			}
			db.First(&first, first.ID)
			if first.Sequence != 1 || first.Minutes != 60 || first.StartsAt.UTC().Format("2006-01-02 15:04") != "2027-03-16 14:00" {
				t.Fatalf("rescheduled: %+v", first)
			}
			r = c.Submit(mpath, mpath+"/reschedule", url.Values{"date-day": {"15"}, "date-month": {"3"}, "date-year": {"2027"}, "start_time": {"13:00"}, "minutes": {"45"}})
			if r.Status != http.StatusUnprocessableEntity || !strings.Contains(r.Body, "Firm 001 Ltd already has a meeting then") {
				t.Fatalf("reschedule onto the Rockford meeting: %d\n%s", r.Status, r.Body)
			}
			r = c.Submit(mpath, mpath+"/cancel", nil)
			db.First(&first, first.ID)
			if r.Status != http.StatusSeeOther || first.Status != "cancelled" || first.Sequence != 2 {
				t.Fatalf("cancel: %d %+v", r.Status, first)
			}
			page := c.Get(mpath)
			for _, want := range []string{"book", "reschedule", "cancel", "sam@agency.example"} {
				if !strings.Contains(page.Body, "<td>"+want+"</td>") && !strings.Contains(page.Body, want) {
					t.Errorf("history lacks %q", want)
				}
			}
			var events int64
			db.Model(&models.AuditEvent{}).Where("entity = 'meeting' AND entity_id = ?", first.ID).Count(&events)
			if events != 3 {
				t.Errorf("audit events: %d, want 3", events)
			}
		})

		t.Run("a cancelled slot is free again", func(t *testing.T) {
			if r := c.Submit(base+"/new", base, bookingForm(cm.Regs[1].ID, downtown.ID, "16", "09:00")); r.Status != http.StatusSeeOther {
				t.Fatalf("booking a cancelled slot: %d\n%s", r.Status, r.Body)
			}
		})
	})
}

func TestMeetingsListAndGrid(t *testing.T) {
	apptest.EachDB(t, func(t *testing.T, db *gorm.DB) {
		a := apptest.New(t, db, testNow)
		c, u := a.SignedIn("staff", "sam@agency.example")
		cm := seedChicago(t, a, 2, 3)
		ctx := t.Context()
		book := func(reg models.Registration, contact models.Contact, day int, hhmm string) {
			at, err := models.LocalInstant(cm.M.Zone(), fmt.Sprintf("2027-03-%02d", day), hhmm)
			must(t, err)
			must(t, a.Store.SaveMeeting(ctx, u, cm.M.ID, &models.Meeting{RegistrationID: reg.ID, ContactID: contact.ID, StartsAt: &at, Status: "scheduled"}))
		}
		book(cm.Regs[0], cm.Contacts[0], 15, "10:00")
		book(cm.Regs[1], cm.Contacts[2], 16, "11:00")
		must(t, a.Store.SaveMeeting(ctx, u, cm.M.ID, &models.Meeting{RegistrationID: cm.Regs[1].ID, ContactID: cm.Contacts[0].ID}))
		base := fmt.Sprintf("/missions/%d/meetings", cm.M.ID)

		r := c.Get(base)
		if r.Status != http.StatusOK || !strings.Contains(r.Body, "Mon 15 Mar") || !strings.Contains(r.Body, "Tue 16 Mar") || !strings.Contains(r.Body, "Requested, not yet scheduled") {
			t.Fatalf("by day: %d\n%s", r.Status, r.Body)
		}
		r = c.Get(base + "?by=firm&registration_id=" + fmt.Sprint(cm.Regs[1].ID))
		if r.Status != http.StatusOK || strings.Contains(r.Body, "Firm 001 Ltd</td>") || !strings.Contains(r.Body, "<h2>Firm 002 Ltd</h2>") || !strings.Contains(r.Body, "2 meetings") {
			t.Fatalf("by firm, filtered: %d\n%s", r.Status, r.Body)
		}
		r = c.Get(base + "?by=contact&status=scheduled&day=2027-03-15")
		if r.Status != http.StatusOK || !strings.Contains(r.Body, "1 meeting.") || !strings.Contains(r.Body, "<h2>Contact 001 (Org 001 Inc)</h2>") {
			t.Fatalf("by contact, filtered: %d\n%s", r.Status, r.Body)
		}
		r = c.Get(base + "?day=not-a-day&registration_id=x")
		if r.Status != http.StatusOK {
			t.Fatalf("bad filters: %d", r.Status)
		}
		r = c.Get(base + "/grid?day=2027-03-15")
		if r.Status != http.StatusOK || !strings.Contains(r.Body, "<th scope=\"col\">Firm 001 Ltd</th>") || !strings.Contains(r.Body, "Contact 001 (Org 001 Inc)</a>") ||
			!strings.Contains(r.Body, "10:00 <span class=\"time-home\">UK 15:00</span>") || !strings.Contains(r.Body, `class="free"`) || !strings.Contains(r.Body, `class="busy"`) {
			t.Fatalf("grid: %d\n%s", r.Status, r.Body)
		}
		if r := c.Get(base + "/grid?day=2030-01-01"); r.Status != http.StatusOK || !strings.Contains(r.Body, "Thu 11 Mar 2027") {
			t.Fatalf("grid with a day outside the mission: %d", r.Status)
		}
		if r := c.Get(fmt.Sprintf("/missions/%d/meetings", 99999)); r.Status != http.StatusNotFound {
			t.Fatalf("missing mission: %d", r.Status)
		}
	})
}

func TestMeetingsAPI(t *testing.T) {
	apptest.EachDB(t, func(t *testing.T, db *gorm.DB) {
		a := apptest.New(t, db, testNow)
		staff, _ := a.CreateUser("staff", "sam@agency.example")
		tok := a.Token(staff)
		cm := seedChicago(t, a, 2, 3)
		path := fmt.Sprintf("/api/v1/missions/%d/meetings", cm.M.ID)
		body := func(reg, contact uint, startsAt string) string {
			return fmt.Sprintf(`{"registration_id": %d, "contact_id": %d, "starts_at": %q, "minutes": 45}`, reg, contact, startsAt)
		}
		r := a.API("POST", path, tok, body(cm.Regs[0].ID, cm.Contacts[0].ID, "2027-03-15T10:00"))
		var got map[string]any
		json.Unmarshal([]byte(r.Body), &got)
		if r.Status != http.StatusCreated || got["starts_at"] != "2027-03-15T10:00:00-05:00" || got["ends_at"] != "2027-03-15T10:45:00-05:00" || got["status"] != "scheduled" {
			t.Fatalf("create: %d %s", r.Status, r.Body)
		}
		id := uint(got["id"].(float64))
		// Before the clock change the offset is −06:00; an RFC 3339 input is accepted too.
		r = a.API("POST", path, tok, body(cm.Regs[0].ID, cm.Contacts[2].ID, "2027-03-12T16:00:00Z"))
		json.Unmarshal([]byte(r.Body), &got)
		if r.Status != http.StatusCreated || got["starts_at"] != "2027-03-12T10:00:00-06:00" {
			t.Fatalf("create before the clock change: %d %s", r.Status, r.Body)
		}
		// Clash → 409 with the errors envelope; invalid → 422.
		r = a.API("POST", path, tok, body(cm.Regs[1].ID, cm.Contacts[0].ID, "2027-03-15T10:15"))
		var errs struct{ Errors map[string]string }
		json.Unmarshal([]byte(r.Body), &errs)
		if r.Status != http.StatusConflict || !strings.Contains(errs.Errors["starts_at"], "already has a meeting then") {
			t.Fatalf("clash: %d %s", r.Status, r.Body)
		}
		for _, bad := range []string{
			body(cm.Regs[1].ID, cm.Contacts[0].ID, "2027-03-14T02:30"),
			body(cm.Regs[1].ID, cm.Contacts[0].ID, "next tuesday"),
			`{"contact_id": 1}`,
			fmt.Sprintf(`{"registration_id": %d, "contact_id": 99999, "starts_at": "2027-03-15T12:00"}`, cm.Regs[1].ID),
			fmt.Sprintf(`{"registration_id": %d, "contact_id": %d, "status": "maybe"}`, cm.Regs[1].ID, cm.Contacts[0].ID),
			`{"colour": "red"}`,
		} {
			if r := a.API("POST", path, tok, bad); r.Status != http.StatusUnprocessableEntity || !strings.Contains(r.Body, `"errors"`) {
				t.Errorf("invalid %s: %d %s", bad, r.Status, r.Body)
			}
		}
		// A request has no time; PATCH gives it one (and it becomes scheduled).
		r = a.API("POST", path, tok, fmt.Sprintf(`{"registration_id": %d, "contact_id": %d, "status": "requested", "priority": 5}`, cm.Regs[1].ID, cm.Contacts[1].ID))
		json.Unmarshal([]byte(r.Body), &got)
		if r.Status != http.StatusCreated || got["starts_at"] != nil || got["status"] != "requested" {
			t.Fatalf("request: %d %s", r.Status, r.Body)
		}
		reqID := uint(got["id"].(float64))
		r = a.API("PATCH", fmt.Sprintf("/api/v1/meetings/%d", reqID), tok, `{"starts_at": "2027-03-16T09:00", "notes": "Take the train"}`)
		json.Unmarshal([]byte(r.Body), &got)
		if r.Status != http.StatusOK || got["status"] != "scheduled" || got["starts_at"] != "2027-03-16T09:00:00-05:00" || got["notes"] != "Take the train" || got["location_id"] == nil {
			t.Fatalf("patch: %d %s", r.Status, r.Body)
		}
		if r := a.API("PATCH", fmt.Sprintf("/api/v1/meetings/%d", id), tok, `{"starts_at": "2027-03-12T10:15"}`); r.Status != http.StatusConflict {
			t.Fatalf("patch onto a clash: %d %s", r.Status, r.Body)
		}
		r = a.API("GET", fmt.Sprintf("/api/v1/meetings/%d", id), tok, "")
		json.Unmarshal([]byte(r.Body), &got)
		if r.Status != http.StatusOK || got["starts_at"] != "2027-03-15T10:00:00-05:00" {
			t.Fatalf("get after refused patch: %d %s", r.Status, r.Body)
		}
		r = a.API("DELETE", fmt.Sprintf("/api/v1/meetings/%d", id), tok, "")
		json.Unmarshal([]byte(r.Body), &got)
		if r.Status != http.StatusOK || got["status"] != "cancelled" || got["sequence"].(float64) != 1 {
			t.Fatalf("delete: %d %s", r.Status, r.Body)
		}
		r = a.API("GET", path+"?status=scheduled&per_page=1", tok, "")
		var list struct {
			Items []map[string]any
			Total int
		}
		json.Unmarshal([]byte(r.Body), &list)
		if r.Status != http.StatusOK || list.Total != 2 || len(list.Items) != 1 {
			t.Fatalf("list: %d %s", r.Status, r.Body)
		}
		if r := a.API("GET", "/api/v1/meetings/99999", tok, ""); r.Status != http.StatusNotFound {
			t.Fatalf("missing meeting: %d", r.Status)
		}
	})
}

// TestConcurrentDoubleBooking books the same contact at the same time from ten requests at once:
// exactly one succeeds, the others get the clash (409), never a 500. A barrier before the insert
// holds every booking until all ten have passed their checks (or half a second has passed), so
// without the mission lock they would all see the slot free: the race is forced in every round.
func TestConcurrentDoubleBooking(t *testing.T) {
	apptest.EachDB(t, func(t *testing.T, db *gorm.DB) {
		a := apptest.New(t, db, testNow)
		staff, _ := a.CreateUser("staff", "sam@agency.example")
		tok := a.Token(staff)
		cm := seedChicago(t, a, 10, 1)
		path := fmt.Sprintf("/api/v1/missions/%d/meetings", cm.M.ID)
		barrier := apptest.NewBarrier(t, db, "create", 10, 500*time.Millisecond, func(st *gorm.Statement) bool {
			return st.Table == "meetings"
		})
		for _, slot := range []string{"10:00", "12:00", "14:00"} {
			t.Run(slot, func(t *testing.T) {
				barrier.Next()
				statuses := make([]int, 10)
				var wg sync.WaitGroup
				start := make(chan struct{})
				for i := range 10 {
					wg.Add(1)
					go func() {
						defer wg.Done()
						<-start
						r := a.API("POST", path, tok, fmt.Sprintf(`{"registration_id": %d, "contact_id": %d, "starts_at": "2027-03-15T%s"}`, cm.Regs[i].ID, cm.Contacts[0].ID, slot))
						statuses[i] = r.Status
					}()
				}
				close(start)
				wg.Wait()
				created, clashed := 0, 0
				for _, s := range statuses {
					switch s {
					case http.StatusCreated:
						created++
					case http.StatusConflict:
						clashed++
					}
				}
				at, err := models.LocalInstant(cm.M.Zone(), "2027-03-15", slot)
				if err != nil {
					t.Fatal(err)
				}
				var n int64
				db.Model(&models.Meeting{}).Where("status = 'scheduled' AND starts_at = ?", at.UTC()).Count(&n)
				if created != 1 || clashed != 9 || n != 1 {
					t.Fatalf("statuses %v: %d created, %d clashed, %d saved", statuses, created, clashed, n)
				}
			})
		}
	})
}

// TestContactSharedAcrossMissions: a contact booked on another mission at the same time is a clash
// on both databases (on PostgreSQL the exclusion constraint would refuse it anyway).
func TestContactSharedAcrossMissions(t *testing.T) {
	apptest.EachDB(t, func(t *testing.T, db *gorm.DB) {
		a := apptest.New(t, db, testNow)
		staff, _ := a.CreateUser("staff", "sam@agency.example")
		tok := a.Token(staff)
		one := seedChicago(t, a, 1, 1)
		two := seedChicago(t, a, 1, 0)
		body := func(reg uint) string {
			return fmt.Sprintf(`{"registration_id": %d, "contact_id": %d, "starts_at": "2027-03-15T10:00"}`, reg, one.Contacts[0].ID)
		}
		if r := a.API("POST", fmt.Sprintf("/api/v1/missions/%d/meetings", one.M.ID), tok, body(one.Regs[0].ID)); r.Status != http.StatusCreated {
			t.Fatalf("first: %d %s", r.Status, r.Body)
		}
		r := a.API("POST", fmt.Sprintf("/api/v1/missions/%d/meetings", two.M.ID), tok, body(two.Regs[0].ID))
		if r.Status != http.StatusConflict || !strings.Contains(r.Body, "a meeting on another mission") {
			t.Fatalf("second mission: %d %s", r.Status, r.Body)
		}
	})
}
