package models

import (
	"context"
	"fmt"

	"gorm.io/gorm"
)

// ScheduledStatuses are the registrations whose firms go on the mission and so appear on the master
// schedule and in the zip of itineraries.
var ScheduledStatuses = seatStatuses

// RegistrationItinerary loads and assembles one registration's itinerary. The registration must
// belong to the mission (missionID 0 skips that check, for a delegate's own itinerary).
func (s *Store) RegistrationItinerary(ctx context.Context, missionID, registrationID uint) (*Itinerary, error) {
	src, err := s.RegistrationItinerarySource(ctx, missionID, registrationID)
	if err != nil {
		return nil, err
	}
	return src.Itinerary(registrationID)
}

// RegistrationItinerarySource loads what one registration's itinerary needs in a fixed number of
// queries, however many delegates, meetings and programme items it has.
func (s *Store) RegistrationItinerarySource(ctx context.Context, missionID, registrationID uint) (*ItinerarySource, error) {
	reg, err := s.AccessRegistration(ctx, missionID, registrationID)
	if err != nil {
		return nil, err
	}
	scope := s.DB(ctx).Model(&Registration{}).Select("id").Where("id = ?", registrationID)
	src := &ItinerarySource{Registrations: []Registration{*reg}}
	if err := s.loadItinerarySource(ctx, src, reg.MissionID, scope); err != nil {
		return nil, err
	}
	return src, nil
}

// MissionItinerarySource loads every going firm (approved or confirmed) of a mission with its
// delegates, travel, programme and meetings, for the master schedule and the zip of itineraries.
func (s *Store) MissionItinerarySource(ctx context.Context, missionID uint) (*ItinerarySource, error) {
	src := &ItinerarySource{}
	err := s.DB(ctx).Joins("Firm").
		Where("registrations.mission_id = ? AND registrations.status IN ?", missionID, ScheduledStatuses).
		Order(`"Firm"."company_name", "registrations"."id"`).Find(&src.Registrations).Error
	if err != nil {
		return nil, fmt.Errorf("store: list registrations of mission %d: %w", missionID, err)
	}
	scope := s.DB(ctx).Model(&Registration{}).Select("id").Where("mission_id = ? AND status IN ?", missionID, ScheduledStatuses)
	if err := s.loadItinerarySource(ctx, src, missionID, scope); err != nil {
		return nil, err
	}
	return src, nil
}

