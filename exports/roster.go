package exports

import (
	"fmt"
	"io"

	"github.com/xuri/excelize/v2"
)

// RosterBook is the emergency roster: the delegates as of a moment (where they should be now and
// next), then a sheet per day with each delegate's plan. It holds phones and emergency contacts: staff
// only.
type RosterBook struct {
	MissionName string
	AsOf        string // "Fri 12 Mar 2027 10:15 CST"
	People      []RosterRow
	Days        []RosterDay
}

// RosterRow is one delegate as of the roster's moment.
type RosterRow struct {
	Name, Firm, Phone, Hotel, Emergency, EmergencyPhone, Now, Next string
}

// RosterDay is one day's sheet.
type RosterDay struct {
	Label string // "Fri 12 Mar 2027", also the sheet's name without the year
	Sheet string
	Rows  []RosterDayRow
}

// RosterDayRow is one delegate's day: their plan, one engagement a line.
type RosterDayRow struct {
	Name, Firm, Phone, Hotel, Emergency, EmergencyPhone, Plan string
}

var rosterColumns = []sheetColumn{
	{"Delegate", 22}, {"Firm", 22}, {"Phone", 17}, {"Hotel", 26}, {"Emergency contact", 22}, {"Emergency phone", 17}, {"Now", 30}, {"Next", 30},
}

var rosterDayColumns = []sheetColumn{
	{"Delegate", 22}, {"Firm", 22}, {"Phone", 17}, {"Hotel that night", 22}, {"Emergency contact", 22}, {"Emergency phone", 17}, {"Plan", 48},
}

// WriteRoster writes the roster workbook.
func WriteRoster(w io.Writer, b RosterBook) error {
	f := excelize.NewFile()
	defer f.Close()
	st, err := newSheetStyles(f)
	if err != nil {
		return err
	}
	_ = f.SetDocProps(&excelize.DocProperties{Title: b.MissionName + " emergency roster"})
	const first = "Now"
	if err := f.SetSheetName("Sheet1", first); err != nil {
		return fmt.Errorf("exports: roster: %w", err)
	}
	rows := make([][]any, len(b.People))
	t := st.text
	for i, p := range b.People {
		rows[i] = []any{textCell(p.Name, t), textCell(p.Firm, t), textCell(p.Phone, t), textCell(p.Hotel, t), textCell(p.Emergency, t),
			textCell(p.EmergencyPhone, t), textCell(p.Now, t), textCell(p.Next, t)}
	}
	if err := writeTableSheet(f, st, first, b.MissionName+" – emergency roster as of "+b.AsOf, rosterColumns, rows); err != nil {
		return err
	}
	used := map[string]bool{"now": true}
	for _, d := range b.Days {
		sheet := uniqueSheetName(d.Sheet, used)
		if _, err := f.NewSheet(sheet); err != nil {
			return fmt.Errorf("exports: roster: %w", err)
		}
		rows := make([][]any, len(d.Rows))
		for i, p := range d.Rows {
			rows[i] = []any{textCell(p.Name, t), textCell(p.Firm, t), textCell(p.Phone, t), textCell(p.Hotel, t), textCell(p.Emergency, t),
				textCell(p.EmergencyPhone, t), textCell(p.Plan, t)}
		}
		if err := writeTableSheet(f, st, sheet, b.MissionName+" – emergency roster, "+d.Label, rosterDayColumns, rows); err != nil {
			return err
		}
	}
	if err := f.Write(w); err != nil {
		return fmt.Errorf("exports: roster: write: %w", err)
	}
	return nil
}

// writeTableSheet writes a printable table: a header row and rows, landscape, fitted to the width.
func writeTableSheet(f *excelize.File, st sheetStyles, sheet, title string, cols []sheetColumn, rows [][]any) error {
	if err := tableLayout(f, sheet, cols, len(rows), false); err != nil {
		return err
	}
	if err := headerFooter(f, sheet, title); err != nil {
		return err
	}
	sw, err := f.NewStreamWriter(sheet)
	if err != nil {
		return fmt.Errorf("exports: %s: %w", sheet, err)
	}
	if err := sw.SetRow("A1", headerRow(cols, st.header), headerHeight(cols, st.header)); err != nil {
		return fmt.Errorf("exports: %s: header: %w", sheet, err)
	}
	for i, row := range rows {
		if err := sw.SetRow(fmt.Sprintf("A%d", i+2), row, fitRowHeight(cols, row)); err != nil {
			return fmt.Errorf("exports: %s: row %d: %w", sheet, i+2, err)
		}
	}
	if err := sw.Flush(); err != nil {
		return fmt.Errorf("exports: %s: flush: %w", sheet, err)
	}
	return nil
}
