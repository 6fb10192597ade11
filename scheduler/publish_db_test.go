package scheduler_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"gorm.io/gorm"

	"github.com/missionplanner/missionplanner/app/apptest"
	"github.com/missionplanner/missionplanner/models"
	"github.com/missionplanner/missionplanner/scheduler"
)

// meetingMission is a mission with one registered firm and n contacts.
func meetingMission(t *testing.T, s *models.Store, db *gorm.DB, n int) (*models.Mission, *models.Registration, []models.Contact) {
	t.Helper()
	ctx := context.Background()
	mission := models.NewMission()
	mission.Name, mission.DestinationCity = "Chicago 2027", "Chicago"
	mission.StartDate, mission.EndDate, mission.RegistrationCloses = models.DateOf(2027, 3, 11), models.DateOf(2027, 3, 17), models.DateOf(2027, 2, 12)
	mission.Status, mission.MaxFirms, mission.MaxDelegatesPerFirm = "open", 10, 2
	m := &mission
	if err := s.CreateMission(ctx, nil, m); err != nil {
		t.Fatal(err)
	}
	f := models.Firm{CompanyName: "Firm 00 Ltd", Postcode: "B1 1BB", Sector: "agri_food", ContactName: "A N Other", ContactEmail: "f0@example.co.uk"}
	reg := &models.Registration{}
	if err := s.RegisterFirm(ctx, nil, m, time.Date(2026, 11, 26, 12, 0, 0, 0, time.UTC), 0, &f, reg); err != nil {
		t.Fatal(err)
	}
	var contacts []models.Contact
	for i := 0; i < n; i++ {
		c := models.Contact{FullName: fmt.Sprintf("Contact %d", i+1), Organisation: "Org Inc", OrganisationType: "buyer", Sector: "agri_food", City: "Chicago"}
		if err := db.Create(&c).Error; err != nil {
			t.Fatal(err)
		}
		contacts = append(contacts, c)
	}
	return m, reg, contacts
}

// A request locked after the preview was computed is never scheduled by publishing that preview:
// the write refuses it with a conflict and nothing of the publish is saved.
func TestPublishNeverSchedulesALockedRequest(t *testing.T) {
	apptest.EachDB(t, func(t *testing.T, db *gorm.DB) {
		s := models.NewStore(db)
		ctx := context.Background()
		m, reg, contacts := meetingMission(t, s, db, 2)
		if _, err := s.CreateMeetingRequests(ctx, nil, m, reg.ID, []uint{contacts[0].ID, contacts[1].ID}, 1, 45); err != nil {
			t.Fatal(err)
		}
		p, err := scheduler.Propose(ctx, s, m)
		if err != nil {
			t.Fatal(err)
		}
		if len(p.Result.Placed) != 2 {
			t.Fatalf("placed %d requests, want 2: %+v", len(p.Result.Placed), p.Result)
		}
		lockedID := p.Result.Placed[1].RequestID
		if _, err := s.SetMeetingLocked(ctx, nil, m.ID, lockedID, true); err != nil {
			t.Fatal(err)
		}
		err = scheduler.PublishProposal(ctx, s, nil, p)
		if _, ok := err.(*models.ConflictError); !ok {
			t.Fatalf("publishing a stale proposal with a locked request: %v, want a conflict", err)
		}
		var scheduled int64
		db.Model(&models.Meeting{}).Where("mission_id = ? AND status = 'scheduled'", m.ID).Count(&scheduled)
		locked, err := s.Meeting(ctx, lockedID)
		if err != nil {
			t.Fatal(err)
		}
		if scheduled != 0 || locked.Status != "requested" || locked.StartsAt != nil || !locked.Locked {
			t.Fatalf("after the refused publish: %d scheduled, locked request %+v", scheduled, locked)
		}
	})
}
