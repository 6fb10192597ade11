package models

import (
	"context"
	"errors"
	"fmt"
	"time"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"
)

// StatusChange is what a status request did.
type StatusChange struct {
	StatusDecision
	Registration *Registration // after the change, with its firm
	Promoted     *Registration // the wait-listed registration moved up into the freed seat, if any
	Taken        int           // seats taken after the change
	Capacity     int
}

// Message is a one-line summary for people.
func (c *StatusChange) Message() string {
	name := c.Registration.Firm.CompanyName
	var msg string
	switch {
	case c.Full && c.From == StatusWaitlisted:
		msg = fmt.Sprintf("The mission is full (%d of %d places taken), so %s stays on the wait list", c.Taken, c.Capacity, name)
	case c.Full:
		msg = FullMessage(name, c.Taken, c.Capacity)
	case !c.Changed():
		msg = fmt.Sprintf("%s is already %s", name, StatusWord(RegistrationStatuses, c.To))
	default:
		msg = fmt.Sprintf("%s is now %s", name, StatusWord(RegistrationStatuses, c.To))
	}
	if c.Promoted != nil {
		msg += fmt.Sprintf(". %s has moved up from the wait list and is now approved", c.Promoted.Firm.CompanyName)
	}
	return msg
}

// SetRegistrationStatus moves a registration through the workflow (see DecideStatus). Capacity holds
// under concurrent requests: the mission's row is locked (FOR UPDATE on PostgreSQL; on SQLite the
// immediate transaction is the lock) before the seats are counted, so two approvals of the last seat
// queue and the second is wait-listed. When a change gives up a seat, the registration wait-listed
// longest is approved in the same transaction. Every change is written to the audit log.
func (s *Store) SetRegistrationStatus(ctx context.Context, actor *User, id uint, requested string, now time.Time) (*StatusChange, error) {
	var change *StatusChange
	err := s.WithTx(ctx, func(tx *Store) error {
		var err error
		change, err = tx.setRegistrationStatus(ctx, actor, id, requested, now)
		return err
	})
	return change, err
}

func (s *Store) setRegistrationStatus(ctx context.Context, actor *User, id uint, requested string, now time.Time) (*StatusChange, error) {
	var missionID uint
	if err := s.DB(ctx).Model(&Registration{}).Where("id = ?", id).Pluck("mission_id", &missionID).Error; err != nil {
		return nil, fmt.Errorf("store: find registration %d: %w", id, err)
	}
	if missionID == 0 {
		return nil, ErrNotFound
	}
	m, err := s.LockMission(ctx, missionID)
	if err != nil {
		return nil, err
	}
	var r Registration
	if err := s.DB(ctx).Preload("Firm").First(&r, id).Error; err != nil {
		return nil, notFound(err, "load registration")
	}
	taken, err := s.seatsTaken(ctx, m.ID)
	if err != nil {
		return nil, err
	}
	d, err := DecideStatus(r.Status, requested, taken, m.MaxFirms)
	if err != nil {
		return nil, err
	}
	change := &StatusChange{StatusDecision: d, Registration: &r, Capacity: m.MaxFirms}
	var cancel []uint
	if d.Changed() && !CanMeet(d.To) && r.CanMeet() {
		// A firm leaving the mission (withdrawn, rejected, wait-listed) keeps no scheduled meeting:
		// staff see them and choose before anything changes.
		if cancel, err = s.scheduledMeetingsOf(ctx, m, r.ID); err != nil {
			return nil, err
		}
	}
	if d.Changed() {
		if err := s.writeStatus(ctx, actor, &r, d.To, now, map[string]any{"requested": d.Requested, "full": d.Full}); err != nil {
			return nil, err
		}
		if HoldsSeat(d.To) && !HoldsSeat(d.From) {
			taken++
		}
		if d.FreesSeat {
			taken--
		}
	}
	if d.FreesSeat && taken < m.MaxFirms {
		var next Registration
		err := s.DB(ctx).Preload("Firm").Where("mission_id = ? AND status = ?", m.ID, StatusWaitlisted).Order("status_changed_at, id").First(&next).Error
		switch {
		case err == nil:
			reason := fmt.Sprintf("a seat was freed when %s became %s", r.Firm.CompanyName, d.To)
			if err := s.writeStatus(ctx, actor, &next, StatusApproved, now, map[string]any{"promoted": true, "reason": reason, "freed_by": r.ID}); err != nil {
				return nil, err
			}
			change.Promoted = &next
			taken++
		case !errors.Is(err, gorm.ErrRecordNotFound):
			return nil, fmt.Errorf("store: find the wait list: %w", err)
		}
	}
	change.Taken = taken
	reason := fmt.Sprintf("%s became %s", r.Firm.CompanyName, StatusWord(RegistrationStatuses, d.To))
	if err := s.UnscheduleMeetings(ctx, actor, m.ID, cancel, true, reason); err != nil {
		return nil, err
	}
	return change, nil
}

