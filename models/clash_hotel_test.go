package models

import (
	"testing"
	"time"
)

// TestHotelRuleAtItsEdges pins the hotel rule: the firm's first meeting of the day may start exactly the
// travel time from the delegates' hotel after the working day starts, not a minute sooner; its last may
// end exactly the travel time back before the day ends, not a minute later; with no room booked there
// is no rule; between cities the mission's travel time counts (Chicago–Rockford); with two hotels the
// farther counts; a programme item or a meeting before (after) it means it is not first (last).
func TestHotelRuleAtItsEdges(t *testing.T) {
	loc := chicago()
	day := time.Date(2027, 3, 15, 0, 0, 0, 0, loc)
	at := func(h, m int) time.Time { return day.Add(time.Duration(h)*time.Hour + time.Duration(m)*time.Minute) }
	working := []Interval{{at(9, 0), at(17, 0)}, {at(9, 0).AddDate(0, 0, 1), at(17, 0).AddDate(0, 0, 1)}}
	hilton := Place{LocationID: 1, Name: "Hilton", City: "Chicago"}
	inn := Place{LocationID: 2, Name: "Rockford Inn", City: "Rockford"}
	office := Place{LocationID: 3, Name: "Willis Tower", City: "Chicago"}
	plant := Place{LocationID: 4, Name: "Aerospace Works", City: "Rockford"}
	rules := TravelRules{SameCityBuffer: 45 * time.Minute, Between: map[string]time.Duration{CityPairKey("Chicago", "Rockford"): 90 * time.Minute}}
	nights := func(delegate uint, p Place) HotelStay {
		return HotelStay{RegistrationID: 1, DelegateID: delegate, ArrivesOn: DateOf(2027, 3, 11), DepartsOn: DateOf(2027, 3, 17), Place: p}
	}
	const minutes = 30 * time.Minute
	first := func(start time.Time) Interval { return Interval{start, start.Add(minutes)} }
	last := func(end time.Time) Interval { return Interval{end.Add(-minutes), end} }

	tests := []struct {
		name      string
		stays     []HotelStay
		span      Interval
		place     Place
		delegates []uint
		existing  []Booking
		programme []ProgrammeBlock
		want      ClashKind // "" for no clash
		message   string
	}{
		{name: "first: exactly the travel time after the day starts", stays: []HotelStay{nights(1, hilton)}, span: first(at(9, 45)), place: office},
		{name: "first: one minute short", stays: []HotelStay{nights(1, hilton)}, span: first(at(9, 44)), place: office, want: ClashHotelStart,
			message: "The day starts at the hotel: not enough time to travel from Hilton (Chicago) to Willis Tower (Chicago) after the 09:00 start of the day: 45 min needed, 44 min left"},
		{name: "last: exactly the travel time back before the day ends", stays: []HotelStay{nights(1, hilton)}, span: last(at(16, 15)), place: office},
		{name: "last: one minute over", stays: []HotelStay{nights(1, hilton)}, span: last(at(16, 16)), place: office, want: ClashHotelEnd,
			message: "The day ends at the hotel: not enough time to travel back from Willis Tower (Chicago) to Hilton (Chicago) before the 17:00 end of the day: 45 min needed, 44 min left"},
		{name: "no hotel booking: no rule", span: first(at(9, 0)), place: office},
		{name: "a booking of another night: no rule", stays: []HotelStay{{RegistrationID: 1, DelegateID: 1, ArrivesOn: DateOf(2027, 3, 16), DepartsOn: DateOf(2027, 3, 17), Place: hilton}},
			span: first(at(9, 0)), place: office},
		{name: "check-out day: the morning counts", stays: []HotelStay{{RegistrationID: 1, DelegateID: 1, ArrivesOn: DateOf(2027, 3, 11), DepartsOn: DateOf(2027, 3, 15), Place: hilton}},
			span: Interval{at(9, 0), at(16, 59)}, place: office, want: ClashHotelStart},
		{name: "check-out day: no way back in the evening", stays: []HotelStay{{RegistrationID: 1, DelegateID: 1, ArrivesOn: DateOf(2027, 3, 11), DepartsOn: DateOf(2027, 3, 15), Place: hilton}},
			span: last(at(17, 0)), place: office},
		{name: "at the hotel itself", stays: []HotelStay{nights(1, hilton)}, span: Interval{at(9, 0), at(17, 0)}, place: hilton},
		{name: "Rockford from Chicago: exactly 90 min", stays: []HotelStay{nights(1, hilton)}, span: first(at(10, 30)), place: plant},
		{name: "Rockford from Chicago: one minute short", stays: []HotelStay{nights(1, hilton)}, span: first(at(10, 29)), place: plant, want: ClashHotelStart},
		{name: "Rockford: back to Chicago one minute over", stays: []HotelStay{nights(1, hilton)}, span: last(at(15, 31)), place: plant, want: ClashHotelEnd},
		{name: "two hotels: the farther counts", stays: []HotelStay{nights(1, hilton), nights(2, inn)}, span: first(at(10, 0)), place: office, want: ClashHotelStart,
			message: "The day starts at the hotel: not enough time to travel from Rockford Inn (Rockford) to Willis Tower (Chicago) after the 09:00 start of the day: 1 h 30 min needed, 1 h left"},
		{name: "two hotels: only the attending delegate's counts", stays: []HotelStay{nights(1, hilton), nights(2, inn)}, span: first(at(10, 0)), place: office, delegates: []uint{1}},
		{name: "the attending delegate has no room: no rule", stays: []HotelStay{nights(2, inn)}, span: first(at(9, 0)), place: office, delegates: []uint{1}},
		{name: "a meeting before it: not the first", stays: []HotelStay{nights(1, hilton)}, span: first(at(10, 15)), place: office,
			existing: []Booking{{ID: 50, RegistrationID: 1, ContactID: 9, Span: Interval{at(9, 45), at(10, 15)}, Place: office}}},
		{name: "a meeting of the day before: still the first", stays: []HotelStay{nights(1, hilton)}, span: first(at(9, 30)), place: office, want: ClashHotelStart,
			existing: []Booking{{ID: 50, RegistrationID: 1, ContactID: 9, Span: Interval{at(15, 0).AddDate(0, 0, -1), at(16, 0).AddDate(0, 0, -1)}, Place: office}}},
		{name: "another firm's meeting before it: still the first", stays: []HotelStay{nights(1, hilton)}, span: first(at(9, 30)), place: office, want: ClashHotelStart,
			existing: []Booking{{ID: 50, RegistrationID: 2, ContactID: 9, Span: Interval{at(9, 0), at(9, 15)}, Place: office}}},
		{name: "a breakfast briefing before the day: not the first", stays: []HotelStay{nights(1, hilton)}, span: first(at(9, 0)), place: office,
			programme: []ProgrammeBlock{{ID: 7, Title: "Breakfast briefing", Span: Interval{at(7, 30), at(8, 15)}, Place: office}}},
		{name: "an evening reception after it: not the last", stays: []HotelStay{nights(1, hilton)}, span: last(at(17, 0)), place: office,
			programme: []ProgrammeBlock{{ID: 8, Title: "Reception", Span: Interval{at(18, 0), at(20, 0)}, Place: office}}},
		{name: "a programme item the firm does not attend", stays: []HotelStay{nights(1, hilton)}, span: last(at(17, 0)), place: office, want: ClashHotelEnd,
			programme: []ProgrammeBlock{{ID: 8, Title: "Reception", Span: Interval{at(18, 0), at(20, 0)}, Place: office, RegistrationIDs: []uint{2}}}},
		{name: "outside working hours: the hours rule says so", stays: []HotelStay{nights(1, hilton)}, span: first(at(8, 30)), place: office, want: ClashHours},
		{name: "an unknown place: no travel", stays: []HotelStay{nights(1, hilton)}, span: first(at(9, 0))},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			bc := BookingContext{Zone: loc, Working: working, Travel: rules, Existing: tt.existing, Programme: tt.programme}
			if len(tt.stays) > 0 {
				bc.Stays = map[uint][]HotelStay{1: tt.stays}
			}
			got := CheckBooking(bc, Booking{ID: 1, RegistrationID: 1, ContactID: 20, DelegateIDs: tt.delegates, Span: tt.span, Place: tt.place})
			if tt.want == "" {
				if len(got) != 0 {
					t.Fatalf("want no clash, got %+v", got)
				}
				return
			}
			if len(got) != 1 || got[0].Kind != tt.want {
				t.Fatalf("want one %s clash, got %+v", tt.want, got)
			}
			if tt.message != "" && got[0].Message != tt.message {
				t.Errorf("message:\n got %q\nwant %q", got[0].Message, tt.message)
			}
		})
	}
}
