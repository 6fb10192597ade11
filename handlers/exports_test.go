package handlers_test

import (
	"archive/zip"
	"bytes"
	"fmt"
	"io"
	"net/http"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"
	"gorm.io/gorm"

	"github.com/missionplanner/missionplanner/app/apptest"
)

func openBook(t *testing.T, body string) *excelize.File {
	t.Helper()
	f, err := excelize.OpenReader(strings.NewReader(body))
	if err != nil {
		t.Fatalf("not a workbook: %v", err)
	}
	t.Cleanup(func() { f.Close() })
	return f
}

// noSecrets fails if any cell of any sheet shows staff or contact notes.
func noSecrets(t *testing.T, f *excelize.File) {
	t.Helper()
	for _, sh := range f.GetSheetList() {
		rows, err := f.GetRows(sh)
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range rows {
			for _, v := range r {
				if strings.Contains(v, "SECRET") {
					t.Errorf("sheet %s shows %q", sh, v)
				}
			}
		}
	}
}

func cellIs(t *testing.T, f *excelize.File, sheet, ref, want string) {
	t.Helper()
	got, err := f.GetCellValue(sheet, ref)
	if err != nil || got != want {
		t.Errorf("%s!%s = %q (%v), want %q", sheet, ref, got, err, want)
	}
}

// dateCell checks a cell is a real Excel date-time with the given number format and wall clock.
func dateCell(t *testing.T, f *excelize.File, sheet, ref, format string, want time.Time) {
	t.Helper()
	typ, _ := f.GetCellType(sheet, ref)
	if typ != excelize.CellTypeNumber && typ != excelize.CellTypeUnset {
		t.Errorf("%s!%s type %v, want a number", sheet, ref, typ)
	}
	id, _ := f.GetCellStyle(sheet, ref)
	st, err := f.GetStyle(id)
	if err != nil || st.CustomNumFmt == nil || *st.CustomNumFmt != format {
		t.Errorf("%s!%s format %v, want %q", sheet, ref, st, format)
	}
	raw, _ := f.GetCellValue(sheet, ref, excelize.Options{RawCellValue: true})
	var serial float64
	fmt.Sscan(raw, &serial)
	got, err := excelize.ExcelDateToTime(serial, false)
	if err != nil || got.Sub(want).Abs() > time.Second {
		t.Errorf("%s!%s = %v, want %v", sheet, ref, got, want)
	}
}

