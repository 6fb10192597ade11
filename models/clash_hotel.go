package models

import (
	"fmt"
	"time"
)

// The day starts and ends at the hotel. A delegate who woke up in a hotel needs the travel time from it
// to the day's first engagement, and one who sleeps there that night the travel time back after the
// last, both within the mission's working day. The engagements of a day are the firm's scheduled
// meetings and the programme items it attends (the firm is one party for every other rule too); the
// rule is kept by meetings: a programme item, like working hours, is staff's to set and is where the
// firm is, so a meeting after it travels from it, not from the hotel.

// HotelStay is a delegate's hotel booking as the day rules see it: the nights and where the hotel is.
type HotelStay struct {
	RegistrationID uint
	DelegateID     uint
	HotelID        uint
	LocationID     uint   // the hotel's own location
	HotelName      string // the hotel's name and city, when its location is not loaded
	HotelCity      string
	ArrivesOn      Date  // the first night
	DepartsOn      Date  // the morning they leave (no night)
	Place          Place `gorm:"-"`
}

// covers reports whether the stay includes the night that begins on day.
func (s HotelStay) covers(night Date) bool {
	return !night.Before(s.ArrivesOn.Time) && night.Before(s.DepartsOn.Time)
}

// Clash kinds of the hotel rule: a meeting that is the firm's first of the day starting too soon after
// the day starts to come from the hotel, or its last ending too late to get back by the day's end.
const (
	ClashHotelStart ClashKind = "hotel_start"
	ClashHotelEnd   ClashKind = "hotel_end"
)

// HotelNeed is the longest travel time between the hotels the people of a booking slept in on night
// (from the hotel to the place when morning, back to it otherwise) and that hotel; none when no one of
// them has a room that night. With different hotels the strictest counts: each must get there.
func HotelNeed(rules TravelRules, stays []HotelStay, people []uint, night Date, place Place, morning bool) (time.Duration, Place, bool) {
	var need time.Duration
	var hotel Place
	found := false
	for _, s := range stays {
		if !s.covers(night) || (len(people) > 0 && !containsUint(people, s.DelegateID)) {
			continue
		}
		d := rules.Travel(s.Place, place)
		if !morning {
			d = rules.Travel(place, s.Place)
		}
		if !found || d > need {
			need, hotel, found = d, s.Place, true
		}
	}
	return need, hotel, found
}

// WorkingDay is the working hours of b's day (the window holding b, within b's date): false when b is
// not within the working hours, which the hours rule reports.
func WorkingDay(bc BookingContext, span Interval) (Interval, bool) {
	local := InZone(span.Start, bc.Zone)
	midnight := time.Date(local.Year(), local.Month(), local.Day(), 0, 0, 0, 0, local.Location())
	next := time.Date(local.Year(), local.Month(), local.Day()+1, 0, 0, 0, 0, local.Location())
	for _, w := range bc.Working {
		if w.Contains(span) {
			if w.Start.Before(midnight) {
				w.Start = midnight
			}
			if w.End.After(next) {
				w.End = next
			}
			return Interval{w.Start.UTC(), w.End.UTC()}, true
		}
	}
	return Interval{}, false
}

// hotelClashes applies the hotel rule to b, given the firm's other engagements (firm).
func hotelClashes(bc BookingContext, b Booking, firm []neighbour) []Clash {
	stays := bc.Stays[b.RegistrationID]
	if len(stays) == 0 || b.Place.IsZero() {
		return nil
	}
	day, ok := WorkingDay(bc, b.Span)
	if !ok {
		return nil
	}
	d := DateIn(b.Span.Start, bc.Zone)
	first, last := true, true
	for _, n := range firm {
		if !DateIn(n.span.Start, bc.Zone).Equal(d.Time) {
			continue
		}
		if n.span.Start.Before(b.Span.Start) {
			first = false
		}
		if n.span.End.After(b.Span.End) {
			last = false
		}
	}
	var out []Clash
	if first {
		if need, hotel, ok := HotelNeed(bc.Travel, stays, b.DelegateIDs, d.AddDays(-1), b.Place, true); ok {
			if gap := b.Span.Start.Sub(day.Start); gap < need {
				out = append(out, Clash{Kind: ClashHotelStart, Message: fmt.Sprintf(
					"The day starts at the hotel: not enough time to travel from %s to %s after the %s start of the day: %s needed, %s left",
					hotel.describe(), b.Place.describe(), FormatClock(day.Start, bc.Zone), FormatMinutes(need), FormatMinutes(gap))})
			}
		}
	}
	if last {
		if need, hotel, ok := HotelNeed(bc.Travel, stays, b.DelegateIDs, d, b.Place, false); ok {
			if gap := day.End.Sub(b.Span.End); gap < need {
				out = append(out, Clash{Kind: ClashHotelEnd, Message: fmt.Sprintf(
					"The day ends at the hotel: not enough time to travel back from %s to %s before the %s end of the day: %s needed, %s left",
					b.Place.describe(), hotel.describe(), FormatClock(day.End, bc.Zone), FormatMinutes(need), FormatMinutes(gap))})
			}
		}
	}
	return out
}
