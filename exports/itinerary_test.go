package exports

import (
	"bytes"
	"strings"
	"testing"
	"time"
)

func sampleItinerary(t testing.TB) ItineraryBook {
	chi, uk := loadZone(t, "America/Chicago"), loadZone(t, "Europe/London")
	at := func(y int, m time.Month, d, h, mi int) time.Time {
		return time.Date(y, m, d, h, mi, 0, 0, chi).UTC()
	}
	return ItineraryBook{
		MissionName: "Chicago 2027", FirmName: "Acme & Sons",
		Zone: chi, Home: uk, ZoneLabel: "Chicago", HomeLabel: "UK",
		Entries: []ItineraryEntry{
			// Deliberately out of order: the writer sorts by start.
			{Start: at(2027, 3, 15, 9, 30), End: at(2027, 3, 15, 10, 0), Kind: "Meeting",
				Title: "Distribution talk", With: "Jane Roe", Organisation: "Midwest Supply",
				Address: "1 N State St", Delegates: []string{"Ann", "Bob"}, TravelNote: "Allow 1 h 30 min to travel from the hotel", Notes: "Bring samples"},
			{Start: at(2027, 3, 12, 9, 0), End: at(2027, 3, 12, 10, 0), Kind: "Programme",
				Title: "Briefing", Organisation: "=HYPERLINK(\"http://x\",\"y\")", With: "+1", Address: "-2", Notes: "@x",
				Delegates: []string{"\tx"}},
		},
		People: []Person{{Name: "Jane Roe", JobTitle: "Buyer", Organisation: "Midwest Supply",
			Email: "jane@example.com", Phone: "+1 312 555 0100", Address: "1 N State St"}},
	}
}

func TestWriteItinerary(t *testing.T) {
	var buf bytes.Buffer
	if err := WriteItinerary(&buf, sampleItinerary(t)); err != nil {
		t.Fatal(err)
	}
	f := reopenBook(t, &buf)
	if got := strings.Join(f.GetSheetList(), ","); got != "Itinerary,People" {
		t.Fatalf("sheets = %s", got)
	}
	const s = "Itinerary"
	for ref, want := range map[string]string{
		"A1": "Day", "B1": "Chicago time", "C1": "UK time", "D1": "Type", "E1": "Title",
		"F1": "With", "G1": "Organisation", "H1": "Address", "I1": "Delegates", "J1": "Notes",
	} {
		wantText(t, f, s, ref, want)
	}
	// 12 March 2027: Chicago on CST (UTC-6), UK on GMT: 6 hours apart.
	wantDate(t, f, s, "A2", fmtDay, time.Date(2027, 3, 12, 0, 0, 0, 0, time.UTC))
	wantValue(t, f, s, "A2", "Fri 12 Mar 2027")
	wantDate(t, f, s, "B2", fmtTime, time.Date(2027, 3, 12, 9, 0, 0, 0, time.UTC))
	wantDate(t, f, s, "C2", fmtTime, time.Date(2027, 3, 12, 15, 0, 0, 0, time.UTC))
	wantValue(t, f, s, "B2", "09:00")
	wantValue(t, f, s, "C2", "15:00")
	// 15 March 2027: US clocks changed on the 14th, UK not until the 28th: 5 hours.
	wantValue(t, f, s, "A3", "Mon 15 Mar 2027")
	wantDate(t, f, s, "B3", fmtTime, time.Date(2027, 3, 15, 9, 30, 0, 0, time.UTC))
	wantDate(t, f, s, "C3", fmtTime, time.Date(2027, 3, 15, 14, 30, 0, 0, time.UTC))
	wantValue(t, f, s, "B3", "09:30")
	wantValue(t, f, s, "C3", "14:30")
	wantText(t, f, s, "D3", "Meeting")
	wantText(t, f, s, "I3", "Ann\nBob")
	wantText(t, f, s, "J3", "Allow 1 h 30 min to travel from the hotel\nBring samples")

	// Hostile text stays text.
	wantText(t, f, s, "G2", `'=HYPERLINK("http://x","y")`)
	wantText(t, f, s, "F2", "'+1")
	wantText(t, f, s, "H2", "'-2")
	wantText(t, f, s, "J2", "'@x")
	wantText(t, f, s, "I2", "'\tx")

	// Print-ready and frozen.
	checkPrintReady(t, f, s)
	checkFrozenHeader(t, f, s, "A2")
	checkPrintReady(t, f, "People")
	wantText(t, f, "People", "A1", "Name")
	wantText(t, f, "People", "A2", "Jane Roe")
	wantText(t, f, "People", "E2", "'+1 312 555 0100")
}

func TestWriteItineraryNeedsZones(t *testing.T) {
	it := sampleItinerary(t)
	it.Home = nil
	if err := WriteItinerary(&bytes.Buffer{}, it); err == nil {
		t.Fatal("want an error without a home zone")
	}
}

func TestItineraryRowsGrowToFitWrappedText(t *testing.T) {
	chicago, _ := time.LoadLocation("America/Chicago")
	london, _ := time.LoadLocation("Europe/London")
	start := time.Date(2027, 3, 15, 15, 0, 0, 0, time.UTC)
	book := ItineraryBook{MissionName: "M", FirmName: "F", Zone: chicago, Home: london, Entries: []ItineraryEntry{
		{Start: start, End: start.Add(time.Hour), Kind: "Meeting", Title: "Short"},
		{Start: start.Add(2 * time.Hour), End: start.Add(3 * time.Hour), Kind: "Meeting", Title: "Long",
			Address: "Suite 4200, 233 South Wacker Drive, Chicago, Illinois 60606, United States of America",
			Notes:   "Bring samples.\nAsk about the distribution agreement.\nParking under the building."},
	}}
	var buf bytes.Buffer
	if err := WriteItinerary(&buf, book); err != nil {
		t.Fatal(err)
	}
	f := reopenBook(t, &buf)
	short, _ := f.GetRowHeight("Itinerary", 2)
	long, _ := f.GetRowHeight("Itinerary", 3)
	if short != lineHeight || long < 3*lineHeight {
		t.Errorf("row heights %v and %v: want one line for the short entry and at least three for the long one", short, long)
	}
}

// TestItineraryHomeTimeOnAnotherDay: Thu 11 Mar 18:00 in Chicago is Fri 12 Mar 00:00 in the UK; the UK
// column says which day, where a bare "00:00" read as Thursday midnight.
func TestItineraryHomeTimeOnAnotherDay(t *testing.T) {
	chi, uk := loadZone(t, "America/Chicago"), loadZone(t, "Europe/London")
	start := time.Date(2027, 3, 11, 18, 0, 0, 0, chi).UTC()
	book := ItineraryBook{MissionName: "Chicago 2027", FirmName: "Acme", Zone: chi, Home: uk, ZoneLabel: "Chicago", HomeLabel: "UK",
		Entries: []ItineraryEntry{{Start: start, End: start.Add(2 * time.Hour), Kind: "Programme", Title: "Reception"}}}
	var buf bytes.Buffer
	if err := WriteItinerary(&buf, book); err != nil {
		t.Fatal(err)
	}
	f := reopenBook(t, &buf)
	wantDate(t, f, "Itinerary", "C2", fmtDayTime, time.Date(2027, 3, 12, 0, 0, 0, 0, time.UTC))
	wantValue(t, f, "Itinerary", "C2", "Fri 12 Mar 00:00")
	wantValue(t, f, "Itinerary", "B2", "18:00")
}
