package models

import (
	"strings"
	"time"
)

// MeetingFilter narrows the meetings list; zero fields do not filter.
type MeetingFilter struct {
	Day            Date // in the mission's time zone
	RegistrationID uint
	ContactID      uint
	Status         string
	ContactName    string // part of the contact's name or organisation (the meetings list of a large mission)
}

// MeetingRow is a meeting with the names a page shows.
type MeetingRow struct {
	Meeting
	Firm      string
	Contact   *Contact
	Location  *Location
	Place     Place
	Delegates []string
}

// Rows lists the book's meetings that match f, in time order (requests last).
func (b *MissionBook) Rows(f MeetingFilter) []MeetingRow {
	zone := b.Mission.Zone()
	var out []MeetingRow
	for _, mt := range b.Meetings {
		if f.RegistrationID != 0 && mt.RegistrationID != f.RegistrationID || f.ContactID != 0 && mt.ContactID != f.ContactID || f.Status != "" && mt.Status != f.Status {
			continue
		}
		if !f.Day.IsZero() {
			if mt.StartsAt == nil {
				continue
			}
			if DateIn(*mt.StartsAt, zone) != f.Day {
				continue
			}
		}
		out = append(out, b.Row(mt))
	}
	return out
}

// Row adds names to one meeting.
func (b *MissionBook) Row(mt Meeting) MeetingRow {
	r := MeetingRow{Meeting: mt, Firm: b.FirmName(mt.RegistrationID), Contact: b.Contacts[mt.ContactID], Place: b.PlaceOf(mt.LocationID, mt.ContactID)}
	if r.Contact == nil {
		r.Contact = &Contact{ID: mt.ContactID, FullName: b.ContactName(mt.ContactID)}
	}
	if mt.LocationID != nil {
		r.Location = b.Locations[*mt.LocationID]
	}
	for _, d := range mt.DelegateIDs {
		if del, ok := b.Delegates[d]; ok {
			r.Delegates = append(r.Delegates, del.FullName)
		}
	}
	return r
}

// DayOf is the mission-zone date of t.
func (b *MissionBook) DayOf(t time.Time) Date {
	return DateIn(t, b.Mission.Zone())
}

// GridCell is one firm at one time of the day grid: free, or busy with a meeting or programme item.
type GridCell struct {
	Busy      bool
	Start     bool   // the item starts in this slot (its text is shown here)
	Programme bool   // a programme item rather than a meeting
	Text      string // "Jane Doe (Acme)" or the programme item's title
	When      string // the items' times, "09:00–09:45"
	Where     string // their places, "Willis Tower, Chicago"
	MeetingID uint
}

// GridRow is one time slot of the day grid.
type GridRow struct {
	Time  string // local "09:00"
	Home  string // the same instant at home, "15:00"
	Cells []GridCell
}

// DayGrid is one day of the mission: rows are time slots, columns are firms.
type DayGrid struct {
	Day   Date
	Firms []string
	Rows  []GridRow
}

// FirstDayWithMeetings is the first mission day with a scheduled meeting, or the mission's first day
// when none has one: the day grid opens there rather than on an arrival day with nothing on.
func (b *MissionBook) FirstDayWithMeetings() Date {
	m := b.Mission
	first := m.StartDate
	found := false
	for _, mt := range b.Meetings {
		if mt.Status != MeetingScheduled || mt.StartsAt == nil {
			continue
		}
		d := DateIn(*mt.StartsAt, m.Zone())
		if d.Before(m.StartDate.Time) || d.After(m.EndDate.Time) {
			continue
		}
		if !found || d.Before(first.Time) {
			first, found = d, true
		}
	}
	return first
}

// Grid lays out one day: slotMinutes rows from the start to the end of the working day, one
// column per registration that can meet, each cell showing the scheduled meeting or programme item
// the firm is busy with.
func (b *MissionBook) Grid(day Date, slotMinutes int) DayGrid {
	m := b.Mission
	zone, home := m.Zone(), m.HomeZone()
	g := DayGrid{Day: day}
	var regs []uint
	for _, id := range b.RegOrder {
		if r := b.Registrations[id]; r.CanMeet() {
			regs = append(regs, id)
			g.Firms = append(g.Firms, registrationFirm(r))
		}
	}
	win := WorkingWindows(zone, day.Time, day.Time, m.DayStarts, m.DayEnds)
	if len(win) == 0 || slotMinutes <= 0 {
		return g
	}
	type item struct {
		span      Interval
		text      string
		programme bool
		id        uint
		where     string
	}
	busy := map[uint][]item{}
	for _, mt := range b.Meetings {
		if mt.Status == MeetingScheduled && mt.StartsAt != nil && mt.EndsAt != nil {
			busy[mt.RegistrationID] = append(busy[mt.RegistrationID], item{Interval{*mt.StartsAt, *mt.EndsAt}, b.ContactName(mt.ContactID), false, mt.ID,
				b.PlaceOf(mt.LocationID, mt.ContactID).gridLabel()})
		}
	}
	var progAll []item
	progSome := map[uint][]item{}
	for _, p := range b.Programme {
		it := item{Interval{p.StartsAt, p.EndsAt}, p.Title, true, 0, b.PlaceOf(p.LocationID, 0).gridLabel()}
		if p.AllRegistrations {
			progAll = append(progAll, it)
		}
		for _, r := range p.RegistrationIDs {
			progSome[r] = append(progSome[r], it)
		}
	}
	step := time.Duration(slotMinutes) * time.Minute
	for t := win[0].Start; t.Before(win[0].End); t = t.Add(step) {
		slot := Interval{t, t.Add(step)}
		row := GridRow{Time: FormatClock(t, zone), Home: FormatClock(t, home), Cells: make([]GridCell, len(regs))}
		for i, reg := range regs {
			items := append(append(append([]item(nil), busy[reg]...), progSome[reg]...), progAll...)
			var texts, whens, wheres []string
			cell := GridCell{}
			for _, it := range items {
				if !it.span.Overlaps(slot) {
					continue
				}
				cell.Busy = true
				if !it.span.Start.Before(t) || t.Equal(win[0].Start) {
					cell.Start = true
					texts = append(texts, it.text)
					whens = append(whens, FormatClock(it.span.Start, zone)+"–"+FormatClock(it.span.End, zone))
					if it.where != "" {
						wheres = append(wheres, it.where)
					}
					if !it.programme {
						cell.MeetingID = it.id
					} else {
						cell.Programme = true
					}
				}
			}
			cell.Text = strings.Join(texts, " · ")
			cell.When = strings.Join(whens, " · ")
			cell.Where = strings.Join(wheres, " · ")
			row.Cells[i] = cell
		}
		g.Rows = append(g.Rows, row)
	}
	return g
}
