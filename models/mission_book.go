package models

import (
	"context"
	"fmt"
	"time"
)

// MissionBook is everything the meetings pages, a booking check and the scheduler need about one
// mission, loaded by LoadMissionBook in a fixed number of queries whatever the mission's size.
type MissionBook struct {
	Mission       *Mission
	Registrations map[uint]*Registration // with Firm
	RegOrder      []uint                 // registration ids by firm name
	Delegates     map[uint]*Delegate
	Contacts      map[uint]*Contact // contacts of the mission's meetings and locations (and any asked for)
	Locations     map[uint]*Location
	LocationList  []Location      // by city and name
	ContactOffice map[uint]uint   // contact id → the first location linked to that contact
	Programme     []ProgrammeItem // in time order, with chosen attendees
	Meetings      []Meeting       // every meeting of the mission, with delegate ids, in time order (requests last)
	Availability  map[uint][]Interval
	TravelTimes   []MissionTravelTime
	Elsewhere     []Meeting   // scheduled meetings of these contacts on other missions at the same time
	Stays         []HotelStay // the delegates' hotel bookings (a booking's book: its firm's, that day)
}

// LoadMissionBook loads m's registrations, delegates, locations, travel times, programme, meetings
// and availability, the contacts they refer to plus extraContacts, those contacts' scheduled meetings
// on other missions during this one (a contact is shared across missions), and the delegates' hotel
// bookings: thirteen queries.
func (s *Store) LoadMissionBook(ctx context.Context, m *Mission, extraContacts ...uint) (*MissionBook, error) {
	b := &MissionBook{Mission: m, Registrations: map[uint]*Registration{}, Delegates: map[uint]*Delegate{}, Contacts: map[uint]*Contact{},
		Locations: map[uint]*Location{}, ContactOffice: map[uint]uint{}, Availability: map[uint][]Interval{}}
	db := s.DB(ctx)
	regs, err := s.MissionRegistrations(ctx, m.ID)
	if err != nil {
		return nil, err
	}
	for i := range regs {
		b.Registrations[regs[i].ID] = &regs[i]
		b.RegOrder = append(b.RegOrder, regs[i].ID)
	}
	dels, err := s.MissionDelegates(ctx, m.ID)
	if err != nil {
		return nil, err
	}
	for i := range dels {
		b.Delegates[dels[i].ID] = &dels[i]
	}
	if b.LocationList, err = s.Locations(ctx, m.ID); err != nil {
		return nil, err
	}
	for i := range b.LocationList {
		l := &b.LocationList[i]
		b.Locations[l.ID] = l
		if l.ContactID != nil {
			if cur, ok := b.ContactOffice[*l.ContactID]; !ok || l.ID < cur {
				b.ContactOffice[*l.ContactID] = l.ID
			}
		}
	}
	if b.TravelTimes, err = s.TravelTimes(ctx, m.ID); err != nil {
		return nil, err
	}
	if b.Programme, err = s.ProgrammeItems(ctx, m.ID); err != nil {
		return nil, err
	}
	if err := db.Where("mission_id = ?", m.ID).Order("starts_at IS NULL, starts_at, id").Find(&b.Meetings).Error; err != nil {
		return nil, fmt.Errorf("store: load meetings of mission %d: %w", m.ID, err)
	}
	var mds []MeetingDelegate
	if err := db.Model(&MeetingDelegate{}).Joins("JOIN meetings ON meetings.id = meeting_delegates.meeting_id").
		Where("meetings.mission_id = ?", m.ID).Order("meeting_delegates.delegate_id").Find(&mds).Error; err != nil {
		return nil, fmt.Errorf("store: load meeting delegates of mission %d: %w", m.ID, err)
	}
	byMeeting := map[uint][]uint{}
	for _, md := range mds {
		byMeeting[md.MeetingID] = append(byMeeting[md.MeetingID], md.DelegateID)
	}
	for i := range b.Meetings {
		b.Meetings[i].DelegateIDs = byMeeting[b.Meetings[i].ID]
	}
	extra := append([]uint{0}, extraContacts...)
	var contacts []Contact
	if err := db.Where("id IN (SELECT contact_id FROM meetings WHERE mission_id = ?) OR id IN (SELECT contact_id FROM locations WHERE mission_id = ? AND contact_id IS NOT NULL) OR id IN ?",
		m.ID, m.ID, extra).Find(&contacts).Error; err != nil {
		return nil, fmt.Errorf("store: load contacts of mission %d: %w", m.ID, err)
	}
	for i := range contacts {
		b.Contacts[contacts[i].ID] = &contacts[i]
	}
	var avail []ContactAvailability
	if err := db.Where("mission_id = ?", m.ID).Order("contact_id, starts_at").Find(&avail).Error; err != nil {
		return nil, fmt.Errorf("store: load availability for mission %d: %w", m.ID, err)
	}
	for _, a := range avail {
		b.Availability[a.ContactID] = append(b.Availability[a.ContactID], Interval{a.StartsAt.UTC(), a.EndsAt.UTC()})
	}
	from := m.StartDate.Time.AddDate(0, 0, -1)
	to := m.EndDate.Time.AddDate(0, 0, 2)
	if err := db.Where("mission_id <> ? AND status = 'scheduled' AND starts_at < ? AND ends_at > ? AND (contact_id IN (SELECT contact_id FROM meetings WHERE mission_id = ?) OR contact_id IN ?)",
		m.ID, to, from, m.ID, extra).Find(&b.Elsewhere).Error; err != nil {
		return nil, fmt.Errorf("store: load other missions' meetings: %w", err)
	}
	if b.Stays, err = s.hotelStays(ctx, m.ID, 0, Date{}); err != nil {
		return nil, err
	}
	return b, nil
}

