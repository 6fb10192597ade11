package app

import (
	"context"
	"fmt"
	"time"

	"github.com/missionplanner/missionplanner/models"
)

// demoHotels are the demo mission's hotels (invented names).
var demoHotels = []models.Hotel{
	{Name: "Lakeview Grand Hotel", Address: "120 S Michigan Ave", City: "Chicago", CheckIn: "15:00", CheckOut: "11:00", Rooms: 30},
	{Name: "Riverside Suites", Address: "400 N Wabash Ave", City: "Chicago", CheckIn: "16:00", CheckOut: "12:00", Rooms: 10},
}

var demoRelationships = []string{"Partner", "Spouse", "Parent", "Sibling", "Colleague"}

// demoReadiness gives the going delegates travel documents, emergency contacts and hotel bookings, with
// a few gaps so the readiness board shows a mix: a passport expiring soon, ESTAs not yet approved, a
// missing night, missing emergency contacts and unanswered needs.
func demoReadiness(ctx context.Context, tx *models.Store, m *models.Mission) error {
	var hotels []models.Hotel
	for _, h := range demoHotels {
		h.MissionID, h.BlockStartsOn, h.BlockEndsOn = m.ID, m.StartDate.AddDays(-2), m.EndDate.AddDays(1)
		if err := tx.SaveHotel(ctx, nil, &h); err != nil {
			return fmt.Errorf("hotel %s: %w", h.Name, err)
		}
		hotels = append(hotels, h)
	}
	regs, err := tx.GoingRegistrations(ctx, m.ID)
	if err != nil {
		return err
	}
	j := 0
	for _, r := range regs {
		ds, err := tx.Delegates(ctx, r.ID)
		if err != nil {
			return err
		}
		for k, d := range ds {
			trip := models.TripOf(d.TravelSegments, m.StartDate, m.EndDate)
			doc := models.TravelDocuments{
				PassportNationality: "British", PassportExpires: models.DateOf(2029+j%5, time.Month(1+j%12), 1+j%27), PassportLast4: fmt.Sprintf("%04d", 1000+j*37%9000),
				EstaStatus: models.EstaApproved, EstaExpires: models.DateOf(2028, 6, 1), MobileAbroad: fmt.Sprintf("+44 7700 900%03d", j),
				EmergencyContactName: demoPerson(j + 40), EmergencyContactRelationship: demoRelationships[j%len(demoRelationships)],
				EmergencyContactPhone: fmt.Sprintf("+44 121 496 0%03d", j),
			}
			switch j % 9 {
			case 2:
				doc.PassportExpires = m.EndDate.AddDays(100) // valid, but within six months: amber
			case 4:
				doc.EstaStatus, doc.EstaExpires = models.EstaApplied, models.Date{}
			case 6:
				doc.EmergencyContactName, doc.EmergencyContactRelationship, doc.EmergencyContactPhone = "", "", ""
			case 7:
				doc = models.TravelDocuments{EstaStatus: models.EstaToApply} // nothing entered yet
			}
			if j%4 == 1 && d.DietaryRequirements == "" {
				doc.PassportNationality = "Irish"
			}
			var booking *models.HotelBooking
			if j%8 != 5 {
				booking = &models.HotelBooking{HotelID: hotels[j%3/2].ID, ArrivesOn: trip.FirstNight, DepartsOn: trip.ReturnDay, Room: models.RoomSingle,
					Confirmation: fmt.Sprintf("LG-%04d", 2700+j)}
				if j%10 == 3 {
					booking.ArrivesOn = booking.ArrivesOn.AddDays(1) // a night missing
				}
				if k == 1 && len(ds) > 2 { // the second and third delegates of a firm of three share a room
					booking.Room, booking.Confirmation = models.RoomShared, fmt.Sprintf("SH-%d", r.ID)
				}
				if k == 2 && len(ds) > 2 {
					booking = nil // set below with the roommate's booking
				}
			}
			if k == 2 && len(ds) > 2 {
				prev := ds[1]
				if mate, err := tx.Delegate(ctx, prev.ID); err == nil && mate.HotelBooking != nil {
					b := *mate.HotelBooking
					booking = &b
				}
			}
			// Most delegates were invited and most of those signed in (the invitation's token is not
			// kept: these links were never sent).
			if j%5 != 3 {
				now := time.Now().UTC()
				inv := models.Invitation{DelegateID: d.ID, TokenHash: models.RandomToken(32), ExpiresAt: now.Add(14 * 24 * time.Hour), CreatedAt: now}
				if j%7 != 5 {
					inv.UsedAt = &now
				}
				if err := tx.DB(ctx).Create(&inv).Error; err != nil {
					return fmt.Errorf("invitation of %s: %w", d.FullName, err)
				}
			}
			if err := tx.SaveTravelDocuments(ctx, nil, d.ID, doc, booking, true); err != nil {
				return fmt.Errorf("documents of %s: %w", d.FullName, err)
			}
			if j%6 != 0 && (d.DietaryRequirements == "" || d.AccessNeeds == "") {
				d.DietaryRequirements, d.AccessNeeds = orNone(d.DietaryRequirements), orNone(d.AccessNeeds)
				full, err := tx.Delegate(ctx, d.ID)
				if err != nil {
					return err
				}
				full.DietaryRequirements, full.AccessNeeds = d.DietaryRequirements, d.AccessNeeds
				if err := tx.UpdateDelegate(ctx, nil, full, nil); err != nil {
					return fmt.Errorf("needs of %s: %w", d.FullName, err)
				}
			}
			j++
		}
	}
	return nil
}

func orNone(s string) string {
	if s == "" {
		return "None"
	}
	return s
}
