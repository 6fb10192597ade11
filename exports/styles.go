package exports

import (
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"
)

// Number formats used for real Excel date-time cells.
const (
	fmtDay      = "ddd d mmm yyyy"
	fmtTime     = "hh:mm"
	fmtDayTime  = "ddd d mmm hh:mm" // a time at home on another date than the mission's
	fmtDateTime = "yyyy-mm-dd hh:mm"
)

// sheetStyles holds the style ids shared by the sheets of one workbook.
type sheetStyles struct {
	header   int // bold, filled, wrapped header row
	text     int // top-aligned, wrapped body text
	day      int // date, fmtDay
	time     int // time of day, fmtTime
	dateTime int // date and time, fmtDateTime
	dayTime  int // day and time, fmtDayTime
	title    int // a large bold title line
	slot     int // an empty slot of a day grid
	meeting  int // a booked slot of a day grid
}

// sheetFont is the one font of every workbook: a sans-serif that Excel, LibreOffice and Numbers all
// have, so printed sheets look alike everywhere (a style without a font name falls back to a serif in
// some programs).
const sheetFont = "Arial"

// font is the sheets' font at size points, optionally bold and coloured.
func font(size float64, bold bool, color string) *excelize.Font {
	return &excelize.Font{Family: sheetFont, Size: size, Bold: bold, Color: color}
}

func newSheetStyles(f *excelize.File) (sheetStyles, error) {
	var s sheetStyles
	if err := f.SetDefaultFont(sheetFont); err != nil {
		return s, fmt.Errorf("exports: default font: %w", err)
	}
	thin := []excelize.Border{
		{Type: "left", Color: "BFBFBF", Style: 1},
		{Type: "right", Color: "BFBFBF", Style: 1},
		{Type: "top", Color: "BFBFBF", Style: 1},
		{Type: "bottom", Color: "BFBFBF", Style: 1},
	}
	top := &excelize.Alignment{Vertical: "top", WrapText: true}
	defs := []struct {
		id    *int
		style excelize.Style
	}{
		{&s.header, excelize.Style{
			Font:      font(10, true, "FFFFFF"),
			Fill:      excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"1F4E78"}},
			Alignment: &excelize.Alignment{Vertical: "center", WrapText: true},
			Border:    thin,
		}},
		{&s.text, excelize.Style{Font: font(10, false, ""), Alignment: top}},
		{&s.day, excelize.Style{Font: font(10, false, ""), Alignment: top, CustomNumFmt: xlPtr(fmtDay)}},
		{&s.time, excelize.Style{Font: font(10, false, ""), Alignment: &excelize.Alignment{Vertical: "top", Horizontal: "center"}, CustomNumFmt: xlPtr(fmtTime)}},
		{&s.dateTime, excelize.Style{Font: font(10, false, ""), Alignment: top, CustomNumFmt: xlPtr(fmtDateTime)}},
		{&s.dayTime, excelize.Style{Font: font(10, false, ""), Alignment: &excelize.Alignment{Vertical: "top", Horizontal: "center"}, CustomNumFmt: xlPtr(fmtDayTime)}},
		{&s.title, excelize.Style{Font: font(14, true, "")}},
		{&s.slot, excelize.Style{Font: font(10, false, ""), Border: thin}},
		{&s.meeting, excelize.Style{
			Font:      font(8, false, ""), // a meeting's merged slots are 15 points each
			Alignment: top,
			Border:    thin,
			Fill:      excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"DDEBF7"}},
		}},
	}
	for _, d := range defs {
		id, err := f.NewStyle(&d.style)
		if err != nil {
			return s, fmt.Errorf("exports: new style: %w", err)
		}
		*d.id = id
	}
	return s, nil
}

func xlPtr[T any](v T) *T { return &v }

// wallClock returns t's wall clock in loc as a UTC time, which excelize
// writes as the serial number Excel shows for that wall clock.
func wallClock(t time.Time, loc *time.Location) time.Time {
	l := t.In(loc)
	return time.Date(l.Year(), l.Month(), l.Day(), l.Hour(), l.Minute(), l.Second(), 0, time.UTC)
}

