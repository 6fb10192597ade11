package handlers_test

import (
	"fmt"
	"testing"
	"time"

	"gorm.io/gorm"

	"github.com/missionplanner/missionplanner/models"
)

// itinFixture is a mission across the US-only clock change week with two firms: A (Alpha Widgets)
// with flights, programme and meetings downtown and in Rockford, and B (Beta Foods) with one meeting.
type itinFixture struct {
	Mission                        models.Mission
	RegA, RegB                     models.Registration
	AnnA, BobA, CarolB             models.Delegate
	FridayMeeting, MondayDowntown  models.Meeting
	MondayRockford, CancelledMeet  models.Meeting
	BMeeting                       models.Meeting
	Downtown, Rockford, Consulate  models.Location
	ContactDowntown, ContactRockfd models.Contact
	Briefing                       models.ProgrammeItem
	Segment                        models.TravelSegment
}

var chicagoZone, _ = time.LoadLocation("America/Chicago")

func chicago(d, h, m int) time.Time {
	return time.Date(2027, 3, d, h, m, 0, 0, chicagoZone).UTC()
}

func must(t testing.TB, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

// seedItinerary writes the fixture straight into the tables (the registration and meeting stores
// belong to other capabilities).
func seedItinerary(t testing.TB, db *gorm.DB) *itinFixture {
	t.Helper()
	f := &itinFixture{}
	now := time.Date(2026, 11, 26, 12, 0, 0, 0, time.UTC)
	f.Mission = models.NewMission()
	f.Mission.Name, f.Mission.DestinationCity = "Chicago 2027", "Chicago"
	f.Mission.StartDate, f.Mission.EndDate, f.Mission.RegistrationCloses = models.DateOf(2027, 3, 11), models.DateOf(2027, 3, 17), models.DateOf(2027, 2, 12)
	f.Mission.Sectors = models.NewStringList("agri_food")
	must(t, db.Create(&f.Mission).Error)
	firmA := models.Firm{CompanyName: "Alpha Widgets Ltd", Postcode: "B1 1AA", Sector: "advanced_manufacturing", ExportExperience: "some", ContactName: "Ann", ContactEmail: "ann@alpha.example"}
	firmB := models.Firm{CompanyName: "Beta Foods Ltd", Postcode: "B2 2BB", Sector: "agri_food", ExportExperience: "none", ContactName: "Carol", ContactEmail: "carol@beta.example"}
	must(t, db.Create(&firmA).Error)
	must(t, db.Create(&firmB).Error)
	f.RegA = models.Registration{MissionID: f.Mission.ID, FirmID: firmA.ID, Status: "confirmed", StatusChangedAt: now}
	f.RegB = models.Registration{MissionID: f.Mission.ID, FirmID: firmB.ID, Status: "approved", StatusChangedAt: now}
	must(t, db.Create(&f.RegA).Error)
	must(t, db.Create(&f.RegB).Error)
	f.AnnA = models.Delegate{RegistrationID: f.RegA.ID, MissionID: f.Mission.ID, FullName: "Ann Archer", Email: "ann@alpha.example", DietaryRequirements: "Vegetarian"}
	f.BobA = models.Delegate{RegistrationID: f.RegA.ID, MissionID: f.Mission.ID, FullName: "Bob Baker", Email: "bob@alpha.example"}
	f.CarolB = models.Delegate{RegistrationID: f.RegB.ID, MissionID: f.Mission.ID, FullName: "Carol Cole", Email: "carol@beta.example"}
	for _, d := range []*models.Delegate{&f.AnnA, &f.BobA, &f.CarolB} {
		must(t, db.Create(d).Error)
	}
	f.Segment = models.TravelSegment{DelegateID: f.AnnA.ID, Direction: "outbound", Carrier: "EI", Number: "125", From: "DUB", To: "ORD",
		DepartsAt: time.Date(2027, 3, 10, 10, 30, 0, 0, time.UTC), ArrivesAt: chicago(10, 12, 45)}
	must(t, db.Create(&f.Segment).Error)
	f.ContactDowntown = models.Contact{FullName: "Carla Diaz", Organisation: "Lakeshore Foods", OrganisationType: "buyer", Email: "carla@lakeshore.example", City: "Chicago", Notes: "SECRET-CONTACT-NOTE"}
	f.ContactRockfd = models.Contact{FullName: "Dan Evans", Organisation: "Rock River Software", OrganisationType: "partner", Address: "100 State St", City: "Rockford", State: "IL", Notes: "SECRET-CONTACT-NOTE"}
	must(t, db.Create(&f.ContactDowntown).Error)
	must(t, db.Create(&f.ContactRockfd).Error)
	f.Downtown = models.Location{MissionID: f.Mission.ID, Name: "Willis Tower", Address: "233 S Wacker Dr", City: "Chicago"}
	f.Consulate = models.Location{MissionID: f.Mission.ID, Name: "British Consulate", Address: "625 N Michigan Ave", City: "Chicago"}
	must(t, db.Create(&f.Downtown).Error)
	must(t, db.Create(&f.Consulate).Error)
	must(t, db.Create(&models.MissionTravelTime{MissionID: f.Mission.ID, CityA: "Chicago", CityB: "Rockford", Minutes: 90}).Error)
	f.Briefing = models.ProgrammeItem{MissionID: f.Mission.ID, Title: "Welcome briefing", Kind: "briefing", StartsAt: chicago(11, 9, 0), EndsAt: chicago(11, 10, 30), LocationID: &f.Consulate.ID, AllRegistrations: true, Description: "Bring passports"}
	must(t, db.Create(&f.Briefing).Error)
	meet := func(m *models.Meeting, reg models.Registration, c models.Contact, start time.Time, status string, loc *uint, notes string, delegates ...uint) {
		end := start.Add(45 * time.Minute)
		*m = models.Meeting{MissionID: f.Mission.ID, RegistrationID: reg.ID, ContactID: c.ID, StartsAt: &start, EndsAt: &end, Minutes: 45,
			LocationID: loc, Status: status, Notes: notes, StaffNotes: "SECRET-STAFF-NOTE", Sequence: 1}
		must(t, db.Create(m).Error)
		for _, d := range delegates {
			must(t, db.Create(&models.MeetingDelegate{MeetingID: m.ID, DelegateID: d}).Error)
		}
	}
	meet(&f.FridayMeeting, f.RegA, f.ContactDowntown, chicago(12, 10, 0), "scheduled", &f.Downtown.ID, "=HYPERLINK(\"http://evil.example\") bring samples", f.BobA.ID)
	meet(&f.MondayDowntown, f.RegA, f.ContactDowntown, chicago(15, 9, 0), "scheduled", &f.Downtown.ID, "Second visit")
	meet(&f.MondayRockford, f.RegA, f.ContactRockfd, chicago(15, 11, 30), "scheduled", nil, "Product demo")
	meet(&f.CancelledMeet, f.RegA, f.ContactRockfd, chicago(16, 9, 0), "cancelled", nil, "")
	meet(&f.BMeeting, f.RegB, f.ContactDowntown, chicago(16, 14, 0), "scheduled", &f.Downtown.ID, "Beta's own meeting")
	return f
}

// grow adds n more scheduled meetings (and contacts, delegates, programme items) to firm A, for the
// bounded-queries test.
func (f *itinFixture) grow(t testing.TB, db *gorm.DB, n int) {
	t.Helper()
	for i := range n {
		c := models.Contact{FullName: fmt.Sprintf("Extra Contact %d", i), Organisation: "Extra Org", OrganisationType: "buyer", City: "Chicago"}
		must(t, db.Create(&c).Error)
		d := models.Delegate{RegistrationID: f.RegA.ID, MissionID: f.Mission.ID, FullName: fmt.Sprintf("Extra Delegate %d", i), Email: fmt.Sprintf("extra%d@alpha.example", i)}
		must(t, db.Create(&d).Error)
		start := chicago(17, 8, 0).Add(time.Duration(i) * time.Hour)
		end := start.Add(30 * time.Minute)
		m := models.Meeting{MissionID: f.Mission.ID, RegistrationID: f.RegA.ID, ContactID: c.ID, StartsAt: &start, EndsAt: &end, Minutes: 30, Status: "scheduled"}
		must(t, db.Create(&m).Error)
		must(t, db.Create(&models.MeetingDelegate{MeetingID: m.ID, DelegateID: d.ID}).Error)
		p := models.ProgrammeItem{MissionID: f.Mission.ID, Title: fmt.Sprintf("Extra event %d", i), Kind: "networking", StartsAt: start.Add(-24 * time.Hour), EndsAt: end.Add(-24 * time.Hour)}
		must(t, db.Create(&p).Error)
		must(t, db.Create(&models.ProgrammeAttendee{ProgrammeItemID: p.ID, RegistrationID: f.RegA.ID}).Error)
		must(t, db.Create(&models.TravelSegment{DelegateID: d.ID, Direction: "return", Carrier: "AA", Number: fmt.Sprint(100 + i), From: "ORD", To: "LHR",
			DepartsAt: chicago(17, 20, 0), ArrivesAt: chicago(17, 20, 0).Add(8 * time.Hour)}).Error)
	}
}

func (f *itinFixture) pageA() string {
	return fmt.Sprintf("/missions/%d/registrations/%d/itinerary", f.Mission.ID, f.RegA.ID)
}
