package workbooks_test

import (
	"strings"
	"testing"
	"time"

	"github.com/missionplanner/missionplanner/models"
	"github.com/missionplanner/missionplanner/workbooks"
)

// workbookSource is a mission with one firm, one delegate and what the tests below add.
func workbookSource() *models.ItinerarySource {
	m := models.NewMission()
	m.ID, m.Name = 1, "Chicago 2027"
	m.StartDate, m.EndDate = models.DateOf(2027, 3, 11), models.DateOf(2027, 3, 12)
	return &models.ItinerarySource{
		Mission:       m,
		Registrations: []models.Registration{{ID: 1, MissionID: 1, Status: "confirmed", Firm: &models.Firm{CompanyName: "Acme Ltd"}}},
		Delegates:     []models.Delegate{{ID: 1, RegistrationID: 1, FullName: "Ann Archer"}},
		Contacts:      map[uint]models.Contact{},
		Locations:     map[uint]models.Location{},
	}
}

func TestScheduleWorkbookFlightTimes(t *testing.T) {
	src := workbookSource()
	dep := time.Date(2027, 3, 10, 9, 0, 0, 0, time.UTC)
	src.Delegates[0].TravelSegments = []models.TravelSegment{
		{ID: 1, DelegateID: 1, Direction: "outbound", Carrier: "EI", Number: "125", From: "XZZ", To: "ORD", DepartsAt: dep, ArrivesAt: dep.Add(8 * time.Hour)},
	}
	got := workbooks.Schedule(src).Delegates[0].Outbound
	// The unknown airport's time is in UTC and says so; ORD's is Chicago time (CST before 14 March).
	if want := "EI 125 XZZ 09:00 UTC → ORD 11:00, Wed 10 Mar"; got != want {
		t.Errorf("outbound %q, want %q", got, want)
	}
}

// The master schedule names the zones and places a meeting as the firm's itinerary does.
func TestScheduleWorkbookMatchesItinerary(t *testing.T) {
	src := workbookSource()
	src.Mission.HomeTimezone = "Europe/Dublin" // and no destination city: the zone's city is used
	start := time.Date(2027, 3, 11, 16, 0, 0, 0, time.UTC)
	end := start.Add(45 * time.Minute)
	src.Contacts[7] = models.Contact{ID: 7, FullName: "Carla Diaz", Address: "100 State St", City: "Rockford", State: "IL"}
	src.Meetings = []models.Meeting{{ID: 3, RegistrationID: 1, ContactID: 7, StartsAt: &start, EndsAt: &end, Status: "scheduled"}}
	it, err := src.Itinerary(1)
	if err != nil {
		t.Fatal(err)
	}
	s := workbooks.Schedule(src)
	if s.ZoneLabel != "Chicago" || s.ZoneLabel != it.ZoneLabel {
		t.Errorf("zone label %q, itinerary %q, want Chicago", s.ZoneLabel, it.ZoneLabel)
	}
	if s.HomeLabel != "Dublin" || s.HomeLabel != it.HomeLabel {
		t.Errorf("home label %q, itinerary %q, want Dublin", s.HomeLabel, it.HomeLabel)
	}
	if len(s.Meetings) != 1 || s.Meetings[0].Location != "100 State St, Rockford, IL" || s.Meetings[0].Location != it.Entries()[0].Address {
		t.Errorf("meeting place %+v, itinerary %q", s.Meetings, it.Entries()[0].Address)
	}
}

// "All meetings" shows statuses in words, and a meeting naming no delegates lists the firm's delegates
// (as the itinerary counts it attended by the whole firm); one naming some lists those.
func TestScheduleWorkbookStatusesAndDelegates(t *testing.T) {
	src := workbookSource()
	src.Delegates = append(src.Delegates, models.Delegate{ID: 2, RegistrationID: 1, FullName: "Bob Baker"})
	start := time.Date(2027, 3, 11, 16, 0, 0, 0, time.UTC)
	end := start.Add(45 * time.Minute)
	later, laterEnd := start.Add(2*time.Hour), end.Add(2*time.Hour)
	src.Contacts[7] = models.Contact{ID: 7, FullName: "Carla Diaz", City: "Chicago"}
	src.Meetings = []models.Meeting{
		{ID: 3, RegistrationID: 1, ContactID: 7, StartsAt: &start, EndsAt: &end, Status: "scheduled"},
		{ID: 4, RegistrationID: 1, ContactID: 7, StartsAt: &later, EndsAt: &laterEnd, Status: "cancelled", DelegateIDs: []uint{2}},
	}
	it, err := src.Itinerary(1)
	if err != nil {
		t.Fatal(err)
	}
	s := workbooks.Schedule(src)
	if len(s.Meetings) != 2 {
		t.Fatalf("%d meetings", len(s.Meetings))
	}
	if got, want := s.Meetings[0].Delegates, strings.Join(it.Entries()[0].Delegates, "; "); got != "Ann Archer; Bob Baker" || got != want {
		t.Errorf("delegates of a meeting naming nobody: %q, itinerary %q", got, want)
	}
	if s.Meetings[1].Delegates != "Bob Baker" {
		t.Errorf("delegates of a meeting naming Bob: %q", s.Meetings[1].Delegates)
	}
	if s.Meetings[0].Status != "Scheduled" || s.Meetings[1].Status != "Cancelled" {
		t.Errorf("statuses %q, %q: want words", s.Meetings[0].Status, s.Meetings[1].Status)
	}
}