// civilDay returns midnight (as UTC wall clock) of the day t falls on in loc.
func civilDay(t time.Time, loc *time.Location) time.Time {
	l := t.In(loc)
	return time.Date(l.Year(), l.Month(), l.Day(), 0, 0, 0, 0, time.UTC)
}

// cell wraps a value with a style for the StreamWriter.
func styledCell(v any, style int) excelize.Cell { return excelize.Cell{Value: v, StyleID: style} }

// textCell is a styled string cell passed through SafeText; an empty string
// leaves the cell empty rather than writing an empty inline string.
func textCell(s string, style int) excelize.Cell {
	if s == "" {
		return excelize.Cell{StyleID: style}
	}
	return styledCell(SafeText(s), style)
}

// timeCell is a styled date-time cell, or an empty styled cell for a zero time.
func timeCell(t time.Time, style int) excelize.Cell {
	if t.IsZero() {
		return excelize.Cell{StyleID: style}
	}
	return styledCell(t, style)
}

// sheetColumn describes one column of a tabular sheet.
type sheetColumn struct {
	title string
	width float64
}

// quoteSheet quotes a sheet name for use in a cell reference.
func quoteSheet(name string) string {
	return "'" + strings.ReplaceAll(name, "'", "''") + "'"
}

// tableLayout prepares a sheet with a header in row 1 and n data rows
// for streaming: widths, frozen header, optional autofilter, landscape
// fit-to-width printing and a repeated header row. It must run before
// NewStreamWriter, since the StreamWriter writes these parts as it starts.
func tableLayout(f *excelize.File, sheet string, cols []sheetColumn, n int, filter bool) error {
	// Right to left: excelize puts the latest width first, and the
	// StreamWriter writes <col> elements in that order, while Excel wants
	// them ascending (it "repairs" the file otherwise).
	for i := len(cols) - 1; i >= 0; i-- {
		name, err := excelize.ColumnNumberToName(i + 1)
		if err != nil {
			return err
		}
		if err := f.SetColWidth(sheet, name, name, cols[i].width); err != nil {
			return fmt.Errorf("exports: %s: column width: %w", sheet, err)
		}
	}
	if err := freezeHeader(f, sheet, 0, 1); err != nil {
		return err
	}
	if filter {
		last, _ := excelize.CoordinatesToCellName(len(cols), n+1)
		// AutoFilter replaces the sheet properties, so it goes before
		// printLayout's SetSheetProps.
		if err := f.AutoFilter(sheet, "A1:"+last, nil); err != nil {
			return fmt.Errorf("exports: %s: autofilter: %w", sheet, err)
		}
	}
	return printLayout(f, sheet, 1, 0, "$1:$1")
}

// freezeHeader freezes the first rows rows and cols columns.
func freezeHeader(f *excelize.File, sheet string, cols, rows int) error {
	tl, _ := excelize.CoordinatesToCellName(cols+1, rows+1)
	pane := "bottomLeft"
	switch {
	case cols > 0 && rows > 0:
		pane = "bottomRight"
	case cols > 0:
		pane = "topRight"
	}
	err := f.SetPanes(sheet, &excelize.Panes{
		Freeze: true, XSplit: cols, YSplit: rows, TopLeftCell: tl, ActivePane: pane,
		Selection: []excelize.Selection{{SQRef: tl, ActiveCell: tl, Pane: pane}},
	})
	if err != nil {
		return fmt.Errorf("exports: %s: freeze panes: %w", sheet, err)
	}
	return nil
}

