package app

import (
	"context"
	"fmt"
	"log/slog"
	"time"

	"github.com/missionplanner/missionplanner/models"
)

// LoadDemo creates the demo mission, "Birmingham to Chicago Trade Mission", in an empty database. It is
// all-or-nothing and does nothing when a mission already exists. The dates straddle the US clock change
// (Sunday 14 March 2027) while the UK's comes later (28 March), so the itinerary shows both the 6-hour
// and the 5-hour difference. Every name in it is invented.
func LoadDemo(ctx context.Context, store *models.Store, log *slog.Logger) error {
	_, n, err := store.Missions(ctx, models.Page{PerPage: 1})
	if err != nil {
		return err
	}
	if n > 0 {
		log.Info("demo not loaded: the database already has missions")
		return nil
	}
	start := time.Now()
	err = store.WithTx(ctx, func(tx *models.Store) error {
		m := DemoMission()
		if err := tx.CreateMission(ctx, nil, &m); err != nil {
			return fmt.Errorf("mission: %w", err)
		}
		if err := demoRegistrations(ctx, tx, &m); err != nil {
			return fmt.Errorf("registrations: %w", err)
		}
		// Hotels and bookings before the meetings: the day starts and ends at the hotel, and the
		// scheduler keeps the time to travel from it and back.
		if err := demoReadiness(ctx, tx, &m); err != nil {
			return fmt.Errorf("readiness: %w", err)
		}
		if err := demoMeetings(ctx, tx, &m); err != nil {
			return fmt.Errorf("contacts and meetings: %w", err)
		}
		if err := demoDelegateAccess(ctx, tx, &m, log); err != nil {
			return fmt.Errorf("delegate access: %w", err)
		}
		return nil
	})
	if err != nil {
		return err
	}
	log.Info("demo mission loaded", "ms", time.Since(start).Milliseconds())
	return nil
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
