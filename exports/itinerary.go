package exports

import (
	"fmt"
	"io"
	"sort"
	"strings"
	"time"

	"github.com/xuri/excelize/v2"
)

// ItineraryEntry is one line of a firm's itinerary: a flight, a meeting, a
// programme item or a journey.
type ItineraryEntry struct {
	Start, End   time.Time // UTC instants
	Kind         string    // "Flight", "Meeting", "Programme", "Travel"
	Title        string
	With         string
	Organisation string
	Address      string
	Delegates    []string
	Notes        string
	TravelNote   string // "Allow 1 h 30 min to travel from …", put before the notes
}

// Person is a contact a firm meets, listed on the itinerary's People sheet.
type Person struct {
	Name, JobTitle, Organisation, Email, Phone, Address string
}

// ItineraryBook is everything one firm's itinerary workbook shows.
type ItineraryBook struct {
	MissionName, FirmName string
	Zone, Home            *time.Location // e.g. America/Chicago, Europe/London
	ZoneLabel, HomeLabel  string         // e.g. "Chicago", "UK"
	Entries               []ItineraryEntry
	People                []Person
}

const (
	itinerarySheet = "Itinerary"
	peopleSheet    = "People"
)

var peopleColumns = []sheetColumn{
	{"Name", 24}, {"Job title", 24}, {"Organisation", 28}, {"Email", 30}, {"Phone", 16}, {"Address", 40},
}

// WriteItinerary writes a firm's itinerary workbook: the "Itinerary" sheet,
// one row per entry in time order with the day and time in the mission's
// zone and the time at home beside it (real Excel date-times), and the
// "People" sheet of contacts met. Both sheets print landscape, one page
// wide, with the header repeated.
func WriteItinerary(w io.Writer, it ItineraryBook) error {
	f := excelize.NewFile()
	defer f.Close()
	if err := buildItinerary(f, it); err != nil {
		return err
	}
	if err := f.Write(w); err != nil {
		return fmt.Errorf("exports: itinerary: write: %w", err)
	}
	return nil
}

func buildItinerary(f *excelize.File, it ItineraryBook) error {
	if it.Zone == nil || it.Home == nil {
		return fmt.Errorf("exports: itinerary %q: zone and home time zones are required", it.FirmName)
	}
	zoneLabel, homeLabel := labelOr(it.ZoneLabel, it.Zone.String()), labelOr(it.HomeLabel, it.Home.String())
	if err := f.SetSheetName("Sheet1", itinerarySheet); err != nil {
		return fmt.Errorf("exports: itinerary: %w", err)
	}
	if _, err := f.NewSheet(peopleSheet); err != nil {
		return fmt.Errorf("exports: itinerary: %w", err)
	}
	st, err := newSheetStyles(f)
	if err != nil {
		return err
	}
	title := it.MissionName + " – " + it.FirmName
	_ = f.SetDocProps(&excelize.DocProperties{Title: title + " itinerary"})

	cols := []sheetColumn{
		{"Day", 15}, {zoneLabel + " time", 9}, {homeLabel + " time", 9}, {"Type", 11},
		{"Title", 30}, {"With", 22}, {"Organisation", 24}, {"Address", 30},
		{"Delegates", 22}, {"Notes", 36},
	}
	if err := tableLayout(f, itinerarySheet, cols, len(it.Entries), false); err != nil {
		return err
	}
	if err := headerFooter(f, itinerarySheet, title); err != nil {
		return err
	}
	sw, err := f.NewStreamWriter(itinerarySheet)
	if err != nil {
		return fmt.Errorf("exports: itinerary: %w", err)
	}
	if err := sw.SetRow("A1", headerRow(cols, st.header), headerHeight(cols, st.header)); err != nil {
		return fmt.Errorf("exports: itinerary: header: %w", err)
	}
	entries := append([]ItineraryEntry(nil), it.Entries...)
	sort.SliceStable(entries, func(i, j int) bool { return entries[i].Start.Before(entries[j].Start) })
	t := st.text
	for i, e := range entries {
		notes := e.Notes
		if e.TravelNote != "" && notes != "" {
			notes = e.TravelNote + "\n" + notes
		} else if e.TravelNote != "" {
			notes = e.TravelNote
		}
		// At home the date may differ (18:00 in Chicago is 00:00 next day in the UK): then say which day.
		homeStyle := st.time
		if !civilDay(e.Start, it.Home).Equal(civilDay(e.Start, it.Zone)) {
			homeStyle = st.dayTime
		}
		row := []any{
			timeCell(civilDay(e.Start, it.Zone), st.day),
			timeCell(wallClock(e.Start, it.Zone), st.time),
			timeCell(wallClock(e.Start, it.Home), homeStyle),
			textCell(e.Kind, t), textCell(e.Title, t), textCell(e.With, t),
			textCell(e.Organisation, t), textCell(e.Address, t),
			textCell(strings.Join(e.Delegates, "\n"), t), textCell(notes, t),
		}
		if e.Start.IsZero() {
			row[0], row[1], row[2] = excelize.Cell{StyleID: st.day}, excelize.Cell{StyleID: st.time}, excelize.Cell{StyleID: st.time}
		}
		if err := sw.SetRow(fmt.Sprintf("A%d", i+2), row, fitRowHeight(cols, row)); err != nil {
			return fmt.Errorf("exports: itinerary: row %d: %w", i+2, err)
		}
	}
	if err := sw.Flush(); err != nil {
		return fmt.Errorf("exports: itinerary: flush: %w", err)
	}
	return writePeople(f, st, title, it.People)
}

func writePeople(f *excelize.File, st sheetStyles, title string, people []Person) error {
	if err := tableLayout(f, peopleSheet, peopleColumns, len(people), false); err != nil {
		return err
	}
	if err := headerFooter(f, peopleSheet, title+" – people"); err != nil {
		return err
	}
	sw, err := f.NewStreamWriter(peopleSheet)
	if err != nil {
		return fmt.Errorf("exports: people: %w", err)
	}
	if err := sw.SetRow("A1", headerRow(peopleColumns, st.header), headerHeight(peopleColumns, st.header)); err != nil {
		return fmt.Errorf("exports: people: header: %w", err)
	}
	t := st.text
	for i, p := range people {
		row := []any{
			textCell(p.Name, t), textCell(p.JobTitle, t), textCell(p.Organisation, t),
			textCell(p.Email, t), textCell(p.Phone, t), textCell(p.Address, t),
		}
		if err := sw.SetRow(fmt.Sprintf("A%d", i+2), row, fitRowHeight(peopleColumns, row)); err != nil {
			return fmt.Errorf("exports: people: row %d: %w", i+2, err)
		}
	}
	if err := sw.Flush(); err != nil {
		return fmt.Errorf("exports: people: flush: %w", err)
	}
	return nil
}

func labelOr(s, def string) string {
	if s == "" {
		return def
	}
	return s
}
