package handlers_test

import (
	"errors"
	"fmt"
	"net/http"
	"testing"

	"gorm.io/gorm"

	"github.com/missionplanner/missionplanner/app/apptest"
	"github.com/missionplanner/missionplanner/models"
)

// A PATCH of a registration's status and fields is saved whole or not at all: when saving the fields
// fails, the status move is not kept either.
func TestRegistrationPatchIsOneTransaction(t *testing.T) {
	apptest.EachDB(t, func(t *testing.T, db *gorm.DB) {
		a := apptest.New(t, db, testNow)
		staff, _ := a.CreateUser("staff", "sam@agency.example")
		tok := a.Token(staff)
		m := openMission(t, a, 5)
		r := a.API("POST", fmt.Sprintf("/api/v1/missions/%d/registrations", m.ID), tok,
			`{"firm": {"company_name": "Alpha Ltd", "postcode": "B1 1BB", "sector": "agri_food", "contact_name": "Jo", "contact_email": "jo@example.co.uk"}}`)
		if r.Status != http.StatusCreated {
			t.Fatalf("create: %d %s", r.Status, r.Body)
		}
		var reg models.Registration
		must(t, db.Where("mission_id = ?", m.ID).First(&reg).Error)

		name := "test:fail-objectives"
		must(t, db.Callback().Update().Before("gorm:update").Register(name, func(tx *gorm.DB) {
			if fields, ok := tx.Statement.Dest.(map[string]any); ok && tx.Statement.Table == "registrations" && fields["objectives"] != nil {
				tx.AddError(errors.New("disk full"))
			}
		}))
		r = a.API("PATCH", fmt.Sprintf("/api/v1/registrations/%d", reg.ID), tok, `{"status": "approved", "objectives": "Meet distributors"}`)
		must(t, db.Callback().Update().Remove(name))
		if r.Status != http.StatusInternalServerError {
			t.Fatalf("patch with a failing write: %d %s", r.Status, r.Body)
		}
		must(t, db.First(&reg, reg.ID).Error)
		if reg.Status != "applied" || reg.Objectives != "" {
			t.Fatalf("half of the patch was saved: status %q, objectives %q", reg.Status, reg.Objectives)
		}
	})
}
