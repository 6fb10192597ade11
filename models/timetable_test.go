package models

import (
	"fmt"
	"strings"
	"testing"
	"time"
)

// smallTimetable is two firms' meetings on Thu 11 Mar 2027 in Chicago, all keeping every rule.
func smallTimetable() Timetable {
	loc := chicago()
	first, last := DateOf(2027, 3, 11), DateOf(2027, 3, 12)
	at := func(day, h, m, minutes int) Interval {
		s := time.Date(2027, 3, day, h, m, 0, 0, loc).UTC()
		return Interval{s, s.Add(time.Duration(minutes) * time.Minute)}
	}
	downtown := Place{LocationID: 1, Name: "Consulate", City: "Chicago"}
	rockford := Place{LocationID: 2, Name: "EIGERlab", City: "Rockford"}
	bc := BookingContext{
		Zone:    loc,
		Working: WorkingWindows(loc, first.Time, last.Time, "09:00", "17:30"),
		Travel:  TravelRules{Between: map[string]time.Duration{CityPairKey("Chicago", "Rockford"): 90 * time.Minute}},
		Existing: []Booking{
			{ID: 1, RegistrationID: 10, ContactID: 100, DelegateIDs: []uint{1001}, Span: at(11, 9, 0, 45), Place: downtown, Label: "Acme with Jane"},
			{ID: 2, RegistrationID: 10, ContactID: 101, DelegateIDs: []uint{1001}, Span: at(11, 12, 0, 45), Place: rockford, Label: "Acme with Raj"},
			{ID: 3, RegistrationID: 20, ContactID: 100, Span: at(11, 10, 0, 45), Place: downtown, Label: "Bluewick with Jane"},
		},
		Programme: []ProgrammeBlock{{ID: 7, Title: "Welcome briefing", Span: at(11, 15, 0, 60), Place: rockford}},
	}
	return Timetable{Context: bc, Meetings: append([]Booking(nil), bc.Existing...), FirstDay: first, LastDay: last}
}

func TestCheckTimetable(t *testing.T) {
	loc := chicago()
	at := func(day, h, m, minutes int) Interval {
		s := time.Date(2027, 3, day, h, m, 0, 0, loc).UTC()
		return Interval{s, s.Add(time.Duration(minutes) * time.Minute)}
	}
	tests := []struct {
		name   string
		change func(tt *Timetable)
		want   map[uint]ClashKind // meeting id (or 1000+programme id) → a kind it must break
	}{
		{"clean", func(*Timetable) {}, map[uint]ClashKind{}},
		{"programme item over a meeting", func(tt *Timetable) {
			tt.Context.Programme = append(tt.Context.Programme, ProgrammeBlock{ID: 8, Title: "Breakfast", Span: at(11, 9, 0, 60), RegistrationIDs: []uint{10}})
		}, map[uint]ClashKind{1: ClashProgramme}},
		{"mission shortened under its meetings", func(tt *Timetable) {
			tt.Context.Working = WorkingWindows(loc, tt.FirstDay.Time.AddDate(0, 0, 1), tt.LastDay.Time, "09:00", "17:30")
			tt.FirstDay = tt.FirstDay.AddDays(1)
		}, map[uint]ClashKind{1: ClashHours, 2: ClashHours, 3: ClashHours, 1007: ClashHours}},
		{"hours narrowed", func(tt *Timetable) {
			tt.Context.Working = WorkingWindows(loc, tt.FirstDay.Time, tt.LastDay.Time, "09:30", "17:30")
		}, map[uint]ClashKind{1: ClashHours}},
		{"availability narrowed", func(tt *Timetable) {
			tt.Context.ContactAvailability = map[uint][]Interval{100: {at(11, 9, 0, 60)}}
		}, map[uint]ClashKind{3: ClashAvailability}},
		{"travel time raised", func(tt *Timetable) {
			tt.Context.Travel.Between[CityPairKey("Chicago", "Rockford")] = 150 * time.Minute
		}, map[uint]ClashKind{1: ClashTravel, 2: ClashTravel}},
		{"two meetings of one contact overlap", func(tt *Timetable) {
			tt.Context.Existing[2].Span = at(11, 9, 30, 45)
			tt.Meetings[2].Span = at(11, 9, 30, 45)
		}, map[uint]ClashKind{1: ClashContact, 3: ClashContact}},
		{"a delegate in two places", func(tt *Timetable) {
			b := Booking{ID: 4, RegistrationID: 20, ContactID: 102, DelegateIDs: []uint{1001}, Span: at(11, 12, 15, 30), Place: Place{Name: "X", City: "Rockford"}, Label: "odd"}
			tt.Context.Existing = append(tt.Context.Existing, b)
			tt.Meetings = append(tt.Meetings, b)
		}, map[uint]ClashKind{2: ClashDelegate, 4: ClashDelegate}},
		{"programme item outside the mission's days", func(tt *Timetable) {
			tt.Context.Programme[0].Span = at(14, 15, 0, 60)
		}, map[uint]ClashKind{1007: ClashHours}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			tt := smallTimetable()
			tc.change(&tt)
			got := map[uint][]ClashKind{}
			for _, b := range CheckTimetable(tt) {
				id := b.MeetingID
				if id == 0 {
					id = 1000 + b.ProgrammeItemID
				}
				for _, c := range b.Clashes {
					got[id] = append(got[id], c.Kind)
				}
			}
			if len(got) != len(tc.want) {
				t.Errorf("breaches %v, want %v", got, tc.want)
			}
			for id, kind := range tc.want {
				found := false
				for _, k := range got[id] {
					found = found || k == kind
				}
				if !found {
					t.Errorf("item %d: kinds %v, want %s among them", id, got[id], kind)
				}
			}
		})
	}
}