// scheduledMeetingsOf returns the ids of a registration's scheduled meetings, or, unless staff chose
// to go ahead, a *BreaksMeetingsError listing them to be cancelled.
func (s *Store) scheduledMeetingsOf(ctx context.Context, m *Mission, regID uint) ([]uint, error) {
	var n int64
	if err := s.DB(ctx).Model(&Meeting{}).Where("registration_id = ? AND status = 'scheduled'", regID).Count(&n).Error; err != nil {
		return nil, fmt.Errorf("store: count meetings of registration %d: %w", regID, err)
	}
	if n == 0 {
		return nil, nil
	}
	book, err := s.LoadMissionBook(ctx, m)
	if err != nil {
		return nil, err
	}
	var ids []uint
	var affected []Breach
	for i := range book.Meetings {
		mt := &book.Meetings[i]
		if mt.RegistrationID == regID && mt.Status == MeetingScheduled && mt.StartsAt != nil && mt.EndsAt != nil {
			ids = append(ids, mt.ID)
			bk := book.BookingOf(mt)
			affected = append(affected, Breach{MeetingID: mt.ID, RegistrationID: regID, Label: bk.Label, Span: bk.Span,
				Clashes: []Clash{{Message: "Cancelled: " + book.FirmName(regID) + " is leaving the mission"}}})
		}
	}
	if ch := timetableChoice(ctx); !ch.UnscheduleConflicts || !ch.covers(affected) {
		return nil, &BreaksMeetingsError{Meetings: book.affected(affected), Cancel: true}
	}
	return ids, nil
}

// writeStatus saves a new status and audits it, with extra facts in the "after" record.
func (s *Store) writeStatus(ctx context.Context, actor *User, r *Registration, to string, now time.Time, extra map[string]any) error {
	from := r.Status
	err := s.DB(ctx).Model(&Registration{ID: r.ID}).Updates(map[string]any{"status": to, "status_changed_at": now.UTC(), "updated_at": time.Now().UTC()}).Error
	if err != nil {
		return fmt.Errorf("store: set status of registration %d: %w", r.ID, err)
	}
	r.Status, r.StatusChangedAt = to, now.UTC()
	after := map[string]any{"status": to}
	for k, v := range extra {
		if v != false && v != "" {
			after[k] = v
		}
	}
	action := "status"
	if extra["promoted"] == true {
		action = "promote"
	}
	if err := s.Audit(ctx, actor, action, "registration", r.ID, &r.MissionID, map[string]any{"status": from}, after); err != nil {
		return err
	}
	if s.hook != nil {
		return s.hook.RegistrationStatusChanged(ctx, s, r, from, action == "promote")
	}
	return nil
}

// LockMission loads a mission and holds its row until the transaction ends, serialising capacity
// decisions for that mission.
func (s *Store) LockMission(ctx context.Context, id uint) (*Mission, error) {
	var m Mission
	err := s.DB(ctx).Clauses(clause.Locking{Strength: "UPDATE"}).First(&m, id).Error
	return &m, notFound(err, "lock mission")
}

// seatsTaken counts a mission's approved and confirmed registrations.
func (s *Store) seatsTaken(ctx context.Context, missionID uint) (int, error) {
	var n int64
	err := s.DB(ctx).Model(&Registration{}).Where("mission_id = ? AND status IN ?", missionID, seatStatuses).Count(&n).Error
	if err != nil {
		return 0, fmt.Errorf("store: count seats taken: %w", err)
	}
	return int(n), nil
}
