package models_test

import (
	"context"
	"fmt"
	"testing"

	"gorm.io/gorm"

	"github.com/missionplanner/missionplanner/app/apptest"
	"github.com/missionplanner/missionplanner/models"
)

// meetingMission is a mission with one registered firm and n contacts.
func meetingMission(t *testing.T, s *models.Store, db *gorm.DB, n int) (*models.Mission, *models.Registration, []models.Contact) {
	t.Helper()
	m := newMission(t, s, 10)
	reg := registerN(t, s, m, 1)[0]
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
		p, err := s.ProposeSchedule(ctx, m)
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
		err = s.PublishProposal(ctx, nil, p)
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
