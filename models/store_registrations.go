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

// RegistrationFilter narrows and orders a mission's registrations.
type RegistrationFilter struct {
	Status string // one status, or "" for all
	Sector string // the firm's sector, or "" for all
	Query  string // part of the firm's name
	Sort   string // one of RegistrationSorts' codes; "" is by name
}

// RegistrationSorts are the orders the registrations list offers.
var RegistrationSorts = []Option{
	{"name", "Company name"}, {"newest", "Newest first"}, {"oldest", "Oldest first"},
	{"status", "Status"}, {"sector", "Sector"},
}

var registrationOrder = map[string]string{
	"name":   "LOWER(firms.company_name), registrations.id",
	"newest": "registrations.created_at DESC, registrations.id DESC",
	"oldest": "registrations.created_at, registrations.id",
	"status": "registrations.status, LOWER(firms.company_name), registrations.id",
	"sector": "firms.sector, LOWER(firms.company_name), registrations.id",
}

// Registrations lists a mission's registrations with their firms, filtered, sorted and a page at a
// time. Delegates are loaded too (two queries in all, whatever the page size).
func (s *Store) Registrations(ctx context.Context, missionID uint, f RegistrationFilter, p Page) ([]Registration, int64, error) {
	p = p.Normalise()
	q := s.DB(ctx).Model(&Registration{}).Joins("JOIN firms ON firms.id = registrations.firm_id").Where("registrations.mission_id = ?", missionID)
	if f.Status != "" {
		q = q.Where("registrations.status = ?", f.Status)
	}
	if f.Sector != "" {
		q = q.Where("firms.sector = ?", f.Sector)
	}
	if t := strings.TrimSpace(f.Query); t != "" {
		q = q.Where("LOWER(firms.company_name) LIKE ? ESCAPE '\\'", "%"+likeEscape(strings.ToLower(t))+"%")
	}
	var total int64
	if err := q.Session(&gorm.Session{}).Count(&total).Error; err != nil {
		return nil, 0, fmt.Errorf("store: count registrations: %w", err)
	}
	order, ok := registrationOrder[f.Sort]
	if !ok {
		order = registrationOrder["name"]
	}
	var out []Registration
	err := q.Preload("Firm").Preload("Delegates", func(db *gorm.DB) *gorm.DB { return db.Order("id") }).
		Order(order).Limit(p.PerPage).Offset(p.Offset()).Find(&out).Error
	return out, total, notFound(err, "list registrations")
}

// StatusCounts counts a mission's registrations in each status.
func (s *Store) StatusCounts(ctx context.Context, missionID uint) (map[string]int64, error) {
	var rows []struct {
		Status string
		N      int64
	}
	err := s.DB(ctx).Model(&Registration{}).Select("status, COUNT(*) AS n").Where("mission_id = ?", missionID).Group("status").Scan(&rows).Error
	if err != nil {
		return nil, fmt.Errorf("store: count registrations by status: %w", err)
	}
	out := map[string]int64{}
	for _, r := range rows {
		out[r.Status] = r.N
	}
	return out, nil
}

// Registration loads one registration with its firm, delegates and their travel.
func (s *Store) Registration(ctx context.Context, id uint) (*Registration, error) {
	var r Registration
	err := withRegistrationDetails(s.DB(ctx)).First(&r, id).Error
	return &r, notFound(err, "load registration")
}

// MissionRegistration loads a registration, as Registration does, only if it belongs to the mission.
func (s *Store) MissionRegistration(ctx context.Context, missionID, id uint) (*Registration, error) {
	var r Registration
	if err := withRegistrationDetails(s.DB(ctx)).Where("mission_id = ?", missionID).First(&r, id).Error; err != nil {
		return nil, notFound(err, "load registration")
	}
	return &r, nil
}

// withRegistrationDetails preloads a registration's firm, delegates and their travel.
func withRegistrationDetails(db *gorm.DB) *gorm.DB {
	return db.Preload("Firm").
		Preload("Delegates", func(db *gorm.DB) *gorm.DB { return db.Order("id") }).
		Preload("Delegates.TravelSegments", func(db *gorm.DB) *gorm.DB { return db.Order("departs_at, id") })
}

// RegistrationClosedMessage says why a mission takes no more registrations at now.
func RegistrationClosedMessage(m *Mission, now time.Time) string {
	if m.Status != "open" {
		return fmt.Sprintf("This mission is not open for registration (it is %s)", StatusWord(MissionStatuses, m.Status))
	}
	return "Registration for this mission closed on " + m.RegistrationCloses.Format("2 January 2006")
}

// RegisterFirm puts a firm on a mission as applied: an existing firm of the directory (firmID), or a
// new one (newFirm), which is added to the directory unless it duplicates a firm already there. A
// mission closed to registration at now is a conflict; invalid fields are field errors; a duplicate
// is a *DuplicateFirmError. The firm and the registration are saved together or not at all.
func (s *Store) RegisterFirm(ctx context.Context, actor *User, m *Mission, now time.Time, firmID uint, newFirm *Firm, reg *Registration) error {
	if !m.RegistrationOpen(now) {
		return Conflict("mission", RegistrationClosedMessage(m, now))
	}
	reg.Normalise()
	errs := reg.Validate()
	if firmID == 0 {
		if newFirm == nil {
			newFirm = &Firm{}
		}
		newFirm.Normalise()
		for k, v := range newFirm.Validate() {
			errs.Add(k, v)
		}
	}
	if len(errs) > 0 {
		return errs
	}
	return s.WithTx(ctx, func(tx *Store) error {
		return tx.registerFirm(ctx, actor, m, now, firmID, newFirm, reg)
	})
}