// printLayout sets landscape printing, optionally fitted to one page wide,
// and repeats titles (e.g. "$1:$1") on every printed page.
func printLayout(f *excelize.File, sheet string, wide, tall int, titles string) error {
	layout := &excelize.PageLayoutOptions{Orientation: xlPtr("landscape"), Size: xlPtr(9), // 9 = A4
		FitToWidth: xlPtr(wide), FitToHeight: xlPtr(tall)}
	if err := f.SetPageLayout(sheet, layout); err != nil {
		return fmt.Errorf("exports: %s: page layout: %w", sheet, err)
	}
	if err := f.SetSheetProps(sheet, &excelize.SheetPropsOptions{FitToPage: xlPtr(true)}); err != nil {
		return fmt.Errorf("exports: %s: sheet props: %w", sheet, err)
	}
	err := f.SetPageMargins(sheet, &excelize.PageLayoutMarginsOptions{
		Top: xlPtr(0.55), Bottom: xlPtr(0.55), Left: xlPtr(0.4), Right: xlPtr(0.4), Header: xlPtr(0.25), Footer: xlPtr(0.25)})
	if err != nil {
		return fmt.Errorf("exports: %s: margins: %w", sheet, err)
	}
	refs := make([]string, 0, 2)
	for _, t := range strings.Split(titles, ",") {
		refs = append(refs, quoteSheet(sheet)+"!"+t)
	}
	err = f.SetDefinedName(&excelize.DefinedName{
		Name: "_xlnm.Print_Titles", RefersTo: strings.Join(refs, ","), Scope: sheet,
	})
	if err != nil {
		return fmt.Errorf("exports: %s: print titles: %w", sheet, err)
	}
	return nil
}

// headerRow returns the styled header cells of cols.
func headerRow(cols []sheetColumn, style int) []any {
	row := make([]any, len(cols))
	for i, c := range cols {
		row[i] = textCell(c.title, style)
	}
	return row
}

// headerFooter puts the title at the top of each printed page and page
// numbers at the foot.
func headerFooter(f *excelize.File, sheet, title string) error {
	// Header fields are limited to 255 UTF-16 units; a long mission name is
	// cut rather than failing the export.
	if r := []rune(title); len(r) > 100 {
		title = string(r[:100]) + "…"
	}
	err := f.SetHeaderFooter(sheet, &excelize.HeaderFooterOptions{
		OddHeader: "&C" + strings.ReplaceAll(title, "&", "&&"),
		OddFooter: "&CPage &P of &N",
	})
	if err != nil {
		return fmt.Errorf("exports: %s: header and footer: %w", sheet, err)
	}
	return nil
}

// lineHeight is the height in points of one line of the 10-point body text (Arial 10 sets 11.5
// points a line; the rest keeps wrapped lines clear of the cell's borders).
const lineHeight = 13

// fitRowHeight sets a row of wrapped text tall enough to show every line: spreadsheet programs do not
// grow the rows of a generated file to fit when they open it, so without this, long addresses and notes
// spill over the rows below. A column-width unit is the width of a digit of the 10-point font; an
// average character of text is a little narrower, so a line holds about as many characters as the
// column's width (words that do not fit whole move to the next line, which the small margin absorbs).
func fitRowHeight(cols []sheetColumn, row []any) excelize.RowOpts {
	lines := 1
	for i, v := range row {
		cell, ok := v.(excelize.Cell)
		if !ok || i >= len(cols) || cols[i].width <= 0 {
			continue
		}
		text, ok := cell.Value.(string)
		if !ok || text == "" {
			continue
		}
		perLine := int(cols[i].width)
		if perLine < 1 {
			perLine = 1
		}
		n := 0
		for _, l := range strings.Split(text, "\n") {
			n += max(1, (utf8.RuneCountInString(l)+perLine-1)/perLine)
		}
		lines = max(lines, n)
	}
	// Excel refuses rows taller than 409 points: a longer text is cut off in the cell, not a failed export.
	return excelize.RowOpts{Height: min(float64(lines*lineHeight), excelize.MaxRowHeight)}
}

// headerHeight fits a header row's titles, and is never less than 20 points.
func headerHeight(cols []sheetColumn, style int) excelize.RowOpts {
	opts := fitRowHeight(cols, headerRow(cols, style))
	opts.Height = max(opts.Height+5, 20)
	return opts
}
