package exports

import (
	"fmt"
	"sort"
	"strconv"

	"github.com/xuri/excelize/v2"
)

// writeAllMeetings streams the flat, filterable list of every meeting.
func writeAllMeetings(f *excelize.File, st sheetStyles, s MasterSchedule, meetings []ScheduleMeeting) error {
	const sheet = allMeetingsSheet
	cols := []sheetColumn{
		{"Day", 15}, {s.ZoneLabel + " start", 10}, {s.ZoneLabel + " end", 10}, {s.HomeLabel + " start", 10},
		{"Firm", 28}, {"Contact", 22}, {"Organisation", 26}, {"Location", 26}, {"Delegates", 26}, {"Status", 11},
	}
	if err := tableLayout(f, sheet, cols, len(meetings), true); err != nil {
		return err
	}
	if err := headerFooter(f, sheet, s.MissionName+" – all meetings"); err != nil {
		return err
	}
	sw, err := f.NewStreamWriter(sheet)
	if err != nil {
		return fmt.Errorf("exports: %s: %w", sheet, err)
	}
	if err := sw.SetRow("A1", headerRow(cols, st.header), headerHeight(cols, st.header)); err != nil {
		return fmt.Errorf("exports: %s: header: %w", sheet, err)
	}
	t := st.text
	row := make([]any, len(cols))
	for i, m := range meetings {
		row[0] = timeCell(civilDay(m.Start, s.Zone), st.day)
		row[1] = timeCell(wallClock(m.Start, s.Zone), st.time)
		row[2] = timeCell(wallClock(m.End, s.Zone), st.time)
		row[3] = timeCell(wallClock(m.Start, s.Home), st.time)
		row[4], row[5], row[6] = textCell(m.Firm, t), textCell(m.Contact, t), textCell(m.Organisation, t)
		row[7], row[8], row[9] = textCell(m.Location, t), textCell(m.Delegates, t), textCell(m.Status, t)
		if err := sw.SetRow("A"+strconv.Itoa(i+2), row, fitRowHeight(cols, row)); err != nil {
			return fmt.Errorf("exports: %s: row %d: %w", sheet, i+2, err)
		}
	}
	if err := sw.Flush(); err != nil {
		return fmt.Errorf("exports: %s: flush: %w", sheet, err)
	}
	return nil
}

var manifestColumns = []sheetColumn{
	{"Firm", 28}, {"Name", 22}, {"Job title", 22}, {"Email", 28}, {"Phone", 16},
	{"Dietary requirements", 20}, {"Access needs", 20}, {"Outbound travel", 30}, {"Return travel", 30},
}

// writeManifest streams the delegate manifest for hotels and airlines.
func writeManifest(f *excelize.File, st sheetStyles, s MasterSchedule) error {
	const sheet = delegatesSheet
	if err := tableLayout(f, sheet, manifestColumns, len(s.Delegates), true); err != nil {
		return err
	}
	if err := headerFooter(f, sheet, s.MissionName+" – delegates"); err != nil {
		return err
	}
	sw, err := f.NewStreamWriter(sheet)
	if err != nil {
		return fmt.Errorf("exports: %s: %w", sheet, err)
	}
	if err := sw.SetRow("A1", headerRow(manifestColumns, st.header), headerHeight(manifestColumns, st.header)); err != nil {
		return fmt.Errorf("exports: %s: header: %w", sheet, err)
	}
	t := st.text
	for i, d := range s.Delegates {
		row := []any{
			textCell(d.Firm, t), textCell(d.Name, t), textCell(d.JobTitle, t), textCell(d.Email, t),
			textCell(d.Phone, t), textCell(d.Dietary, t), textCell(d.Access, t),
			textCell(d.Outbound, t), textCell(d.Return, t),
		}
		if err := sw.SetRow("A"+strconv.Itoa(i+2), row, fitRowHeight(manifestColumns, row)); err != nil {
			return fmt.Errorf("exports: %s: row %d: %w", sheet, i+2, err)
		}
	}
	if err := sw.Flush(); err != nil {
		return fmt.Errorf("exports: %s: flush: %w", sheet, err)
	}
	return nil
}

