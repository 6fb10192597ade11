package models

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/jackc/pgx/v5/pgconn"
)

// Meeting loads one meeting with its delegates.
func (s *Store) Meeting(ctx context.Context, id uint) (*Meeting, error) {
	var mt Meeting
	if err := s.DB(ctx).First(&mt, id).Error; err != nil {
		return nil, notFound(err, "load meeting")
	}
	if err := s.DB(ctx).Model(&MeetingDelegate{}).Where("meeting_id = ?", id).Order("delegate_id").Pluck("delegate_id", &mt.DelegateIDs).Error; err != nil {
		return nil, fmt.Errorf("store: load delegates of meeting %d: %w", id, err)
	}
	return &mt, nil
}

// SaveMeeting creates a meeting of mission missionID after checking it against every rule (an
// existing meeting is changed with UpdateMeeting). A scheduled meeting must have StartsAt; its end is
// StartsAt + Minutes. A request has no time. The check and the write happen in one transaction
// holding the mission row's lock (PostgreSQL; SQLite's immediate transaction serialises writers
// anyway), and PostgreSQL's exclusion constraints back it up: a clash is always a *ConflictError,
// never a database error.
func (s *Store) SaveMeeting(ctx context.Context, actor *User, missionID uint, mt *Meeting) error {
	if mt.ID != 0 {
		return fmt.Errorf("store: save meeting %d: an existing meeting is changed with UpdateMeeting", mt.ID)
	}
	return s.saveMeeting(ctx, actor, missionID, mt, nil)
}

// UpdateMeeting applies edit to meeting id of mission missionID as it is now, read under the
// mission's lock, and saves the result after the same checks as SaveMeeting: a change made since the
// caller last read the meeting (a lock, notes) is kept, not undone. Edit may leave Status empty to let
// the rules choose it (see checkMeeting), or return ErrUnchanged to save nothing. Any change to a
// meeting's time, place or status bumps its Sequence (for calendar feeds).
func (s *Store) UpdateMeeting(ctx context.Context, actor *User, missionID, id uint, edit func(mt *Meeting) error) (*Meeting, error) {
	mt := &Meeting{ID: id}
	if err := s.saveMeeting(ctx, actor, missionID, mt, edit); err != nil {
		return nil, err
	}
	return mt, nil
}

// ErrUnchanged is returned by an UpdateMeeting edit that has nothing to change.
var ErrUnchanged = errors.New("store: nothing to change")

// meetingColumns are the columns an update writes: everything but the id, the mission and created_at.
var meetingColumns = []string{"registration_id", "contact_id", "starts_at", "ends_at", "minutes", "location_id", "status",
	"priority", "locked", "notes", "staff_notes", "sequence", "updated_at"}

func (s *Store) saveMeeting(ctx context.Context, actor *User, missionID uint, mt *Meeting, edit func(mt *Meeting) error) error {
	err := s.WithTx(ctx, func(tx *Store) error {
		m, err := tx.LockMission(ctx, missionID)
		if err != nil {
			return err
		}
		var before *Meeting
		if edit != nil {
			cur, err := tx.Meeting(ctx, mt.ID)
			if err != nil {
				return err
			}
			if cur.MissionID != missionID {
				return ErrNotFound
			}
			cp := *cur
			cp.DelegateIDs = append([]uint(nil), cur.DelegateIDs...)
			before = &cp
			err = edit(cur)
			*mt = *cur
			if errors.Is(err, ErrUnchanged) {
				*mt = *before
				return nil
			}
			if err != nil {
				return err
			}
		}
		book, err := tx.LoadBookingBook(ctx, m, ScopeOf(mt))
		if err != nil {
			return err
		}
		if err := book.checkMeeting(mt, before); err != nil {
			return err
		}
		now := time.Now().UTC()
		mt.MissionID = m.ID
		mt.UpdatedAt = now
		if before == nil {
			mt.CreatedAt = now
			if err := tx.DB(ctx).Omit("id").Create(mt).Error; err != nil {
				return fmt.Errorf("store: create meeting: %w", err)
			}
		} else {
			mt.CreatedAt = before.CreatedAt
			// Calendar entries carry the attendees, so a change of delegates is a change too.
			if meetingMoved(before, mt) || !slices.Equal(before.DelegateIDs, mt.DelegateIDs) {
				mt.Sequence = before.Sequence + 1
			} else {
				mt.Sequence = before.Sequence
			}
			if err := tx.DB(ctx).Model(&Meeting{ID: mt.ID}).Select(meetingColumns).Updates(mt).Error; err != nil {
				return fmt.Errorf("store: update meeting %d: %w", mt.ID, err)
			}
			if err := tx.DB(ctx).Where("meeting_id = ?", mt.ID).Delete(&MeetingDelegate{}).Error; err != nil {
				return fmt.Errorf("store: clear delegates of meeting %d: %w", mt.ID, err)
			}
		}
		if len(mt.DelegateIDs) > 0 {
			rows := make([]MeetingDelegate, len(mt.DelegateIDs))
			for i, d := range mt.DelegateIDs {
				rows[i] = MeetingDelegate{MeetingID: mt.ID, DelegateID: d}
			}
			if err := tx.DB(ctx).Create(&rows).Error; err != nil {
				return fmt.Errorf("store: save delegates of meeting %d: %w", mt.ID, err)
			}
		}
		if err := tx.Audit(ctx, actor, meetingAction(before, mt), "meeting", mt.ID, &m.ID, before, mt); err != nil {
			return err
		}
		if tx.hook != nil {
			after := *mt
			return tx.hook.MeetingsChanged(ctx, tx, m, []MeetingChange{{Before: before, After: &after}})
		}
		return nil
	})
	if IsExclusionViolation(err) {
		return Conflict("starts_at", "Another meeting of this firm or contact was booked for an overlapping time a moment ago: choose another time")
	}
	return err
}

