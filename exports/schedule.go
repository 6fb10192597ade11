package exports

import (
	"fmt"
	"io"
	"sort"
	"strings"
	"time"

	"github.com/xuri/excelize/v2"
)

// FirmColumn is a firm shown as a column of the day grids.
type FirmColumn struct {
	ID     uint
	Name   string
	Sector string
}

// ScheduleMeeting is one meeting of the master schedule.
type ScheduleMeeting struct {
	FirmID                                                   uint
	Start, End                                               time.Time // UTC instants
	Firm, Contact, Organisation, Location, Status, Delegates string
}

// ManifestRow is one delegate on the mission's delegate manifest.
type ManifestRow struct {
	Firm, Name, JobTitle, Email, Phone, Dietary, Access, Outbound, Return string
}

// MasterSchedule is everything the staff's master schedule workbook shows.
type MasterSchedule struct {
	MissionName          string
	Zone, Home           *time.Location
	ZoneLabel, HomeLabel string
	Days                 []time.Time // civil dates; only year, month and day are used
	DayStarts, DayEnds   string      // local working hours, "09:00" and "17:30"
	SlotMinutes          int
	Firms                []FirmColumn
	Meetings             []ScheduleMeeting
	Delegates            []ManifestRow
	SectorCounts         map[string]int // sector label → number of firms
	Warning              string         // shown under the title while the timetable check finds problems
}

const (
	summarySheet     = "Summary"
	allMeetingsSheet = "All meetings"
	delegatesSheet   = "Delegates"
)

// WriteSchedule writes the master schedule workbook: a "Summary" sheet
// (firms per sector, meetings per day and a chart of them), one grid sheet
// per day with meetings, named like "Mon 15 Mar" (rows are time slots, columns are firms,
// a meeting spans its slots as a merged cell), the flat "All meetings"
// sheet and the "Delegates" manifest. The large sheets are streamed so
// memory stays flat as the mission grows. Cancelled and declined meetings
// appear in "All meetings" only.
func WriteSchedule(w io.Writer, s MasterSchedule) error {
	if s.Zone == nil || s.Home == nil {
		return fmt.Errorf("exports: schedule: zone and home time zones are required")
	}
	if s.SlotMinutes <= 0 {
		return fmt.Errorf("exports: schedule: slot length %d minutes must be positive", s.SlotMinutes)
	}
	startMin, err := parseDayClock(s.DayStarts)
	if err != nil {
		return fmt.Errorf("exports: schedule: day starts: %w", err)
	}
	endMin, err := parseDayClock(s.DayEnds)
	if err != nil {
		return fmt.Errorf("exports: schedule: day ends: %w", err)
	}
	if endMin <= startMin {
		return fmt.Errorf("exports: schedule: day ends %s is not after day starts %s", s.DayEnds, s.DayStarts)
	}
	s.ZoneLabel, s.HomeLabel = labelOr(s.ZoneLabel, s.Zone.String()), labelOr(s.HomeLabel, s.Home.String())

	f := excelize.NewFile()
	defer f.Close()
	if err := f.SetSheetName("Sheet1", summarySheet); err != nil {
		return fmt.Errorf("exports: schedule: %w", err)
	}
	meetings := append([]ScheduleMeeting(nil), s.Meetings...)
	sort.SliceStable(meetings, func(i, j int) bool {
		if !meetings[i].Start.Equal(meetings[j].Start) {
			return meetings[i].Start.Before(meetings[j].Start)
		}
		return meetings[i].Firm < meetings[j].Firm
	})
	perDay := make([]int, len(s.Days))
	grids := placeMeetings(s, meetings, startMin, endMin, perDay)

	// A day with nothing on (an arrival day, a weekend) gets no grid sheet: it would print empty pages.
	days := dayGridNames(s.Days)
	var sheets []string
	for i := range days {
		if perDay[i] > 0 {
			sheets = append(sheets, days[i])
		}
	}
	for _, name := range append(sheets, allMeetingsSheet, delegatesSheet) {
		if _, err := f.NewSheet(name); err != nil {
			return fmt.Errorf("exports: schedule: new sheet %q: %w", name, err)
		}
	}
	st, err := newSheetStyles(f)
	if err != nil {
		return err
	}
	_ = f.SetDocProps(&excelize.DocProperties{Title: s.MissionName + " – master schedule"})
	for i, g := range grids {
		if perDay[i] == 0 {
			continue
		}
		if err := writeDayGrid(f, st, s, days[i], g); err != nil {
			return err
		}
	}
	if err := writeAllMeetings(f, st, s, meetings); err != nil {
		return err
	}
	if err := writeManifest(f, st, s); err != nil {
		return err
	}
	if err := writeSummary(f, st, s, perDay); err != nil {
		return err
	}
	if err := f.Write(w); err != nil {
		return fmt.Errorf("exports: schedule: write: %w", err)
	}
	return nil
}

// parseDayClock parses "HH:MM" into minutes after midnight.
func parseDayClock(s string) (int, error) {
	t, err := time.Parse("15:04", strings.TrimSpace(s))
	if err != nil {
		return 0, fmt.Errorf("time of day %q: want HH:MM", s)
	}
	return t.Hour()*60 + t.Minute(), nil
}

// dayGridNames names each day's sheet like "Mon 15 Mar", adding the year
// if a mission ever spans two days with the same label.
func dayGridNames(days []time.Time) []string {
	names := make([]string, len(days))
	seen := map[string]bool{}
	for i, d := range days {
		n := d.Format("Mon 2 Jan")
		if seen[n] {
			n = d.Format("Mon 2 Jan 2006")
		}
		for k := 2; seen[n]; k++ {
			n = fmt.Sprintf("%s (%d)", d.Format("Mon 2 Jan 2006"), k)
		}
		seen[n] = true
		names[i] = n
	}
	return names
}

func isCancelled(status string) bool {
	switch strings.ToLower(strings.TrimSpace(status)) {
	case "cancelled", "canceled", "declined":
		return true
	}
	return false
}

// meetingLabel is the text of a meeting's grid cell.
func meetingLabel(m ScheduleMeeting) string {
	who := m.Contact
	switch {
	case who == "":
		who = m.Organisation
	case m.Organisation != "":
		who += " (" + m.Organisation + ")"
	}
	if m.Location != "" {
		who += "\n" + m.Location
	}
	if st := strings.ToLower(m.Status); st != "" && st != "scheduled" {
		who += "\n[" + m.Status + "]"
	}
	return who
}
