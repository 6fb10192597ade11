package models

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"
)

// Hotels lists a mission's hotels by name.
func (s *Store) Hotels(ctx context.Context, missionID uint) ([]Hotel, error) {
	var out []Hotel
	err := s.DB(ctx).Where("mission_id = ?", missionID).Order("name, id").Find(&out).Error
	return out, notFound(err, "list hotels")
}

// Hotel loads one hotel of the mission.
func (s *Store) Hotel(ctx context.Context, missionID, id uint) (*Hotel, error) {
	var h Hotel
	err := s.DB(ctx).Where("mission_id = ?", missionID).First(&h, id).Error
	return &h, notFound(err, "load hotel")
}

// SaveHotel validates and creates (ID 0) or updates a hotel of the mission, with the location it owns:
// the location carries the hotel's name, address and city, so travel time to and from the hotel follows
// the mission's rules (and a change of city is guarded like any location's).
func (s *Store) SaveHotel(ctx context.Context, actor *User, h *Hotel) error {
	h.Normalise()
	if errs := h.Validate(); len(errs) > 0 {
		return errs
	}
	return s.WithTx(ctx, func(tx *Store) error {
		loc := Location{MissionID: h.MissionID, Name: h.Name, Address: h.Address, City: h.City}
		var before *Hotel
		if h.ID != 0 {
			var err error
			if before, err = tx.Hotel(ctx, h.MissionID, h.ID); err != nil {
				return err
			}
			l, err := tx.Location(ctx, h.MissionID, before.LocationID)
			if err != nil {
				return err
			}
			loc.ID, loc.ContactID, loc.CreatedAt = l.ID, l.ContactID, l.CreatedAt
		}
		if err := tx.SaveLocation(ctx, actor, &loc); err != nil {
			return err
		}
		h.LocationID = loc.ID
		now := time.Now().UTC()
		if before == nil {
			h.CreatedAt, h.UpdatedAt = now, now
			if err := tx.DB(ctx).Create(h).Error; err != nil {
				return fmt.Errorf("store: create hotel: %w", err)
			}
			return tx.Audit(ctx, actor, "create", "hotel", h.ID, &h.MissionID, nil, h)
		}
		h.CreatedAt, h.UpdatedAt = before.CreatedAt, now
		if err := tx.DB(ctx).Select("*").Omit("created_at").Save(h).Error; err != nil {
			return fmt.Errorf("store: update hotel %d: %w", h.ID, err)
		}
		return tx.Audit(ctx, actor, "update", "hotel", h.ID, &h.MissionID, before, h)
	})
}

// DeleteHotel removes a hotel and its location. It is refused while a delegate has a booking there, or
// (by DeleteLocation) while a meeting or programme item is held there.
func (s *Store) DeleteHotel(ctx context.Context, actor *User, missionID, id uint) error {
	return s.WithTx(ctx, func(tx *Store) error {
		var h Hotel
		err := tx.DB(ctx).Clauses(clause.Locking{Strength: "UPDATE"}).Where("mission_id = ?", missionID).First(&h, id).Error
		if err != nil {
			return notFound(err, "load hotel")
		}
		var n int64
		if err := tx.DB(ctx).Model(&HotelBooking{}).Where("hotel_id = ?", id).Count(&n).Error; err != nil {
			return fmt.Errorf("store: count bookings of hotel %d: %w", id, err)
		}
		if n > 0 {
			return Conflict("hotel", fmt.Sprintf("%s cannot be removed: %s. Move or remove them first", h.Name, plural(n, "a delegate is booked there", "delegates are booked there")))
		}
		if err := tx.DB(ctx).Delete(&Hotel{}, id).Error; err != nil {
			return fmt.Errorf("store: delete hotel %d: %w", id, err)
		}
		if err := tx.DeleteLocation(ctx, actor, missionID, h.LocationID); err != nil {
			return err
		}
		return tx.Audit(ctx, actor, "delete", "hotel", id, &missionID, h, nil)
	})
}