// registerFirm does RegisterFirm's work inside a transaction, on validated input.
func (s *Store) registerFirm(ctx context.Context, actor *User, m *Mission, now time.Time, firmID uint, newFirm *Firm, reg *Registration) error {
	var firm *Firm
	if firmID != 0 {
		f, err := s.Firm(ctx, firmID)
		if errors.Is(err, ErrNotFound) {
			return FieldErrors{"firm_id": "Select a firm that is in the directory"}
		}
		if err != nil {
			return err
		}
		firm = f
	} else {
		dup, err := s.DuplicateFirm(ctx, newFirm)
		if err != nil {
			return err
		}
		if dup != nil {
			existing, err := s.registrationOf(ctx, m.ID, dup.Existing.ID)
			if err != nil {
				return err
			}
			dup.Registration = existing
			return dup
		}
		if err := s.createFirm(ctx, actor, newFirm, &m.ID); err != nil {
			return err
		}
		firm = newFirm
	}
	existing, err := s.registrationOf(ctx, m.ID, firm.ID)
	if err != nil {
		return err
	}
	if existing != nil {
		return &DuplicateFirmError{Existing: firm, Registration: existing, Field: "firm_id"}
	}
	reg.ID = 0
	reg.MissionID, reg.FirmID, reg.Firm = m.ID, firm.ID, nil
	reg.Status = StatusApplied
	reg.StatusChangedAt = now.UTC()
	reg.Delegates = nil
	err = s.DB(ctx).Omit(clause.Associations).Create(reg).Error
	if errors.Is(err, gorm.ErrDuplicatedKey) {
		return FieldErrors{"firm_id": firm.CompanyName + " was registered for this mission a moment ago"}
	}
	if err != nil {
		return fmt.Errorf("store: create registration: %w", err)
	}
	reg.Firm = firm
	if err := s.Audit(ctx, actor, "create", "registration", reg.ID, &m.ID, nil, map[string]any{"status": reg.Status, "firm_id": firm.ID, "company_name": firm.CompanyName}); err != nil {
		return err
	}
	if s.hook != nil {
		return s.hook.RegistrationCreated(ctx, s, reg)
	}
	return nil
}

// registrationOf finds the firm's registration for the mission, or nil.
func (s *Store) registrationOf(ctx context.Context, missionID, firmID uint) (*Registration, error) {
	var r Registration
	err := s.DB(ctx).Where("mission_id = ? AND firm_id = ?", missionID, firmID).First(&r).Error
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("store: find registration of firm %d: %w", firmID, err)
	}
	return &r, nil
}

// UpdateRegistration saves a registration's own fields (objectives, target sectors, wants to meet).
func (s *Store) UpdateRegistration(ctx context.Context, actor *User, r *Registration) error {
	return s.ChangeRegistration(ctx, actor, r, true, nil, time.Now())
}

// ChangeRegistration saves r's own fields (when fields is true) and moves it to status through the
// workflow (when status is not nil) in one transaction: invalid fields or a refused move save nothing.
func (s *Store) ChangeRegistration(ctx context.Context, actor *User, r *Registration, fields bool, status *string, now time.Time) error {
	if fields {
		r.Normalise()
		if errs := r.Validate(); len(errs) > 0 {
			return errs
		}
	}
	return s.WithTx(ctx, func(tx *Store) error {
		// The status first: it locks the mission before any registration row, like every status change.
		if status != nil {
			if _, err := tx.setRegistrationStatus(ctx, actor, r.ID, *status, now); err != nil {
				return err
			}
		}
		if !fields {
			return nil
		}
		var before Registration
		if err := tx.DB(ctx).First(&before, r.ID).Error; err != nil {
			return notFound(err, "load registration")
		}
		err := tx.DB(ctx).Model(&Registration{ID: r.ID}).Updates(map[string]any{
			"objectives": r.Objectives, "target_sectors": r.TargetSectors, "wants_to_meet": r.WantsToMeet, "updated_at": time.Now().UTC(),
		}).Error
		if err != nil {
			return fmt.Errorf("store: update registration %d: %w", r.ID, err)
		}
		pick := func(x *Registration) map[string]any {
			return map[string]any{"objectives": x.Objectives, "target_sectors": x.TargetSectors, "wants_to_meet": x.WantsToMeet}
		}
		return tx.Audit(ctx, actor, "update", "registration", r.ID, &before.MissionID, pick(&before), pick(r))
	})
}

// GoingRegistrations lists the registrations of firms that are going (approved or confirmed), with
// their firms, oldest first.
func (s *Store) GoingRegistrations(ctx context.Context, missionID uint) ([]Registration, error) {
	var regs []Registration
	err := s.DB(ctx).Preload("Firm").Where("mission_id = ? AND status IN ?", missionID, ScheduledStatuses).Order("id").Find(&regs).Error
	return regs, notFound(err, "list going registrations")
}