// hotelStays loads the hotel bookings of mission missionID's delegates with their hotels: all of them,
// or (regID not 0) those of one firm's delegates that cover the night before day or the night of day.
func (s *Store) hotelStays(ctx context.Context, missionID, regID uint, day Date) ([]HotelStay, error) {
	q := s.DB(ctx).Table("hotel_bookings").
		Select("delegates.registration_id, hotel_bookings.delegate_id, hotel_bookings.hotel_id, hotels.location_id, hotels.name AS hotel_name, hotels.city AS hotel_city, hotel_bookings.arrives_on, hotel_bookings.departs_on").
		Joins("JOIN delegates ON delegates.id = hotel_bookings.delegate_id").
		Joins("JOIN hotels ON hotels.id = hotel_bookings.hotel_id").
		Where("delegates.mission_id = ?", missionID)
	if regID != 0 {
		q = q.Where("delegates.registration_id = ? AND hotel_bookings.arrives_on <= ? AND hotel_bookings.departs_on >= ?", regID, day, day)
	}
	var out []HotelStay
	if err := q.Order("delegates.registration_id, hotel_bookings.delegate_id").Scan(&out).Error; err != nil {
		return nil, fmt.Errorf("store: load hotel bookings of mission %d: %w", missionID, err)
	}
	return out, nil
}

// stayPlace is where a stay's hotel is for travel: its location, else its name and city.
func (b *MissionBook) stayPlace(st HotelStay) Place {
	if l, ok := b.Locations[st.LocationID]; ok {
		return Place{LocationID: l.ID, Name: l.Name, City: l.City}
	}
	return Place{Name: st.HotelName, City: st.HotelCity}
}

// registrationFirm is the registered firm's company name ("Registration N" when the firm is not loaded).
func registrationFirm(r *Registration) string {
	if r.Firm != nil && r.Firm.CompanyName != "" {
		return r.Firm.CompanyName
	}
	return fmt.Sprintf("Registration %d", r.ID)
}

// TravelRules are the mission's travel settings as the clash rules use them.
func (b *MissionBook) TravelRules() TravelRules {
	m := b.Mission
	rules := TravelRules{Between: map[string]time.Duration{}}
	rules.SameCityBuffer = time.Duration(m.SameCityBufferMinutes) * time.Minute
	if m.SameCityBufferMinutes == 0 {
		rules.SameCityBuffer = -1
	}
	rules.DefaultBetween = time.Duration(m.DefaultTravelMinutes) * time.Minute
	if m.DefaultTravelMinutes == 0 {
		rules.DefaultBetween = -1
	}
	for _, t := range b.TravelTimes {
		rules.Between[CityPairKey(t.CityA, t.CityB)] = time.Duration(t.Minutes) * time.Minute
	}
	return rules
}

// Working is the mission's working hours on each of its days.
func (b *MissionBook) Working() []Interval {
	m := b.Mission
	return WorkingWindows(m.Zone(), m.StartDate.Time, m.EndDate.Time, m.DayStarts, m.DayEnds)
}

// PlaceOf is where a meeting happens for travel purposes: its location, else the contact's linked
// office, else the contact's organisation in the contact's city.
func (b *MissionBook) PlaceOf(locationID *uint, contactID uint) Place {
	if locationID != nil {
		if l, ok := b.Locations[*locationID]; ok {
			return Place{LocationID: l.ID, Name: l.Name, City: l.City}
		}
	}
	if id, ok := b.ContactOffice[contactID]; ok {
		l := b.Locations[id]
		return Place{LocationID: l.ID, Name: l.Name, City: l.City}
	}
	if c, ok := b.Contacts[contactID]; ok && c.City != "" {
		return Place{Name: c.Organisation, City: c.City}
	}
	return Place{}
}

// CanMeet reports whether a registration of the mission may have meetings (not withdrawn,
// rejected or wait-listed).
func (b *MissionBook) CanMeet(regID uint) bool {
	r, ok := b.Registrations[regID]
	return ok && r.CanMeet()
}

