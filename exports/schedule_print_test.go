package exports

import (
	"bytes"
	"strings"
	"testing"
	"time"
)

// Every sheet of the master schedule prints landscape and fitted, with its header row (and on day grids
// its time columns) repeated; a day grid prints as one page per group of gridFirmsPerPage firms; every
// style uses the one sans-serif font; rows of wrapped text are tall enough for their lines.
func TestSchedulePrintsWell(t *testing.T) {
	s := sampleSchedule(t)
	for i := range 14 { // 14 firms: a day grid of three page-wide groups
		s.Firms = append(s.Firms, FirmColumn{ID: uint(100 + i), Name: "Extra firm"})
	}
	s.Days = []time.Time{s.Days[0], time.Date(2027, 3, 13, 0, 0, 0, 0, time.UTC), s.Days[1]} // a Saturday with nothing on
	s.Meetings[1].Location = strings.Repeat("A long address that wraps over several lines, ", 3)
	var buf bytes.Buffer
	if err := WriteSchedule(&buf, s); err != nil {
		t.Fatal(err)
	}
	f := reopenBook(t, &buf)
	for _, sheet := range f.GetSheetList() {
		pl, err := f.GetPageLayout(sheet)
		if err != nil {
			t.Fatal(err)
		}
		if pl.Orientation == nil || *pl.Orientation != "landscape" {
			t.Errorf("%s: orientation %v, want landscape", sheet, pl.Orientation)
		}
		props, err := f.GetSheetProps(sheet)
		if err != nil {
			t.Fatal(err)
		}
		if props.FitToPage == nil || !*props.FitToPage {
			t.Errorf("%s: not fitted to pages", sheet)
		}
		switch sheet {
		case "Fri 12 Mar", "Mon 15 Mar":
			if pl.FitToWidth == nil || *pl.FitToWidth != 3 || pl.FitToHeight == nil || *pl.FitToHeight != 1 {
				t.Errorf("%s: fit to %v × %v pages, want 3 wide (17 firms, 6 a page) × 1 tall", sheet, pl.FitToWidth, pl.FitToHeight)
			}
			wantDefinedName(t, f, "_xlnm.Print_Titles", sheet, "'"+sheet+"'!$A:$B,'"+sheet+"'!$1:$1")
		case summarySheet:
			if *pl.FitToWidth != 1 || *pl.FitToHeight != 1 {
				t.Errorf("summary: fit to %v × %v pages, want one page", *pl.FitToWidth, *pl.FitToHeight)
			}
		default:
			checkPrintReady(t, f, sheet)
		}
	}
	if got := strings.Join(f.GetSheetList(), ","); got != "Summary,Fri 12 Mar,Mon 15 Mar,All meetings,Delegates" {
		t.Errorf("sheets %s", got)
	}
	for _, empty := range []string{"Sat 13 Mar"} {
		if idx, _ := f.GetSheetIndex(empty); idx >= 0 {
			t.Errorf("a sheet for %s, a day with nothing on", empty)
		}
	}
	// one font, sans-serif, in every style and as the workbook's default
	if df, _ := f.GetDefaultFont(); df != sheetFont {
		t.Errorf("default font %q, want %q", df, sheetFont)
	}
	for _, sheet := range []string{allMeetingsSheet, "Fri 12 Mar"} {
		for _, ref := range []string{"A1", "C2", "E2"} {
			id, err := f.GetCellStyle(sheet, ref)
			if err != nil {
				t.Fatal(err)
			}
			st, err := f.GetStyle(id)
			if err != nil {
				t.Fatal(err)
			}
			if st.Font == nil || st.Font.Family != sheetFont {
				t.Errorf("%s!%s: font %+v, want %s", sheet, ref, st.Font, sheetFont)
			}
		}
	}
	// the long location's row grows to show every line
	rows, _ := f.GetRows(allMeetingsSheet)
	for i, r := range rows {
		if len(r) > 7 && strings.HasPrefix(r[7], "A long address") {
			h, err := f.GetRowHeight(allMeetingsSheet, i+1)
			if err != nil {
				t.Fatal(err)
			}
			if h < 5*lineHeight {
				t.Errorf("row %d of %d characters in a 26-wide column is %.0f points tall, want at least %d", i+1, len(r[7]), h, 5*lineHeight)
			}
		}
	}
}
