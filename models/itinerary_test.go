package models

import (
	"strings"
	"testing"
	"time"
)

func chi(t *testing.T, y int, mo time.Month, d, h, mi int) time.Time {
	t.Helper()
	loc, err := time.LoadLocation("America/Chicago")
	if err != nil {
		t.Fatal(err)
	}
	return time.Date(y, mo, d, h, mi, 0, 0, loc).UTC()
}

func ptrTime(t time.Time) *time.Time { return &t }
func ptrUint(n uint) *uint           { return &n }

// sampleSource is one firm across the US-only clock change week of March 2027.
func sampleSource(t *testing.T) *ItinerarySource {
	m := NewMission()
	m.ID, m.Name, m.DestinationCity = 1, "Chicago 2027", "Chicago"
	m.StartDate, m.EndDate = DateOf(2027, 3, 11), DateOf(2027, 3, 17)
	uk := time.UTC // the UK is on GMT (UTC+0) until 28 March 2027
	return &ItinerarySource{
		Mission:       m,
		Registrations: []Registration{{ID: 7, MissionID: 1, Firm: &Firm{CompanyName: "Alpha Widgets Ltd"}}},
		Delegates: []Delegate{
			{ID: 70, RegistrationID: 7, FullName: "Ann Archer", TravelSegments: []TravelSegment{
				{ID: 1, DelegateID: 70, Direction: "outbound", Carrier: "EI", Number: "3271", From: "BHX", To: "DUB",
					DepartsAt: time.Date(2027, 3, 10, 7, 5, 0, 0, uk), ArrivesAt: time.Date(2027, 3, 10, 8, 20, 0, 0, uk)},
				{ID: 2, DelegateID: 70, Direction: "outbound", Carrier: "EI", Number: "125", From: "DUB", To: "ORD",
					DepartsAt: time.Date(2027, 3, 10, 10, 30, 0, 0, uk), ArrivesAt: chi(t, 2027, 3, 10, 12, 45)},
			}},
			{ID: 71, RegistrationID: 7, FullName: "Bob Baker", TravelSegments: []TravelSegment{
				{ID: 3, DelegateID: 71, Direction: "outbound", Carrier: "ei", Number: "125", From: "dub", To: "ord",
					DepartsAt: time.Date(2027, 3, 10, 10, 30, 0, 0, uk), ArrivesAt: chi(t, 2027, 3, 10, 12, 45)},
			}},
		},
		Programme: []ProgrammeItem{
			{ID: 5, Title: "Welcome briefing", Kind: "briefing", StartsAt: chi(t, 2027, 3, 11, 9, 0), EndsAt: chi(t, 2027, 3, 11, 10, 30), LocationID: ptrUint(100), AllRegistrations: true, Description: "Bring passports"},
			{ID: 6, Title: "Investor dinner", Kind: "reception", StartsAt: chi(t, 2027, 3, 12, 19, 0), EndsAt: chi(t, 2027, 3, 12, 21, 0), RegistrationIDs: []uint{99}},
		},
		Meetings: []Meeting{
			{ID: 10, RegistrationID: 7, ContactID: 20, StartsAt: ptrTime(chi(t, 2027, 3, 12, 10, 0)), EndsAt: ptrTime(chi(t, 2027, 3, 12, 10, 45)),
				Status: "scheduled", Notes: "Bring samples", StaffNotes: "SECRET-STAFF-NOTE", LocationID: ptrUint(101), Sequence: 2, DelegateIDs: []uint{71}},
			{ID: 11, RegistrationID: 7, ContactID: 20, StartsAt: ptrTime(chi(t, 2027, 3, 15, 9, 0)), EndsAt: ptrTime(chi(t, 2027, 3, 15, 9, 45)),
				Status: "scheduled", LocationID: ptrUint(101)},
			{ID: 12, RegistrationID: 7, ContactID: 21, StartsAt: ptrTime(chi(t, 2027, 3, 15, 11, 30)), EndsAt: ptrTime(chi(t, 2027, 3, 15, 12, 15)),
				Status: "scheduled", StaffNotes: "SECRET-STAFF-NOTE"},
			{ID: 13, RegistrationID: 7, ContactID: 21, StartsAt: ptrTime(chi(t, 2027, 3, 16, 9, 0)), EndsAt: ptrTime(chi(t, 2027, 3, 16, 9, 45)),
				Status: "cancelled", Sequence: 3},
			{ID: 14, RegistrationID: 8, ContactID: 21, StartsAt: ptrTime(chi(t, 2027, 3, 16, 9, 0)), EndsAt: ptrTime(chi(t, 2027, 3, 16, 9, 45)),
				Status: "scheduled"},
		},
		Contacts: map[uint]Contact{
			20: {ID: 20, FullName: "Carla Diaz", Organisation: "Lakeshore Foods", JobTitle: "Buyer", City: "Chicago", Notes: "SECRET-CONTACT-NOTE"},
			21: {ID: 21, FullName: "Dan Evans", Organisation: "Rock River Software", Address: "100 State St", City: "Rockford", State: "IL", Notes: "SECRET-CONTACT-NOTE"},
		},
		Locations: map[uint]Location{
			100: {ID: 100, Name: "British Consulate", Address: "625 N Michigan Ave", City: "Chicago"},
			101: {ID: 101, Name: "Willis Tower", Address: "233 S Wacker Dr", City: "Chicago"},
		},
		TravelTimes: []MissionTravelTime{{CityA: "Chicago", CityB: "Rockford", Minutes: 90}},
	}
}

