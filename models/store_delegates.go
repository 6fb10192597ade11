package models

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"time"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"
)

// Delegates lists a registration's delegates with their travel.
func (s *Store) Delegates(ctx context.Context, registrationID uint) ([]Delegate, error) {
	var out []Delegate
	err := s.DB(ctx).Preload("TravelSegments", func(db *gorm.DB) *gorm.DB { return db.Order("departs_at, id") }).Preload("HotelBooking").
		Where("registration_id = ?", registrationID).Order("id").Find(&out).Error
	return out, notFound(err, "list delegates")
}

// Delegate loads one delegate with their travel.
func (s *Store) Delegate(ctx context.Context, id uint) (*Delegate, error) {
	var d Delegate
	err := s.DB(ctx).Preload("TravelSegments", func(db *gorm.DB) *gorm.DB { return db.Order("departs_at, id") }).Preload("HotelBooking").First(&d, id).Error
	return &d, notFound(err, "load delegate")
}

// validateDelegate checks the delegate and, when given, the travel segments that come with it
// (errors keyed travel_segments[i].field).
func validateDelegate(d *Delegate, segments []TravelSegment) FieldErrors {
	d.Normalise()
	errs := d.Validate()
	if _, ok := errs["esta_expires"]; !ok {
		if msg, bad := d.TravelDocuments.Validate()["esta_expires"]; bad {
			errs.Add("esta_expires", msg)
		}
	}
	for i := range segments {
		segments[i].Normalise()
		for k, v := range segments[i].Validate() {
			errs.Add("travel_segments["+strconv.Itoa(i)+"]."+k, v)
		}
	}
	return errs
}

// AddDelegate adds a person to a registration, with travel segments if given. A registration holds at
// most the mission's max_delegates_per_firm delegates (the registration's row is locked while they are
// counted), and an email address is used once per mission; both are field errors.
func (s *Store) AddDelegate(ctx context.Context, actor *User, registrationID uint, d *Delegate, segments []TravelSegment) error {
	if errs := validateDelegate(d, segments); len(errs) > 0 {
		return errs
	}
	return s.WithTx(ctx, func(tx *Store) error {
		var r Registration
		if err := tx.DB(ctx).Clauses(clause.Locking{Strength: "UPDATE"}).First(&r, registrationID).Error; err != nil {
			return notFound(err, "lock registration")
		}
		m, err := tx.Mission(ctx, r.MissionID)
		if err != nil {
			return err
		}
		var n int64
		if err := tx.DB(ctx).Model(&Delegate{}).Where("registration_id = ?", r.ID).Count(&n).Error; err != nil {
			return fmt.Errorf("store: count delegates: %w", err)
		}
		if int(n) >= m.MaxDelegatesPerFirm {
			return FieldErrors{"registration": fmt.Sprintf("A firm can send at most %d delegates on this mission: remove one before adding another", m.MaxDelegatesPerFirm)}
		}
		booking := d.HotelBooking
		d.ID, d.RegistrationID, d.MissionID, d.TravelSegments, d.HotelBooking = 0, r.ID, r.MissionID, nil, nil
		if err := tx.DB(ctx).Create(d).Error; err != nil {
			return delegateSaveError(err, "create delegate")
		}
		if err := tx.replaceSegments(ctx, d, segments); err != nil {
			return err
		}
		if booking != nil {
			errs, err := tx.validateBooking(ctx, r.MissionID, booking, "hotel_booking.")
			if err != nil {
				return err
			}
			if len(errs) > 0 {
				return errs
			}
			if err := tx.setHotelBooking(ctx, actor, d, booking); err != nil {
				return err
			}
		}
		return tx.Audit(ctx, actor, "create", "delegate", d.ID, &d.MissionID, nil, auditCopy(d))
	})
}

// UpdateDelegate saves a delegate's fields; when segments is not nil the delegate's travel is replaced
// by it.
func (s *Store) UpdateDelegate(ctx context.Context, actor *User, d *Delegate, segments []TravelSegment) error {
	if errs := validateDelegate(d, segments); len(errs) > 0 {
		return errs
	}
	return s.WithTx(ctx, func(tx *Store) error {
		before, err := tx.Delegate(ctx, d.ID)
		if err != nil {
			return err
		}
		d.RegistrationID, d.MissionID, d.CreatedAt = before.RegistrationID, before.MissionID, before.CreatedAt
		d.UpdatedAt = time.Now().UTC()
		err = tx.DB(ctx).Model(&Delegate{ID: d.ID}).Updates(map[string]any{
			"full_name": d.FullName, "job_title": d.JobTitle, "email": d.Email, "phone": d.Phone,
			"dietary_requirements": d.DietaryRequirements, "access_needs": d.AccessNeeds, "updated_at": d.UpdatedAt,
		}).Error
		if err == nil {
			err = tx.DB(ctx).Model(&Delegate{ID: d.ID}).Updates(d.TravelDocuments.columns()).Error
		}
		if err != nil {
			return delegateSaveError(err, "update delegate")
		}
		d.TravelSegments = before.TravelSegments
		if segments != nil {
			if err := tx.replaceSegments(ctx, d, segments); err != nil {
				return err
			}
			// As Delegate loads them.
			slices.SortStableFunc(d.TravelSegments, func(a, b TravelSegment) int {
				if c := a.DepartsAt.Compare(b.DepartsAt); c != 0 {
					return c
				}
				return cmp.Compare(a.ID, b.ID)
			})
		}
		d.HotelBooking = before.HotelBooking
		return tx.Audit(ctx, actor, "update", "delegate", d.ID, &d.MissionID, auditCopy(before), auditCopy(d))
	})
}

