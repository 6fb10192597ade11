package models

import (
	"context"
	"fmt"
	"strings"
)

// Missions lists missions, newest start date first.
func (s *Store) Missions(ctx context.Context, p Page) ([]Mission, int64, error) {
	p = p.Normalise()
	var total int64
	if err := s.DB(ctx).Model(&Mission{}).Count(&total).Error; err != nil {
		return nil, 0, fmt.Errorf("store: count missions: %w", err)
	}
	var out []Mission
	err := s.DB(ctx).Order("start_date DESC, id DESC").Limit(p.PerPage).Offset(p.Offset()).Find(&out).Error
	return out, total, notFound(err, "list missions")
}

// Mission loads one mission.
func (s *Store) Mission(ctx context.Context, id uint) (*Mission, error) {
	var m Mission
	err := s.DB(ctx).First(&m, id).Error
	return &m, notFound(err, "load mission")
}

// CreateMission validates and saves a new mission.
func (s *Store) CreateMission(ctx context.Context, actor *User, m *Mission) error {
	m.trim()
	if errs := m.Validate(); len(errs) > 0 {
		return errs
	}
	return s.WithTx(ctx, func(tx *Store) error {
		if err := tx.DB(ctx).Create(m).Error; err != nil {
			return fmt.Errorf("store: create mission: %w", err)
		}
		return tx.Audit(ctx, actor, "create", "mission", m.ID, &m.ID, nil, m)
	})
}

// UpdateMission validates and saves every field of an existing mission.
func (s *Store) UpdateMission(ctx context.Context, actor *User, m *Mission) error {
	m.trim()
	if errs := m.Validate(); len(errs) > 0 {
		return errs
	}
	return s.WithTx(ctx, func(tx *Store) error {
		before, err := tx.Mission(ctx, m.ID)
		if err != nil {
			return err
		}
		m.CreatedAt = before.CreatedAt
		// The removal stamps belong to the retention job: a form read before it ran must not clear them.
		m.PersonalDataRemovedAt, m.NeedsRemovedAt = before.PersonalDataRemovedAt, before.NeedsRemovedAt
		if err := tx.DB(ctx).Select("*").Omit("created_at", "personal_data_removed_at", "needs_removed_at").Save(m).Error; err != nil {
			return fmt.Errorf("store: update mission %d: %w", m.ID, err)
		}
		return tx.Audit(ctx, actor, "update", "mission", m.ID, &m.ID, before, m)
	})
}

func (m *Mission) trim() {
	for _, p := range []*string{&m.Name, &m.DestinationCity, &m.DestinationCountry, &m.Timezone, &m.HomeTimezone, &m.Description, &m.Status, &m.DayStarts, &m.DayEnds} {
		*p = strings.TrimSpace(*p)
	}
	if m.Sectors == nil {
		m.Sectors = StringList{}
	}
	// Missions made before retention was configurable, or built without NewMission, get the defaults.
	if m.PersonalDataRetentionMonths == 0 {
		m.PersonalDataRetentionMonths = DefaultPersonalDataRetentionMonths
	}
	if m.NeedsRetentionDays == 0 {
		m.NeedsRetentionDays = DefaultNeedsRetentionDays
	}
}
