package models_test

import (
	"context"
	"errors"
	"testing"

	"gorm.io/gorm"

	"github.com/missionplanner/missionplanner/app/apptest"
	"github.com/missionplanner/missionplanner/models"
)

// MissionRegistration finds a registration only through its own mission, with its firm and delegates.
func TestMissionRegistration(t *testing.T) {
	apptest.EachDB(t, func(t *testing.T, db *gorm.DB) {
		s := models.NewStore(db)
		ctx := context.Background()
		m, other := newMission(t, s, 5), newMission(t, s, 5)
		reg := registerN(t, s, m, 1)[0]
		if err := db.Create(&models.Delegate{RegistrationID: reg.ID, MissionID: m.ID, FullName: "Jo Bloggs", Email: "jo@example.co.uk"}).Error; err != nil {
			t.Fatal(err)
		}
		got, err := s.MissionRegistration(ctx, m.ID, reg.ID)
		if err != nil || got.Firm == nil || got.Firm.CompanyName != "Firm 00 Ltd" || len(got.Delegates) != 1 {
			t.Fatalf("own mission: %+v, %v", got, err)
		}
		if got, err := s.MissionRegistration(ctx, other.ID, reg.ID); !errors.Is(err, models.ErrNotFound) || got != nil {
			t.Fatalf("another mission: %+v, %v", got, err)
		}
	})
}
