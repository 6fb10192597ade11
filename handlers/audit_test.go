package handlers_test

import (
	"fmt"
	"net/http"
	"strings"
	"testing"

	"gorm.io/gorm"

	"github.com/missionplanner/missionplanner/app/apptest"
	"github.com/missionplanner/missionplanner/models"
)

// TestAuditTrailReadable: names instead of ids, the mission's time with UK time, changes field by
// field, filters by mission, person, kind and day, paged; and a registration's history shows its
// delegates', meetings' and calendar links' events.
func TestAuditTrailReadable(t *testing.T) {
	apptest.EachDB(t, func(t *testing.T, db *gorm.DB) {
		a := apptest.New(t, db, testNow)
		admin, _ := a.SignedIn("admin", "ada@agency.example")
		staff, _ := a.CreateUser("staff", "api@agency.example")
		tok := a.Token(staff)
		f := seedItinerary(t, db)
		// A reschedule through the API: Friday 10:00 → 11:00 Chicago.
		r := a.API("PATCH", fmt.Sprintf("/api/v1/meetings/%d", f.FridayMeeting.ID), tok, `{"starts_at": "2027-03-12T11:00"}`)
		if r.Status != http.StatusOK {
			t.Fatalf("PATCH: %d %s", r.Status, r.Body)
		}
		_, err := a.Store.CreateCalendarFeed(t.Context(), staff, f.RegA.ID, nil, testNow)
		must(t, err)
		r = a.API("PATCH", fmt.Sprintf("/api/v1/missions/%d", f.Mission.ID), tok, `{"day_ends": "18:00"}`)
		if r.Status != http.StatusOK {
			t.Fatalf("PATCH mission: %d %s", r.Status, r.Body)
		}

		page := admin.Get("/admin/audit")
		if page.Status != http.StatusOK {
			t.Fatalf("audit: %d", page.Status)
		}
		for _, want := range []string{
			"Rescheduled meeting: Alpha Widgets Ltd with Carla Diaz",
			"Starts at: Fri 12 Mar 2027 10:00 (UK 16:00) → Fri 12 Mar 2027 11:00 (UK 17:00)",
			"Changed mission: Chicago 2027", "Day ends: 17:30 → 18:00",
			"Created calendar link: Alpha Widgets Ltd",
			"api@agency.example",
			" CST <span class=\"time-home\">(UK ",
		} {
			if !strings.Contains(page.Body, want) {
				t.Errorf("audit page lacks %q", want)
			}
		}
		if strings.Contains(page.Body, "{&#34;") || strings.Contains(page.Body, `{"`) {
			t.Error("the audit page still shows raw JSON")
		}

		t.Run("filters", func(t *testing.T) {
			r := admin.Get("/admin/audit?entity=meeting")
			if !strings.Contains(r.Body, "Rescheduled meeting") || strings.Contains(r.Body, "Changed mission") || !strings.Contains(r.Body, "1 event(s)") {
				t.Errorf("kind filter:\n%s", r.Body)
			}
			r = admin.Get("/admin/audit?actor=nobody@example.com")
			if !strings.Contains(r.Body, "0 event(s)") {
				t.Errorf("person filter")
			}
			r = admin.Get(fmt.Sprintf("/admin/audit?mission_id=%d&actor=api@agency.example", f.Mission.ID))
			if !strings.Contains(r.Body, "Changed mission") {
				t.Errorf("mission and person filter")
			}
			r = admin.Get("/admin/audit?from-day=1&from-month=1&from-year=2030")
			if !strings.Contains(r.Body, "0 event(s)") {
				t.Errorf("day filter")
			}
			if r := admin.Get("/admin/audit?from-day=31&from-month=2&from-year=2027"); r.Status != http.StatusUnprocessableEntity {
				t.Errorf("a date that does not exist: %d", r.Status)
			}
			r = admin.Get("/admin/audit?per_page=1&actor=api@agency.example")
			if !strings.Contains(r.Body, "Page 1 of 3") || !strings.Contains(r.Body, "actor=api%40agency.example") || !strings.Contains(r.Body, "page=2") {
				t.Errorf("paging keeps the filter:\n%s", r.Body)
			}
		})

		t.Run("registration history", func(t *testing.T) {
			r := admin.Get(fmt.Sprintf("/missions/%d/registrations/%d", f.Mission.ID, f.RegA.ID))
			for _, want := range []string{"Rescheduled meeting: Alpha Widgets Ltd with Carla Diaz", "Created calendar link: Alpha Widgets Ltd"} {
				if !strings.Contains(r.Body, want) {
					t.Errorf("history lacks %q", want)
				}
			}
			if r := admin.Get(fmt.Sprintf("/missions/%d/registrations/%d", f.Mission.ID, f.RegB.ID)); strings.Contains(r.Body, "Carla Diaz") && strings.Contains(r.Body, "Rescheduled meeting") {
				t.Error("firm B's history shows firm A's meeting")
			}
		})
	})
}

// TestAuditDescribesEveryEventOfTheDemo: no event of the demo is shown as raw JSON, an id or "0".
func TestAuditDescribesUnnamedImport(t *testing.T) {
	apptest.EachDB(t, func(t *testing.T, db *gorm.DB) {
		a := apptest.New(t, db, testNow)
		must(t, a.Store.Audit(t.Context(), nil, "import", "contact", 0, nil, nil, map[string]int{"imported": 3}))
		lines, err := a.Store.DescribeAudit(t.Context(), []models.AuditEvent{mustLastEvent(t, db)})
		must(t, err)
		if len(lines) != 1 || lines[0].What != "Imported contact: 3 imported" || strings.Contains(lines[0].What, " 0") {
			t.Errorf("import: %+v", lines)
		}
	})
}

func mustLastEvent(t *testing.T, db *gorm.DB) models.AuditEvent {
	var ev models.AuditEvent
	must(t, db.Order("id DESC").First(&ev).Error)
	return ev
}
