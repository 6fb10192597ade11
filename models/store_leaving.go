package models

import (
	"context"
	"errors"
)

// MeetingsCancelledIfLeaving lists the scheduled meetings a firm would lose were it to leave the mission
// (withdrawn or rejected), without changing anything: the "Are you sure?" page names them, so staff
// confirm the status and the cancellations on one page.
func (s *Store) MeetingsCancelledIfLeaving(ctx context.Context, m *Mission, registrationID uint) ([]AffectedMeeting, error) {
	_, err := s.scheduledMeetingsOf(WithTimetableChoice(ctx, TimetableChoice{}), m, registrationID)
	var be *BreaksMeetingsError
	if errors.As(err, &be) {
		return be.Meetings, nil
	}
	return nil, err
}
