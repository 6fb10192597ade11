package exports

import (
	"archive/zip"
	"bytes"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"
)

func sampleSchedule(t testing.TB) MasterSchedule {
	chi, uk := loadZone(t, "America/Chicago"), loadZone(t, "Europe/London")
	at := func(d, h, mi int) time.Time { return time.Date(2027, 3, d, h, mi, 0, 0, chi).UTC() }
	hostile := `=HYPERLINK("http://x","y")`
	return MasterSchedule{
		MissionName: "Chicago 2027", Zone: chi, Home: uk, ZoneLabel: "Chicago", HomeLabel: "UK",
		Days:      []time.Time{time.Date(2027, 3, 12, 0, 0, 0, 0, time.UTC), time.Date(2027, 3, 15, 0, 0, 0, 0, time.UTC)},
		DayStarts: "09:00", DayEnds: "17:30", SlotMinutes: 30,
		Firms: []FirmColumn{
			{ID: 1, Name: "Acme Ltd", Sector: "Advanced manufacturing"},
			{ID: 2, Name: hostile, Sector: "Digital"},
			{ID: 3, Name: "Brum Foods", Sector: "Agri-food"},
		},
		Meetings: []ScheduleMeeting{
			{FirmID: 1, Start: at(15, 14, 0), End: at(15, 15, 30), Firm: "Acme Ltd", Contact: "Ann Lee", Organisation: "Rockford Tools", Location: "Rockford", Status: "scheduled"},
			{FirmID: 1, Start: at(12, 9, 0), End: at(12, 10, 0), Firm: "Acme Ltd", Contact: "Jane Roe", Organisation: "Midwest Supply", Location: "Willis Tower", Status: "scheduled", Delegates: "Bob Smith"},
			{FirmID: 2, Start: at(15, 10, 30), End: at(15, 11, 0), Firm: hostile, Contact: "+1", Organisation: "-2", Location: "@x", Status: "requested", Delegates: "\tx"},
			{FirmID: 3, Start: at(15, 9, 0), End: at(15, 9, 30), Firm: "Brum Foods", Contact: "Cy", Status: "cancelled"},
			// A clash the scheduler should have refused: shown in the first meeting's cell.
			{FirmID: 1, Start: at(15, 14, 30), End: at(15, 15, 0), Firm: "Acme Ltd", Contact: "Dee", Status: "scheduled"},
		},
		Delegates: []ManifestRow{
			{Firm: "Acme Ltd", Name: "Bob Smith", JobTitle: "MD", Email: "bob@acme.example", Phone: "+44 121 496 0000", Dietary: "Vegetarian", Outbound: "EI 123 BHX–DUB–ORD 13 Mar", Return: "EI 124 ORD–DUB–BHX 19 Mar"},
		},
		SectorCounts: map[string]int{"Digital": 1, "Advanced manufacturing": 1, "Agri-food": 1},
	}
}

