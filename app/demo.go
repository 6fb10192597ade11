package app

import (
	"context"
	"fmt"
	"log/slog"
	"sort"
	"time"

	"github.com/missionplanner/missionplanner/models"
)

// demoStep adds part of the demo mission (firms, contacts, meetings…) after the mission itself.
type demoStep struct {
	order int
	name  string
	run   func(ctx context.Context, tx *models.Store, m *models.Mission) error
}

// demoSteps run in order: 100 registrations and delegates, 200 contacts, locations, programme and
// meetings, 300 delegate accounts and calendar feeds.
var demoSteps []demoStep

// registerDemoStep adds a step; each capability calls it from an init function in its own demo file.
func registerDemoStep(order int, name string, run func(ctx context.Context, tx *models.Store, m *models.Mission) error) {
	demoSteps = append(demoSteps, demoStep{order, name, run})
	sort.SliceStable(demoSteps, func(i, j int) bool { return demoSteps[i].order < demoSteps[j].order })
}

// LoadDemo creates the demo mission, "Birmingham to Chicago Trade Mission", in an empty database. It is
// all-or-nothing and does nothing when a mission already exists. The dates straddle the US clock change
// (Sunday 14 March 2027) while the UK's comes later (28 March), so the itinerary shows both the 6-hour
// and the 5-hour difference. Every name in it is invented.
func LoadDemo(ctx context.Context, store *models.Store, log *slog.Logger) error {
	var n int64
	if err := store.DB(ctx).Model(&models.Mission{}).Count(&n).Error; err != nil {
		return err
	}
	if n > 0 {
		log.Info("demo not loaded: the database already has missions")
		return nil
	}
	start := time.Now()
	ctx = context.WithValue(ctx, demoLogKey{}, log)
	err := store.WithTx(ctx, func(tx *models.Store) error {
		m := DemoMission()
		if err := tx.CreateMission(ctx, nil, &m); err != nil {
			return fmt.Errorf("mission: %w", err)
		}
		for _, step := range demoSteps {
			if err := step.run(ctx, tx, &m); err != nil {
				return fmt.Errorf("%s: %w", step.name, err)
			}
		}
		return nil
	})
	if err != nil {
		return err
	}
	log.Info("demo mission loaded", "ms", time.Since(start).Milliseconds())
	return nil
}

type demoLogKey struct{}

// demoLog is the logger LoadDemo was given, for steps that tell the person at the console something
// (such as the demo delegate's password).
func demoLog(ctx context.Context) *slog.Logger {
	if log, ok := ctx.Value(demoLogKey{}).(*slog.Logger); ok {
		return log
	}
	return slog.New(slog.DiscardHandler)
}

// DemoMission is the demo mission's own record.
func DemoMission() models.Mission {
	m := models.NewMission()
	m.Name = "Birmingham to Chicago Trade Mission"
	m.DestinationCity = "Chicago"
	m.DestinationCountry = "United States"
	m.StartDate = models.DateOf(2027, time.March, 11)
	m.EndDate = models.DateOf(2027, time.March, 17)
	m.RegistrationCloses = models.DateOf(2027, time.February, 12)
	m.MaxFirms = 25
	m.MaxDelegatesPerFirm = 3
	m.Status = "open"
	m.MeetingMinutes = 45
	m.DayStarts, m.DayEnds = "08:30", "18:00"
	m.Sectors = models.NewStringList("advanced_manufacturing", "digital_technology", "healthcare_life_sciences", "financial_professional_services", "agri_food")
	m.Description = "A week in Chicago for Birmingham firms, building on more than twenty years of sister-city partnership: " +
		"one-to-one meetings with buyers, distributors and investors across Chicagoland and out to Rockford, " +
		"a welcome briefing at the consulate, a networking reception and a site visit."
	return m
}
