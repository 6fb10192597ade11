package models

import (
	"context"
	"errors"
	"fmt"
	"time"

	"gorm.io/gorm"
)

// MeetingOutcomes loads both outcome records of a meeting.
func (s *Store) MeetingOutcomes(ctx context.Context, meetingID uint) (MeetingOutcomes, error) {
	var rows []MeetingOutcome
	if err := s.DB(ctx).Where("meeting_id = ?", meetingID).Find(&rows).Error; err != nil {
		return MeetingOutcomes{}, fmt.Errorf("store: load outcomes of meeting %d: %w", meetingID, err)
	}
	return outcomesOf(rows)[meetingID], nil
}

// MissionOutcomes loads the outcome records of every meeting of a mission, by meeting id.
func (s *Store) MissionOutcomes(ctx context.Context, missionID uint) (map[uint]MeetingOutcomes, error) {
	var rows []MeetingOutcome
	err := s.DB(ctx).Where("meeting_id IN (SELECT id FROM meetings WHERE mission_id = ?)", missionID).Order("id").Find(&rows).Error
	if err != nil {
		return nil, fmt.Errorf("store: load outcomes of mission %d: %w", missionID, err)
	}
	return outcomesOf(rows), nil
}

func outcomesOf(rows []MeetingOutcome) map[uint]MeetingOutcomes {
	out := map[uint]MeetingOutcomes{}
	for i := range rows {
		o := &rows[i]
		r := out[o.MeetingID]
		if o.Source == OutcomeByStaff {
			r.Staff = o
		} else {
			r.Delegate = o
		}
		out[o.MeetingID] = r
	}
	return out
}

// RecordOutcome saves source's record of the outcome of meeting meetingID of mission missionID (a
// delegate's or staff's), replacing that source's earlier record and leaving the other's as it is.
// The meeting must be scheduled and have started by now; the write is audited with who recorded it.
func (s *Store) RecordOutcome(ctx context.Context, actor *User, missionID, meetingID uint, source string, in OutcomeInput, now time.Time) (*MeetingOutcome, error) {
	if source != OutcomeByDelegate && source != OutcomeByStaff {
		return nil, fmt.Errorf("store: record outcome: unknown source %q", source)
	}
	o, errs := in.Outcome()
	if len(errs) > 0 {
		return nil, errs
	}
	err := s.WithTx(ctx, func(tx *Store) error {
		// The mission's lock orders this write with every other change to the mission's meetings.
		if _, err := tx.LockMission(ctx, missionID); err != nil {
			return err
		}
		mt, err := tx.Meeting(ctx, meetingID)
		if err != nil {
			return err
		}
		if mt.MissionID != missionID {
			return ErrNotFound
		}
		if !OutcomeOpen(mt, now) {
			if mt.Status != MeetingScheduled {
				return Conflict("attendance", "Only a scheduled meeting has an outcome: this one is "+Label(MeetingStatuses, mt.Status))
			}
			return Conflict("attendance", "This meeting has not started yet: record its outcome once it has")
		}
		var before *MeetingOutcome
		var cur MeetingOutcome
		err = tx.DB(ctx).Where("meeting_id = ? AND source = ?", meetingID, source).First(&cur).Error
		switch {
		case err == nil:
			before = &cur
		case !errors.Is(err, gorm.ErrRecordNotFound):
			return fmt.Errorf("store: load outcome of meeting %d: %w", meetingID, err)
		}
		o.MeetingID, o.Source, o.RecordedAt = meetingID, source, now.UTC()
		if actor != nil {
			o.RecordedBy, o.RecordedByName = &actor.ID, actor.Name
			if o.RecordedByName == "" {
				o.RecordedByName = actor.Email
			}
		}
		if before != nil {
			o.ID = before.ID
			err = tx.DB(ctx).Select("*").Omit("id", "meeting_id", "source").Updates(o).Error
		} else {
			err = tx.DB(ctx).Omit("id").Create(o).Error
		}
		if err != nil {
			return fmt.Errorf("store: save outcome of meeting %d: %w", meetingID, err)
		}
		action := "record outcome"
		if source == OutcomeByStaff {
			if others, _ := tx.MeetingOutcomes(ctx, meetingID); others.Delegate != nil || before != nil {
				action = "correct outcome"
			}
		}
		return tx.Audit(ctx, actor, action, "meeting", meetingID, &missionID, before, o)
	})
	if err != nil {
		return nil, err
	}
	return o, nil
}

