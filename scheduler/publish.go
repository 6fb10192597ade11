package scheduler

import (
	"cmp"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"slices"
	"time"

	"github.com/missionplanner/missionplanner/models"
)

// SlotMinutes is the grid of start times the scheduler tries.
const SlotMinutes = 15

// UnplacedFirmInactive is the code of a request whose firm can no longer have meetings.
const UnplacedFirmInactive = "firm_not_active"

// Proposal is what the scheduler would do with a mission's meeting requests: the book it
// worked from, the requests, the result (placements in time order) and a fingerprint of the
// result (so a publish can tell whether anything changed since the preview).
type Proposal struct {
	Book        *models.MissionBook
	Requests    map[uint]*models.Meeting
	Result      ScheduleResult
	Fingerprint string
}

// Propose runs the scheduler over the mission's requested meetings without saving anything.
// Scheduled meetings and locked requests are never moved.
func Propose(ctx context.Context, s *models.Store, m *models.Mission) (*Proposal, error) {
	book, err := s.LoadMissionBook(ctx, m)
	if err != nil {
		return nil, err
	}
	return ProposeBook(book), nil
}

// ProposeBook runs the scheduler on a mission's book (pure: no queries).
func ProposeBook(b *models.MissionBook) *Proposal {
	p := &Proposal{Book: b, Requests: map[uint]*models.Meeting{}}
	in := ScheduleInput{Context: b.Context(), SlotMinutes: SlotMinutes,
		MaxPerFirm: b.Mission.MaxMeetingsPerFirm, MinPerFirm: b.Mission.MinMeetingsPerFirm}
	var inactive []Unplaced
	for i := range b.Meetings {
		mt := &b.Meetings[i]
		if mt.Status != models.MeetingRequested || mt.Locked {
			continue
		}
		p.Requests[mt.ID] = mt
		if r, ok := b.Registrations[mt.RegistrationID]; ok && !r.CanMeet() {
			inactive = append(inactive, Unplaced{RequestID: mt.ID, Code: UnplacedFirmInactive,
				Reason: fmt.Sprintf("%s: the firm's registration is %s", b.Label(mt.RegistrationID, mt.ContactID), models.StatusWord(models.RegistrationStatuses, r.Status))})
			continue
		}
		in.Requests = append(in.Requests, Request{ID: mt.ID, RegistrationID: mt.RegistrationID, ContactID: mt.ContactID, DelegateIDs: mt.DelegateIDs,
			Priority: mt.Priority, Minutes: mt.Minutes, Place: b.PlaceOf(mt.LocationID, mt.ContactID), Label: b.Label(mt.RegistrationID, mt.ContactID)})
	}
	p.Result = Schedule(in)
	slices.SortStableFunc(p.Result.Placed, func(a, b Placement) int {
		if c := a.Span.Start.Compare(b.Span.Start); c != 0 {
			return c
		}
		return cmp.Compare(a.RequestID, b.RequestID)
	})
	if len(inactive) > 0 {
		p.Result.Unplaced = append(p.Result.Unplaced, inactive...)
		sortUnplaced(p.Result.Unplaced)
	}
	h := sha256.New()
	for _, pl := range p.Result.Placed {
		fmt.Fprintf(h, "%d %d %d;", pl.RequestID, pl.Span.Start.Unix(), pl.Span.End.Unix())
	}
	p.Fingerprint = hex.EncodeToString(h.Sum(nil))[:16]
	return p
}

func sortUnplaced(u []Unplaced) {
	for i := 1; i < len(u); i++ {
		for j := i; j > 0 && u[j].RequestID < u[j-1].RequestID; j-- {
			u[j], u[j-1] = u[j-1], u[j]
		}
	}
}

// Publish runs the scheduler again under the mission's lock and saves every placement in
// one transaction, making those meetings scheduled. When fingerprint is not empty and the result
// differs from the preview it came from, nothing is saved and a *ConflictError says so.
func Publish(ctx context.Context, s *models.Store, actor *models.User, missionID uint, fingerprint string) (*Proposal, error) {
	var out *Proposal
	err := s.WithTx(ctx, func(tx *models.Store) error {
		m, err := tx.LockMission(ctx, missionID)
		if err != nil {
			return err
		}
		book, err := tx.LoadMissionBook(ctx, m)
		if err != nil {
			return err
		}
		p := ProposeBook(book)
		if fingerprint != "" && fingerprint != p.Fingerprint {
			return models.Conflict("schedule", "The meetings changed since this preview was made: review the new preview and publish again")
		}
		if err := writeSchedule(ctx, tx, actor, m, p); err != nil {
			return err
		}
		out = p
		return nil
	})
	if models.IsExclusionViolation(err) {
		return nil, models.Conflict("schedule", "Another meeting was booked while the schedule was being saved: nothing was saved, try again")
	}
	return out, err
}

// writeSchedule saves p's placements (and audits them). Each UPDATE also requires the request to be
// still requested and unlocked, so a proposal that went stale cannot schedule a request staff have
// locked or cancelled since: it returns a *ConflictError and the caller's transaction rolls back.
func writeSchedule(ctx context.Context, tx *models.Store, actor *models.User, m *models.Mission, p *Proposal) error {
	now := time.Now().UTC()
	changes := make([]models.MeetingChange, 0, len(p.Result.Placed))
	for _, pl := range p.Result.Placed {
		mt := p.Requests[pl.RequestID]
		before := *mt
		st, en := pl.Span.Start.UTC(), pl.Span.End.UTC()
		mt.StartsAt, mt.EndsAt, mt.Status, mt.Sequence, mt.UpdatedAt = &st, &en, models.MeetingScheduled, mt.Sequence+1, now
		if mt.LocationID == nil {
			if id, ok := p.Book.ContactOffice[mt.ContactID]; ok {
				mt.LocationID = &id
			}
		}
		placed, err := tx.PlaceRequest(ctx, mt)
		if err != nil {
			return err
		}
		if !placed {
			return models.Conflict("schedule", "A meeting request was locked, scheduled or cancelled while the schedule was being saved: nothing was saved, review the new preview and publish again")
		}
		if err := tx.Audit(ctx, actor, "schedule", "meeting", mt.ID, &m.ID, before, mt); err != nil {
			return err
		}
		after := *mt
		changes = append(changes, models.MeetingChange{Before: &before, After: &after})
	}
	if err := tx.MeetingsChanged(ctx, m, changes); err != nil {
		return err
	}
	return tx.Audit(ctx, actor, "publish_schedule", "mission", m.ID, &m.ID, nil,
		map[string]int{"placed": len(p.Result.Placed), "unplaced": len(p.Result.Unplaced)})
}
