package models

import (
	"context"
	"fmt"
	"sort"
	"strings"
	"time"
)

// ProgrammeItems lists a mission's group programme in time order, each with the registrations
// chosen to attend (none when all attend). Two queries, whatever the size.
func (s *Store) ProgrammeItems(ctx context.Context, missionID uint) ([]ProgrammeItem, error) {
	var items []ProgrammeItem
	if err := s.DB(ctx).Where("mission_id = ?", missionID).Order("starts_at, id").Find(&items).Error; err != nil {
		return nil, fmt.Errorf("store: list programme: %w", err)
	}
	var att []ProgrammeAttendee
	err := s.DB(ctx).Model(&ProgrammeAttendee{}).
		Joins("JOIN programme_items ON programme_items.id = programme_attendees.programme_item_id").
		Where("programme_items.mission_id = ?", missionID).
		Order("programme_attendees.registration_id").Find(&att).Error
	if err != nil {
		return nil, fmt.Errorf("store: list programme attendees: %w", err)
	}
	byItem := map[uint][]uint{}
	for _, a := range att {
		byItem[a.ProgrammeItemID] = append(byItem[a.ProgrammeItemID], a.RegistrationID)
	}
	for i := range items {
		items[i].RegistrationIDs = byItem[items[i].ID]
	}
	return items, nil
}

// ProgrammeItem loads one programme item of a mission with its chosen attendees.
func (s *Store) ProgrammeItem(ctx context.Context, missionID, id uint) (*ProgrammeItem, error) {
	var p ProgrammeItem
	if err := s.DB(ctx).Where("mission_id = ?", missionID).First(&p, id).Error; err != nil {
		return nil, notFound(err, "load programme item")
	}
	if err := s.DB(ctx).Model(&ProgrammeAttendee{}).Where("programme_item_id = ?", id).Order("registration_id").Pluck("registration_id", &p.RegistrationIDs).Error; err != nil {
		return nil, fmt.Errorf("store: load programme attendees: %w", err)
	}
	return &p, nil
}

// Validate checks a programme item against its mission: fields, times within the mission's days.
func (p *ProgrammeItem) Validate(m *Mission) FieldErrors {
	errs := Validate(p)
	if p.StartsAt.IsZero() {
		errs.Add("starts_at", "Enter when the item starts")
	}
	if p.EndsAt.IsZero() {
		errs.Add("ends_at", "Enter when the item ends")
	}
	if !p.StartsAt.IsZero() && !p.EndsAt.IsZero() {
		if !p.EndsAt.After(p.StartsAt) {
			errs.Add("ends_at", "Enter an end time that is after the start time")
		} else if p.EndsAt.Sub(p.StartsAt) > 24*time.Hour {
			errs.Add("ends_at", "A programme item can last at most 24 hours")
		}
		if !onMissionDay(m, p.StartsAt) {
			errs.Add("starts_at", fmt.Sprintf("Enter a date during the mission, %s to %s", m.StartDate.Label(), m.EndDate.Label()))
		}
	}
	if !p.AllRegistrations && len(p.RegistrationIDs) == 0 {
		errs.Add("registration_ids", "Select the firms attending, or choose all firms")
	}
	return errs
}

// onMissionDay reports whether t falls on one of the mission's days, in its time zone.
func onMissionDay(m *Mission, t time.Time) bool {
	d := DateIn(t, m.Zone())
	return !d.Before(m.StartDate.Time) && !d.After(m.EndDate.Time)
}