// OutcomeDue is a meeting that has started but has no outcome recorded by anyone yet.
type OutcomeDue struct {
	ID       uint
	StartsAt time.Time
	Firm     string
	Contact  string
}

// MeetingsAwaitingOutcome lists a mission's scheduled meetings that started before now and have no
// outcome yet, oldest first.
func (s *Store) MeetingsAwaitingOutcome(ctx context.Context, missionID uint, now time.Time) ([]OutcomeDue, error) {
	var out []OutcomeDue
	err := s.DB(ctx).Table("meetings").
		Select("meetings.id, meetings.starts_at, firms.company_name AS firm, contacts.full_name AS contact").
		Joins("JOIN registrations ON registrations.id = meetings.registration_id").
		Joins("JOIN firms ON firms.id = registrations.firm_id").
		Joins("JOIN contacts ON contacts.id = meetings.contact_id").
		Where("meetings.mission_id = ? AND meetings.status = 'scheduled' AND meetings.starts_at <= ?", missionID, now.UTC()).
		Where("NOT EXISTS (SELECT 1 FROM meeting_outcomes WHERE meeting_outcomes.meeting_id = meetings.id)").
		Order("meetings.starts_at, meetings.id").Scan(&out).Error
	if err != nil {
		return nil, fmt.Errorf("store: meetings awaiting an outcome in mission %d: %w", missionID, err)
	}
	return out, nil
}

// CountMeetingsAwaitingOutcome counts a mission's scheduled meetings that started before now and
// have no outcome yet (the mission page's count).
func (s *Store) CountMeetingsAwaitingOutcome(ctx context.Context, missionID uint, now time.Time) (int, error) {
	var n int64
	err := s.DB(ctx).Model(&Meeting{}).Where("mission_id = ? AND status = 'scheduled' AND starts_at <= ?", missionID, now.UTC()).
		Where("NOT EXISTS (SELECT 1 FROM meeting_outcomes WHERE meeting_outcomes.meeting_id = meetings.id)").Count(&n).Error
	if err != nil {
		return 0, fmt.Errorf("store: count meetings awaiting an outcome in mission %d: %w", missionID, err)
	}
	return int(n), nil
}

// RegistrationOutcomeIDs lists the meetings of a registration that have an outcome recorded by anyone.
func (s *Store) RegistrationOutcomeIDs(ctx context.Context, regID uint) (map[uint]bool, error) {
	var ids []uint
	err := s.DB(ctx).Model(&MeetingOutcome{}).Distinct("meeting_id").
		Where("meeting_id IN (SELECT id FROM meetings WHERE registration_id = ?)", regID).Pluck("meeting_id", &ids).Error
	if err != nil {
		return nil, fmt.Errorf("store: outcomes of registration %d: %w", regID, err)
	}
	out := make(map[uint]bool, len(ids))
	for _, id := range ids {
		out[id] = true
	}
	return out, nil
}

// RegistrationMeeting loads a meeting of registration regID (a delegate's own firm); any other
// meeting is not found, so a delegate of another firm cannot tell it exists.
func (s *Store) RegistrationMeeting(ctx context.Context, regID, meetingID uint) (*Meeting, error) {
	mt, err := s.Meeting(ctx, meetingID)
	if err != nil {
		return nil, err
	}
	if mt.RegistrationID != regID {
		return nil, ErrNotFound
	}
	return mt, nil
}
