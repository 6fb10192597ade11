package models

import (
	"fmt"
	"sort"
	"strings"
	"time"
)

// Place is where a meeting or programme item happens, as far as travel time is concerned.
type Place struct {
	LocationID uint
	Name       string
	City       string
}

// IsZero reports whether nothing is known about the place.
func (p Place) IsZero() bool {
	return p.LocationID == 0 && strings.TrimSpace(p.Name) == "" && strings.TrimSpace(p.City) == ""
}

// SamePlace reports whether a and b are the same place: the same location id when both have
// one, otherwise the same name in the same city (ignoring case).
func SamePlace(a, b Place) bool {
	if a.LocationID != 0 && b.LocationID != 0 {
		return a.LocationID == b.LocationID
	}
	return NormalizeCity(a.Name) == NormalizeCity(b.Name) && NormalizeCity(a.City) == NormalizeCity(b.City)
}

// describe names a place for messages: "Rockford" or "Willis Tower (Chicago)".
func (p Place) describe() string {
	switch {
	case p.Name != "" && p.City != "":
		return p.Name + " (" + p.City + ")"
	case p.Name != "":
		return p.Name
	case p.City != "":
		return p.City
	case p.LocationID != 0:
		return fmt.Sprintf("location %d", p.LocationID)
	}
	return "an unknown place"
}

// Default travel allowances used when TravelRules leaves them at zero.
const (
	DefaultSameCityBuffer = 30 * time.Minute
	DefaultBetweenCities  = 90 * time.Minute
)

// TravelRules says how long delegates and contacts need to get from one place to another.
// A zero SameCityBuffer or DefaultBetween means the default (30 and 90 minutes); a negative
// one means no allowance at all.
type TravelRules struct {
	SameCityBuffer time.Duration
	Between        map[string]time.Duration // keyed by CityPairKey
	DefaultBetween time.Duration
}

// NormalizeCity is a place's name or city as places are compared (SamePlace, CityPairKey, the
// scheduler's place keys): lower case, without surrounding spaces.
func NormalizeCity(s string) string { return strings.ToLower(strings.TrimSpace(s)) }

// CityPairKey is the key of TravelRules.Between for two cities: case-insensitive and
// independent of order, e.g. CityPairKey("Rockford", "chicago") == "chicago|rockford".
func CityPairKey(a, b string) string {
	a, b = NormalizeCity(a), NormalizeCity(b)
	if b < a {
		a, b = b, a
	}
	return a + "|" + b
}

func positiveOr(d, def time.Duration) time.Duration {
	switch {
	case d < 0:
		return 0
	case d == 0:
		return def
	}
	return d
}

// Travel is the least gap needed between leaving from and starting at to: nothing at the same
// place or when either place is unknown, SameCityBuffer within a city (or when a city is
// missing), Between for a listed pair of cities, DefaultBetween for any other pair.
func (r TravelRules) Travel(from, to Place) time.Duration {
	if from.IsZero() || to.IsZero() || SamePlace(from, to) {
		return 0
	}
	cf, ct := NormalizeCity(from.City), NormalizeCity(to.City)
	if cf == "" || ct == "" || cf == ct {
		return positiveOr(r.SameCityBuffer, DefaultSameCityBuffer)
	}
	key := CityPairKey(cf, ct)
	if d, ok := r.Between[key]; ok {
		return max(d, 0)
	}
	// Keys written by hand ("Chicago|Rockford"): take the longest that matches, so the
	// answer never depends on map order.
	found, best := false, time.Duration(0)
	for k, d := range r.Between {
		if i := strings.IndexByte(k, '|'); i >= 0 && CityPairKey(k[:i], k[i+1:]) == key {
			if !found || d > best {
				best = d
			}
			found = true
		}
	}
	if found {
		return max(best, 0)
	}
	return positiveOr(r.DefaultBetween, DefaultBetweenCities)
}

// Booking is a one-to-one meeting, either already scheduled or proposed.
type Booking struct {
	ID             uint
	RegistrationID uint
	ContactID      uint
	DelegateIDs    []uint
	Span           Interval
	Place          Place
	Label          string // e.g. "Acme Ltd with Jane Doe (Boeing)", used in messages
	FirmName       string // optional, for messages ("Acme Ltd"); "The firm" when empty
	ContactName    string // optional, for messages ("Jane Doe"); "The contact" when empty
}

// ProgrammeBlock is a group programme item; no RegistrationIDs means every registration attends.
type ProgrammeBlock struct {
	ID              uint
	Title           string
	Span            Interval
	Place           Place
	RegistrationIDs []uint
}

// AttendedBy reports whether the registration attends the block.
func (p ProgrammeBlock) AttendedBy(registrationID uint) bool {
	if len(p.RegistrationIDs) == 0 {
		return true
	}
	for _, id := range p.RegistrationIDs {
		if id == registrationID {
			return true
		}
	}
	return false
}

// BookingContext is everything a booking is checked against.
type BookingContext struct {
	Zone                *time.Location      // mission time zone, for messages
	Working             []Interval          // the mission days' working hours (WorkingWindows)
	ContactAvailability map[uint][]Interval // absent key: available throughout Working
	Existing            []Booking           // scheduled meetings
	Programme           []ProgrammeBlock    // group programme
	Travel              TravelRules
	// Stays are the hotel bookings of each firm's delegates, by registration id: the day starts and
	// ends at the hotel (see clash_hotel.go). No stays: no hotel rule.
	Stays map[uint][]HotelStay
}

// ClashKind names the rule a booking breaks.
type ClashKind string

// The rules CheckBooking applies (and ClashHotelStart, ClashHotelEnd in clash_hotel.go).
const (
	ClashFirm         ClashKind = "firm"
	ClashContact      ClashKind = "contact"
	ClashDelegate     ClashKind = "delegate"
	ClashProgramme    ClashKind = "programme"
	ClashHours        ClashKind = "hours"
	ClashAvailability ClashKind = "availability"
	ClashTravel       ClashKind = "travel"
	ClashInvalid      ClashKind = "invalid" // the span is empty or reversed
)

// Clash is one broken rule; OtherID is the meeting or programme item it clashes with (0 for
// hours and availability).
type Clash struct {
	Kind             ClashKind
	OtherID          uint
	OtherIsProgramme bool // OtherID is a programme item, not a meeting
	Message          string
}

// MergeIntervals sorts and joins overlapping or touching intervals.
func MergeIntervals(in []Interval) []Interval {
	out := make([]Interval, 0, len(in))
	for _, iv := range in {
		if iv.End.After(iv.Start) {
			out = append(out, iv)
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Start.Before(out[j].Start) })
	merged := out[:0]
	for _, iv := range out {
		if n := len(merged); n > 0 && !iv.Start.After(merged[n-1].End) {
			if iv.End.After(merged[n-1].End) {
				merged[n-1].End = iv.End
			}
			continue
		}
		merged = append(merged, iv)
	}
	return merged
}

func withinAny(ivs []Interval, span Interval) bool {
	for _, iv := range ivs {
		if iv.Contains(span) {
			return true
		}
	}
	return false
}

// gridLabel names a place in a day grid cell: "Willis Tower, Chicago", or "" when nothing is known.
func (p Place) gridLabel() string {
	if p.Name == "" && p.City == "" {
		return ""
	}
	return itinJoin(", ", p.Name, p.City)
}
