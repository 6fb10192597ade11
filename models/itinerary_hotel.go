package models

import "strings"

// dayHotels is what the itinerary says of the hotels on day d for the firm's delegates: the hotel (or
// hotels) they wake up in or sleep in that day, for people, and the place the day starts from when
// they all woke up in the same one (the zero Place otherwise). A day starts and ends at the hotel: the
// travel time from it to the day's first engagement is counted like any other.
func (src *ItinerarySource) dayHotels(delegates []Delegate, d Date) (label string, start Place) {
	if len(src.Bookings) == 0 {
		return "", Place{}
	}
	var names []string
	seen := map[uint]bool{}
	var morning []uint
	for _, dl := range delegates {
		b, ok := src.Bookings[dl.ID]
		if !ok {
			continue
		}
		woke, sleeps := b.Covers(d.AddDays(-1)), b.Covers(d)
		if !woke && !sleeps {
			continue
		}
		if woke && !containsUint(morning, b.HotelID) {
			morning = append(morning, b.HotelID)
		}
		if h, ok := src.Hotels[b.HotelID]; ok && !seen[h.ID] {
			seen[h.ID] = true
			names = append(names, itinJoin(", ", h.Name, h.Address, h.City))
		}
	}
	if len(morning) == 1 {
		if h, ok := src.Hotels[morning[0]]; ok {
			start = Place{LocationID: h.LocationID, Name: h.Name, City: h.City}
		}
	}
	return strings.Join(names, "; "), start
}

func containsUint(ids []uint, id uint) bool {
	for _, x := range ids {
		if x == id {
			return true
		}
	}
	return false
}