func meetingAction(before, after *Meeting) string {
	switch {
	case before == nil && after.Status == MeetingRequested:
		return "request"
	case before == nil:
		return "book"
	case after.Status == MeetingCancelled && before.Status != MeetingCancelled:
		return "cancel"
	case after.Status == MeetingDeclined && before.Status != MeetingDeclined:
		return "decline"
	case meetingMoved(before, after):
		return "reschedule"
	}
	return "update"
}

// IsExclusionViolation recognises PostgreSQL's 23P01 (an EXCLUDE constraint refused a row).
func IsExclusionViolation(err error) bool {
	if err == nil {
		return false
	}
	var pgErr *pgconn.PgError
	if errors.As(err, &pgErr) {
		return pgErr.Code == "23P01"
	}
	return strings.Contains(err.Error(), "SQLSTATE 23P01")
}

// CancelMeeting cancels a meeting, keeping its time for the record.
func (s *Store) CancelMeeting(ctx context.Context, actor *User, missionID, id uint) (*Meeting, error) {
	return s.UpdateMeeting(ctx, actor, missionID, id, func(mt *Meeting) error {
		if mt.Status == MeetingCancelled {
			return ErrUnchanged
		}
		mt.Status = MeetingCancelled
		return nil
	})
}

// CreateMeetingRequests adds a request (status requested) for the registration with each contact
// it has no live meeting or request with, in one transaction. It returns how many were created.
func (s *Store) CreateMeetingRequests(ctx context.Context, actor *User, m *Mission, regID uint, contactIDs []uint, priority, minutes int) (int, error) {
	contactIDs = uniqueIDs(contactIDs)
	if len(contactIDs) == 0 {
		return 0, FieldErrors{"contact_ids": "Select at least one contact to request a meeting with"}
	}
	if priority < 0 || priority > 100 {
		return 0, FieldErrors{"priority": "Priority must be between 0 and 100"}
	}
	// Checked here: a meeting with no length takes the mission's, so 0 must not get that far.
	if minutes < 5 || minutes > 480 {
		return 0, FieldErrors{"minutes": "The meeting must last between 5 and 480 minutes"}
	}
	created := 0
	err := s.WithTx(ctx, func(tx *Store) error {
		locked, err := tx.LockMission(ctx, m.ID)
		if err != nil {
			return err
		}
		book, err := tx.LoadBookingBook(ctx, locked, BookingScope{RegistrationID: regID, ContactIDs: contactIDs})
		if err != nil {
			return err
		}
		var liveIDs []uint
		if err := tx.DB(ctx).Model(&Meeting{}).Where("mission_id = ? AND registration_id = ? AND status IN ? AND contact_id IN ?",
			m.ID, regID, []string{MeetingRequested, MeetingScheduled}, contactIDs).Pluck("contact_id", &liveIDs).Error; err != nil {
			return fmt.Errorf("store: find live meetings of registration %d: %w", regID, err)
		}
		live := map[uint]bool{}
		for _, id := range liveIDs {
			live[id] = true
		}
		now := time.Now().UTC()
		for _, cid := range contactIDs {
			if live[cid] {
				continue
			}
			mt := &Meeting{MissionID: m.ID, RegistrationID: regID, ContactID: cid, Minutes: minutes, Status: MeetingRequested, Priority: priority}
			if err := book.checkMeeting(mt, nil); err != nil {
				return err
			}
			mt.CreatedAt, mt.UpdatedAt = now, now
			if err := tx.DB(ctx).Omit("id").Create(mt).Error; err != nil {
				return fmt.Errorf("store: create meeting request: %w", err)
			}
			if err := tx.Audit(ctx, actor, "request", "meeting", mt.ID, &m.ID, nil, mt); err != nil {
				return err
			}
			created++
		}
		return nil
	})
	return created, err
}

