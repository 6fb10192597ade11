package models

import (
	"context"
	"slices"
)

// What an irreversible change would do, worked out without changing anything, so its "Are you sure?"
// page can name the meetings it breaks and be the only question asked.

// wouldBreak applies change to the mission's book in memory and returns the scheduled meetings it
// would newly break. Nothing is locked or saved: the change itself checks again when it is made.
func (s *Store) wouldBreak(ctx context.Context, missionID uint, change func(b *MissionBook)) ([]AffectedMeeting, error) {
	m, err := s.Mission(ctx, missionID)
	if err != nil {
		return nil, err
	}
	book, err := s.LoadMissionBook(ctx, m)
	if err != nil {
		return nil, err
	}
	before := book.CheckTimetable()
	change(book)
	return book.affected(NewlyBroken(before, book.CheckTimetable())), nil
}

// withoutTravelTime drops travel time id from a book, keeping the removed row in removed.
func withoutTravelTime(id uint, removed *MissionTravelTime) func(b *MissionBook) {
	return func(b *MissionBook) {
		kept := b.TravelTimes[:0:0]
		for _, t := range b.TravelTimes {
			if t.ID == id {
				*removed = t
			} else {
				kept = append(kept, t)
			}
		}
		b.TravelTimes = kept
	}
}

// TravelTimeRemovalBreaks lists the scheduled meetings that removing travel time id would return to
// requests (a longer default then applies between the two cities).
func (s *Store) TravelTimeRemovalBreaks(ctx context.Context, missionID, id uint) ([]AffectedMeeting, error) {
	var removed MissionTravelTime
	return s.wouldBreak(ctx, missionID, withoutTravelTime(id, &removed))
}

// LocationUse is what keeps a location from being removed: the scheduled meetings and the programme
// items held there.
type LocationUse struct {
	Meetings  []AffectedMeeting
	Programme []ProgrammeItem
}

// LocationUses lists what holds location id (DeleteLocation refuses while anything does).
func (s *Store) LocationUses(ctx context.Context, missionID, id uint) (LocationUse, error) {
	var use LocationUse
	m, err := s.Mission(ctx, missionID)
	if err != nil {
		return use, err
	}
	book, err := s.LoadMissionBook(ctx, m)
	if err != nil {
		return use, err
	}
	var held []Breach
	for i := range book.Meetings {
		mt := &book.Meetings[i]
		if mt.Status == "scheduled" && mt.LocationID != nil && *mt.LocationID == id && mt.StartsAt != nil && mt.EndsAt != nil {
			bk := book.BookingOf(mt)
			held = append(held, Breach{MeetingID: mt.ID, RegistrationID: mt.RegistrationID, Label: bk.Label, Span: bk.Span})
		}
	}
	use.Meetings = book.affected(held)
	for _, p := range book.Programme {
		if p.LocationID != nil && *p.LocationID == id {
			use.Programme = append(use.Programme, p)
		}
	}
	slices.SortFunc(use.Programme, func(a, b ProgrammeItem) int { return a.StartsAt.Compare(b.StartsAt) })
	return use, nil
}
