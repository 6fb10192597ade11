package handlers_test

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"testing"

	"gorm.io/gorm"

	"github.com/missionplanner/missionplanner/app/apptest"
	"github.com/missionplanner/missionplanner/models"
)

func TestDeleteLocation(t *testing.T) {
	apptest.EachDB(t, func(t *testing.T, db *gorm.DB) {
		a := apptest.New(t, db, testNow)
		c, u := a.SignedIn("staff", "sam@agency.example")
		cm := seedChicago(t, a, 2, 3)
		ctx := context.Background()
		// Willis Tower has a scheduled meeting, the consulate a programme item, Rockford Works a request only.
		at, _ := models.LocalInstant(cm.M.Zone(), "2027-03-15", "10:00")
		must(t, a.Store.SaveMeeting(ctx, u, cm.M.ID, &models.Meeting{RegistrationID: cm.Regs[0].ID, ContactID: cm.Contacts[0].ID, StartsAt: &at, Status: "scheduled", LocationID: &cm.Downtown.ID}))
		st, _ := models.LocalInstant(cm.M.Zone(), "2027-03-11", "09:00")
		en, _ := models.LocalInstant(cm.M.Zone(), "2027-03-11", "10:00")
		briefing := models.ProgrammeItem{MissionID: cm.M.ID, Title: "Welcome briefing", Kind: "briefing", StartsAt: st, EndsAt: en, LocationID: &cm.Consulate.ID, AllRegistrations: true}
		must(t, db.Create(&briefing).Error)
		request := models.Meeting{RegistrationID: cm.Regs[1].ID, ContactID: cm.Contacts[1].ID, Status: "requested", LocationID: &cm.Rockford.ID}
		must(t, a.Store.SaveMeeting(ctx, u, cm.M.ID, &request))

		path := fmt.Sprintf("/missions/%d/locations", cm.M.ID)
		del := func(l models.Location) string { return fmt.Sprintf("%s/%d/delete", path, l.ID) }
		if r := c.Get(path); !strings.Contains(r.Body, `href="`+del(cm.Rockford)+`"`) || !strings.Contains(r.Body, "Remove<span class=\"visually-hidden\"> Rockford Works") {
			t.Fatalf("locations page has no remove link:\n%s", r.Body)
		}
		// The link asks first, naming the place; its form posts to the same address.
		if r := c.Get(del(cm.Rockford)); r.Status != http.StatusOK || !strings.Contains(r.Body, "Are you sure you want to remove Rockford Works, Rockford?") ||
			!strings.Contains(r.Body, `action="`+del(cm.Rockford)+`"`) || !strings.Contains(r.Body, `href="`+path+`">No, go back`) {
			t.Fatalf("confirmation page: %d\n%s", r.Status, r.Body)
		}
		for l, want := range map[*models.Location]string{
			&cm.Downtown:  "Willis Tower cannot be removed: 1 scheduled meeting uses it",
			&cm.Consulate: "Consulate cannot be removed: 1 programme item uses it",
		} {
			r := c.PostForm(del(*l), nil)
			if r.Status != http.StatusConflict || !strings.Contains(r.Body, want) || !strings.Contains(r.Body, "<h1>Locations and travel</h1>") {
				t.Fatalf("remove %s: %d, want 409 with %q\n%s", l.Name, r.Status, want, r.Body)
			}
		}
		var n int64
		db.Model(&models.Location{}).Where("id IN ?", []uint{cm.Downtown.ID, cm.Consulate.ID}).Count(&n)
		if n != 2 {
			t.Fatalf("a location in use was removed: %d left", n)
		}

		// A location only a request names is removed; the request falls back to the contact's office.
		r := c.PostForm(del(cm.Rockford), nil)
		if r.Status != http.StatusSeeOther || r.Location() != path {
			t.Fatalf("remove Rockford Works: %d %q\n%s", r.Status, r.Location(), r.Body)
		}
		if p := c.Get(path); !strings.Contains(p.Body, "Location removed: Rockford Works") || strings.Contains(p.Body, "<td>Rockford Works</td>") {
			t.Fatalf("locations page after removal:\n%s", p.Body)
		}
		if err := db.First(&models.Location{}, cm.Rockford.ID).Error; err == nil {
			t.Fatal("Rockford Works is still there")
		}
		var got models.Meeting
		must(t, db.First(&got, request.ID).Error)
		if got.LocationID != nil || got.Status != "requested" {
			t.Fatalf("the request after its location went: %+v", got)
		}
		var ev models.AuditEvent
		must(t, db.Where("entity = 'location' AND entity_id = ? AND action = 'delete'", cm.Rockford.ID).First(&ev).Error)
		if ev.Actor != "sam@agency.example" || !strings.Contains(ev.Before, "Rockford Works") {
			t.Fatalf("audit event: %+v", ev)
		}
		if r := c.PostForm(del(cm.Rockford), nil); r.Status != http.StatusNotFound {
			t.Fatalf("remove again: %d", r.Status)
		}
	})
}
