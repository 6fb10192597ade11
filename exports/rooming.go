package exports

import (
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/xuri/excelize/v2"
)

// RoomingBook is a mission's rooming list: a sheet per hotel.
type RoomingBook struct {
	MissionName string
	Hotels      []RoomingHotel
}

// RoomingHotel is one hotel's sheet: a row per room and range of nights, then arrivals and
// departures by date.
type RoomingHotel struct {
	Name, Address      string
	CheckIn, CheckOut  string
	Block              string // "20 rooms, 7 nights from Wed 10 Mar 2027", or ""
	Rooms              []RoomingRow
	ArrivalsDepartures []RoomingDay
}

// RoomingRow is one room for one range of nights.
type RoomingRow struct {
	Arrives, Departs time.Time // dates (midnight UTC)
	Nights           int
	Room             string // "Single", "Shared"
	Guests           []string
	Firms            []string
	Confirmation     string
}

// RoomingDay is one date's arrivals and departures at a hotel.
type RoomingDay struct {
	Date                             time.Time
	Arrivals, Departures             []string
	RoomsIn, RoomsOut, RoomsOccupied int
}

var roomingColumns = []sheetColumn{
	{"Arrival", 15}, {"Departure", 15}, {"Nights", 7}, {"Room", 8}, {"Guest 1", 24}, {"Guest 2", 24}, {"Firm", 26}, {"Confirmation", 16},
}

// movementColumns share the room table's columns (and widths): A date, B rooms occupied that night,
// C and D rooms arriving and leaving, E and F who arrives and who leaves.
var movementColumns = []string{"Date", "Rooms occupied that night", "Rooms in", "Rooms out", "Arriving", "Leaving"}

// WriteRoomingList writes the rooming list workbook, a sheet per hotel.
func WriteRoomingList(w io.Writer, b RoomingBook) error {
	f := excelize.NewFile()
	defer f.Close()
	st, err := newSheetStyles(f)
	if err != nil {
		return err
	}
	_ = f.SetDocProps(&excelize.DocProperties{Title: b.MissionName + " rooming list"})
	names := map[string]bool{}
	hotels := b.Hotels
	if len(hotels) == 0 {
		hotels = []RoomingHotel{{Name: "No hotels"}}
	}
	for i, h := range hotels {
		sheet := uniqueSheetName(h.Name, names)
		if i == 0 {
			if err := f.SetSheetName("Sheet1", sheet); err != nil {
				return fmt.Errorf("exports: rooming list: %w", err)
			}
		} else if _, err := f.NewSheet(sheet); err != nil {
			return fmt.Errorf("exports: rooming list: %w", err)
		}
		if err := writeRoomingSheet(f, st, sheet, b.MissionName, h); err != nil {
			return err
		}
	}
	if err := f.Write(w); err != nil {
		return fmt.Errorf("exports: rooming list: write: %w", err)
	}
	return nil
}

func writeRoomingSheet(f *excelize.File, st sheetStyles, sheet, mission string, h RoomingHotel) error {
	n := len(h.Rooms) + len(h.ArrivalsDepartures) + 4
	if err := tableLayout(f, sheet, roomingColumns, n, false); err != nil {
		return err
	}
	title := strings.Join(nonEmptyText("Rooming list: "+h.Name, h.Address, "check-in "+h.CheckIn+", check-out "+h.CheckOut, h.Block), " · ")
	if err := headerFooter(f, sheet, mission+" – "+title); err != nil {
		return err
	}
	sw, err := f.NewStreamWriter(sheet)
	if err != nil {
		return fmt.Errorf("exports: rooming list: %w", err)
	}
	if err := sw.SetRow("A1", headerRow(roomingColumns, st.header), headerHeight(roomingColumns, st.header)); err != nil {
		return fmt.Errorf("exports: rooming list: header: %w", err)
	}
	t := st.text
	r := 2
	for _, room := range h.Rooms {
		g1, g2 := "", ""
		if len(room.Guests) > 0 {
			g1 = room.Guests[0]
		}
		if len(room.Guests) > 1 {
			g2 = strings.Join(room.Guests[1:], "\n")
		} else if room.Room == "Shared" {
			g2 = "(to be confirmed)"
		}
		row := []any{timeCell(room.Arrives, st.day), timeCell(room.Departs, st.day), styledCell(room.Nights, t), textCell(room.Room, t),
			textCell(g1, t), textCell(g2, t), textCell(strings.Join(dedupe(room.Firms), "\n"), t), textCell(room.Confirmation, t)}
		if err := sw.SetRow(fmt.Sprintf("A%d", r), row, fitRowHeight(roomingColumns, row)); err != nil {
			return fmt.Errorf("exports: rooming list: row %d: %w", r, err)
		}
		r++
	}
	if len(h.ArrivalsDepartures) > 0 {
		r++ // a blank row between the two tables
		head := make([]any, len(movementColumns))
		for i, c := range movementColumns {
			head[i] = textCell(c, st.header)
		}
		if err := sw.SetRow(fmt.Sprintf("A%d", r), head, excelize.RowOpts{Height: 30}); err != nil {
			return fmt.Errorf("exports: rooming list: movements header: %w", err)
		}
		r++
		for _, d := range h.ArrivalsDepartures {
			row := []any{timeCell(d.Date, st.day), styledCell(d.RoomsOccupied, t), styledCell(d.RoomsIn, t), styledCell(d.RoomsOut, t),
				textCell(strings.Join(d.Arrivals, "\n"), t), textCell(strings.Join(d.Departures, "\n"), t)}
			if err := sw.SetRow(fmt.Sprintf("A%d", r), row, fitRowHeight(roomingColumns, row)); err != nil {
				return fmt.Errorf("exports: rooming list: movements row %d: %w", r, err)
			}
			r++
		}
	}
	if err := sw.Flush(); err != nil {
		return fmt.Errorf("exports: rooming list: flush: %w", err)
	}
	return nil
}

// uniqueSheetName makes a valid sheet name (at most 31 characters, none of []:*?/\) not yet in used.
func uniqueSheetName(name string, used map[string]bool) string {
	clean := strings.Map(func(r rune) rune {
		if strings.ContainsRune(`[]:*?/\`, r) {
			return ' '
		}
		return r
	}, strings.TrimSpace(name))
	clean = strings.Trim(clean, "' ")
	if clean == "" {
		clean = "Sheet"
	}
	base := []rune(clean)
	if len(base) > 31 {
		base = base[:31]
	}
	out := string(base)
	for i := 2; used[strings.ToLower(out)]; i++ {
		suffix := fmt.Sprintf(" (%d)", i)
		out = string(base[:min(len(base), 31-len(suffix))]) + suffix
	}
	used[strings.ToLower(out)] = true
	return out
}

func nonEmptyText(ss ...string) []string {
	var out []string
	for _, s := range ss {
		if strings.TrimSpace(s) != "" {
			out = append(out, s)
		}
	}
	return out
}

func dedupe(ss []string) []string {
	var out []string
	seen := map[string]bool{}
	for _, s := range ss {
		if !seen[s] {
			seen[s] = true
			out = append(out, s)
		}
	}
	return out
}
