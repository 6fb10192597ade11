package models

import (
	"context"
	"fmt"
	"slices"
	"time"
)

// BookingScope is what one booking involves, and so what its check must see: the firm, the contacts,
// the named delegates, the place, and the time (nil for a request, which has none yet).
type BookingScope struct {
	RegistrationID uint
	ContactIDs     []uint
	DelegateIDs    []uint
	LocationID     *uint
	Starts         *time.Time
	Minutes        int // the meeting's length; 0 for the mission's default
}

// ScopeOf is the scope of booking mt.
func ScopeOf(mt *Meeting) BookingScope {
	return BookingScope{RegistrationID: mt.RegistrationID, ContactIDs: []uint{mt.ContactID}, DelegateIDs: mt.DelegateIDs,
		LocationID: mt.LocationID, Starts: mt.StartsAt, Minutes: mt.Minutes}
}

// TravelWindow is the longest gap the mission's travel rules can ask for between two engagements: a
// booking's travel check can only involve engagements within this of it.
func (b *MissionBook) TravelWindow() time.Duration {
	w := max(DefaultSameCityBuffer, DefaultBetweenCities)
	r := b.TravelRules()
	w = max(w, r.SameCityBuffer, r.DefaultBetween)
	for _, d := range r.Between {
		w = max(w, d)
	}
	return w
}

// LoadBookingBook loads the part of m's book that can matter to one booking, whatever the mission's
// size: the firm's, the contacts' and the named delegates' scheduled meetings and the firm's programme
// items on the booking's day widened by the travel window (on any mission, for the contacts); the
// contacts' availability; the firm's delegates' hotel bookings covering that day's night or the one
// before; the registrations, contacts and places those refer to; the travel times.
// checkMeeting and CheckBooking read it exactly as they read the whole book, because a rule only ever
// compares a booking with engagements of its own firm, contact or delegates, and the travel rule only
// with the nearest of them within the travel window. A scope without a time loads no engagements.
func (s *Store) LoadBookingBook(ctx context.Context, m *Mission, sc BookingScope) (*MissionBook, error) {
	b := &MissionBook{Mission: m, Registrations: map[uint]*Registration{}, Delegates: map[uint]*Delegate{}, Contacts: map[uint]*Contact{},
		Locations: map[uint]*Location{}, ContactOffice: map[uint]uint{}, Availability: map[uint][]Interval{}}
	db := s.DB(ctx)
	var err error
	if b.TravelTimes, err = s.TravelTimes(ctx, m.ID); err != nil {
		return nil, err
	}
	contactIDs := slices.Clone(sc.ContactIDs)
	regIDs := []uint{sc.RegistrationID}
	var locationIDs []uint
	if sc.LocationID != nil {
		locationIDs = append(locationIDs, *sc.LocationID)
	}
	if sc.Starts != nil && len(contactIDs) > 0 {
		from, to := b.bookingWindow(*sc.Starts, sc.Minutes)
		q := db.Where("mission_id = ? AND status = 'scheduled' AND starts_at < ? AND ends_at > ?", m.ID, to, from)
		if len(sc.DelegateIDs) > 0 {
			q = q.Where("registration_id = ? OR contact_id IN ? OR id IN (SELECT meeting_id FROM meeting_delegates WHERE delegate_id IN ?)", sc.RegistrationID, contactIDs, sc.DelegateIDs)
		} else {
			q = q.Where("registration_id = ? OR contact_id IN ?", sc.RegistrationID, contactIDs)
		}
		if err := q.Order("starts_at, id").Find(&b.Meetings).Error; err != nil {
			return nil, fmt.Errorf("store: load meetings around a booking: %w", err)
		}
		if err := s.fillMeetingDelegates(ctx, b.Meetings); err != nil {
			return nil, err
		}
		for _, mt := range b.Meetings {
			regIDs = append(regIDs, mt.RegistrationID)
			contactIDs = append(contactIDs, mt.ContactID)
			if mt.LocationID != nil {
				locationIDs = append(locationIDs, *mt.LocationID)
			}
		}
		// The firm's programme that day: items for every firm, and those it was chosen for (only its
		// own attendance is loaded, which is all AttendedBy is asked about).
		if err := db.Where("mission_id = ? AND starts_at < ? AND ends_at > ? AND (all_registrations OR id IN (SELECT programme_item_id FROM programme_attendees WHERE registration_id = ?))",
			m.ID, to, from, sc.RegistrationID).Order("starts_at, id").Find(&b.Programme).Error; err != nil {
			return nil, fmt.Errorf("store: load programme around a booking: %w", err)
		}
		for i := range b.Programme {
			if !b.Programme[i].AllRegistrations {
				b.Programme[i].RegistrationIDs = []uint{sc.RegistrationID}
			}
			if b.Programme[i].LocationID != nil {
				locationIDs = append(locationIDs, *b.Programme[i].LocationID)
			}
		}
		if err := db.Where("mission_id <> ? AND status = 'scheduled' AND starts_at < ? AND ends_at > ? AND contact_id IN ?",
			m.ID, to, from, sc.ContactIDs).Order("starts_at, id").Find(&b.Elsewhere).Error; err != nil {
			return nil, fmt.Errorf("store: load other missions' meetings around a booking: %w", err)
		}
		var avail []ContactAvailability
		if err := db.Where("mission_id = ? AND contact_id IN ?", m.ID, sc.ContactIDs).Order("contact_id, starts_at").Find(&avail).Error; err != nil {
			return nil, fmt.Errorf("store: load availability around a booking: %w", err)
		}
		for _, a := range avail {
			b.Availability[a.ContactID] = append(b.Availability[a.ContactID], Interval{a.StartsAt.UTC(), a.EndsAt.UTC()})
		}
		// The day starts and ends at the hotel: the firm's delegates' rooms of that night and the one before.
		if b.Stays, err = s.hotelStays(ctx, m.ID, sc.RegistrationID, DateIn(*sc.Starts, m.Zone())); err != nil {
			return nil, err
		}
		for _, st := range b.Stays {
			locationIDs = append(locationIDs, st.LocationID)
		}
	}
	var regs []Registration
	if err := db.Preload("Firm").Where("mission_id = ? AND id IN ?", m.ID, uniqueIDs(regIDs)).Find(&regs).Error; err != nil {
		return nil, fmt.Errorf("store: load registrations around a booking: %w", err)
	}
	for i := range regs {
		b.Registrations[regs[i].ID] = &regs[i]
		b.RegOrder = append(b.RegOrder, regs[i].ID)
	}
	if len(sc.DelegateIDs) > 0 {
		var dels []Delegate
		if err := db.Where("mission_id = ? AND id IN ?", m.ID, sc.DelegateIDs).Find(&dels).Error; err != nil {
			return nil, fmt.Errorf("store: load delegates of a booking: %w", err)
		}
		for i := range dels {
			b.Delegates[dels[i].ID] = &dels[i]
		}
	}
	contactIDs = uniqueIDs(contactIDs)
	var contacts []Contact
	if err := db.Where("id IN ?", append(contactIDs, 0)).Find(&contacts).Error; err != nil {
		return nil, fmt.Errorf("store: load contacts around a booking: %w", err)
	}
	for i := range contacts {
		b.Contacts[contacts[i].ID] = &contacts[i]
	}
	if err := db.Where("mission_id = ? AND (id IN ? OR contact_id IN ?)", m.ID, append(uniqueIDs(locationIDs), 0), append(contactIDs, 0)).
		Order("city, name, id").Find(&b.LocationList).Error; err != nil {
		return nil, fmt.Errorf("store: load places around a booking: %w", err)
	}
	b.indexLocations()
	return b, nil
}

