package models_test

import (
	"context"
	"errors"
	"fmt"
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

// A mission's registrations come by company name whatever the case, and by id when names tie,
// however the database happens to store the rows.
func TestMissionRegistrationsOrder(t *testing.T) {
	apptest.EachDB(t, func(t *testing.T, db *gorm.DB) {
		s := models.NewStore(db)
		ctx := context.Background()
		m := newMission(t, s, 10)
		var ids []uint
		for _, name := range []string{"acme Ltd", "Acme Ltd", "Beta plc", "ACME LTD", "aardvark"} {
			f := models.Firm{CompanyName: name, Postcode: "B1 1BB", Sector: "agri_food", ContactName: "Jo", ContactEmail: "jo@example.co.uk", ExportExperience: "some"}
			if err := db.Create(&f).Error; err != nil {
				t.Fatal(err)
			}
			r := models.Registration{MissionID: m.ID, FirmID: f.ID, Status: "approved", StatusChangedAt: now}
			if err := db.Create(&r).Error; err != nil {
				t.Fatal(err)
			}
			ids = append(ids, r.ID)
		}
		// An update moves the row on PostgreSQL: an unordered read would then return it last.
		if err := db.Model(&models.Registration{}).Where("id = ?", ids[0]).Update("objectives", "Meet buyers").Error; err != nil {
			t.Fatal(err)
		}
		want := []uint{ids[4], ids[0], ids[1], ids[3], ids[2]}
		regs, err := s.MissionRegistrations(ctx, m.ID)
		if err != nil {
			t.Fatal(err)
		}
		book, err := s.LoadMissionBook(ctx, m)
		if err != nil {
			t.Fatal(err)
		}
		var got []uint
		for _, r := range regs {
			got = append(got, r.ID)
		}
		if fmt.Sprint(got) != fmt.Sprint(want) || fmt.Sprint(book.RegOrder) != fmt.Sprint(want) {
			t.Fatalf("order %v, book %v, want %v", got, book.RegOrder, want)
		}
	})
}
