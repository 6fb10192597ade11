package models

import (
	"strings"
	"time"
)

// Roster is the emergency roster of a mission for staff: for each delegate of the going firms, where
// they should be now and next, their hotel, their phone and their emergency contact; and the same day
// by day, to print and carry.
type Roster struct {
	MissionName string
	Zone        *time.Location
	ZoneLabel   string
	Now         time.Time
	People      []RosterPerson
	Days        []RosterDay
}

// RosterPerson is one delegate's line of the roster.
type RosterPerson struct {
	DelegateID, RegistrationID uint
	Name, Firm                 string
	Phone                      string // the mobile that works abroad, else the phone
	Hotel                      string // "Palmer House, 17 E Monroe St, Chicago"
	HotelNights                string // "Wed 10 Mar 2027 – Wed 17 Mar 2027 (7 nights)"
	Emergency                  string // "Pat Archer (partner)"
	EmergencyPhone             string
	Now, Next                  *RosterEntry
}

// RosterEntry is an engagement as the roster shows it.
type RosterEntry struct {
	Day, Time, Title, Where string
}

// RosterDay is one day of the roster: every delegate's engagements that day and where they sleep.
type RosterDay struct {
	Date   Date
	Label  string
	People []RosterDayPerson
}

// RosterDayPerson is one delegate's day.
type RosterDayPerson struct {
	Person  *RosterPerson
	Hotel   string // the hotel that night, or ""
	Entries []RosterEntry
}

// BuildRoster assembles the roster from the mission's itinerary source and the delegates' bookings,
// as of now.
func BuildRoster(src *ItinerarySource, hotels []Hotel, bookings map[uint]*HotelBooking, now time.Time) (*Roster, error) {
	zone := src.Mission.Zone()
	r := &Roster{MissionName: src.Mission.Name, Zone: zone, ZoneLabel: src.Mission.ZoneLabel(), Now: now}
	hotelByID := map[uint]Hotel{}
	for _, h := range hotels {
		hotelByID[h.ID] = h
	}
	delegates := map[uint]*Delegate{}
	for i := range src.Delegates {
		delegates[src.Delegates[i].ID] = &src.Delegates[i]
	}
	type planned struct {
		person *RosterPerson
		it     *Itinerary
		hotel  *Hotel
		book   *HotelBooking
	}
	var plans []planned
	for _, reg := range src.Registrations {
		it, err := src.Itinerary(reg.ID)
		if err != nil {
			return nil, err
		}
		for _, d0 := range it.Delegates {
			d := delegates[d0.ID]
			if d == nil {
				continue
			}
			p := &RosterPerson{DelegateID: d.ID, RegistrationID: reg.ID, Name: d.FullName, Firm: it.FirmName,
				Phone: firstNonEmpty(d.MobileAbroad, d.Phone), EmergencyPhone: d.EmergencyContactPhone}
			if d.EmergencyContactName != "" {
				p.Emergency = d.EmergencyContactName
				if d.EmergencyContactRelationship != "" {
					p.Emergency += " (" + d.EmergencyContactRelationship + ")"
				}
			}
			pl := planned{person: p, it: it.ForDelegate(d.ID)}
			if b := bookings[d.ID]; b != nil {
				if h, ok := hotelByID[b.HotelID]; ok {
					pl.hotel, pl.book = &h, b
					p.Hotel = strings.Join(nonEmpty(h.Name, h.Address, h.City), ", ")
					p.HotelNights = RoomingNights(b)
				}
			}
			p.Now, p.Next = nowAndNext(pl.it, now, zone)
			r.People = append(r.People, *p)
			plans = append(plans, pl)
		}
	}
	for i := range plans {
		plans[i].person = &r.People[i]
	}
	for d := src.Mission.StartDate; !d.After(src.Mission.EndDate.Time); d = d.AddDays(1) {
		day := RosterDay{Date: d, Label: d.Label()}
		for _, pl := range plans {
			dp := RosterDayPerson{Person: pl.person}
			if pl.book != nil && pl.book.Covers(d) {
				dp.Hotel = pl.hotel.Name
			}
			for _, it := range pl.it.Days {
				if it.Date.Equal(d.Time) {
					for _, e := range it.Entries {
						dp.Entries = append(dp.Entries, rosterEntry(e, zone))
					}
				}
			}
			day.People = append(day.People, dp)
		}
		r.Days = append(r.Days, day)
		if len(r.Days) > 60 {
			break
		}
	}
	return r, nil
}

// nowAndNext finds the engagement under way at now and the next one to start after it.
func nowAndNext(it *Itinerary, now time.Time, zone *time.Location) (cur, next *RosterEntry) {
	for _, e := range it.Entries() {
		switch {
		case !e.Start.After(now) && e.End.After(now) && cur == nil:
			re := rosterEntry(e, zone)
			cur = &re
		case e.Start.After(now) && next == nil:
			re := rosterEntry(e, zone)
			next = &re
		}
	}
	return cur, next
}

func rosterEntry(e ItineraryEntry, zone *time.Location) RosterEntry {
	title := e.Title
	if e.Kind == EntryMeeting && e.WithWhom() != "" {
		title = "Meeting: " + e.WithWhom()
	}
	where := e.Address
	if e.Kind == EntryFlight {
		title, where = e.KindLabel+" "+e.Title, ""
	}
	return RosterEntry{Day: FormatDay(e.Start, zone), Time: e.LocalRange, Title: title, Where: where}
}

func firstNonEmpty(ss ...string) string {
	for _, s := range ss {
		if s != "" {
			return s
		}
	}
	return ""
}

func nonEmpty(ss ...string) []string {
	var out []string
	for _, s := range ss {
		if s != "" {
			out = append(out, s)
		}
	}
	return out
}
