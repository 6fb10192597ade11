package models

import (
	"strings"
	"testing"
	"time"
)

// TestCheckBookingTravelBoundaries pins the travel rule at its edge: a gap of exactly the travel
// time is allowed and one minute less is refused, with the neighbour before and after the
// booking, in one city and between cities, for the firm's and the contact's own meetings.
func TestCheckBookingTravelBoundaries(t *testing.T) {
	loc := chicago()
	day := time.Date(2027, 3, 15, 0, 0, 0, 0, loc)
	at := func(h, m int) time.Time { return day.Add(time.Duration(h)*time.Hour + time.Duration(m)*time.Minute) }
	downtown := Place{LocationID: 1, Name: "Willis Tower", City: "Chicago"}
	downtown2 := Place{LocationID: 2, Name: "Merchandise Mart", City: "Chicago"}
	rockford := Place{LocationID: 9, Name: "EIGERlab", City: "Rockford"}
	rules := TravelRules{SameCityBuffer: 20 * time.Minute, Between: map[string]time.Duration{CityPairKey("Chicago", "Rockford"): 90 * time.Minute}}

	// The neighbour is a 30-minute meeting at 12:00 downtown; the booking is 30 minutes too.
	neighbourSpan := Interval{at(12, 0), at(12, 30)}
	tests := []struct {
		name  string
		place Place
		need  time.Duration
	}{
		{"one city", downtown2, 20 * time.Minute},
		{"between cities", rockford, 90 * time.Minute},
	}
	for _, tt := range tests {
		for _, side := range []string{"after", "before"} {
			for _, who := range []string{"firm", "contact"} {
				for _, short := range []time.Duration{0, time.Minute} {
					name := tt.name + "/" + side + "/" + who
					if short == 0 {
						name += "/exactly the gap"
					} else {
						name += "/one minute short"
					}
					t.Run(name, func(t *testing.T) {
						gap := tt.need - short
						var sp Interval
						if side == "after" { // the booking comes after the neighbour
							start := neighbourSpan.End.Add(gap)
							sp = Interval{start, start.Add(30 * time.Minute)}
						} else {
							end := neighbourSpan.Start.Add(-gap)
							sp = Interval{end.Add(-30 * time.Minute), end}
						}
						existing := Booking{ID: 100, RegistrationID: 1, ContactID: 20, Span: neighbourSpan, Place: downtown, Label: "the neighbour"}
						if who == "contact" {
							existing.RegistrationID = 2
						} else {
							existing.ContactID = 21
						}
						bc := BookingContext{Zone: loc, Existing: []Booking{existing}, Travel: rules}
						got := CheckBooking(bc, Booking{ID: 1, RegistrationID: 1, ContactID: 20, Span: sp, Place: tt.place})
						if short == 0 {
							if len(got) != 0 {
								t.Fatalf("a gap of exactly %v is refused: %+v", tt.need, got)
							}
							return
						}
						if len(got) != 1 || got[0].Kind != ClashTravel || got[0].OtherID != 100 {
							t.Fatalf("a gap one minute short of %v: got %+v, want one travel clash with 100", tt.need, got)
						}
						want := FormatMinutes(tt.need) + " needed, " + FormatMinutes(gap) + " left"
						if !strings.Contains(got[0].Message, want) {
							t.Errorf("message %q does not say %q", got[0].Message, want)
						}
					})
				}
			}
		}
	}
}