// bookingWindow is the booking's day in the mission's zone (and the meeting itself, should it run past
// midnight), widened by the travel window on both sides.
func (b *MissionBook) bookingWindow(starts time.Time, minutes int) (from, to time.Time) {
	if minutes <= 0 {
		minutes = b.Mission.MeetingMinutes
	}
	ends := starts.Add(time.Duration(min(minutes, 480)) * time.Minute) // longer meetings are refused anyway
	loc := b.Mission.Zone()
	local := starts.In(loc)
	dayStart := time.Date(local.Year(), local.Month(), local.Day(), 0, 0, 0, 0, loc)
	dayEnd := dayStart.AddDate(0, 0, 1)
	w := b.TravelWindow()
	from = dayStart.Add(-w)
	if s := starts.Add(-w); s.Before(from) {
		from = s
	}
	to = dayEnd.Add(w)
	if e := ends.Add(w); e.After(to) {
		to = e
	}
	return from.UTC(), to.UTC()
}

// fillMeetingDelegates sets the DelegateIDs of meetings, in one query.
func (s *Store) fillMeetingDelegates(ctx context.Context, meetings []Meeting) error {
	if len(meetings) == 0 {
		return nil
	}
	ids := make([]uint, len(meetings))
	for i := range meetings {
		ids[i] = meetings[i].ID
	}
	var mds []MeetingDelegate
	if err := s.DB(ctx).Where("meeting_id IN ?", ids).Order("delegate_id").Find(&mds).Error; err != nil {
		return fmt.Errorf("store: load delegates of meetings: %w", err)
	}
	byMeeting := map[uint][]uint{}
	for _, md := range mds {
		byMeeting[md.MeetingID] = append(byMeeting[md.MeetingID], md.DelegateID)
	}
	for i := range meetings {
		meetings[i].DelegateIDs = byMeeting[meetings[i].ID]
	}
	return nil
}

// indexLocations fills Locations and ContactOffice from LocationList.
func (b *MissionBook) indexLocations() {
	for i := range b.LocationList {
		l := &b.LocationList[i]
		b.Locations[l.ID] = l
		if l.ContactID != nil {
			if cur, ok := b.ContactOffice[*l.ContactID]; !ok || l.ID < cur {
				b.ContactOffice[*l.ContactID] = l.ID
			}
		}
	}
}