func TestItineraryWorkbooks(t *testing.T) {
	apptest.EachDB(t, func(t *testing.T, db *gorm.DB) {
		a := apptest.New(t, db, testNow)
		fx := seedItinerary(t, db)
		c, _ := a.SignedIn("staff", "sam@agency.example")

		r := c.Get(fx.pageA() + ".xlsx")
		if r.Status != http.StatusOK || !strings.Contains(r.Header.Get("Content-Disposition"), `filename="itinerary-Alpha_Widgets_Ltd.xlsx"`) {
			t.Fatalf("itinerary.xlsx: %d %q", r.Status, r.Header.Get("Content-Disposition"))
		}
		f := openBook(t, r.Body)
		const s = "Itinerary"
		if got := strings.Join(f.GetSheetList(), ","); got != "Itinerary,People" {
			t.Fatalf("sheets %s", got)
		}
		cellIs(t, f, s, "B1", "Chicago time")
		cellIs(t, f, s, "C1", "UK time")
		// Row 2 the flight, 3 the briefing, 4 Friday's meeting (6 hours), 5 and 6 Monday's (5 hours).
		cellIs(t, f, s, "D2", "Flight")
		cellIs(t, f, s, "D3", "Briefing")
		dateCell(t, f, s, "A4", "ddd d mmm yyyy", time.Date(2027, 3, 12, 0, 0, 0, 0, time.UTC))
		dateCell(t, f, s, "B4", "hh:mm", time.Date(2027, 3, 12, 10, 0, 0, 0, time.UTC))
		dateCell(t, f, s, "C4", "hh:mm", time.Date(2027, 3, 12, 16, 0, 0, 0, time.UTC))
		dateCell(t, f, s, "B5", "hh:mm", time.Date(2027, 3, 15, 9, 0, 0, 0, time.UTC))
		dateCell(t, f, s, "C5", "hh:mm", time.Date(2027, 3, 15, 14, 0, 0, 0, time.UTC))
		cellIs(t, f, s, "J4", `'=HYPERLINK("http://evil.example") bring samples`) // neutralised
		if fml, _ := f.GetCellFormula(s, "J4"); fml != "" {
			t.Errorf("J4 is a formula: %q", fml)
		}
		cellIs(t, f, s, "H6", "100 State St, Rockford, IL")
		cellIs(t, f, s, "J6", "Allow 1 h 30 min to travel from Willis Tower (Chicago)\nProduct demo")
		cellIs(t, f, s, "I4", "Bob Baker")
		if rows, _ := f.GetRows(s); len(rows) != 6 {
			t.Errorf("itinerary rows: %d, want a header and 5 entries (no cancelled meeting, nothing of firm B)", len(rows))
		}
		cellIs(t, f, "People", "A2", "Carla Diaz")
		cellIs(t, f, "People", "A3", "Dan Evans")
		noSecrets(t, f)

		r = c.Get(fmt.Sprintf("/missions/%d/schedule.xlsx", fx.Mission.ID))
		if r.Status != http.StatusOK {
			t.Fatalf("schedule.xlsx: %d", r.Status)
		}
		// Downloads are named as the zip names its entries.
		if got := r.Header.Get("Content-Disposition"); !strings.Contains(got, `filename="schedule-Chicago_2027.xlsx"`) {
			t.Errorf("schedule.xlsx named %q", got)
		}
		if r := c.Get("/missions/999999/schedule.xlsx"); r.Status != http.StatusNotFound {
			t.Errorf("schedule of an unknown mission: %d, want 404", r.Status)
		}
		f = openBook(t, r.Body)
		// Only days with meetings have a grid: Thursday (the briefing only), the weekend and Wednesday have none.
		if got, want := strings.Join(f.GetSheetList(), ","), "Summary,Fri 12 Mar,Mon 15 Mar,Tue 16 Mar,All meetings,Delegates"; got != want {
			t.Fatalf("schedule sheets %s, want %s", got, want)
		}
		const fri = "Fri 12 Mar"
		cellIs(t, f, fri, "C1", "Alpha Widgets Ltd\nAdvanced manufacturing")
		cellIs(t, f, fri, "D1", "Beta Foods Ltd\nAgri-food")
		// 15-minute rows from 09:00: the 10:00–10:45 meeting covers rows 6 to 8 as one merged cell.
		dateCell(t, f, fri, "A6", "hh:mm", time.Date(2027, 3, 12, 10, 0, 0, 0, time.UTC))
		dateCell(t, f, fri, "B6", "hh:mm", time.Date(2027, 3, 12, 16, 0, 0, 0, time.UTC))
		mc, _ := f.GetMergeCells(fri)
		var merged []string
		for _, m := range mc {
			merged = append(merged, m.GetStartAxis()+":"+m.GetEndAxis())
		}
		if strings.Join(merged, ",") != "C6:C8" {
			t.Errorf("Friday merges %v, want C6:C8", merged)
		}
		cellIs(t, f, fri, "C6", "Carla Diaz (Lakeshore Foods)\nWillis Tower, 233 S Wacker Dr, Chicago")
		if rows, _ := f.GetRows("All meetings"); len(rows) < 6 {
			t.Errorf("All meetings: %d rows, want a header and 5 meetings", len(rows))
		}
		found := false
		rows, _ := f.GetRows("Delegates")
		for _, row := range rows {
			line := strings.Join(row, "|")
			if strings.Contains(line, "Ann Archer") && strings.Contains(line, "Vegetarian") && strings.Contains(line, "EI 125 DUB 10:30 → ORD 12:45, Wed 10 Mar") {
				found = true
			}
		}
		if !found {
			t.Errorf("manifest lacks Ann's flight and diet: %v", rows)
		}
		noSecrets(t, f)

		r = c.Get(fmt.Sprintf("/missions/%d/itineraries.zip", fx.Mission.ID))
		if r.Status != http.StatusOK || r.Header.Get("Content-Type") != "application/zip" {
			t.Fatalf("itineraries.zip: %d %s", r.Status, r.Header.Get("Content-Type"))
		}
		if got := r.Header.Get("Content-Disposition"); !strings.Contains(got, `filename="itineraries-Chicago_2027.zip"`) {
			t.Errorf("itineraries.zip named %q", got)
		}
		zr, err := zip.NewReader(bytes.NewReader([]byte(r.Body)), int64(len(r.Body)))
		if err != nil {
			t.Fatal(err)
		}
		var names []string
		for _, zf := range zr.File {
			names = append(names, zf.Name)
			rc, _ := zf.Open()
			b, _ := io.ReadAll(rc)
			rc.Close()
			book := openBook(t, string(b))
			noSecrets(t, book)
		}
		sort.Strings(names)
		if strings.Join(names, ",") != "itinerary-Alpha_Widgets_Ltd.xlsx,itinerary-Beta_Foods_Ltd.xlsx" {
			t.Errorf("zip holds %v", names)
		}
	})
}
