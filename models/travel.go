package models

import (
	"encoding/json"
	"errors"
	"strings"
	"time"
)

// MaxSegmentDuration catches typing slips in a date: no single flight or train takes longer.
const MaxSegmentDuration = 30 * time.Hour

// Normalise trims the segment's text and upper-cases the airport codes.
func (s *TravelSegment) Normalise() {
	s.Direction = strings.TrimSpace(s.Direction)
	s.Carrier = strings.TrimSpace(s.Carrier)
	s.Number = strings.ToUpper(strings.TrimSpace(s.Number))
	s.From = strings.ToUpper(strings.TrimSpace(s.From))
	s.To = strings.ToUpper(strings.TrimSpace(s.To))
	s.DepartsAt, s.ArrivesAt = s.DepartsAt.UTC(), s.ArrivesAt.UTC()
}

// Validate checks the segment: a direction, airports we know (so their local time is known), two
// different airports, and an arrival after the departure. Messages are keyed from, to, departs_at and
// arrives_at.
func (s *TravelSegment) Validate() FieldErrors {
	errs := Validate(s)
	if s.Direction == "" {
		errs["direction"] = "Select whether this is the outbound or the return journey"
	}
	if _, ok := errs["from"]; !ok {
		if _, known := AirportZone(s.From); !known {
			errs.Add("from", unknownAirportMessage("departure airport"))
		}
	}
	if _, ok := errs["to"]; !ok {
		if _, known := AirportZone(s.To); !known {
			errs.Add("to", unknownAirportMessage("arrival airport"))
		} else if s.To == s.From {
			errs.Add("to", "Enter an arrival airport that is different from the departure airport")
		}
	}
	if s.DepartsAt.IsZero() {
		errs.Add("departs_at", "Enter the date and time of departure")
	}
	if s.ArrivesAt.IsZero() {
		errs.Add("arrives_at", "Enter the date and time of arrival")
	}
	if !s.DepartsAt.IsZero() && !s.ArrivesAt.IsZero() {
		switch {
		case !s.ArrivesAt.After(s.DepartsAt):
			errs.Add("arrives_at", "Enter an arrival that is after the departure (each time is local at its own airport)")
		case s.ArrivesAt.Sub(s.DepartsAt) > MaxSegmentDuration:
			errs.Add("arrives_at", "The arrival is more than 30 hours after the departure: check the dates")
		}
	}
	return errs
}

// DepartureZone is the departure airport's time zone (UTC when unknown).
func (s TravelSegment) DepartureZone() *time.Location { return airportZoneOrUTC(s.From) }

// ArrivalZone is the arrival airport's time zone (UTC when unknown).
func (s TravelSegment) ArrivalZone() *time.Location { return airportZoneOrUTC(s.To) }

func airportZoneOrUTC(code string) *time.Location {
	if loc, ok := AirportZone(code); ok {
		return loc
	}
	return time.UTC
}

// SetLocalTimes reads the departure as a wall-clock date ("2027-03-10") and time ("07:05") at the
// departure airport, and the arrival at the arrival airport. Problems are keyed departs_at and
// arrives_at; an unknown airport leaves its time unset (Validate reports the airport).
func (s *TravelSegment) SetLocalTimes(departsDate, departsClock, arrivesDate, arrivesClock string) FieldErrors {
	errs, _ := s.SetLocalTimesFold(LocalClock{Date: departsDate, Clock: departsClock}, LocalClock{Date: arrivesDate, Clock: arrivesClock})
	return errs
}

// LocalClock is a date and time as typed in a form, with the reading chosen when the time happens
// twice (FoldFirst, FoldSecond or "").
type LocalClock struct{ Date, Clock, Fold string }

// SetLocalTimesFold is SetLocalTimes with a choice for a time that happens twice at its airport: without
// one, it is refused and the two readings are returned under the field's key to be offered.
func (s *TravelSegment) SetLocalTimesFold(departs, arrives LocalClock) (FieldErrors, map[string][]Option) {
	errs, choices := FieldErrors{}, map[string][]Option{}
	read := func(field, code string, in LocalClock) time.Time {
		loc, ok := AirportZone(code)
		if !ok || in.Date == "" || in.Clock == "" {
			return time.Time{}
		}
		t, err := LocalInstantFold(loc, in.Date, in.Clock, in.Fold)
		if errors.Is(err, ErrAmbiguousLocalTime) {
			errs.Add(field, strings.Replace(RepeatedTimeMessage(err), " in "+zoneCity(loc.String())+":", " at "+strings.ToUpper(code)+" ("+zoneCity(loc.String())+"):", 1))
			choices[field] = RepeatedTimeChoices(loc, in.Date, in.Clock)
			return time.Time{}
		}
		if err != nil {
			errs.Add(field, localTimeMessage(err))
			return time.Time{}
		}
		return t
	}
	s.DepartsAt = read("departs_at", s.From, departs)
	s.ArrivesAt = read("arrives_at", s.To, arrives)
	return errs, choices
}

// SetInstants reads the API's departs_at and arrives_at: RFC 3339 with an offset, or a local
// "YYYY-MM-DDTHH:MM" at the segment's own airport.
func (s *TravelSegment) SetInstants(departsAt, arrivesAt string) FieldErrors {
	errs := FieldErrors{}
	read := func(field, code, v string) time.Time {
		if strings.TrimSpace(v) == "" {
			return time.Time{}
		}
		loc, ok := AirportZone(code)
		if !ok {
			loc = time.UTC
			if _, err := time.Parse(time.RFC3339, strings.TrimSpace(v)); err != nil {
				return time.Time{} // the unknown airport is reported; its local time cannot be read
			}
		}
		t, err := ParseLocalOrRFC3339(loc, v)
		if err != nil {
			errs.Add(field, strings.Replace(localTimeMessage(err), "the mission's time zone", "the airport's local time", 1))
			return time.Time{}
		}
		return t
	}
	s.DepartsAt = read("departs_at", s.From, departsAt)
	s.ArrivesAt = read("arrives_at", s.To, arrivesAt)
	return errs
}

func localTimeMessage(err error) string {
	msg := err.Error()
	return strings.ToUpper(msg[:1]) + msg[1:]
}

// MarshalJSON writes departs_at and arrives_at with the offset of each airport's local time, so a
// reader sees the times printed on the ticket.
func (s TravelSegment) MarshalJSON() ([]byte, error) {
	type plain TravelSegment
	p := plain(s)
	p.DepartsAt = s.DepartsAt.In(s.DepartureZone())
	p.ArrivesAt = s.ArrivesAt.In(s.ArrivalZone())
	return json.Marshal(p)
}
