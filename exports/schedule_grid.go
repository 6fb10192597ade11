package exports

import (
	"fmt"
	"strconv"
	"time"

	"github.com/xuri/excelize/v2"
)

// gridCell is one firm's slot on a day grid.
type gridCell struct {
	text  string // set on the first slot of a meeting
	span  int    // slots the meeting covers, on its first slot
	owner int    // for every slot of a meeting: 1 + the row index of its first slot
}

// dayGrid is one day's slots (as instants) by firms.
type dayGrid struct {
	slots []time.Time
	cells [][]gridCell // [slot][firm]
}

// placeMeetings lays the meetings that are not cancelled onto one grid per
// day and counts them per day. Meetings are clipped to the working hours;
// one that starts in a slot already taken (a clash the scheduler should
// have prevented) is added to that cell's text rather than overlapping a
// merged range, which Excel would reject as a corrupt file.
func placeMeetings(s MasterSchedule, meetings []ScheduleMeeting, startMin, endMin int, perDay []int) []dayGrid {
	grids := make([]dayGrid, len(s.Days))
	dayIndex := make(map[int]int, len(s.Days))
	nSlots := (endMin - startMin + s.SlotMinutes - 1) / s.SlotMinutes
	for i, d := range s.Days {
		dayIndex[dayKey(d)] = i
		g := dayGrid{slots: make([]time.Time, nSlots), cells: make([][]gridCell, nSlots)}
		for k := range nSlots {
			g.slots[k] = time.Date(d.Year(), d.Month(), d.Day(), 0, startMin+k*s.SlotMinutes, 0, 0, s.Zone)
			g.cells[k] = make([]gridCell, len(s.Firms))
		}
		grids[i] = g
	}
	firmIndex := make(map[uint]int, len(s.Firms))
	for i, fc := range s.Firms {
		firmIndex[fc.ID] = i
	}
	for _, m := range meetings {
		if isCancelled(m.Status) {
			continue
		}
		local := m.Start.In(s.Zone)
		di, ok := dayIndex[dayKey(local)]
		if !ok {
			continue
		}
		perDay[di]++
		col, ok := firmIndex[m.FirmID]
		if !ok {
			continue
		}
		from := local.Hour()*60 + local.Minute() - startMin
		to := from + int(m.End.Sub(m.Start)/time.Minute)
		if to <= 0 || from >= endMin-startMin {
			continue // wholly outside working hours
		}
		first := max(from, 0) / s.SlotMinutes
		last := min((to+s.SlotMinutes-1)/s.SlotMinutes-1, nSlots-1)
		last = max(last, first)
		g := grids[di]
		label := meetingLabel(m)
		if o := g.cells[first][col].owner; o != 0 {
			top := &g.cells[o-1][col]
			top.text += "\n+ " + label
			continue
		}
		n := 0
		for r := first; r <= last && g.cells[r][col].owner == 0; r++ {
			g.cells[r][col].owner = first + 1
			n++
		}
		g.cells[first][col].text, g.cells[first][col].span = label, n
	}
	return grids
}

// A day grid prints gridFirmsPerPage firms to an A4 landscape page (two time columns of 9 and firms
// of gridColumnWidth), and its slots are gridRowHeight points tall, so a working day fits one page.
const (
	gridFirmsPerPage = 6
	gridColumnWidth  = 22
	gridRowHeight    = 15
)

func dayKey(t time.Time) int { return t.Year()*10000 + int(t.Month())*100 + t.Day() }

// writeDayGrid streams one day's grid: the local and home time of each
// slot in columns A and B, then a column per firm.
func writeDayGrid(f *excelize.File, st sheetStyles, s MasterSchedule, sheet string, g dayGrid) error {
	nFirms := len(s.Firms)
	// Firms before A:B so the <col> elements come out ascending (see tableLayout).
	if nFirms > 0 {
		last, _ := excelize.ColumnNumberToName(nFirms + 2)
		if err := f.SetColWidth(sheet, "C", last, gridColumnWidth); err != nil {
			return fmt.Errorf("exports: %s: column width: %w", sheet, err)
		}
	}
	if err := f.SetColWidth(sheet, "A", "B", 9); err != nil {
		return fmt.Errorf("exports: %s: column width: %w", sheet, err)
	}
	if err := freezeHeader(f, sheet, 2, 1); err != nil {
		return err
	}
	// A grid of many firms cannot be read fitted to one page wide: it prints as groups of
	// gridFirmsPerPage firms, a page each, with the times and firm names on every page, the whole day
	// one page tall.
	if err := printLayout(f, sheet, max(1, (nFirms+gridFirmsPerPage-1)/gridFirmsPerPage), 1, "$A:$B,$1:$1"); err != nil {
		return err
	}
	if err := headerFooter(f, sheet, s.MissionName+" – "+sheet); err != nil {
		return err
	}
	sw, err := f.NewStreamWriter(sheet)
	if err != nil {
		return fmt.Errorf("exports: %s: %w", sheet, err)
	}
	row := make([]any, nFirms+2)
	row[0], row[1] = textCell(s.ZoneLabel, st.header), textCell(s.HomeLabel, st.header)
	for i, fc := range s.Firms {
		label := fc.Name
		if fc.Sector != "" {
			label += "\n" + fc.Sector
		}
		row[i+2] = textCell(label, st.header)
	}
	cols := make([]sheetColumn, len(row))
	cols[0], cols[1] = sheetColumn{width: 9}, sheetColumn{width: 9}
	for i := 2; i < len(cols); i++ {
		cols[i] = sheetColumn{width: gridColumnWidth}
	}
	header := fitRowHeight(cols, row) // firm names and sectors wrap in the narrow columns
	header.Height = max(header.Height+4, 32)
	if err := sw.SetRow("A1", row, header); err != nil {
		return fmt.Errorf("exports: %s: header: %w", sheet, err)
	}
	for k, slot := range g.slots {
		r := k + 2
		row[0] = styledCell(wallClock(slot, s.Zone), st.time)
		row[1] = styledCell(wallClock(slot, s.Home), st.time)
		for i := range nFirms {
			c := g.cells[k][i]
			switch {
			case c.span > 0:
				row[i+2] = textCell(c.text, st.meeting)
				if c.span > 1 {
					col, _ := excelize.ColumnNumberToName(i + 3)
					rs := strconv.Itoa(r)
					re := strconv.Itoa(r + c.span - 1)
					if err := sw.MergeCell(col+rs, col+re); err != nil {
						return fmt.Errorf("exports: %s: merge: %w", sheet, err)
					}
				}
			case c.owner != 0:
				row[i+2] = excelize.Cell{StyleID: st.meeting}
			default:
				row[i+2] = excelize.Cell{StyleID: st.slot}
			}
		}
		if err := sw.SetRow("A"+strconv.Itoa(r), row, excelize.RowOpts{Height: gridRowHeight}); err != nil {
			return fmt.Errorf("exports: %s: row %d: %w", sheet, r, err)
		}
	}
	if err := sw.Flush(); err != nil {
		return fmt.Errorf("exports: %s: flush: %w", sheet, err)
	}
	return nil
}