func findEntry(t *testing.T, it *Itinerary, kind string, id uint) (ItineraryDay, ItineraryEntry) {
	t.Helper()
	for _, d := range it.Days {
		for _, e := range d.Entries {
			if e.Kind == kind && e.ID == id {
				return d, e
			}
		}
	}
	t.Fatalf("no %s %d in itinerary", kind, id)
	return ItineraryDay{}, ItineraryEntry{}
}

func TestItineraryAcrossUSClockChange(t *testing.T) {
	it, err := sampleSource(t).Itinerary(7)
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name                          string
		id                            uint
		day, local, home, ahead, abbr string
	}{
		{"Friday, before the US change: 6 hours", 10, "Fri 12 Mar 2027", "10:00", "16:00", "UK is 6 hours ahead of Chicago", "CST"},
		{"Monday, after the US change: 5 hours", 11, "Mon 15 Mar 2027", "09:00", "14:00", "UK is 5 hours ahead of Chicago", "CDT"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d, e := findEntry(t, it, EntryMeeting, tt.id)
			if d.Label != tt.day || e.LocalStart != tt.local || e.HomeStart != tt.home || d.HomeAhead != tt.ahead || e.ZoneAbbr != tt.abbr || e.HomeAbbr != "GMT" {
				t.Errorf("got day %q %s (UK %s) %q %s/%s", d.Label, e.LocalStart, e.HomeStart, d.HomeAhead, e.ZoneAbbr, e.HomeAbbr)
			}
		})
	}
	// Every mission day is listed, plus the travel day before it.
	if len(it.Days) != 8 || it.Days[0].Label != "Wed 10 Mar 2027" || it.Days[7].Label != "Wed 17 Mar 2027" {
		var labels []string
		for _, d := range it.Days {
			labels = append(labels, d.Label)
		}
		t.Errorf("days: %v", labels)
	}
}

func TestItineraryTravelTimeToRockford(t *testing.T) {
	it, err := sampleSource(t).Itinerary(7)
	if err != nil {
		t.Fatal(err)
	}
	_, down := findEntry(t, it, EntryMeeting, 11)
	_, rock := findEntry(t, it, EntryMeeting, 12)
	if down.TravelBefore != 0 {
		t.Errorf("first meeting of the day has travel %v", down.TravelBefore)
	}
	if rock.TravelBefore != 90*time.Minute || rock.TravelMinutes() != 90 || rock.TravelLabel() != "1 h 30 min" || !strings.Contains(rock.TravelFrom, "Willis Tower") {
		t.Errorf("Rockford after downtown: travel %v from %q", rock.TravelBefore, rock.TravelFrom)
	}
	if rock.Address != "100 State St, Rockford, IL" || rock.With != "Dan Evans" || rock.Organisation != "Rock River Software" {
		t.Errorf("Rockford meeting: %+v", rock)
	}
	// No delegate named: the whole firm goes.
	if strings.Join(rock.Delegates, ",") != "Ann Archer,Bob Baker" {
		t.Errorf("delegates: %v", rock.Delegates)
	}
}