// DeleteDelegate removes a delegate and their travel.
func (s *Store) DeleteDelegate(ctx context.Context, actor *User, id uint) error {
	return s.WithTx(ctx, func(tx *Store) error {
		d, err := tx.Delegate(ctx, id)
		if err != nil {
			return err
		}
		if err := tx.DB(ctx).Delete(&Delegate{}, id).Error; err != nil {
			return fmt.Errorf("store: delete delegate %d: %w", id, err)
		}
		return tx.Audit(ctx, actor, "delete", "delegate", id, &d.MissionID, auditCopy(d), nil)
	})
}

// delegateSaveError turns the UNIQUE (mission_id, email) violation into a field error. It is returned
// at once: on PostgreSQL the violation has aborted the transaction.
func delegateSaveError(err error, what string) error {
	if errors.Is(err, gorm.ErrDuplicatedKey) {
		return FieldErrors{"email": "Another delegate on this mission already has this email address: each delegate needs their own"}
	}
	return fmt.Errorf("store: %s: %w", what, err)
}

func (s *Store) replaceSegments(ctx context.Context, d *Delegate, segments []TravelSegment) error {
	if err := s.DB(ctx).Where("delegate_id = ?", d.ID).Delete(&TravelSegment{}).Error; err != nil {
		return fmt.Errorf("store: clear travel of delegate %d: %w", d.ID, err)
	}
	d.TravelSegments = nil
	for i := range segments {
		seg := segments[i]
		seg.ID, seg.DelegateID = 0, d.ID
		if err := s.DB(ctx).Create(&seg).Error; err != nil {
			return fmt.Errorf("store: save travel of delegate %d: %w", d.ID, err)
		}
		d.TravelSegments = append(d.TravelSegments, seg)
	}
	return nil
}

// TravelSegment loads one travel segment.
func (s *Store) TravelSegment(ctx context.Context, id uint) (*TravelSegment, error) {
	var seg TravelSegment
	err := s.DB(ctx).First(&seg, id).Error
	return &seg, notFound(err, "load travel segment")
}

// SaveTravelSegment validates and saves a new (ID 0) or changed travel segment of a delegate.
func (s *Store) SaveTravelSegment(ctx context.Context, actor *User, d *Delegate, seg *TravelSegment) error {
	seg.Normalise()
	if errs := seg.Validate(); len(errs) > 0 {
		return errs
	}
	seg.DelegateID = d.ID
	return s.WithTx(ctx, func(tx *Store) error {
		if seg.ID == 0 {
			if err := tx.DB(ctx).Create(seg).Error; err != nil {
				return fmt.Errorf("store: add travel segment: %w", err)
			}
			return tx.Audit(ctx, actor, "create", "travel_segment", seg.ID, &d.MissionID, nil, seg)
		}
		before, err := tx.TravelSegment(ctx, seg.ID)
		if err != nil {
			return err
		}
		if before.DelegateID != d.ID {
			return ErrNotFound
		}
		seg.CreatedAt = before.CreatedAt
		if err := tx.DB(ctx).Select("*").Omit("created_at").Save(seg).Error; err != nil {
			return fmt.Errorf("store: update travel segment %d: %w", seg.ID, err)
		}
		return tx.Audit(ctx, actor, "update", "travel_segment", seg.ID, &d.MissionID, before, seg)
	})
}

// DeleteTravelSegment removes one of a delegate's travel segments.
func (s *Store) DeleteTravelSegment(ctx context.Context, actor *User, d *Delegate, id uint) error {
	return s.WithTx(ctx, func(tx *Store) error {
		seg, err := tx.TravelSegment(ctx, id)
		if err != nil {
			return err
		}
		if seg.DelegateID != d.ID {
			return ErrNotFound
		}
		if err := tx.DB(ctx).Delete(&TravelSegment{}, id).Error; err != nil {
			return fmt.Errorf("store: delete travel segment %d: %w", id, err)
		}
		return tx.Audit(ctx, actor, "delete", "travel_segment", id, &d.MissionID, seg, nil)
	})
}

// auditCopy is the delegate as the audit log keeps it: without travel (audited apart) and booking,
// and with the passport's last 4 characters masked.
func auditCopy(d *Delegate) *Delegate {
	c := *d
	c.TravelSegments, c.HotelBooking = nil, nil
	c.TravelDocuments = c.TravelDocuments.Masked()
	return &c
}

// columns are the documents' columns and values, as the store writes them.
func (t TravelDocuments) columns() map[string]any {
	return map[string]any{
		"passport_nationality": t.PassportNationality, "passport_expires": t.PassportExpires, "passport_last4": t.PassportLast4,
		"esta_status": t.EstaStatus, "esta_expires": t.EstaExpires, "mobile_abroad": t.MobileAbroad,
		"emergency_contact_name": t.EmergencyContactName, "emergency_contact_relationship": t.EmergencyContactRelationship,
		"emergency_contact_phone": t.EmergencyContactPhone,
	}
}
