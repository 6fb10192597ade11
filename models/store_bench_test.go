package models_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/missionplanner/missionplanner/app/apptest"
	"github.com/missionplanner/missionplanner/models"
)

// BenchmarkLoadMissionBook loads the booking context of a mission of 300 firms, 1,500 contacts,
// 1,500 scheduled meetings and 1,500 requests, then checks one booking against it.
func BenchmarkLoadMissionBook(b *testing.B) {
	for _, kind := range apptest.Databases() {
		b.Run(kind, func(b *testing.B) {
			db := apptest.OpenDB(b, kind)
			store := models.NewStore(db)
			ctx := context.Background()
			m := models.NewMission()
			m.Name, m.DestinationCity = "Bench", "Chicago"
			m.StartDate, m.EndDate, m.RegistrationCloses = models.DateOf(2027, 3, 15), models.DateOf(2027, 3, 19), models.DateOf(2027, 2, 1)
			m.MaxFirms, m.DayStarts, m.DayEnds = 1000, "09:00", "18:00"
			if err := store.CreateMission(ctx, nil, &m); err != nil {
				b.Fatal(err)
			}
			now := time.Now().UTC()
			firms := make([]models.Firm, 300)
			for i := range firms {
				firms[i] = models.Firm{CompanyName: fmt.Sprintf("Firm %d", i), Postcode: "B1 1BB", Sector: "agri_food", ExportExperience: "some", ContactName: "X", ContactEmail: "x@example.com"}
			}
			must(b, db.CreateInBatches(&firms, 200).Error)
			regs := make([]models.Registration, 300)
			for i := range regs {
				regs[i] = models.Registration{MissionID: m.ID, FirmID: firms[i].ID, Status: "approved", StatusChangedAt: now}
			}
			must(b, db.CreateInBatches(&regs, 200).Error)
			contacts := make([]models.Contact, 1500)
			for i := range contacts {
				contacts[i] = models.Contact{FullName: fmt.Sprintf("Contact %d", i), Organisation: "Org", OrganisationType: "buyer", City: []string{"Chicago", "Rockford", "Schaumburg"}[i%3]}
			}
			must(b, db.CreateInBatches(&contacts, 200).Error)
			var meetings []models.Meeting
			for i := 0; i < 3000; i++ {
				mt := models.Meeting{MissionID: m.ID, RegistrationID: regs[i%300].ID, ContactID: contacts[i%1500].ID, Minutes: 45, Status: "requested", CreatedAt: now, UpdatedAt: now}
				if i < 1500 {
					// Firm i%300 gets its (i/300)-th meeting on day i/300, at an hour that depends on the contact.
					day, _ := models.LocalInstant(m.Zone(), fmt.Sprintf("2027-03-%02d", 15+i/300), fmt.Sprintf("%02d:00", 9+i%8))
					end := day.Add(45 * time.Minute)
					mt.StartsAt, mt.EndsAt, mt.Status = &day, &end, "scheduled"
				}
				meetings = append(meetings, mt)
			}
			must(b, db.CreateInBatches(&meetings, 200).Error)
			b.ResetTimer()
			for b.Loop() {
				book, err := store.LoadMissionBook(ctx, &m)
				if err != nil {
					b.Fatal(err)
				}
				st, _ := models.LocalInstant(m.Zone(), "2027-03-17", "17:00")
				en := st.Add(45 * time.Minute)
				mt := models.Meeting{RegistrationID: regs[0].ID, ContactID: contacts[0].ID, StartsAt: &st, EndsAt: &en, Minutes: 45}
				_ = models.CheckBooking(book.Context(), book.BookingOf(&mt))
			}
		})
	}
}

func must(b *testing.B, err error) {
	b.Helper()
	if err != nil {
		b.Fatal(err)
	}
}