// HotelBookings lists the bookings at a mission's hotels.
func (s *Store) HotelBookings(ctx context.Context, missionID uint) ([]HotelBooking, error) {
	var out []HotelBooking
	err := s.DB(ctx).Where("hotel_id IN (?)", s.DB(ctx).Model(&Hotel{}).Select("id").Where("mission_id = ?", missionID)).
		Order("hotel_id, arrives_on, id").Find(&out).Error
	return out, notFound(err, "list hotel bookings")
}

// validateBooking checks a booking and that its hotel is one of the delegate's mission; errors are
// keyed prefix+field.
func (s *Store) validateBooking(ctx context.Context, missionID uint, b *HotelBooking, prefix string) (FieldErrors, error) {
	errs := FieldErrors{}
	for k, v := range b.Validate() {
		errs.Add(prefix+k, v)
	}
	if _, bad := errs[prefix+"hotel_id"]; !bad && b.HotelID != 0 {
		if _, err := s.Hotel(ctx, missionID, b.HotelID); errors.Is(err, ErrNotFound) {
			errs.Add(prefix+"hotel_id", "Select one of this mission's hotels")
		} else if err != nil {
			return nil, err
		}
	}
	return errs, nil
}

// setHotelBooking replaces the delegate's booking with b (nil removes it), in the caller's transaction.
func (s *Store) setHotelBooking(ctx context.Context, actor *User, d *Delegate, b *HotelBooking) error {
	var before HotelBooking
	err := s.DB(ctx).Where("delegate_id = ?", d.ID).First(&before).Error
	had := err == nil
	if err != nil && !errors.Is(err, gorm.ErrRecordNotFound) {
		return fmt.Errorf("store: load booking of delegate %d: %w", d.ID, err)
	}
	var unschedule []uint
	if b != nil && (!had || before.HotelID != b.HotelID || !before.ArrivesOn.Equal(b.ArrivesOn.Time) || !before.DepartsOn.Equal(b.DepartsOn.Time)) {
		// The day starts and ends at the hotel: a new hotel or new nights can break the firm's meetings.
		if unschedule, err = s.guardStay(ctx, d, b); err != nil {
			return err
		}
	}
	if had {
		if err := s.DB(ctx).Delete(&HotelBooking{}, before.ID).Error; err != nil {
			return fmt.Errorf("store: remove booking of delegate %d: %w", d.ID, err)
		}
	}
	var after any
	if b != nil {
		now := time.Now().UTC()
		nb := *b
		nb.ID, nb.DelegateID, nb.CreatedAt, nb.UpdatedAt = 0, d.ID, now, now
		if had {
			nb.CreatedAt = before.CreatedAt
		}
		if err := s.DB(ctx).Create(&nb).Error; err != nil {
			return fmt.Errorf("store: book a room for delegate %d: %w", d.ID, err)
		}
		*b, after = nb, &nb
	}
	d.HotelBooking = b
	var beforeV any
	if had {
		beforeV = &before
	} else if b == nil {
		return nil
	}
	if err := s.Audit(ctx, actor, "update", "hotel_booking", d.ID, &d.MissionID, beforeV, after); err != nil {
		return err
	}
	return s.UnscheduleMeetings(ctx, actor, d.MissionID, unschedule, false, "the hotel booking of "+d.FullName+" changed")
}

