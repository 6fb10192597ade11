package models

import (
	"strings"
	"testing"
	"time"
)

func TestTravel(t *testing.T) {
	chi1 := Place{LocationID: 1, Name: "Willis Tower", City: "Chicago"}
	chi2 := Place{LocationID: 2, Name: "Merchandise Mart", City: "chicago "}
	rock := Place{LocationID: 9, Name: "EIGERlab", City: "Rockford"}
	schaum := Place{LocationID: 7, City: "Schaumburg"}
	rules := TravelRules{Between: map[string]time.Duration{"Rockford|Chicago": 100 * time.Minute}}
	tests := []struct {
		name     string
		rules    TravelRules
		from, to Place
		want     time.Duration
	}{
		{"same location", genTravel, chi1, chi1, 0},
		{"unknown place", genTravel, chi1, Place{}, 0},
		{"same city, default buffer", genTravel, chi1, chi2, 30 * time.Minute},
		{"same city, set buffer", TravelRules{SameCityBuffer: 15 * time.Minute}, chi1, chi2, 15 * time.Minute},
		{"same city, no buffer", TravelRules{SameCityBuffer: -1}, chi1, chi2, 0},
		{"listed pair either way", genTravel, rock, chi1, 90 * time.Minute},
		{"hand-written key", rules, chi1, rock, 100 * time.Minute},
		{"other pair gets the default", genTravel, rock, schaum, 90 * time.Minute},
		{"other pair, set default", TravelRules{DefaultBetween: time.Hour}, rock, schaum, time.Hour},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.rules.Travel(tt.from, tt.to); got != tt.want {
				t.Fatalf("got %v, want %v", got, tt.want)
			}
		})
	}
	if CityPairKey("Rockford", " CHICAGO") != "chicago|rockford" {
		t.Fatal(CityPairKey("Rockford", " CHICAGO"))
	}
}

