package models

import (
	"cmp"
	"slices"
	"strings"
)

// RoomingGuest is a delegate in a room of the rooming list.
type RoomingGuest struct {
	DelegateID uint
	Name, Firm string
}

// RoomingRoom is one room for one range of nights: a single room's guest, or the guests sharing it.
type RoomingRoom struct {
	ArrivesOn, DepartsOn Date
	Room                 string // RoomSingle or RoomShared
	Confirmation         string
	Guests               []RoomingGuest
}

// Nights is the number of nights of the room.
func (r RoomingRoom) Nights() int { return nightsBetween(r.ArrivesOn, r.DepartsOn) }

// RoomingMovement is the arrivals and departures of one date at one hotel.
type RoomingMovement struct {
	Date                   Date
	Arrivals, Departures   []string // guests' names
	RoomsIn, RoomsOut, Occ int      // rooms arriving, leaving, and occupied that night
}

// HotelRooming is one hotel's rooming list: its rooms in arrival order, and its arrivals and
// departures by date.
type HotelRooming struct {
	Hotel     Hotel
	Rooms     []RoomingRoom
	Movements []RoomingMovement
}

// RoomingList groups a mission's bookings into rooms, hotel by hotel (every hotel, booked or not).
// Shared bookings with the same hotel, dates and confirmation are one room; a shared booking without a
// confirmation is a room of its own (its roommate is not known yet). guests names each delegate.
func RoomingList(hotels []Hotel, bookings []HotelBooking, guests map[uint]RoomingGuest) []HotelRooming {
	out := make([]HotelRooming, 0, len(hotels))
	for _, h := range hotels {
		hr := HotelRooming{Hotel: h}
		shared := map[string]int{} // key → index in hr.Rooms
		for _, b := range bookings {
			if b.HotelID != h.ID {
				continue
			}
			g, ok := guests[b.DelegateID]
			if !ok {
				g = RoomingGuest{DelegateID: b.DelegateID}
			}
			if b.Room == RoomShared && b.Confirmation != "" {
				k := b.ArrivesOn.String() + "|" + b.DepartsOn.String() + "|" + strings.ToLower(b.Confirmation)
				if i, ok := shared[k]; ok {
					hr.Rooms[i].Guests = append(hr.Rooms[i].Guests, g)
					continue
				}
				shared[k] = len(hr.Rooms)
			}
			hr.Rooms = append(hr.Rooms, RoomingRoom{ArrivesOn: b.ArrivesOn, DepartsOn: b.DepartsOn, Room: b.Room, Confirmation: b.Confirmation, Guests: []RoomingGuest{g}})
		}
		for i := range hr.Rooms {
			slices.SortFunc(hr.Rooms[i].Guests, func(a, b RoomingGuest) int { return cmp.Compare(a.Name, b.Name) })
		}
		slices.SortStableFunc(hr.Rooms, func(a, b RoomingRoom) int {
			if c := a.ArrivesOn.Compare(b.ArrivesOn.Time); c != 0 {
				return c
			}
			if c := a.DepartsOn.Compare(b.DepartsOn.Time); c != 0 {
				return c
			}
			return cmp.Compare(a.Guests[0].Name, b.Guests[0].Name)
		})
		hr.Movements = movements(hr.Rooms)
		out = append(out, hr)
	}
	return out
}

// movements lists, for every date from the first arrival to the last departure, who arrives and
// leaves and how many rooms are occupied that night.
func movements(rooms []RoomingRoom) []RoomingMovement {
	if len(rooms) == 0 {
		return nil
	}
	first, last := rooms[0].ArrivesOn, rooms[0].DepartsOn
	for _, r := range rooms {
		if r.DepartsOn.After(last.Time) {
			last = r.DepartsOn
		}
	}
	var out []RoomingMovement
	for d := first; !d.After(last.Time); d = d.AddDays(1) {
		mv := RoomingMovement{Date: d}
		for _, r := range rooms {
			names := make([]string, len(r.Guests))
			for i, g := range r.Guests {
				names[i] = g.Name
			}
			if r.ArrivesOn.Equal(d.Time) {
				mv.Arrivals, mv.RoomsIn = append(mv.Arrivals, names...), mv.RoomsIn+1
			}
			if r.DepartsOn.Equal(d.Time) {
				mv.Departures, mv.RoomsOut = append(mv.Departures, names...), mv.RoomsOut+1
			}
			if !d.Before(r.ArrivesOn.Time) && d.Before(r.DepartsOn.Time) {
				mv.Occ++
			}
		}
		out = append(out, mv)
		if len(out) > 400 {
			break
		}
	}
	return out
}
