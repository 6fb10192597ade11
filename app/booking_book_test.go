package app_test

import (
	"context"
	"io"
	"log/slog"
	"reflect"
	"testing"
	"time"

	"gorm.io/gorm"

	"github.com/missionplanner/missionplanner/app"
	"github.com/missionplanner/missionplanner/app/apptest"
	"github.com/missionplanner/missionplanner/models"
)

// TestBookingBookChecksAsTheWholeMission: a booking checked against the narrow book (the firm's, the
// contact's and the delegates' engagements around that day) breaks exactly the rules, with the same
// messages in the same order, as when checked against the whole mission: across every firm of the demo,
// contacts with and without meetings, availability and offices, a contact busy on another mission, the
// hotels the delegates wake up and sleep in, and every half hour of the mission's days.
func TestBookingBookChecksAsTheWholeMission(t *testing.T) {
	apptest.EachDB(t, func(t *testing.T, db *gorm.DB) {
		ctx := context.Background()
		store := models.NewStore(db)
		if err := app.LoadDemo(ctx, store, slog.New(slog.NewTextHandler(io.Discard, nil))); err != nil {
			t.Fatal(err)
		}
		var m models.Mission
		if err := db.First(&m).Error; err != nil {
			t.Fatal(err)
		}
		full, err := store.LoadMissionBook(ctx, &m)
		if err != nil {
			t.Fatal(err)
		}
		// A contact of this mission also meets someone on another mission on its second working day.
		busy := full.Meetings[0].ContactID
		other := app.DemoMission()
		other.Name = "Another mission"
		if err := store.CreateMission(ctx, nil, &other); err != nil {
			t.Fatal(err)
		}
		day := m.StartDate.Time.AddDate(0, 0, 4)
		elsewhereStart := time.Date(day.Year(), day.Month(), day.Day(), 15, 0, 0, 0, time.UTC)
		elsewhereEnd := elsewhereStart.Add(time.Hour)
		var anyReg models.Registration
		if err := db.Where("mission_id = ?", m.ID).First(&anyReg).Error; err != nil {
			t.Fatal(err)
		}
		otherReg := models.Registration{MissionID: other.ID, FirmID: anyReg.FirmID, Status: "approved", StatusChangedAt: time.Now().UTC()}
		if err := db.Create(&otherReg).Error; err != nil {
			t.Fatal(err)
		}
		if err := db.Create(&models.Meeting{MissionID: other.ID, RegistrationID: otherReg.ID, ContactID: busy, StartsAt: &elsewhereStart, EndsAt: &elsewhereEnd,
			Minutes: 60, Status: "scheduled", CreatedAt: time.Now().UTC(), UpdatedAt: time.Now().UTC()}).Error; err != nil {
			t.Fatal(err)
		}
		// One scheduled meeting names a delegate of its firm, for the delegate rule.
		var named models.Meeting
		for _, mt := range full.Meetings {
			if mt.Status != "scheduled" {
				continue
			}
			for _, d := range full.Delegates {
				if d.RegistrationID == mt.RegistrationID && named.ID == 0 {
					named = mt
					if err := db.Create(&models.MeetingDelegate{MeetingID: mt.ID, DelegateID: d.ID}).Error; err != nil {
						t.Fatal(err)
					}
				}
			}
		}
		full, err = store.LoadMissionBook(ctx, &m, busy)
		if err != nil {
			t.Fatal(err)
		}
		wholeCtx := full.Context()

		contactIDs := []uint{busy}
		for _, id := range []int{3, 11, 20, 37, 39} { // offices in and out of Chicago, part-time availability
			if id < len(full.Contacts) {
				contactIDs = append(contactIDs, uint(id))
			}
		}
		kinds := map[models.ClashKind]int{}
		checked := 0
		for i, regID := range full.RegOrder {
			if !full.CanMeet(regID) || (i%10 != 0 && regID != named.RegistrationID) {
				continue
			}
			var delegates []uint
			for _, mt := range full.Meetings {
				if mt.ID == named.ID && regID == named.RegistrationID {
					delegates = mt.DelegateIDs
				}
			}
			for _, d := range full.Delegates {
				if d.RegistrationID == regID && len(delegates) == 0 {
					delegates = append(delegates, d.ID)
				}
			}
			for ci, cid := range contactIDs {
				for _, withDelegates := range []bool{false, true} {
					for start := m.StartDate.Time.Add(12 * time.Hour); start.Before(m.EndDate.Time.Add(24 * time.Hour)); start = start.Add(time.Duration(70+ci*25) * time.Minute) {
						if h := start.In(m.Zone()).Hour(); h < 7 || h >= 20 {
							continue
						}
						st := start
						mt := &models.Meeting{RegistrationID: regID, ContactID: cid, StartsAt: &st, Minutes: m.MeetingMinutes, Status: "scheduled"}
						if withDelegates {
							mt.DelegateIDs = delegates
						}
						if id, ok := full.ContactOffice[cid]; ok {
							mt.LocationID = &id
						}
						end := st.Add(time.Duration(mt.Minutes) * time.Minute)
						mt.EndsAt = &end
						narrow, err := store.LoadBookingBook(ctx, &m, models.ScopeOf(mt))
						if err != nil {
							t.Fatal(err)
						}
						want := models.CheckBooking(wholeCtx, full.BookingOf(mt))
						got := models.CheckBooking(narrow.Context(), narrow.BookingOf(mt))
						if !reflect.DeepEqual(got, want) {
							t.Fatalf("registration %d, contact %d, %s, delegates %v:\nnarrow book: %v\nwhole mission: %v", regID, cid, st.Format(time.RFC3339), mt.DelegateIDs, got, want)
						}
						for _, c := range want {
							kinds[c.Kind]++
						}
						checked++
					}
				}
			}
		}
		for _, k := range []models.ClashKind{models.ClashFirm, models.ClashContact, models.ClashDelegate, models.ClashProgramme, models.ClashHours, models.ClashAvailability, models.ClashTravel, models.ClashHotelStart, models.ClashHotelEnd} {
			if kinds[k] == 0 {
				t.Errorf("no booking broke the %s rule: the comparison does not cover it (%v)", k, kinds)
			}
		}
		t.Logf("%d bookings checked both ways; clashes by rule: %v", checked, kinds)
	})
}