func TestItineraryContents(t *testing.T) {
	it, err := sampleSource(t).Itinerary(7)
	if err != nil {
		t.Fatal(err)
	}
	all := it.Entries()
	for _, e := range all {
		if strings.Contains(e.Notes+e.Title+e.Address, "SECRET") {
			t.Errorf("entry %s %d shows staff or contact notes: %+v", e.Kind, e.ID, e)
		}
		if e.ID == 14 && e.Kind == EntryMeeting {
			t.Errorf("another firm's meeting is listed")
		}
		if e.ID == 13 && e.Kind == EntryMeeting {
			t.Errorf("a cancelled meeting is listed")
		}
		if e.ID == 6 && e.Kind == EntryProgramme {
			t.Errorf("a programme item for other firms is listed")
		}
	}
	if len(it.Cancelled) != 1 || it.Cancelled[0].ID != 13 || it.Cancelled[0].Status != "cancelled" || it.Cancelled[0].Sequence != 3 {
		t.Errorf("cancelled: %+v", it.Cancelled)
	}
	_, brief := findEntry(t, it, EntryProgramme, 5)
	if brief.Address != "British Consulate, 625 N Michigan Ave, Chicago" || brief.Notes != "Bring passports" || brief.KindLabel != "Briefing" {
		t.Errorf("briefing: %+v", brief)
	}
	_, m10 := findEntry(t, it, EntryMeeting, 10)
	if m10.Notes != "Bring samples" || strings.Join(m10.Delegates, ",") != "Bob Baker" || m10.Sequence != 2 {
		t.Errorf("meeting 10: %+v", m10)
	}
	// Flights: the shared Dublin–Chicago flight is one entry for both delegates, with airport local times.
	_, first := findEntry(t, it, EntryFlight, 1)
	if first.DepartsLocal != "Wed 10 Mar 07:05" || !strings.Contains(first.Connection, "Connect at DUB to EI 125: 2 h 10 min") {
		t.Errorf("first flight: %+v", first)
	}
	_, second := findEntry(t, it, EntryFlight, 2)
	if strings.Join(second.Delegates, ",") != "Ann Archer,Bob Baker" || second.ArrivesLocal != "Wed 10 Mar 12:45" || second.LocalStart != "04:30" || second.HomeStart != "10:30" {
		t.Errorf("shared flight: %+v", second)
	}
	if len(it.People) != 2 || it.People[0].Name != "Carla Diaz" {
		t.Errorf("people: %+v", it.People)
	}
	// One delegate's view: Bob is on meeting 10, Ann is not.
	ann := it.ForDelegate(70)
	for _, e := range ann.Entries() {
		if e.Kind == EntryMeeting && e.ID == 10 {
			t.Errorf("Ann's itinerary lists Bob's meeting")
		}
	}
	if _, e := findEntry(t, it.ForDelegate(71), EntryMeeting, 10); e.ID != 10 {
		t.Errorf("Bob's itinerary lacks his meeting")
	}
	if _, err := sampleSource(t).Itinerary(99); err != ErrNotFound {
		t.Errorf("unknown registration: %v", err)
	}
}

func TestTravelNote(t *testing.T) {
	tests := []struct {
		name string
		e    ItineraryEntry
		want string
	}{
		{"none", ItineraryEntry{}, ""},
		{"from a place", ItineraryEntry{TravelBefore: 90 * time.Minute, TravelFrom: "Willis Tower (Chicago)"}, "Allow 1 h 30 min to travel from Willis Tower (Chicago)"},
		{"place unknown", ItineraryEntry{TravelBefore: 30 * time.Minute}, "Allow 30 min to travel"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.e.TravelNote(); got != tt.want {
				t.Errorf("TravelNote() = %q, want %q", got, tt.want)
			}
		})
	}
}

func TestProgrammeItemAttendedBy(t *testing.T) {
	tests := []struct {
		name string
		p    ProgrammeItem
		want bool
	}{
		{"all firms", ProgrammeItem{AllRegistrations: true}, true},
		{"listed", ProgrammeItem{RegistrationIDs: []uint{3, 7}}, true},
		{"not listed", ProgrammeItem{RegistrationIDs: []uint{3}}, false},
		{"nobody listed", ProgrammeItem{}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.p.AttendedBy(7); got != tt.want {
				t.Errorf("AttendedBy(7) = %v, want %v", got, tt.want)
			}
		})
	}
}