// Summary layout: the sector table from A3, the per-day table from D3 and
// the chart beside them at G3.
const summaryFirstRow = 3

// writeSummary writes firms per sector, meetings per day (not cancelled or
// declined) and a column chart of meetings per day.
func writeSummary(f *excelize.File, st sheetStyles, s MasterSchedule, perDay []int) error {
	const sheet = summarySheet
	set := func(ref string, v any, style int) error {
		if str, ok := v.(string); ok {
			v = SafeText(str)
		}
		if err := f.SetCellValue(sheet, ref, v); err != nil {
			return fmt.Errorf("exports: %s!%s: %w", sheet, ref, err)
		}
		if style != 0 {
			return f.SetCellStyle(sheet, ref, ref, style)
		}
		return nil
	}
	for _, w := range []struct {
		col   string
		width float64
	}{{"A", 32}, {"B", 10}, {"C", 4}, {"D", 14}, {"E", 10}} {
		if err := f.SetColWidth(sheet, w.col, w.col, w.width); err != nil {
			return fmt.Errorf("exports: %s: column width: %w", sheet, err)
		}
	}
	if err := printLayout(f, sheet, 1, 1, "$1:$1"); err != nil { // landscape, one page with the chart
		return err
	}
	if err := set("A1", s.MissionName+" – master schedule", st.title); err != nil {
		return err
	}
	if s.Warning != "" {
		if err := set("A2", s.Warning, st.header); err != nil {
			return err
		}
	}
	r := strconv.Itoa(summaryFirstRow)
	for ref, v := range map[string]string{"A" + r: "Sector", "B" + r: "Firms", "D" + r: "Day", "E" + r: "Meetings"} {
		if err := set(ref, v, st.header); err != nil {
			return err
		}
	}

	sectors := make([]string, 0, len(s.SectorCounts))
	for k := range s.SectorCounts {
		sectors = append(sectors, k)
	}
	sort.Strings(sectors)
	total := 0
	for i, k := range sectors {
		n := strconv.Itoa(summaryFirstRow + 1 + i)
		if err := set("A"+n, k, 0); err != nil {
			return err
		}
		if err := set("B"+n, s.SectorCounts[k], 0); err != nil {
			return err
		}
		total += s.SectorCounts[k]
	}
	n := strconv.Itoa(summaryFirstRow + 1 + len(sectors))
	if err := set("A"+n, "Total", st.header); err != nil {
		return err
	}
	if err := set("B"+n, total, st.header); err != nil {
		return err
	}

	// Day labels are text, not dates, so the chart keeps one column per
	// mission day instead of switching to a date axis with gaps.
	names := dayGridNames(s.Days)
	for i := range s.Days {
		n := strconv.Itoa(summaryFirstRow + 1 + i)
		if err := set("D"+n, names[i], 0); err != nil {
			return err
		}
		if err := set("E"+n, perDay[i], 0); err != nil {
			return err
		}
	}
	if len(s.Days) == 0 {
		return nil
	}
	first, last := summaryFirstRow+1, summaryFirstRow+len(s.Days)
	ref := func(col string) string {
		return fmt.Sprintf("%s!$%s$%d:$%s$%d", quoteSheet(sheet), col, first, col, last)
	}
	err := f.AddChart(sheet, "G"+r, &excelize.Chart{
		Type: excelize.Col,
		Series: []excelize.ChartSeries{{
			Name:       fmt.Sprintf("%s!$E$%d", quoteSheet(sheet), summaryFirstRow),
			Categories: ref("D"),
			Values:     ref("E"),
		}},
		Title:      excelize.ChartTitle{Paragraph: []excelize.RichTextRun{{Text: "Meetings per day"}}},
		Legend:     excelize.ChartLegend{Position: "none"},
		Dimension:  excelize.ChartDimension{Width: 560, Height: 300},
		VaryColors: xlPtr(false), // one series, one colour
	})
	if err != nil {
		return fmt.Errorf("exports: %s: chart: %w", sheet, err)
	}
	return nil
}