// loadItinerarySource fills src for the registrations selected by scope (a subquery of ids), with
// one query per table: subqueries rather than long IN lists keep the count and the SQL size fixed.
func (s *Store) loadItinerarySource(ctx context.Context, src *ItinerarySource, missionID uint, scope *gorm.DB) error {
	db := s.DB(ctx)
	if err := db.First(&src.Mission, missionID).Error; err != nil {
		return notFound(err, "load mission for itinerary")
	}
	if err := db.Where("registration_id IN (?)", scope).Order("full_name, id").Find(&src.Delegates).Error; err != nil {
		return fmt.Errorf("store: itinerary delegates: %w", err)
	}
	var segs []TravelSegment
	delegateIDs := db.Model(&Delegate{}).Select("id").Where("registration_id IN (?)", scope)
	if err := src.loadHotels(db, missionID, delegateIDs); err != nil {
		return err
	}
	if err := db.Where("delegate_id IN (?)", delegateIDs).Order("departs_at, id").Find(&segs).Error; err != nil {
		return fmt.Errorf("store: itinerary travel: %w", err)
	}
	byDelegate := make(map[uint]int, len(src.Delegates))
	for i, d := range src.Delegates {
		byDelegate[d.ID] = i
	}
	for _, sg := range segs {
		if i, ok := byDelegate[sg.DelegateID]; ok {
			src.Delegates[i].TravelSegments = append(src.Delegates[i].TravelSegments, sg)
		}
	}

	if err := db.Where("mission_id = ?", missionID).Order("starts_at, id").Find(&src.Programme).Error; err != nil {
		return fmt.Errorf("store: itinerary programme: %w", err)
	}
	var attendees []ProgrammeAttendee
	items := db.Model(&ProgrammeItem{}).Select("id").Where("mission_id = ?", missionID)
	if err := db.Where("programme_item_id IN (?) AND registration_id IN (?)", items, scope).Find(&attendees).Error; err != nil {
		return fmt.Errorf("store: itinerary programme attendees: %w", err)
	}
	byItem := make(map[uint]int, len(src.Programme))
	for i, p := range src.Programme {
		byItem[p.ID] = i
	}
	for _, a := range attendees {
		if i, ok := byItem[a.ProgrammeItemID]; ok {
			src.Programme[i].RegistrationIDs = append(src.Programme[i].RegistrationIDs, a.RegistrationID)
		}
	}

	timed := func() *gorm.DB {
		return db.Model(&Meeting{}).Where("registration_id IN (?) AND starts_at IS NOT NULL", scope)
	}
	if err := timed().Order("starts_at, id").Find(&src.Meetings).Error; err != nil {
		return fmt.Errorf("store: itinerary meetings: %w", err)
	}
	var mds []MeetingDelegate
	if err := db.Where("meeting_id IN (?)", timed().Select("id")).Order("meeting_id, delegate_id").Find(&mds).Error; err != nil {
		return fmt.Errorf("store: itinerary meeting delegates: %w", err)
	}
	byMeeting := make(map[uint]int, len(src.Meetings))
	for i, m := range src.Meetings {
		byMeeting[m.ID] = i
	}
	for _, md := range mds {
		if i, ok := byMeeting[md.MeetingID]; ok {
			src.Meetings[i].DelegateIDs = append(src.Meetings[i].DelegateIDs, md.DelegateID)
		}
	}
	var contacts []Contact
	if err := db.Where("id IN (?)", timed().Select("contact_id")).Find(&contacts).Error; err != nil {
		return fmt.Errorf("store: itinerary contacts: %w", err)
	}
	src.Contacts = make(map[uint]Contact, len(contacts))
	for _, c := range contacts {
		src.Contacts[c.ID] = c
	}
	// Only the places these meetings and the programme name (a large mission has an office per contact).
	var locs []Location
	if err := db.Where("mission_id = ? AND (id IN (?) OR id IN (?))", missionID, timed().Select("location_id"),
		db.Model(&ProgrammeItem{}).Select("location_id").Where("mission_id = ?", missionID)).Find(&locs).Error; err != nil {
		return fmt.Errorf("store: itinerary locations: %w", err)
	}
	src.Locations = make(map[uint]Location, len(locs))
	for _, l := range locs {
		src.Locations[l.ID] = l
	}
	if err := db.Where("mission_id = ?", missionID).Find(&src.TravelTimes).Error; err != nil {
		return fmt.Errorf("store: itinerary travel times: %w", err)
	}
	return nil
}

// loadHotels fills the source's hotels and the bookings of the delegates selected by delegateIDs.
func (src *ItinerarySource) loadHotels(db *gorm.DB, missionID uint, delegateIDs *gorm.DB) error {
	var bookings []HotelBooking
	if err := db.Where("delegate_id IN (?)", delegateIDs).Find(&bookings).Error; err != nil {
		return fmt.Errorf("store: itinerary hotel bookings: %w", err)
	}
	src.Bookings = make(map[uint]HotelBooking, len(bookings))
	for _, b := range bookings {
		src.Bookings[b.DelegateID] = b
	}
	src.Hotels = map[uint]Hotel{}
	if len(bookings) == 0 {
		return nil
	}
	var hotels []Hotel
	if err := db.Where("mission_id = ?", missionID).Find(&hotels).Error; err != nil {
		return fmt.Errorf("store: itinerary hotels: %w", err)
	}
	for _, h := range hotels {
		src.Hotels[h.ID] = h
	}
	return nil
}