// SaveProgrammeItem validates and creates (ID 0) or updates a programme item with its attendees.
// Chosen registrations and the location must belong to the mission.
func (s *Store) SaveProgrammeItem(ctx context.Context, actor *User, m *Mission, p *ProgrammeItem) error {
	p.Title, p.Description = strings.TrimSpace(p.Title), strings.TrimSpace(p.Description)
	p.MissionID = m.ID
	p.StartsAt, p.EndsAt = p.StartsAt.UTC(), p.EndsAt.UTC()
	if p.LocationID != nil && *p.LocationID == 0 {
		p.LocationID = nil
	}
	if p.AllRegistrations {
		p.RegistrationIDs = nil
	}
	p.RegistrationIDs = uniqueIDs(p.RegistrationIDs)
	errs := p.Validate(m)
	if err := s.checkMissionRefs(ctx, m.ID, p.LocationID, p.RegistrationIDs, errs); err != nil {
		return err
	}
	if len(errs) > 0 {
		return errs
	}
	return s.WithTx(ctx, func(tx *Store) error {
		_, unschedule, err := tx.guardTimetable(ctx, m.ID, func(b *MissionBook) { b.putProgrammeItem(*p) })
		if err != nil {
			return err
		}
		var before *ProgrammeItem
		if p.ID == 0 {
			if err := tx.DB(ctx).Create(p).Error; err != nil {
				return fmt.Errorf("store: create programme item: %w", err)
			}
		} else {
			var err error
			if before, err = tx.ProgrammeItem(ctx, m.ID, p.ID); err != nil {
				return err
			}
			p.CreatedAt = before.CreatedAt
			if err := tx.DB(ctx).Select("*").Omit("created_at").Save(p).Error; err != nil {
				return fmt.Errorf("store: update programme item %d: %w", p.ID, err)
			}
			if err := tx.DB(ctx).Where("programme_item_id = ?", p.ID).Delete(&ProgrammeAttendee{}).Error; err != nil {
				return fmt.Errorf("store: clear programme attendees: %w", err)
			}
		}
		if len(p.RegistrationIDs) > 0 {
			rows := make([]ProgrammeAttendee, len(p.RegistrationIDs))
			for i, id := range p.RegistrationIDs {
				rows[i] = ProgrammeAttendee{ProgrammeItemID: p.ID, RegistrationID: id}
			}
			if err := tx.DB(ctx).Create(&rows).Error; err != nil {
				return fmt.Errorf("store: save programme attendees: %w", err)
			}
		}
		action := "create"
		if before != nil {
			action = "update"
		}
		if err := tx.Audit(ctx, actor, action, "programme_item", p.ID, &m.ID, before, p); err != nil {
			return err
		}
		return tx.UnscheduleMeetings(ctx, actor, m.ID, unschedule, false, "the programme item "+p.Title+" was "+action+"d over it")
	})
}

// DeleteProgrammeItem removes a programme item.
func (s *Store) DeleteProgrammeItem(ctx context.Context, actor *User, missionID, id uint) error {
	return s.WithTx(ctx, func(tx *Store) error {
		before, err := tx.ProgrammeItem(ctx, missionID, id)
		if err != nil {
			return err
		}
		if err := tx.DB(ctx).Where("programme_item_id = ?", id).Delete(&ProgrammeAttendee{}).Error; err != nil {
			return fmt.Errorf("store: delete programme attendees: %w", err)
		}
		if err := tx.DB(ctx).Delete(&ProgrammeItem{}, id).Error; err != nil {
			return fmt.Errorf("store: delete programme item %d: %w", id, err)
		}
		return tx.Audit(ctx, actor, "delete", "programme_item", id, &missionID, before, nil)
	})
}

// checkMissionRefs reports a location or registrations that are not the mission's.
func (s *Store) checkMissionRefs(ctx context.Context, missionID uint, locationID *uint, regIDs []uint, errs FieldErrors) error {
	if locationID != nil {
		var n int64
		if err := s.DB(ctx).Model(&Location{}).Where("mission_id = ? AND id = ?", missionID, *locationID).Count(&n).Error; err != nil {
			return fmt.Errorf("store: check location: %w", err)
		}
		if n == 0 {
			errs.Add("location_id", "Select a location of this mission")
		}
	}
	if len(regIDs) > 0 {
		var n int64
		if err := s.DB(ctx).Model(&Registration{}).Where("mission_id = ? AND id IN ?", missionID, regIDs).Count(&n).Error; err != nil {
			return fmt.Errorf("store: check registrations: %w", err)
		}
		if int(n) != len(regIDs) {
			errs.Add("registration_ids", "Select firms registered on this mission")
		}
	}
	return nil
}

func uniqueIDs(ids []uint) []uint {
	seen := map[uint]bool{}
	out := []uint{}
	for _, id := range ids {
		if id != 0 && !seen[id] {
			seen[id] = true
			out = append(out, id)
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i] < out[j] })
	if len(out) == 0 {
		return nil
	}
	return out
}