// ContactName is "Jane Doe (Acme Corp)", or "Contact N" when not loaded.
func (b *MissionBook) ContactName(id uint) string {
	if c, ok := b.Contacts[id]; ok {
		return c.FullName + " (" + c.Organisation + ")"
	}
	return fmt.Sprintf("Contact %d", id)
}

// FirmName is the company name of a registration of the mission.
func (b *MissionBook) FirmName(regID uint) string {
	if r, ok := b.Registrations[regID]; ok {
		return registrationFirm(r)
	}
	return fmt.Sprintf("Registration %d", regID)
}

// Label names a meeting in messages: "Acme Ltd with Jane Doe (Boeing)".
func (b *MissionBook) Label(regID, contactID uint) string {
	return b.FirmName(regID) + " with " + b.ContactName(contactID)
}

// BookingOf describes a meeting for the clash rules (its span is empty when it has no time).
func (b *MissionBook) BookingOf(mt *Meeting) Booking {
	bk := Booking{ID: mt.ID, RegistrationID: mt.RegistrationID, ContactID: mt.ContactID, DelegateIDs: mt.DelegateIDs,
		Place: b.PlaceOf(mt.LocationID, mt.ContactID), Label: b.Label(mt.RegistrationID, mt.ContactID), FirmName: b.FirmName(mt.RegistrationID)}
	if c, ok := b.Contacts[mt.ContactID]; ok {
		bk.ContactName = c.FullName
	}
	if mt.StartsAt != nil && mt.EndsAt != nil {
		bk.Span = Interval{mt.StartsAt.UTC(), mt.EndsAt.UTC()}
	}
	return bk
}

// Context is the BookingContext of the mission: working hours, availability, scheduled meetings,
// programme and travel rules.
func (b *MissionBook) Context() BookingContext {
	bc := BookingContext{Zone: b.Mission.Zone(), Working: b.Working(), ContactAvailability: b.Availability, Travel: b.TravelRules()}
	if len(b.Stays) > 0 {
		bc.Stays = map[uint][]HotelStay{}
		for _, st := range b.Stays {
			st.Place = b.stayPlace(st)
			bc.Stays[st.RegistrationID] = append(bc.Stays[st.RegistrationID], st)
		}
	}
	for i := range b.Meetings {
		mt := &b.Meetings[i]
		if mt.Status == MeetingScheduled && mt.StartsAt != nil && mt.EndsAt != nil {
			bc.Existing = append(bc.Existing, b.BookingOf(mt))
		}
	}
	for _, mt := range b.Elsewhere {
		if mt.StartsAt != nil && mt.EndsAt != nil {
			bc.Existing = append(bc.Existing, Booking{ID: mt.ID, ContactID: mt.ContactID, Span: Interval{mt.StartsAt.UTC(), mt.EndsAt.UTC()},
				Place: b.PlaceOf(nil, mt.ContactID), Label: "a meeting on another mission"})
		}
	}
	for _, p := range b.Programme {
		if !p.AllRegistrations && len(p.RegistrationIDs) == 0 {
			continue // nobody attends
		}
		blk := ProgrammeBlock{ID: p.ID, Title: p.Title, Span: Interval{p.StartsAt.UTC(), p.EndsAt.UTC()}}
		if !p.AllRegistrations {
			blk.RegistrationIDs = p.RegistrationIDs
		}
		if p.LocationID != nil {
			if l, ok := b.Locations[*p.LocationID]; ok {
				blk.Place = Place{LocationID: l.ID, Name: l.Name, City: l.City}
			}
		}
		bc.Programme = append(bc.Programme, blk)
	}
	return bc
}

// Meeting finds a meeting of the mission in the book.
func (b *MissionBook) Meeting(id uint) *Meeting {
	for i := range b.Meetings {
		if b.Meetings[i].ID == id {
			return &b.Meetings[i]
		}
	}
	return nil
}

// Timetable is the mission's whole timetable for CheckTimetable.
func (b *MissionBook) Timetable() Timetable {
	ctx := b.Context()
	tt := Timetable{Context: ctx, FirstDay: b.Mission.StartDate, LastDay: b.Mission.EndDate}
	for i := range b.Meetings {
		mt := &b.Meetings[i]
		if mt.Status == MeetingScheduled && mt.StartsAt != nil && mt.EndsAt != nil {
			tt.Meetings = append(tt.Meetings, b.BookingOf(mt))
		}
	}
	// Programme items nobody attends clash with no meeting but must still fall on the mission's days.
	for _, p := range b.Programme {
		if !p.AllRegistrations && len(p.RegistrationIDs) == 0 {
			tt.Context.Programme = append(tt.Context.Programme, ProgrammeBlock{ID: p.ID, Title: p.Title, Span: Interval{p.StartsAt.UTC(), p.EndsAt.UTC()},
				RegistrationIDs: []uint{0}})
		}
	}
	return tt
}

// CheckTimetable lists every scheduled meeting and programme item of the mission that breaks a rule.
func (b *MissionBook) CheckTimetable() []Breach { return CheckTimetable(b.Timetable()) }
