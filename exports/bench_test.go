package exports

import (
	"fmt"
	"io"
	"testing"
	"time"
)

// bigSchedule is a large mission: 300 firms and 6,000 meetings over 5 days.
func bigSchedule(tb testing.TB) MasterSchedule {
	chi, uk := loadZone(tb, "America/Chicago"), loadZone(tb, "Europe/London")
	s := MasterSchedule{
		MissionName: "Chicago 2027", Zone: chi, Home: uk, ZoneLabel: "Chicago", HomeLabel: "UK",
		DayStarts: "09:00", DayEnds: "17:30", SlotMinutes: 30,
		SectorCounts: map[string]int{},
	}
	sectors := []string{"Advanced manufacturing", "Digital/IT and mobile", "Healthcare and life sciences", "Financial and professional services", "Agri-food"}
	for d := range 5 {
		s.Days = append(s.Days, time.Date(2027, 3, 15+d, 0, 0, 0, 0, time.UTC))
	}
	for i := range 300 {
		sec := sectors[i%len(sectors)]
		s.Firms = append(s.Firms, FirmColumn{ID: uint(i + 1), Name: fmt.Sprintf("Firm %03d Ltd", i), Sector: sec})
		s.SectorCounts[sec]++
		for j := range 2 {
			s.Delegates = append(s.Delegates, ManifestRow{
				Firm: fmt.Sprintf("Firm %03d Ltd", i), Name: fmt.Sprintf("Delegate %d-%d", i, j), JobTitle: "Director",
				Email: fmt.Sprintf("d%d.%d@firm.example", i, j), Phone: "+44 121 496 0000", Dietary: "None",
				Outbound: "EI 123 BHX–DUB–ORD 14 Mar", Return: "EI 124 ORD–DUB–BHX 20 Mar",
			})
		}
	}
	// 20 meetings per firm: 4 a day, an hour or half an hour long.
	for i := range 300 {
		for j := range 20 {
			d := s.Days[j/4]
			slot := (j%4)*4 + i%3
			start := time.Date(d.Year(), d.Month(), d.Day(), 9, 30*slot, 0, 0, chi)
			s.Meetings = append(s.Meetings, ScheduleMeeting{
				FirmID: uint(i + 1), Start: start.UTC(), End: start.Add(time.Duration(30+30*(j%2)) * time.Minute).UTC(),
				Firm: fmt.Sprintf("Firm %03d Ltd", i), Contact: fmt.Sprintf("Contact %d", j), Organisation: "Midwest Supply Co",
				Location: "233 S Wacker Dr, Chicago", Status: "scheduled", Delegates: "Delegate A; Delegate B",
			})
		}
	}
	return s
}

func BenchmarkWriteSchedule(b *testing.B) {
	s := bigSchedule(b)
	b.ReportAllocs()
	for b.Loop() {
		if err := WriteSchedule(io.Discard, s); err != nil {
			b.Fatal(err)
		}
	}
}

// oneFirmItinerary is a typical firm's week: 25 entries and 20 contacts.
func oneFirmItinerary(tb testing.TB) ItineraryBook {
	it := sampleItinerary(tb)
	it.Entries = it.Entries[:0]
	it.People = it.People[:0]
	for i := range 25 {
		start := time.Date(2027, 3, 15+i/5, 9+i%5*2, 0, 0, 0, it.Zone)
		it.Entries = append(it.Entries, ItineraryEntry{
			Start: start.UTC(), End: start.Add(time.Hour).UTC(), Kind: "Meeting",
			Title: "Distribution talk", With: fmt.Sprintf("Contact %d", i), Organisation: "Midwest Supply Co",
			Address: "233 S Wacker Dr, Chicago, IL 60606", Delegates: []string{"Ann", "Bob"},
			Notes: "Bring samples", TravelNote: "Allow 15 min to travel from the hotel",
		})
		if i < 20 {
			it.People = append(it.People, Person{Name: fmt.Sprintf("Contact %d", i), JobTitle: "Buyer",
				Organisation: "Midwest Supply Co", Email: "c@example.com", Phone: "+1 312 555 0100", Address: "233 S Wacker Dr"})
		}
	}
	return it
}

func BenchmarkWriteItinerary(b *testing.B) {
	it := oneFirmItinerary(b)
	b.ReportAllocs()
	for b.Loop() {
		if err := WriteItinerary(io.Discard, it); err != nil {
			b.Fatal(err)
		}
	}
}
