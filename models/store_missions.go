package models

import (
	"context"
	"fmt"
	"strings"
	"time"
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
		before, err := tx.LockMission(ctx, m.ID)
		if err != nil {
			return err
		}
		// A new time zone moves every meeting by the difference unless staff say meetings keep their
		// local times: ask first when the mission has anything with a time.
		keepLocal := false
		if before.Timezone != m.Timezone {
			switch timetableChoice(ctx).MeetingTimes {
			case MeetingTimesLocal:
				keepLocal = true
			case MeetingTimesInstant:
			default:
				var n int64
				if err := tx.DB(ctx).Model(&Meeting{}).Where("mission_id = ? AND starts_at IS NOT NULL", m.ID).Count(&n).Error; err != nil {
					return fmt.Errorf("store: count meetings of mission %d: %w", m.ID, err)
				}
				if n > 0 {
					return &BreaksMeetingsError{AskMeetingTimes: true}
				}
			}
		}
		oldZone := before.Zone()
		orig := map[uint]time.Time{}
		book, unschedule, err := tx.guardTimetable(ctx, m.ID, func(b *MissionBook) {
			cp := *m
			b.Mission = &cp
			for _, mt := range b.Meetings {
				if mt.StartsAt != nil {
					orig[mt.ID] = *mt.StartsAt
				}
			}
			if keepLocal {
				b.keepLocalTimes(oldZone, cp.Zone())
			}
		})
		if err != nil {
			return err
		}
		m.CreatedAt = before.CreatedAt
		// The removal stamps belong to the retention job: a form read before it ran must not clear them.
		m.PersonalDataRemovedAt, m.NeedsRemovedAt = before.PersonalDataRemovedAt, before.NeedsRemovedAt
		if err := tx.DB(ctx).Select("*").Omit("created_at", "personal_data_removed_at", "needs_removed_at").Save(m).Error; err != nil {
			return fmt.Errorf("store: update mission %d: %w", m.ID, err)
		}
		if err := tx.Audit(ctx, actor, "update", "mission", m.ID, &m.ID, before, m); err != nil {
			return err
		}
		// Unscheduled first, so the meetings that stay can move without passing over them.
		if err := tx.UnscheduleMeetings(ctx, actor, m.ID, unschedule, false, "the mission's dates, hours or time zone changed"); err != nil {
			return err
		}
		if keepLocal {
			return tx.saveShiftedTimes(ctx, actor, book, orig, unschedule, oldZone)
		}
		return nil
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
	// Left blank, the follow-up months are the default; typed, they are kept as "3,6" however spaced.
	if m.FollowUpMonths = strings.TrimSpace(m.FollowUpMonths); m.FollowUpMonths == "" {
		m.FollowUpMonths = DefaultFollowUpMonths
	} else if months, err := ParseFollowUpMonths(m.FollowUpMonths); err == nil {
		m.FollowUpMonths = JoinFollowUpMonths(months)
	}
}
