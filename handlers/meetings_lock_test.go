package handlers_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"gorm.io/gorm"

	"github.com/missionplanner/missionplanner/app/apptest"
	"github.com/missionplanner/missionplanner/models"
)

func TestLockMeeting(t *testing.T) {
	apptest.EachDB(t, func(t *testing.T, db *gorm.DB) {
		a := apptest.New(t, db, testNow)
		c, u := a.SignedIn("staff", "sam@agency.example")
		cm := seedChicago(t, a, 1, 3)
		ctx := context.Background()
		for _, ct := range []int{0, 2} {
			_, err := a.Store.CreateMeetingRequests(ctx, u, cm.M, cm.Regs[0].ID, []uint{cm.Contacts[ct].ID}, 1, 45)
			must(t, err)
		}
		var req models.Meeting // the request with Contact 001, which is locked
		must(t, db.Where("contact_id = ?", cm.Contacts[0].ID).First(&req).Error)
		page := fmt.Sprintf("/missions/%d/meetings/%d", cm.M.ID, req.ID)
		schedule := fmt.Sprintf("/missions/%d/schedule", cm.M.ID)

		if r := c.Get(page); r.Status != http.StatusOK || !strings.Contains(r.Body, "Lock the meeting") || !strings.Contains(r.Body, `action="`+page+`/lock"`) {
			t.Fatalf("meeting page: %d\n%s", r.Status, r.Body)
		}
		if r := c.PostForm(page+"/lock", url.Values{"locked": {"maybe"}}); r.Status != http.StatusUnprocessableEntity || !strings.Contains(r.Body, "Choose whether to lock or unlock the meeting") ||
			!strings.Contains(r.Body, `<p class="error-message" id="locked-error">`) {
			t.Fatalf("bad locked value: %d", r.Status)
		}
		r := c.PostForm(page+"/lock", url.Values{"locked": {"true"}})
		if r.Status != http.StatusSeeOther || r.Location() != page {
			t.Fatalf("lock: %d %q", r.Status, r.Location())
		}
		if r := c.Get(page); !strings.Contains(r.Body, "Meeting locked") || !strings.Contains(r.Body, `<span class="tag">Locked</span>`) || !strings.Contains(r.Body, "Unlock the meeting") {
			t.Fatalf("locked meeting page:\n%s", r.Body)
		}
		if r := c.Get(fmt.Sprintf("/missions/%d/meetings", cm.M.ID)); !strings.Contains(r.Body, `<span class="tag">Locked</span>`) {
			t.Fatalf("the meetings list does not show the lock:\n%s", r.Body)
		}

		// The preview offers only the unlocked request, and publishing leaves the locked one alone.
		preview := c.Get(schedule)
		if !strings.Contains(preview.Body, "1 meeting(s) can be placed") || !strings.Contains(preview.Body, "Contact 003") || strings.Contains(preview.Body, "Contact 001") {
			t.Fatalf("preview with a locked request:\n%s", preview.Body)
		}
		publish := func(body string) {
			t.Helper()
			fp := strings.SplitN(strings.SplitN(body, `name="fingerprint" value="`, 2)[1], `"`, 2)[0]
			if r := c.PostForm(schedule, url.Values{"publish": {"1"}, "fingerprint": {fp}}); r.Status != http.StatusSeeOther {
				t.Fatalf("publish: %d\n%s", r.Status, r.Body)
			}
		}
		publish(preview.Body)
		var got models.Meeting
		must(t, db.First(&got, req.ID).Error)
		if got.Status != "requested" || got.StartsAt != nil || !got.Locked {
			t.Fatalf("publishing placed the locked request: %+v", got)
		}

		// Unlocked, the request is placed by the next preview and publish.
		c.Get(page)
		if r := c.PostForm(page+"/lock", url.Values{"locked": {"false"}}); r.Status != http.StatusSeeOther {
			t.Fatalf("unlock: %d", r.Status)
		}
		preview = c.Get(schedule)
		if !strings.Contains(preview.Body, "1 meeting(s) can be placed") || !strings.Contains(preview.Body, "Contact 001") {
			t.Fatalf("preview after unlocking:\n%s", preview.Body)
		}
		publish(preview.Body)
		must(t, db.First(&got, req.ID).Error)
		if got.Status != "scheduled" || got.StartsAt == nil || got.Locked {
			t.Fatalf("the unlocked request was not placed: %+v", got)
		}

		// Both changes are in the meeting's history.
		var actions []string
		db.Model(&models.AuditEvent{}).Where("entity = 'meeting' AND entity_id = ?", req.ID).Order("id").Pluck("action", &actions)
		if strings.Join(actions, ",") != "request,lock,unlock,schedule" {
			t.Fatalf("audit trail: %v", actions)
		}
		if r := c.PostForm(fmt.Sprintf("/missions/%d/meetings/99999/lock", cm.M.ID), url.Values{"locked": {"true"}}); r.Status != http.StatusNotFound {
			t.Fatalf("missing meeting: %d", r.Status)
		}
	})
}
