package app_test

import (
	"context"
	"io"
	"log/slog"
	"strings"
	"testing"

	"gorm.io/gorm"

	"github.com/missionplanner/missionplanner/app"
	"github.com/missionplanner/missionplanner/app/apptest"
	"github.com/missionplanner/missionplanner/models"
)

func TestDemoRegistrations(t *testing.T) {
	apptest.EachDB(t, func(t *testing.T, db *gorm.DB) {
		store := models.NewStore(db)
		if err := app.LoadDemo(context.Background(), store, slog.New(slog.NewTextHandler(io.Discard, nil))); err != nil {
			t.Fatal(err)
		}
		var m models.Mission
		db.First(&m)
		counts, err := store.StatusCounts(context.Background(), m.ID)
		if err != nil {
			t.Fatal(err)
		}
		if counts["approved"]+counts["confirmed"] != int64(m.MaxFirms) || counts["confirmed"] == 0 || counts["waitlisted"] != 2 ||
			counts["withdrawn"] != 1 || counts["rejected"] != 1 || counts["applied"] != 2 {
			t.Fatalf("statuses %v with %d places", counts, m.MaxFirms)
		}
		var promotions int64
		db.Model(&models.AuditEvent{}).Where("action = 'promote'").Count(&promotions)
		if promotions != 1 {
			t.Errorf("promotions in the audit log: %d", promotions)
		}
		var delegates []models.Delegate
		db.Preload("TravelSegments").Find(&delegates)
		perReg := map[uint]int{}
		flights := 0
		for _, d := range delegates {
			perReg[d.RegistrationID]++
			if !strings.HasSuffix(d.Email, "@example.co.uk") {
				t.Errorf("delegate email %s", d.Email)
			}
			for _, s := range d.TravelSegments {
				flights++
				if !s.ArrivesAt.After(s.DepartsAt) {
					t.Errorf("%s %s arrives before it departs", s.Number, s.From)
				}
			}
		}
		for id, n := range perReg {
			if n < 1 || n > m.MaxDelegatesPerFirm {
				t.Errorf("registration %d has %d delegates", id, n)
			}
		}
		if len(perReg) != 26 || flights < 100 {
			t.Fatalf("%d registrations with delegates, %d flights", len(perReg), flights)
		}
		// Dublin to Chicago on 10 March lands at 12:05 Chicago time, 18:05 UTC (6 hours behind before the US change).
		var seg models.TravelSegment
		db.Where("number = ? AND from_airport = ?", "EI 125", "DUB").First(&seg)
		if got := seg.ArrivesAt.In(seg.ArrivalZone()).Format("2006-01-02 15:04 MST"); got != "2027-03-10 12:05 CST" {
			t.Errorf("EI 125 arrives %s", got)
		}
	})
}
