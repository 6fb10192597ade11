package scheduler

import (
	"strings"
	"testing"
	"time"

	"github.com/missionplanner/missionplanner/models"
)

// TestSchedulerKeepsTheHotelRule: the scheduler never places a meeting that breaks the hotel rule, and
// says so when no time is left; the same firm without rooms gets the earliest times.
func TestSchedulerKeepsTheHotelRule(t *testing.T) {
	loc := chicago()
	day := time.Date(2027, 3, 15, 0, 0, 0, 0, loc)
	at := func(h, m int) time.Time { return day.Add(time.Duration(h)*time.Hour + time.Duration(m)*time.Minute) }
	hilton := models.Place{LocationID: 1, Name: "Hilton", City: "Chicago"}
	office := models.Place{LocationID: 3, Name: "Willis Tower", City: "Chicago"}
	plant := models.Place{LocationID: 4, Name: "Aerospace Works", City: "Rockford"}
	rules := models.TravelRules{SameCityBuffer: 30 * time.Minute, Between: map[string]time.Duration{models.CityPairKey("Chicago", "Rockford"): 90 * time.Minute}}
	stays := map[uint][]models.HotelStay{1: {{RegistrationID: 1, DelegateID: 1, ArrivesOn: models.DateOf(2027, 3, 11), DepartsOn: models.DateOf(2027, 3, 17), Place: hilton}}}
	bc := models.BookingContext{Zone: loc, Working: []models.Interval{{Start: at(9, 0), End: at(17, 0)}}, Travel: rules, Stays: stays,
		ContactAvailability: map[uint][]models.Interval{
			21: {{Start: at(9, 0), End: at(10, 0)}},  // Rockford, only first thing: never reachable
			22: {{Start: at(9, 0), End: at(11, 30)}}, // Rockford: from 10:30
			23: {{Start: at(16, 0), End: at(17, 0)}}, // Chicago, only at the end of the day: till 16:30
		}}
	in := ScheduleInput{Context: bc, SlotMinutes: 15, Requests: []Request{
		{ID: 1, RegistrationID: 1, ContactID: 21, Minutes: 30, Place: plant, Priority: 3, Label: "early Rockford"},
		{ID: 2, RegistrationID: 1, ContactID: 22, Minutes: 30, Place: plant, Priority: 2},
		{ID: 3, RegistrationID: 1, ContactID: 23, Minutes: 30, Place: office, Priority: 1},
	}}
	res := Schedule(in)
	placed := map[uint]models.Interval{}
	for _, p := range res.Placed {
		placed[p.RequestID] = p.Span
	}
	if s, ok := placed[2]; !ok || !s.Start.Equal(at(10, 30)) {
		t.Errorf("Rockford meeting at %v, want 10:30 (90 min from the hotel after 09:00)", s.Start.In(loc))
	}
	if s, ok := placed[3]; !ok || !s.End.Equal(at(16, 30)) {
		t.Errorf("end-of-day meeting at %v–%v, want to end at 16:30 (30 min back to the hotel before 17:00)", s.Start.In(loc), s.End.In(loc))
	}
	if len(res.Unplaced) != 1 || res.Unplaced[0].RequestID != 1 || res.Unplaced[0].Code != UnplacedHotelTravel ||
		!strings.Contains(res.Unplaced[0].Reason, "too little time to travel from (or back to) the delegates' hotel") {
		t.Errorf("unplaced: %+v, want request 1 (%s)", res.Unplaced, UnplacedHotelTravel)
	}
	// Every placement passes the booking rules with everything else placed.
	var all []models.Booking
	for _, r := range in.Requests {
		if s, ok := placed[r.ID]; ok {
			all = append(all, models.Booking{ID: r.ID, RegistrationID: r.RegistrationID, ContactID: r.ContactID, Span: s, Place: r.Place})
		}
	}
	check := bc
	check.Existing = all
	for _, b := range all {
		if c := models.CheckBooking(check, b); len(c) > 0 {
			t.Errorf("placement %d breaks: %s", b.ID, models.ClashMessage(c))
		}
	}
	// Without rooms the same requests may start with the day.
	bc.Stays = nil
	in.Context = bc
	for _, p := range Schedule(in).Placed {
		if p.RequestID == 1 && !p.Span.Start.Equal(at(9, 0)) {
			t.Errorf("without a hotel booking the Rockford meeting starts at %v, want 09:00", p.Span.Start.In(loc))
		}
	}
}
