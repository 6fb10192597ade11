package app

import (
	"context"
	"log/slog"
	"testing"
	"time"

	"github.com/missionplanner/missionplanner/models"
)

func TestDemoDelegateAccess(t *testing.T) {
	ctx := context.Background()
	db, err := OpenDatabase("", t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { closeDB(db) })
	if _, err := Migrate(ctx, db); err != nil {
		t.Fatal(err)
	}
	store := models.NewStore(db)
	m := DemoMission()
	// Without delegates (the other demo steps not loaded) the step does nothing and does not fail.
	if err := store.CreateMission(ctx, nil, &m); err != nil {
		t.Fatal(err)
	}
	if err := demoDelegateAccess(ctx, store, &m, slog.New(slog.DiscardHandler)); err != nil {
		t.Fatalf("no delegates: %v", err)
	}
	firm := models.Firm{CompanyName: "Alpha Widgets Ltd", Postcode: "B1 1AA", Sector: "agri_food", ExportExperience: "none", ContactName: "A", ContactEmail: "a@alpha.example"}
	db.Create(&firm)
	reg := models.Registration{MissionID: m.ID, FirmID: firm.ID, Status: "confirmed", StatusChangedAt: time.Now().UTC()}
	db.Create(&reg)
	d := models.Delegate{RegistrationID: reg.ID, MissionID: m.ID, FullName: "Ann Archer", Email: "ann@alpha.example"}
	db.Create(&d)
	if err := demoDelegateAccess(ctx, store, &m, slog.New(slog.DiscardHandler)); err != nil {
		t.Fatal(err)
	}
	u, err := store.Authenticate(ctx, "ann@alpha.example", DemoDelegatePassword, "192.0.2.1", time.Now())
	if err != nil || u.Role != "delegate" || *u.DelegateID != d.ID {
		t.Fatalf("demo delegate sign-in: %v %+v", err, u)
	}
	feeds, _ := store.CalendarFeeds(ctx, reg.ID)
	if len(feeds) != 2 {
		t.Fatalf("demo feeds: %d, want the firm's and the delegate's", len(feeds))
	}
}