// guardStay is the timetable guard for giving delegate d booking b: the meetings it would newly break
// (see guardTimetable). A firm without scheduled meetings has none to break, and costs one query.
func (s *Store) guardStay(ctx context.Context, d *Delegate, b *HotelBooking) ([]uint, error) {
	var n int64
	if err := s.DB(ctx).Model(&Meeting{}).Where("registration_id = ? AND status = 'scheduled'", d.RegistrationID).Count(&n).Error; err != nil {
		return nil, fmt.Errorf("store: count meetings of registration %d: %w", d.RegistrationID, err)
	}
	if n == 0 {
		return nil, nil
	}
	h, err := s.Hotel(ctx, d.MissionID, b.HotelID)
	if err != nil {
		return nil, err
	}
	_, unschedule, err := s.guardTimetable(ctx, d.MissionID, func(book *MissionBook) {
		stays := book.Stays[:0:0]
		for _, st := range book.Stays {
			if st.DelegateID != d.ID {
				stays = append(stays, st)
			}
		}
		book.Stays = append(stays, HotelStay{RegistrationID: d.RegistrationID, DelegateID: d.ID, HotelID: h.ID, LocationID: h.LocationID,
			HotelName: h.Name, HotelCity: h.City, ArrivesOn: b.ArrivesOn, DepartsOn: b.DepartsOn})
	})
	return unschedule, err
}

// SaveTravelDocuments saves a delegate's travel documents, mobile abroad and emergency contact, and,
// when setBooking, their hotel booking (nil removes it): the readiness form of staff and of
// /my/documents. Booking errors are keyed hotel_booking.field.
func (s *Store) SaveTravelDocuments(ctx context.Context, actor *User, delegateID uint, docs TravelDocuments, booking *HotelBooking, setBooking bool) error {
	docs.Normalise()
	errs := docs.Validate()
	return s.WithTx(ctx, func(tx *Store) error {
		d, err := tx.Delegate(ctx, delegateID)
		if err != nil {
			return err
		}
		if setBooking && booking != nil {
			berrs, err := tx.validateBooking(ctx, d.MissionID, booking, "hotel_booking.")
			if err != nil {
				return err
			}
			for k, v := range berrs {
				errs.Add(k, v)
			}
		}
		if len(errs) > 0 {
			return errs
		}
		before := auditCopy(d)
		d.TravelDocuments = docs
		cols := docs.columns()
		cols["updated_at"] = time.Now().UTC()
		if err := tx.DB(ctx).Model(&Delegate{ID: d.ID}).Updates(cols).Error; err != nil {
			return fmt.Errorf("store: save travel documents of delegate %d: %w", d.ID, err)
		}
		if setBooking {
			if err := tx.setHotelBooking(ctx, actor, d, booking); err != nil {
				return err
			}
		}
		return tx.Audit(ctx, actor, "update", "delegate", d.ID, &d.MissionID, before, auditCopy(d))
	})
}

// UpdateDelegateAndBooking is UpdateDelegate and, when setBooking, the delegate's booking (nil removes
// it), in one transaction: the API's PATCH.
func (s *Store) UpdateDelegateAndBooking(ctx context.Context, actor *User, d *Delegate, segments []TravelSegment, booking *HotelBooking, setBooking bool) error {
	errs := validateDelegate(d, segments)
	if setBooking && booking != nil {
		berrs, err := s.validateBooking(ctx, d.MissionID, booking, "hotel_booking.")
		if err != nil {
			return err
		}
		for k, v := range berrs {
			errs.Add(k, v)
		}
	}
	if len(errs) > 0 {
		return errs
	}
	return s.WithTx(ctx, func(tx *Store) error {
		keep := d.HotelBooking
		if err := tx.UpdateDelegate(ctx, actor, d, segments); err != nil {
			return err
		}
		if !setBooking {
			d.HotelBooking = keep
			return nil
		}
		return tx.setHotelBooking(ctx, actor, d, booking)
	})
}

// RoomingNights labels a booking's nights for people: "Thu 11 Mar – Mon 15 Mar (4 nights)".
func RoomingNights(b *HotelBooking) string {
	n := b.Nights()
	word := "nights"
	if n == 1 {
		word = "night"
	}
	return strings.Join([]string{b.ArrivesOn.Label(), "–", b.DepartsOn.Label(), fmt.Sprintf("(%d %s)", n, word)}, " ")
}
