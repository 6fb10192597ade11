package models

import (
	"context"
	"fmt"
	"time"

	"gorm.io/gorm"
)

// ReadinessBoard is the readiness of every delegate of a mission's going firms, firm by firm.
type ReadinessBoard struct {
	Mission *Mission
	Hotels  []Hotel
	Firms   []ReadinessFirm
}

// ReadinessFirm is one going firm with its delegates' readiness.
type ReadinessFirm struct {
	Registration Registration
	Delegates    []ReadinessLine
}

// ReadinessLine is one delegate's line on the board.
type ReadinessLine struct {
	Delegate  Delegate
	Readiness DelegateReadiness
}

// Items lists every delegate's readiness, firm by firm.
func (b *ReadinessBoard) Items() []DelegateReadiness {
	out := []DelegateReadiness{}
	for _, f := range b.Firms {
		for _, l := range f.Delegates {
			out = append(out, l.Readiness)
		}
	}
	return out
}

// Hotel returns the board's hotel with id, or nil.
func (b *ReadinessBoard) Hotel(id uint) *Hotel {
	for i := range b.Hotels {
		if b.Hotels[i].ID == id {
			return &b.Hotels[i]
		}
	}
	return nil
}

// MissionReadiness loads the readiness board of a mission in a fixed number of queries: the going
// firms, their delegates with travel and bookings, the hotels, and who was invited and signed in.
func (s *Store) MissionReadiness(ctx context.Context, missionID uint) (*ReadinessBoard, error) {
	m, err := s.Mission(ctx, missionID)
	if err != nil {
		return nil, err
	}
	regs, err := s.GoingRegistrations(ctx, missionID)
	if err != nil {
		return nil, err
	}
	b := &ReadinessBoard{Mission: m}
	if b.Hotels, err = s.Hotels(ctx, missionID); err != nil {
		return nil, err
	}
	db := s.DB(ctx)
	scope := db.Model(&Registration{}).Select("id").Where("mission_id = ? AND status IN ?", missionID, ScheduledStatuses)
	var delegates []Delegate
	err = db.Preload("TravelSegments", func(q *gorm.DB) *gorm.DB { return q.Order("departs_at, id") }).Preload("HotelBooking").
		Where("registration_id IN (?)", scope).Order("full_name, id").Find(&delegates).Error
	if err != nil {
		return nil, fmt.Errorf("store: readiness delegates: %w", err)
	}
	ids := db.Model(&Delegate{}).Select("id").Where("registration_id IN (?)", scope)
	var accepted, invited []uint
	if err := db.Model(&User{}).Where("delegate_id IN (?)", ids).Pluck("delegate_id", &accepted).Error; err != nil {
		return nil, fmt.Errorf("store: readiness accounts: %w", err)
	}
	if err := db.Model(&Invitation{}).Where("delegate_id IN (?)", ids).Distinct().Pluck("delegate_id", &invited).Error; err != nil {
		return nil, fmt.Errorf("store: readiness invitations: %w", err)
	}
	var used []uint
	if err := db.Model(&Invitation{}).Where("delegate_id IN (?) AND used_at IS NOT NULL", ids).Distinct().Pluck("delegate_id", &used).Error; err != nil {
		return nil, fmt.Errorf("store: readiness invitations used: %w", err)
	}
	accepted = append(accepted, used...)
	acc, inv := setOf(accepted), setOf(invited)
	byReg := map[uint][]ReadinessLine{}
	for i := range delegates {
		d := &delegates[i]
		r := AssessReadiness(ReadinessInput{
			Delegate: d, Booking: d.HotelBooking, Invited: inv[d.ID] || acc[d.ID], Accepted: acc[d.ID],
			MissionStart: m.StartDate, MissionEnd: m.EndDate,
		})
		byReg[d.RegistrationID] = append(byReg[d.RegistrationID], ReadinessLine{Delegate: *d, Readiness: r})
	}
	for _, r := range regs {
		b.Firms = append(b.Firms, ReadinessFirm{Registration: r, Delegates: byReg[r.ID]})
	}
	return b, nil
}

// DelegateReadinessOf judges one delegate's readiness (for /my/documents).
func (s *Store) DelegateReadinessOf(ctx context.Context, d *Delegate) (DelegateReadiness, error) {
	m, err := s.Mission(ctx, d.MissionID)
	if err != nil {
		return DelegateReadiness{}, err
	}
	var users, invites int64
	err = s.DB(ctx).Model(&User{}).Where("delegate_id = ?", d.ID).Count(&users).Error
	if err == nil && users == 0 {
		err = s.DB(ctx).Model(&Invitation{}).Where("delegate_id = ? AND used_at IS NOT NULL", d.ID).Count(&users).Error
	}
	if err != nil {
		return DelegateReadiness{}, fmt.Errorf("store: readiness account: %w", err)
	}
	if err := s.DB(ctx).Model(&Invitation{}).Where("delegate_id = ?", d.ID).Count(&invites).Error; err != nil {
		return DelegateReadiness{}, fmt.Errorf("store: readiness invitation: %w", err)
	}
	return AssessReadiness(ReadinessInput{
		Delegate: d, Booking: d.HotelBooking, Invited: invites+users > 0, Accepted: users > 0,
		MissionStart: m.StartDate, MissionEnd: m.EndDate,
	}), nil
}

func setOf(ids []uint) map[uint]bool {
	out := make(map[uint]bool, len(ids))
	for _, id := range ids {
		out[id] = true
	}
	return out
}

// MissionRoster loads and assembles the emergency roster of a mission as of now.
func (s *Store) MissionRoster(ctx context.Context, missionID uint, now time.Time) (*Roster, error) {
	src, err := s.MissionItinerarySource(ctx, missionID)
	if err != nil {
		return nil, err
	}
	hotels, err := s.Hotels(ctx, missionID)
	if err != nil {
		return nil, err
	}
	bookings, err := s.HotelBookings(ctx, missionID)
	if err != nil {
		return nil, err
	}
	byDelegate := make(map[uint]*HotelBooking, len(bookings))
	for i := range bookings {
		byDelegate[bookings[i].DelegateID] = &bookings[i]
	}
	return BuildRoster(src, hotels, byDelegate, now)
}

// MissionRooming loads a mission's rooming list: every hotel with its rooms.
func (s *Store) MissionRooming(ctx context.Context, missionID uint) (*Mission, []HotelRooming, error) {
	m, err := s.Mission(ctx, missionID)
	if err != nil {
		return nil, nil, err
	}
	hotels, err := s.Hotels(ctx, missionID)
	if err != nil {
		return nil, nil, err
	}
	bookings, err := s.HotelBookings(ctx, missionID)
	if err != nil {
		return nil, nil, err
	}
	var rows []struct {
		ID          uint
		FullName    string
		CompanyName string
	}
	err = s.DB(ctx).Table("delegates").Select("delegates.id, delegates.full_name, firms.company_name").
		Joins("JOIN registrations ON registrations.id = delegates.registration_id").Joins("JOIN firms ON firms.id = registrations.firm_id").
		Where("delegates.mission_id = ?", missionID).Scan(&rows).Error
	if err != nil {
		return nil, nil, fmt.Errorf("store: rooming list guests: %w", err)
	}
	guests := make(map[uint]RoomingGuest, len(rows))
	for _, r := range rows {
		guests[r.ID] = RoomingGuest{DelegateID: r.ID, Name: r.FullName, Firm: r.CompanyName}
	}
	return m, RoomingList(hotels, bookings, guests), nil
}