func TestNewlyBroken(t *testing.T) {
	tt := smallTimetable()
	// Already broken before the change: meeting 3 outside its contact's availability.
	tt.Context.ContactAvailability = map[uint][]Interval{100: {tt.Meetings[0].Span}}
	before := CheckTimetable(tt)
	if len(before) != 1 || before[0].MeetingID != 3 {
		t.Fatalf("before: %+v", before)
	}
	tt.Context.Programme = append(tt.Context.Programme, ProgrammeBlock{Title: "Breakfast", Span: tt.Meetings[0].Span})
	got := NewlyBroken(before, CheckTimetable(tt))
	if len(got) != 1 || got[0].MeetingID != 1 || !strings.Contains(got[0].Messages()[0], "Breakfast") {
		t.Errorf("newly broken: %+v", got)
	}
}

// bigTimetable is a valid mission of 300 firms, 1,500 contacts and 6,300 scheduled meetings over seven
// days: each firm meets at 09:00, 11:00 and 13:00 (and every third day 15:00), each contact four or five
// times, two hours apart; a welcome briefing for every firm on the first evening.
func bigTimetable() Timetable {
	loc := chicago()
	first, last := DateOf(2027, 3, 11), DateOf(2027, 3, 17)
	bc := BookingContext{Zone: loc, Working: WorkingWindows(loc, first.Time, last.Time, "09:00", "17:30"), Travel: genTravel}
	places := genPlaces[:6]
	id := uint(0)
	for day := 0; day < 7; day++ {
		slots := []int{9, 11, 13}
		for s, hour := range slots {
			slot := day*3 + s
			for f := 0; f < 300; f++ {
				id++
				contact := uint((f+300*(slot%5))%1500 + 1)
				start := time.Date(2027, 3, 11+day, hour, 0, 0, 0, loc).UTC()
				bc.Existing = append(bc.Existing, Booking{ID: id, RegistrationID: uint(f + 1), ContactID: contact, DelegateIDs: []uint{uint(f*10 + 1)},
					Span: Interval{start, start.Add(45 * time.Minute)}, Place: places[int(contact)%len(places)], Label: fmt.Sprintf("meeting %d", id)})
			}
		}
	}
	start := time.Date(2027, 3, 11, 18, 0, 0, 0, loc).UTC()
	bc.Programme = []ProgrammeBlock{{ID: 1, Title: "Welcome reception", Span: Interval{start, start.Add(2 * time.Hour)}, Place: places[0]}}
	return Timetable{Context: bc, Meetings: bc.Existing, FirstDay: first, LastDay: last}
}

// TestCheckTimetableLargeMission: the whole-timetable check of a 6,300-meeting mission finds nothing
// and takes well under a second of CPU (CPU rather than wall time: on a shared machine the wall clock also
// counts other processes' work; BenchmarkCheckTimetable reports the figure).
func TestCheckTimetableLargeMission(t *testing.T) {
	tt := bigTimetable()
	if len(tt.Meetings) < 6000 {
		t.Fatalf("only %d meetings", len(tt.Meetings))
	}
	cpu := cpuTime()
	got := CheckTimetable(tt)
	took := cpuTime() - cpu
	if len(got) != 0 {
		t.Fatalf("%d breaches in a valid mission, first: %s", len(got), strings.Join(got[0].Messages(), "; "))
	}
	if took > time.Second {
		t.Errorf("checking %d meetings took %s of CPU, want under 1 s", len(tt.Meetings), took)
	}
	t.Logf("checked %d meetings in %s of CPU", len(tt.Meetings), took)
	// The same mission with one meeting moved onto another of its firm's is caught.
	tt.Meetings[5].Span = tt.Meetings[305].Span
	if got := CheckTimetable(tt); len(got) == 0 {
		t.Error("a moved meeting went unnoticed")
	}
}

func BenchmarkCheckTimetable(b *testing.B) {
	tt := bigTimetable()
	b.ResetTimer()
	for b.Loop() {
		if len(CheckTimetable(tt)) != 0 {
			b.Fatal("breaches")
		}
	}
}