func TestCheckBooking(t *testing.T) {
	loc := chicago()
	at := func(date, hhmm string) time.Time {
		t, err := LocalInstant(loc, date, hhmm)
		if err != nil {
			panic(err)
		}
		return t
	}
	span := func(from, to string) Interval { return Interval{at("2027-03-15", from), at("2027-03-15", to)} }
	downtown := Place{LocationID: 1, Name: "Willis Tower", City: "Chicago"}
	downtown2 := Place{LocationID: 2, Name: "Merchandise Mart", City: "Chicago"}
	rockford := Place{LocationID: 9, Name: "EIGERlab", City: "Rockford"}
	bc := BookingContext{
		Zone:    loc,
		Working: WorkingWindows(loc, time.Date(2027, 3, 13, 0, 0, 0, 0, time.UTC), time.Date(2027, 3, 16, 0, 0, 0, 0, time.UTC), "09:00", "18:00"),
		ContactAvailability: map[uint][]Interval{
			30: {span("13:00", "15:00"), span("15:00", "16:00")}, // touching windows count as one
		},
		Existing: []Booking{
			{ID: 100, RegistrationID: 1, ContactID: 20, DelegateIDs: []uint{11}, Span: span("10:00", "10:30"), Place: downtown, Label: "Acme Ltd with Jane Doe (Boeing)"},
			{ID: 101, RegistrationID: 2, ContactID: 21, DelegateIDs: []uint{21}, Span: span("14:00", "14:30"), Place: downtown, Label: "Brum Bio with Sam Roe (Abbott)"},
		},
		Programme: []ProgrammeBlock{
			{ID: 1, Title: "Welcome briefing", Span: span("09:00", "09:30"), Place: downtown},
			{ID: 2, Title: "Site visit", Span: span("16:00", "17:00"), Place: rockford, RegistrationIDs: []uint{2}},
		},
		Travel: genTravel,
	}
	b := func(reg, contact uint, dels []uint, sp Interval, pl Place) Booking {
		return Booking{ID: 1, RegistrationID: reg, ContactID: contact, DelegateIDs: dels, Span: sp, Place: pl, FirmName: "Acme Ltd", ContactName: "Jo Bloggs"}
	}
	tests := []struct {
		name    string
		booking Booking
		want    []ClashKind
		other   uint
		message string
	}{
		{"free", b(1, 22, []uint{11}, span("11:00", "11:30"), downtown), nil, 0, ""},
		{"firm overlap", b(1, 22, nil, span("10:15", "10:45"), downtown), []ClashKind{ClashFirm}, 100, "Acme Ltd already has a meeting then: Acme Ltd with Jane Doe (Boeing), 10:00–10:30 on Mon 15 Mar"},
		{"contact overlap", b(3, 20, nil, span("10:00", "10:30"), downtown), []ClashKind{ClashContact}, 100, "Jo Bloggs already has a meeting then"},
		{"delegate overlap", b(1, 22, []uint{11}, span("10:00", "10:30"), downtown), []ClashKind{ClashFirm, ClashDelegate}, 100, ""},
		{"programme for everyone", b(3, 22, nil, span("09:00", "09:30"), downtown), []ClashKind{ClashProgramme}, 1, "Acme Ltd is due at Welcome briefing then, 09:00–09:30 on Mon 15 Mar"},
		{"programme for chosen firms: attending", b(2, 22, nil, span("16:30", "17:00"), rockford), []ClashKind{ClashProgramme}, 2, ""},
		{"programme for chosen firms: not attending", b(3, 22, nil, span("16:30", "17:00"), rockford), nil, 0, ""},
		{"before working hours", b(3, 22, nil, span("08:30", "09:00"), downtown), []ClashKind{ClashHours}, 0, "08:30–09:00 on Mon 15 Mar is outside the mission's working hours"},
		{"running past working hours", b(3, 22, nil, span("17:45", "18:15"), downtown), []ClashKind{ClashHours}, 0, ""},
		{"outside contact availability", b(3, 30, nil, span("12:30", "13:00"), downtown), []ClashKind{ClashAvailability}, 0, "Jo Bloggs is not available 12:30–13:00 on Mon 15 Mar"},
		{"across touching availability windows", b(3, 30, nil, span("14:45", "15:15"), downtown), nil, 0, ""},
		{"Rockford 30 min after downtown", b(1, 22, nil, span("11:00", "11:30"), rockford), []ClashKind{ClashTravel}, 100, "Not enough time to travel from Willis Tower (Chicago) to EIGERlab (Rockford)"},
		{"Rockford 90 min after downtown", b(1, 22, nil, span("12:00", "12:30"), rockford), nil, 0, ""},
		{"Rockford before the briefing's next", b(3, 22, nil, span("09:30", "10:00"), rockford), []ClashKind{ClashTravel}, 1, ""},
		{"same city, 15 min after", b(1, 22, nil, span("10:45", "11:15"), downtown2), []ClashKind{ClashTravel}, 100, "30 min needed, 15 min left"},
		{"same city, 30 min after", b(1, 22, nil, span("11:00", "11:30"), downtown2), nil, 0, ""},
		{"same city, between briefing and meeting", b(1, 22, nil, span("09:30", "09:45"), downtown2), []ClashKind{ClashTravel, ClashTravel}, 100, ""},
		{"same place back to back", b(1, 22, nil, span("10:30", "11:00"), downtown), nil, 0, ""},
		{"contact's own travel (and the firm's from the briefing)", b(3, 20, nil, span("10:30", "11:00"), rockford), []ClashKind{ClashTravel, ClashTravel}, 1, ""},
		{"contact's own travel only", b(3, 20, nil, span("11:00", "11:30"), rockford), []ClashKind{ClashTravel}, 100, "1 h 30 min needed, 30 min left"},
		{"rescheduling ignores itself", Booking{ID: 100, RegistrationID: 1, ContactID: 20, DelegateIDs: []uint{11}, Span: span("10:15", "10:45"), Place: downtown}, nil, 0, ""},
		{"empty span", b(3, 22, nil, span("11:00", "11:00"), downtown), []ClashKind{ClashInvalid}, 0, ""},
		{"Sunday of the clock change, 09:00 CDT", b(3, 22, nil, Interval{at("2027-03-14", "09:00"), at("2027-03-14", "09:30")}, downtown), nil, 0, ""},
		{"Sunday of the clock change, 08:30 CDT", b(3, 22, nil, Interval{at("2027-03-14", "08:30"), at("2027-03-14", "09:00")}, downtown), []ClashKind{ClashHours}, 0, "08:30–09:00 on Sun 14 Mar"},
		{"Saturday before, 17:30 CST", b(3, 22, nil, Interval{at("2027-03-13", "17:30"), at("2027-03-13", "18:00")}, downtown), nil, 0, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := CheckBooking(bc, tt.booking)
			var kinds []ClashKind
			for _, c := range got {
				kinds = append(kinds, c.Kind)
			}
			if strings.Join(kindStrings(kinds), ",") != strings.Join(kindStrings(tt.want), ",") {
				t.Fatalf("kinds %v, want %v (%+v)", kinds, tt.want, got)
			}
			if len(got) > 0 && got[0].OtherID != tt.other {
				t.Errorf("other id %d, want %d", got[0].OtherID, tt.other)
			}
			if tt.message != "" && !strings.Contains(got[0].Message, tt.message) {
				t.Errorf("message %q does not contain %q", got[0].Message, tt.message)
			}
		})
	}
}

func kindStrings(ks []ClashKind) []string {
	out := make([]string, len(ks))
	for i, k := range ks {
		out[i] = string(k)
	}
	return out
}
