package handlers_test

import (
	"context"
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

type scheduleAnswer struct {
	Placed []struct {
		RequestID uint   `json:"request_id"`
		StartsAt  string `json:"starts_at"`
		EndsAt    string `json:"ends_at"`
	}
	Unplaced []struct {
		RequestID uint `json:"request_id"`
		Code      string
		Reason    string
	}
	Published bool
}

func TestSchedule(t *testing.T) {
	apptest.EachDB(t, func(t *testing.T, db *gorm.DB) {
		a := apptest.New(t, db, testNow)
		c, u := a.SignedIn("staff", "sam@agency.example")
		tok := a.Token(u)
		cm := seedChicago(t, a, 3, 4)
		ctx := context.Background()
		at, _ := models.LocalInstant(cm.M.Zone(), "2027-03-15", "09:00")
		fixed := models.Meeting{RegistrationID: cm.Regs[0].ID, ContactID: cm.Contacts[0].ID, StartsAt: &at, Status: "scheduled"}
		must(t, a.Store.SaveMeeting(ctx, u, cm.M.ID, &fixed))
		locked := models.Meeting{RegistrationID: cm.Regs[1].ID, ContactID: cm.Contacts[1].ID, Status: "requested", Locked: true}
		must(t, a.Store.SaveMeeting(ctx, u, cm.M.ID, &locked))
		// Contact 4 is free for 30 minutes only: a 45-minute meeting can never fit.
		w1, _ := models.LocalInstant(cm.M.Zone(), "2027-03-15", "10:00")
		w2, _ := models.LocalInstant(cm.M.Zone(), "2027-03-15", "10:30")
		must(t, a.Store.SetContactAvailability(ctx, u, cm.M, cm.Contacts[3].ID, []models.Interval{{Start: w1, End: w2}}))
		for _, r := range []struct {
			reg, contact, priority int
		}{{0, 1, 5}, {1, 0, 1}, {2, 2, 1}, {2, 3, 1}, {0, 2, 2}} {
			_, err := a.Store.CreateMeetingRequests(ctx, u, cm.M, cm.Regs[r.reg].ID, []uint{cm.Contacts[r.contact].ID}, r.priority, 45)
			must(t, err)
		}
		var before []models.Meeting
		db.Order("id").Find(&before)

		path := fmt.Sprintf("/missions/%d/schedule", cm.M.ID)
		page := c.Get(path)
		if page.Status != http.StatusOK || !strings.Contains(page.Body, "4 meeting(s) can be placed") || !strings.Contains(page.Body, "1 request(s) cannot be placed") ||
			!strings.Contains(page.Body, "the contact&#39;s availability leaves no 45 min gap") || !strings.Contains(page.Body, "Firm 003 Ltd with Contact 004 (Org 004 Inc)") {
			t.Fatalf("preview: %d\n%s", page.Status, page.Body)
		}
		api := fmt.Sprintf("/api/v1/missions/%d/schedule", cm.M.ID)
		r1 := a.API("POST", api, tok, "")
		r2 := a.API("POST", api, tok, `{"publish": false}`)
		var ans scheduleAnswer
		json.Unmarshal([]byte(r1.Body), &ans)
		if r1.Status != http.StatusOK || r1.Body != r2.Body || len(ans.Placed) != 4 || len(ans.Unplaced) != 1 || ans.Unplaced[0].Code != "no_common_availability" || ans.Published {
			t.Fatalf("API preview: %d %s\nsecond: %s", r1.Status, r1.Body, r2.Body)
		}
		if !strings.HasSuffix(ans.Placed[0].StartsAt, "-05:00") && !strings.HasSuffix(ans.Placed[0].StartsAt, "-06:00") {
			t.Fatalf("placed time not in the mission's offset: %s", ans.Placed[0].StartsAt)
		}
		var after []models.Meeting
		db.Order("id").Find(&after)
		for i := range before {
			if after[i].Status != before[i].Status || after[i].StartsAt != nil && before[i].StartsAt == nil {
				t.Fatalf("preview saved something: %+v", after[i])
			}
		}

		// Publishing without a preview's fingerprint only shows the preview.
		r := c.PostForm(path, url.Values{"publish": {"1"}})
		var scheduledNow int64
		db.Model(&models.Meeting{}).Where("status = 'scheduled'").Count(&scheduledNow)
		if r.Status != http.StatusOK || scheduledNow != int64(countStatus(before, "scheduled")) {
			t.Fatalf("publish without a preview: %d, %d scheduled", r.Status, scheduledNow)
		}
		// A stale preview is refused; the current one publishes.
		r = c.PostForm(path, url.Values{"publish": {"1"}, "fingerprint": {"stale"}})
		if r.Status != http.StatusConflict || !strings.Contains(r.Body, "changed since this preview") {
			t.Fatalf("stale publish: %d", r.Status)
		}
		fp := strings.SplitN(strings.SplitN(page.Body, `name="fingerprint" value="`, 2)[1], `"`, 2)[0]
		r = c.PostForm(path, url.Values{"publish": {"1"}, "fingerprint": {fp}})
		if r.Status != http.StatusSeeOther {
			t.Fatalf("publish: %d\n%s", r.Status, r.Body)
		}
		db.Order("id").Find(&after)
		scheduled := 0
		for i, mt := range after {
			switch mt.ID {
			case fixed.ID:
				if !mt.StartsAt.Equal(*before[i].StartsAt) || mt.Sequence != 0 || !mt.UpdatedAt.Equal(before[i].UpdatedAt) {
					t.Errorf("the fixed meeting moved: %+v", mt)
				}
			case locked.ID:
				if mt.Status != "requested" || mt.StartsAt != nil {
					t.Errorf("the locked request changed: %+v", mt)
				}
			}
			if mt.Status == "scheduled" {
				scheduled++
			}
		}
		if scheduled != 5 {
			t.Fatalf("%d scheduled after publishing, want 5", scheduled)
		}
		// No published meeting breaks any rule.
		book, err := a.Store.LoadMissionBook(ctx, cm.M)
		must(t, err)
		bctx := book.Context()
		for _, b := range bctx.Existing {
			if clashes := models.CheckBooking(bctx, b); len(clashes) > 0 {
				t.Errorf("published meeting %d clashes: %s", b.ID, models.ClashMessage(clashes))
			}
		}
		// Publishing again through the API places nothing new and moves nothing.
		r = a.API("POST", api, tok, `{"publish": true}`)
		json.Unmarshal([]byte(r.Body), &ans)
		if r.Status != http.StatusOK || len(ans.Placed) != 0 || len(ans.Unplaced) != 1 || !ans.Published {
			t.Fatalf("second publish: %d %s", r.Status, r.Body)
		}
		if r := a.API("POST", api, tok, `{"publish": "yes"}`); r.Status != http.StatusUnprocessableEntity {
			t.Fatalf("bad body: %d", r.Status)
		}
	})
}

func TestMatchmaking(t *testing.T) {
	apptest.EachDB(t, func(t *testing.T, db *gorm.DB) {
		a := apptest.New(t, db, testNow)
		c, _ := a.SignedIn("staff", "sam@agency.example")
		cm := seedChicago(t, a, 1, 6)
		// Firm 001 targets digital_technology and wants to meet buyers.
		path := fmt.Sprintf("/missions/%d/registrations/%d/suggestions", cm.M.ID, cm.Regs[0].ID)
		r := c.Get(path)
		if r.Status != http.StatusOK || !strings.Contains(r.Body, "Sector match: digital technology") || !strings.Contains(r.Body, "Wants to meet buyers") {
			t.Fatalf("suggestions: %d\n%s", r.Status, r.Body)
		}
		// Contact 004 (buyer, digital technology) ranks first.
		if i, j := strings.Index(r.Body, "Contact 004"), strings.Index(r.Body, "Contact 002"); i < 0 || j < 0 || i > j {
			t.Fatalf("ranking: 004 at %d, 002 at %d", i, j)
		}
		if r := c.PostForm(path, url.Values{"priority": {"high"}}); r.Status != http.StatusUnprocessableEntity || !strings.Contains(r.Body, "Select at least one contact") {
			t.Fatalf("no contacts chosen: %d", r.Status)
		}
		c.Get(path)
		r = c.PostForm(path, url.Values{"contact_ids": {fmt.Sprint(cm.Contacts[3].ID), fmt.Sprint(cm.Contacts[0].ID)}, "priority": {"7"}, "minutes": {"30"}})
		if r.Status != http.StatusSeeOther {
			t.Fatalf("create requests: %d\n%s", r.Status, r.Body)
		}
		var reqs []models.Meeting
		db.Where("status = 'requested'").Find(&reqs)
		if len(reqs) != 2 || reqs[0].Priority != 7 || reqs[0].Minutes != 30 || reqs[0].StartsAt != nil {
			t.Fatalf("requests: %+v", reqs)
		}
		if r := c.Get(path); strings.Contains(r.Body, "<label for=\"contact-0\">Contact 004</label>") {
			t.Fatal("a requested contact is still suggested")
		}
		if r := c.Get(fmt.Sprintf("/missions/%d/registrations/99999/suggestions", cm.M.ID)); r.Status != http.StatusNotFound {
			t.Fatalf("missing registration: %d", r.Status)
		}
	})
}

// TestMeetingQueriesBounded counts SQL statements for booking a meeting and for the meetings pages
// on a small and a five-times larger mission: the counts must be the same, and under a ceiling.
func TestMeetingQueriesBounded(t *testing.T) {
	apptest.EachDB(t, func(t *testing.T, db *gorm.DB) {
		a := apptest.New(t, db, testNow)
		c, u := a.SignedIn("staff", "sam@agency.example")
		tok := a.Token(u)
		a.API("GET", "/api/v1/contacts", tok, "") // the token's first use records it; later uses within a minute do not
		counter := countQueries(db)
		measure := func(firms, contacts int) (book, list, grid, api int64) {
			cm := seedChicago(t, a, firms, contacts)
			ctx := context.Background()
			// Some scheduled meetings and requests, with delegates, so every relation has rows.
			for i := 0; i < firms; i++ {
				at, _ := models.LocalInstant(cm.M.Zone(), fmt.Sprintf("2027-03-%02d", 12+i%5), fmt.Sprintf("%02d:00", 9+i/5%8))
				must(t, a.Store.SaveMeeting(ctx, u, cm.M.ID, &models.Meeting{RegistrationID: cm.Regs[i].ID, ContactID: cm.Contacts[3+i%(contacts-3)].ID, StartsAt: &at,
					Status: "scheduled", DelegateIDs: []uint{cm.Delegates[i].ID}}))
				must(t, a.Store.SaveMeeting(ctx, u, cm.M.ID, &models.Meeting{RegistrationID: cm.Regs[i].ID, ContactID: cm.Contacts[0].ID}))
			}
			base := fmt.Sprintf("/missions/%d/meetings", cm.M.ID)
			c.Get(base + "/new")
			*counter = 0
			r := c.PostForm(base, bookingForm(cm.Regs[0].ID, cm.Contacts[1].ID, "17", "16:00"))
			book = *counter
			if r.Status != http.StatusSeeOther {
				t.Fatalf("book: %d\n%s", r.Status, r.Body)
			}
			c.Get(r.Location()) // clear the flash
			*counter = 0
			if r := c.Get(base); r.Status != http.StatusOK {
				t.Fatalf("list: %d", r.Status)
			}
			list = *counter
			*counter = 0
			if r := c.Get(base + "/grid?day=2027-03-15"); r.Status != http.StatusOK || !strings.Contains(r.Body, cm.Regs[0].Firm.CompanyName) {
				t.Fatalf("grid: %d, or without the first firm's column", r.Status)
			}
			grid = *counter
			*counter = 0
			r = a.API("POST", fmt.Sprintf("/api/v1/missions/%d/meetings", cm.M.ID), tok,
				fmt.Sprintf(`{"registration_id": %d, "contact_id": %d, "starts_at": "2027-03-17T14:00"}`, cm.Regs[1].ID, cm.Contacts[2].ID))
			api = *counter
			if r.Status != http.StatusCreated {
				t.Fatalf("API book: %d %s", r.Status, r.Body)
			}
			return
		}
		b1, l1, g1, a1 := measure(4, 8)
		b2, l2, g2, a2 := measure(20, 40)
		t.Logf("queries: book %d/%d, list %d/%d, grid %d/%d, API book %d/%d", b1, b2, l1, l2, g1, g2, a1, a2)
		if b1 != b2 || l1 != l2 || g1 != g2 || a1 != a2 {
			t.Fatalf("query counts grow with the mission: book %d→%d, list %d→%d, grid %d→%d, API %d→%d", b1, b2, l1, l2, g1, g2, a1, a2)
		}
		// Constant is not enough: a page that ran a query per row of a small fixture would pass the
		// comparison above. The ceilings are the counts measured on 30 November 2026 (book 47, list
		// 11, grid 15, API book 46) with a little room; lower them when a change brings counts down.
		for _, q := range []struct {
			what      string
			got, most int64
		}{{"book", b2, 52}, {"list", l2, 13}, {"grid", g2, 17}, {"API book", a2, 51}} {
			if q.got > q.most {
				t.Errorf("%s ran %d statements; at most %d", q.what, q.got, q.most)
			}
		}
	})
}

func countStatus(ms []models.Meeting, status string) int {
	n := 0
	for _, m := range ms {
		if m.Status == status {
			n++
		}
	}
	return n
}