// MissionRegistrations lists a mission's registrations with their firms, by company name and then id
// (for choosers: programme attendees, meetings; and the mission book).
func (s *Store) MissionRegistrations(ctx context.Context, missionID uint) ([]Registration, error) {
	var regs []Registration
	err := s.DB(ctx).Preload("Firm").Select("registrations.*").Joins("JOIN firms ON firms.id = registrations.firm_id").
		Where("registrations.mission_id = ?", missionID).Order("LOWER(firms.company_name), registrations.id").Find(&regs).Error
	if err != nil {
		return nil, fmt.Errorf("store: list registrations of mission %d: %w", missionID, err)
	}
	return regs, nil
}

// RegistrationLabel is "Acme Ltd" with the status when the registration cannot have meetings.
func RegistrationLabel(r *Registration) string {
	if r.CanMeet() {
		return registrationFirm(r)
	}
	return registrationFirm(r) + " (" + StatusWord(RegistrationStatuses, r.Status) + ")"
}

// MissionDelegates lists a mission's delegates by name.
func (s *Store) MissionDelegates(ctx context.Context, missionID uint) ([]Delegate, error) {
	var out []Delegate
	err := s.DB(ctx).Where("mission_id = ?", missionID).Order("full_name, id").Find(&out).Error
	return out, notFound(err, "list delegates")
}

// SetMeetingLocked locks (or unlocks) a meeting of the mission: the scheduler never places or moves
// a locked meeting. Nothing else about the meeting changes; the change is audited.
func (s *Store) SetMeetingLocked(ctx context.Context, actor *User, missionID, id uint, locked bool) (*Meeting, error) {
	var out *Meeting
	err := s.WithTx(ctx, func(tx *Store) error {
		// Under the mission's lock, like every other write of the mission's meetings, so a lock cannot
		// slip in between a publish's proposal and its writes.
		if _, err := tx.LockMission(ctx, missionID); err != nil {
			return err
		}
		mt, err := tx.Meeting(ctx, id)
		if err != nil {
			return err
		}
		if mt.MissionID != missionID {
			return ErrNotFound
		}
		out = mt
		if mt.Locked == locked {
			return nil
		}
		now := time.Now().UTC()
		if err := tx.DB(ctx).Model(&Meeting{}).Where("id = ?", id).Updates(map[string]any{"locked": locked, "updated_at": now}).Error; err != nil {
			return fmt.Errorf("store: lock meeting %d: %w", id, err)
		}
		mt.Locked, mt.UpdatedAt = locked, now
		action := "unlock"
		if locked {
			action = "lock"
		}
		return tx.Audit(ctx, actor, action, "meeting", id, &missionID, map[string]bool{"locked": !locked}, map[string]bool{"locked": locked})
	})
	return out, err
}

// PlaceRequest saves a meeting request the scheduler has placed: mt's times, status, sequence, place
// and update time, written only while the row is still requested and unlocked. False (and nothing
// written) when it is not, because staff locked, scheduled or cancelled it since it was read. mt must
// hold its times.
func (s *Store) PlaceRequest(ctx context.Context, mt *Meeting) (bool, error) {
	if mt.StartsAt == nil || mt.EndsAt == nil {
		return false, fmt.Errorf("store: publish meeting %d: no time to save", mt.ID)
	}
	res := s.DB(ctx).Model(&Meeting{}).Where("id = ? AND status = 'requested' AND locked = ?", mt.ID, false).Updates(map[string]any{
		"starts_at": *mt.StartsAt, "ends_at": *mt.EndsAt, "status": mt.Status, "sequence": mt.Sequence, "location_id": mt.LocationID, "updated_at": mt.UpdatedAt})
	if res.Error != nil {
		return false, fmt.Errorf("store: publish meeting %d: %w", mt.ID, res.Error)
	}
	return res.RowsAffected == 1, nil
}