func TestWriteSchedule(t *testing.T) {
	var buf bytes.Buffer
	if err := WriteSchedule(&buf, sampleSchedule(t)); err != nil {
		t.Fatal(err)
	}
	f := reopenBook(t, &buf)
	if got, want := strings.Join(f.GetSheetList(), ","), "Summary,Fri 12 Mar,Mon 15 Mar,All meetings,Delegates"; got != want {
		t.Fatalf("sheets = %s, want %s", got, want)
	}

	t.Run("day grid", func(t *testing.T) {
		const fri, mon = "Fri 12 Mar", "Mon 15 Mar"
		wantText(t, f, fri, "A1", "Chicago")
		wantText(t, f, fri, "B1", "UK")
		wantText(t, f, fri, "C1", "Acme Ltd\nAdvanced manufacturing")
		wantText(t, f, fri, "D1", `'=HYPERLINK("http://x","y")`+"\nDigital")
		// 6 hours apart before the US change, 5 hours after it.
		wantDate(t, f, fri, "A2", fmtTime, time.Date(2027, 3, 12, 9, 0, 0, 0, time.UTC))
		wantDate(t, f, fri, "B2", fmtTime, time.Date(2027, 3, 12, 15, 0, 0, 0, time.UTC))
		wantValue(t, f, fri, "B2", "15:00")
		wantDate(t, f, mon, "A2", fmtTime, time.Date(2027, 3, 15, 9, 0, 0, 0, time.UTC))
		wantDate(t, f, mon, "B2", fmtTime, time.Date(2027, 3, 15, 14, 0, 0, 0, time.UTC))
		wantValue(t, f, mon, "B2", "14:00")
		// 17 half-hour slots from 09:00 to 17:30.
		wantValue(t, f, mon, "A18", "17:00")
		wantValue(t, f, mon, "A19", "")

		wantText(t, f, fri, "C2", "Jane Roe (Midwest Supply)\nWillis Tower")
		wantText(t, f, mon, "D5", "'+1 (-2)\n@x\n[requested]")
		wantText(t, f, mon, "C12", "Ann Lee (Rockford Tools)\nRockford\n+ Dee")
		wantValue(t, f, mon, "E2", "") // cancelled

		wantMerges(t, f, fri, "C2:C3")
		wantMerges(t, f, mon, "C12:C14")
		checkFrozenHeader(t, f, fri, "C2")
		wantDefinedName(t, f, "_xlnm.Print_Titles", fri, "'Fri 12 Mar'!$A:$B,'Fri 12 Mar'!$1:$1")
	})

	t.Run("all meetings", func(t *testing.T) {
		const s = "All meetings"
		for ref, want := range map[string]string{
			"A1": "Day", "B1": "Chicago start", "C1": "Chicago end", "D1": "UK start", "E1": "Firm",
			"F1": "Contact", "G1": "Organisation", "H1": "Location", "I1": "Delegates", "J1": "Status",
		} {
			wantText(t, f, s, ref, want)
		}
		wantDate(t, f, s, "A2", fmtDay, time.Date(2027, 3, 12, 0, 0, 0, 0, time.UTC))
		wantDate(t, f, s, "B2", fmtTime, time.Date(2027, 3, 12, 9, 0, 0, 0, time.UTC))
		wantDate(t, f, s, "C2", fmtTime, time.Date(2027, 3, 12, 10, 0, 0, 0, time.UTC))
		wantDate(t, f, s, "D2", fmtTime, time.Date(2027, 3, 12, 15, 0, 0, 0, time.UTC))
		wantText(t, f, s, "E2", "Acme Ltd")
		// Row 3 is the cancelled 09:00 on the 15th, row 4 the hostile one.
		wantText(t, f, s, "J3", "cancelled")
		wantDate(t, f, s, "D4", fmtTime, time.Date(2027, 3, 15, 15, 30, 0, 0, time.UTC))
		wantText(t, f, s, "E4", `'=HYPERLINK("http://x","y")`)
		wantText(t, f, s, "F4", "'+1")
		wantText(t, f, s, "G4", "'-2")
		wantText(t, f, s, "H4", "'@x")
		wantText(t, f, s, "I4", "'\tx")
		wantValue(t, f, s, "A7", "")
		checkFrozenHeader(t, f, s, "A2")
		checkPrintReady(t, f, s)
		wantDefinedName(t, f, "_xlnm._FilterDatabase", s, "'All meetings'!$A$1:$J$6")
	})

	t.Run("delegates", func(t *testing.T) {
		const s = "Delegates"
		wantText(t, f, s, "A1", "Firm")
		wantText(t, f, s, "B2", "Bob Smith")
		wantText(t, f, s, "E2", "'+44 121 496 0000")
		wantText(t, f, s, "H2", "EI 123 BHX–DUB–ORD 13 Mar")
		wantDefinedName(t, f, "_xlnm._FilterDatabase", s, "'Delegates'!$A$1:$I$2")
		checkFrozenHeader(t, f, s, "A2")
	})

	t.Run("summary", func(t *testing.T) {
		const s = "Summary"
		wantText(t, f, s, "A4", "Advanced manufacturing")
		wantText(t, f, s, "A5", "Agri-food")
		wantText(t, f, s, "A6", "Digital")
		wantValue(t, f, s, "B7", "3")
		wantText(t, f, s, "D4", "Fri 12 Mar")
		wantValue(t, f, s, "E4", "1")
		wantText(t, f, s, "D5", "Mon 15 Mar")
		wantValue(t, f, s, "E5", "3") // the cancelled meeting is not counted
		zr, err := zip.NewReader(bytes.NewReader(buf.Bytes()), int64(buf.Len()))
		if err != nil {
			t.Fatal(err)
		}
		found := false
		for _, e := range zr.File {
			if strings.HasPrefix(e.Name, "xl/charts/chart") {
				found = true
			}
		}
		if !found {
			t.Error("no chart in the workbook")
		}
	})
}

func TestWriteScheduleRejectsBadSettings(t *testing.T) {
	tests := []struct {
		name   string
		change func(*MasterSchedule)
	}{
		{"no zone", func(s *MasterSchedule) { s.Zone = nil }},
		{"zero slot", func(s *MasterSchedule) { s.SlotMinutes = 0 }},
		{"bad start", func(s *MasterSchedule) { s.DayStarts = "9am" }},
		{"ends before start", func(s *MasterSchedule) { s.DayEnds = "08:00" }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := sampleSchedule(t)
			tt.change(&s)
			if err := WriteSchedule(&bytes.Buffer{}, s); err == nil {
				t.Fatal("want an error")
			}
		})
	}
}

// TestWriteScheduleLarge checks the streamed sheets of a full-size mission
// come back whole.
func TestWriteScheduleLarge(t *testing.T) {
	if testing.Short() {
		t.Skip("large workbook")
	}
	s := bigSchedule(t)
	var buf bytes.Buffer
	if err := WriteSchedule(&buf, s); err != nil {
		t.Fatal(err)
	}
	f := reopenBook(t, &buf)
	rows, err := f.GetRows("All meetings", excelize.Options{RawCellValue: true})
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 6001 {
		t.Errorf("All meetings has %d rows, want 6,001", len(rows))
	}
	mc, err := f.GetMergeCells("Mon 15 Mar", true)
	if err != nil {
		t.Fatal(err)
	}
	if len(mc) != 600 { // two hour-long meetings per firm per day
		t.Errorf("Mon 15 Mar has %d merged ranges, want 600", len(mc))
	}
	wantValue(t, f, "Fri 19 Mar", "KP1", "Firm 299 Ltd\nAgri-food")
	wantValue(t, f, "Summary", "E8", "1200")
}
