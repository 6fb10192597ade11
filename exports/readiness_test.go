package exports

import (
	"bytes"
	"strings"
	"testing"
	"time"

	"github.com/missionplanner/missionplanner/internal/libreoffice"
)

func sampleRooming() RoomingBook {
	d := func(day int) time.Time { return time.Date(2027, 3, day, 0, 0, 0, 0, time.UTC) }
	return RoomingBook{MissionName: "Chicago 2027", Hotels: []RoomingHotel{
		{Name: "Lakeview Grand Hotel", Address: "120 S Michigan Ave, Chicago", CheckIn: "15:00", CheckOut: "11:00", Block: "30 rooms, 9 nights from Tue 9 Mar 2027",
			Rooms: []RoomingRow{
				{Arrives: d(10), Departs: d(17), Nights: 7, Room: "Single", Guests: []string{"Ann Archer"}, Firms: []string{"Alpha Widgets Ltd"}, Confirmation: "LG-1"},
				{Arrives: d(10), Departs: d(17), Nights: 7, Room: "Shared", Guests: []string{"Bob Baker", "Cy Cole"}, Firms: []string{"Alpha Widgets Ltd", "Alpha Widgets Ltd"}, Confirmation: "SH-1"},
				{Arrives: d(11), Departs: d(16), Nights: 5, Room: "Shared", Guests: []string{"=cmd|' /C calc'!A0"}, Firms: []string{"Beta"}},
			},
			ArrivalsDepartures: []RoomingDay{
				{Date: d(10), Arrivals: []string{"Ann Archer", "Bob Baker", "Cy Cole"}, RoomsIn: 2, RoomsOccupied: 2},
				{Date: d(11), Arrivals: []string{"=cmd|' /C calc'!A0"}, RoomsIn: 1, RoomsOccupied: 3},
				{Date: d(17), Departures: []string{"Ann Archer", "Bob Baker", "Cy Cole"}, RoomsOut: 2},
			}},
		{Name: "Riverside Suites: [annex]"},
	}}
}

func sampleRoster() RosterBook {
	return RosterBook{MissionName: "Chicago 2027", AsOf: "Fri 12 Mar 10:15 (Chicago)",
		People: []RosterRow{{Name: "Ann Archer", Firm: "Alpha Widgets Ltd", Phone: "+44 7700 900001", Hotel: "Lakeview Grand Hotel, 120 S Michigan Ave, Chicago",
			Emergency: "Pat Archer (partner)", EmergencyPhone: "+44 7700 900002", Now: "Fri 12 Mar 10:00 → 10:45 Meeting: Carla Diaz, Lakeshore Foods (Willis Tower)", Next: "Fri 12 Mar 14:00 Reception"}},
		Days: []RosterDay{{Label: "Fri 12 Mar 2027", Sheet: "Fri 12 Mar", Rows: []RosterDayRow{{Name: "Ann Archer", Firm: "Alpha Widgets Ltd", Phone: "+44 7700 900001",
			Hotel: "Lakeview Grand Hotel", Emergency: "Pat Archer (partner)", EmergencyPhone: "+44 7700 900002", Plan: "09:00 → 10:30 Welcome briefing\n10:00 → 10:45 Meeting"}}}},
	}
}

func TestRoomingList(t *testing.T) {
	var buf bytes.Buffer
	if err := WriteRoomingList(&buf, sampleRooming()); err != nil {
		t.Fatal(err)
	}
	f := reopenBook(t, &buf)
	if got := strings.Join(f.GetSheetList(), ","); got != "Lakeview Grand Hotel,Riverside Suites   annex" {
		t.Fatalf("sheets %q", got)
	}
	sheet := "Lakeview Grand Hotel"
	checkPrintReady(t, f, sheet)
	for cell, want := range map[string]string{
		"A1": "Arrival", "E1": "Guest 1", "A2": "Wed 10 Mar 2027", "B2": "Wed 17 Mar 2027", "C2": "7", "D2": "Single", "E2": "Ann Archer",
		"E3": "Bob Baker", "F3": "Cy Cole", "G3": "Alpha Widgets Ltd", "H3": "SH-1", "F4": "(to be confirmed)",
		"A6": "Date", "B6": "Rooms occupied that night", "A7": "Wed 10 Mar 2027", "C7": "2", "E7": "Ann Archer\nBob Baker\nCy Cole",
	} {
		if got, _ := f.GetCellValue(sheet, cell); got != want {
			t.Errorf("%s = %q, want %q", cell, got, want)
		}
	}
	if got, _ := f.GetCellValue(sheet, "E4"); strings.HasPrefix(got, "=") {
		t.Errorf("a formula-like name is written as a formula: %q", got)
	}
}

func TestRosterWorkbook(t *testing.T) {
	var buf bytes.Buffer
	if err := WriteRoster(&buf, sampleRoster()); err != nil {
		t.Fatal(err)
	}
	f := reopenBook(t, &buf)
	if got := strings.Join(f.GetSheetList(), ","); got != "Now,Fri 12 Mar" {
		t.Fatalf("sheets %q", got)
	}
	for _, sheet := range f.GetSheetList() {
		checkPrintReady(t, f, sheet)
	}
	for cell, want := range map[string]string{"A2": "Ann Archer", "E2": "Pat Archer (partner)", "F2": "'+44 7700 900002" /* SafeText guards a leading + */, "H2": "Fri 12 Mar 14:00 Reception"} {
		if got, _ := f.GetCellValue("Now", cell); got != want {
			t.Errorf("Now!%s = %q, want %q", cell, got, want)
		}
	}
	if got, _ := f.GetCellValue("Fri 12 Mar", "G2"); !strings.Contains(got, "Welcome briefing") {
		t.Errorf("day plan %q", got)
	}
}

// The rooming list and the roster open in LibreOffice (converted to PDF, both in one run so the check
// costs one start of LibreOffice). Without LibreOffice it skips, unless CI=true.
func TestRoomingListAndRosterOpenInLibreOffice(t *testing.T) {
	soffice := libreoffice.Find(t, "that the rooming list and the roster open")
	var rooming, roster bytes.Buffer
	if err := WriteRoomingList(&rooming, sampleRooming()); err != nil {
		t.Fatal(err)
	}
	if err := WriteRoster(&roster, sampleRoster()); err != nil {
		t.Fatal(err)
	}
	pdfs := libreoffice.ToPDF(t, soffice, map[string][]byte{"rooming.xlsx": rooming.Bytes(), "roster.xlsx": roster.Bytes()})
	for _, name := range []string{"rooming.xlsx", "roster.xlsx"} {
		pages := libreoffice.Pages(pdfs[name])
		t.Logf("%s prints on %d A4 pages", name, pages)
		if pages == 0 {
			t.Errorf("%s: no pages", name)
		}
	}
}
