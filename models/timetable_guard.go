package models

import (
	"context"
	"fmt"
	"slices"
	"sort"
	"time"
)

// AffectedMeeting is a scheduled meeting a change would break (or, for a firm leaving, cancel).
type AffectedMeeting struct {
	ID             uint      `json:"id"`
	RegistrationID uint      `json:"registration_id"`
	ContactID      uint      `json:"contact_id"`
	Label          string    `json:"label"`
	StartsAt       time.Time `json:"starts_at"` // in the mission's zone
	EndsAt         time.Time `json:"ends_at"`
	Reasons        []string  `json:"reasons"`
}

// Meeting times on a time-zone change: keep each meeting's local clock time, or its instant.
const (
	MeetingTimesLocal   = "local"
	MeetingTimesInstant = "instant"
)

// BreaksMeetingsError refuses a change that would break scheduled meetings until staff choose: nothing
// was saved. Sent again with the choice (WithTimetableChoice) the change goes ahead and those meetings
// return to requests, or are cancelled when Cancel is set (their firm is leaving the mission).
type BreaksMeetingsError struct {
	Meetings []AffectedMeeting
	Cancel   bool
	// AskMeetingTimes: the time zone changes, so staff must also say whether meetings keep their
	// local times or their instants (MeetingTimesLocal, MeetingTimesInstant).
	AskMeetingTimes bool
}

func (e *BreaksMeetingsError) Error() string {
	if len(e.Meetings) == 0 && e.AskMeetingTimes {
		return "The time zone changes: say whether meetings keep their local times or their instants"
	}
	what := "return to requests"
	if e.Cancel {
		what = "be cancelled"
	}
	return fmt.Sprintf("This change affects %d scheduled meeting(s): send it again with unschedule_conflicts to go ahead, and they will %s", len(e.Meetings), what)
}

// Field is where the API reports the question.
func (e *BreaksMeetingsError) Field() string {
	if len(e.Meetings) == 0 && e.AskMeetingTimes {
		return "meeting_times"
	}
	return "unschedule_conflicts"
}

// TimetableChoice is what staff answered to a BreaksMeetingsError.
type TimetableChoice struct {
	UnscheduleConflicts bool   // go ahead: the affected meetings return to requests (or are cancelled)
	MeetingTimes        string // on a time-zone change: MeetingTimesLocal or MeetingTimesInstant
	// Agreed, when not nil, are the meetings staff saw listed and agreed to: a change that would break
	// any other (booked since the page was shown) asks again instead of going ahead.
	Agreed []uint
}

// covers reports whether staff agreed to break every one of the breaches' meetings.
func (ch TimetableChoice) covers(breaches []Breach) bool {
	if ch.Agreed == nil {
		return true
	}
	for _, b := range breaches {
		if !slices.Contains(ch.Agreed, b.MeetingID) {
			return false
		}
	}
	return true
}

type timetableChoiceKey struct{}

// WithTimetableChoice carries staff's answer to the store functions that ask it.
func WithTimetableChoice(ctx context.Context, ch TimetableChoice) context.Context {
	return context.WithValue(ctx, timetableChoiceKey{}, ch)
}

func timetableChoice(ctx context.Context) TimetableChoice {
	ch, _ := ctx.Value(timetableChoiceKey{}).(TimetableChoice)
	return ch
}

// guardTimetable locks mission missionID, loads its book and applies change to it in memory. It
// returns the book and the scheduled meetings the change would newly break: none, or, once staff have
// chosen to go ahead, the ones to return to requests; otherwise a *BreaksMeetingsError and no book.
// change may replace b.Mission (a copy) but never the stored rows.
func (s *Store) guardTimetable(ctx context.Context, missionID uint, change func(b *MissionBook)) (*MissionBook, []uint, error) {
	m, err := s.LockMission(ctx, missionID)
	if err != nil {
		return nil, nil, err
	}
	book, err := s.LoadMissionBook(ctx, m)
	if err != nil {
		return nil, nil, err
	}
	before := book.CheckTimetable()
	change(book)
	newly := NewlyBroken(before, book.CheckTimetable())
	if len(newly) == 0 {
		return book, nil, nil
	}
	if ch := timetableChoice(ctx); !ch.UnscheduleConflicts || !ch.covers(newly) {
		return nil, nil, &BreaksMeetingsError{Meetings: book.affected(newly)}
	}
	ids := make([]uint, len(newly))
	for i, b := range newly {
		ids[i] = b.MeetingID
	}
	return book, ids, nil
}

// affected describes breaches for staff, in the book's (possibly new) time zone.
func (b *MissionBook) affected(breaches []Breach) []AffectedMeeting {
	zone := b.Mission.Zone()
	out := make([]AffectedMeeting, 0, len(breaches))
	for _, br := range breaches {
		a := AffectedMeeting{ID: br.MeetingID, RegistrationID: br.RegistrationID, Label: br.Label,
			StartsAt: br.Span.Start.In(zone), EndsAt: br.Span.End.In(zone), Reasons: br.Messages()}
		if mt := b.Meeting(br.MeetingID); mt != nil {
			a.ContactID = mt.ContactID
		}
		out = append(out, a)
	}
	return out
}

// UnscheduleMeetings returns scheduled meetings of a mission to requests (their time and lock cleared,
// their sequence raised) so the scheduler can place them again, or cancels them (keeping their time)
// when cancel is set. It is the one place a change elsewhere moves meetings, so anything that must
// follow a meeting's change (calendar feeds, notifications) hooks here. It runs in the caller's
// transaction, which holds the mission's lock; reason is recorded in the audit trail.
func (s *Store) UnscheduleMeetings(ctx context.Context, actor *User, missionID uint, ids []uint, cancel bool, reason string) error {
	now := time.Now().UTC()
	var changes []MeetingChange
	for _, id := range uniqueIDs(ids) {
		mt, err := s.Meeting(ctx, id)
		if err != nil {
			return err
		}
		if mt.MissionID != missionID || (mt.Status != MeetingScheduled && !(cancel && mt.Status == MeetingRequested)) {
			continue
		}
		before := *mt
		action := "unschedule"
		if cancel {
			mt.Status = MeetingCancelled
			action = "cancel"
		} else {
			mt.Status, mt.StartsAt, mt.EndsAt, mt.Locked = MeetingRequested, nil, nil, false
		}
		mt.Sequence++
		mt.UpdatedAt = now
		if err := s.DB(ctx).Model(&Meeting{ID: id}).Select("status", "starts_at", "ends_at", "locked", "sequence", "updated_at").Updates(mt).Error; err != nil {
			return fmt.Errorf("store: unschedule meeting %d: %w", id, err)
		}
		after := map[string]any{"status": mt.Status, "starts_at": mt.StartsAt, "ends_at": mt.EndsAt, "locked": mt.Locked, "sequence": mt.Sequence, "reason": reason}
		if err := s.Audit(ctx, actor, action, "meeting", id, &missionID,
			map[string]any{"status": before.Status, "starts_at": before.StartsAt, "ends_at": before.EndsAt, "locked": before.Locked, "sequence": before.Sequence}, after); err != nil {
			return err
		}
		changes = append(changes, MeetingChange{Before: &before, After: mt})
	}
	return s.meetingsChanged(ctx, missionID, changes)
}

// meetingsChanged tells the hook (if any) about one batch of meeting changes of the mission.
func (s *Store) meetingsChanged(ctx context.Context, missionID uint, changes []MeetingChange) error {
	if s.hook == nil || len(changes) == 0 {
		return nil
	}
	m, err := s.Mission(ctx, missionID)
	if err != nil {
		return err
	}
	return s.MeetingsChanged(ctx, m, changes)
}

// MeetingsChanged tells the store's hook (the outbox, if any) about one batch of meeting changes of
// mission m made in this transaction, so the messages they call for commit with them.
func (s *Store) MeetingsChanged(ctx context.Context, m *Mission, changes []MeetingChange) error {
	if s.hook == nil || len(changes) == 0 {
		return nil
	}
	return s.hook.MeetingsChanged(ctx, s, m, changes)
}

// putProgrammeItem replaces the book's programme item with p's id, or adds p (a new one).
func (b *MissionBook) putProgrammeItem(p ProgrammeItem) {
	for i := range b.Programme {
		if p.ID != 0 && b.Programme[i].ID == p.ID {
			b.Programme[i] = p
			return
		}
	}
	b.Programme = append(b.Programme, p)
}

// shiftLocal is the instant in zone to that shows the same wall-clock time as t does in from (a time
// skipped or repeated by a clock change in to is taken as WorkingWindows does).
func shiftLocal(t time.Time, from, to *time.Location) time.Time {
	w := t.In(from)
	return lenientInstant(to, time.Date(w.Year(), w.Month(), w.Day(), 0, 0, 0, 0, time.UTC), w.Hour(), w.Minute()).Add(time.Duration(w.Second()) * time.Second)
}

// keepLocalTimes moves the book's meetings, programme and availability so each keeps its local clock
// time when the mission's zone changes from one zone to another.
func (b *MissionBook) keepLocalTimes(from, to *time.Location) {
	for i := range b.Meetings {
		mt := &b.Meetings[i]
		if mt.StartsAt != nil && mt.EndsAt != nil {
			s, e := shiftLocal(*mt.StartsAt, from, to), shiftLocal(*mt.EndsAt, from, to)
			mt.StartsAt, mt.EndsAt = &s, &e
		}
	}
	for i := range b.Programme {
		p := &b.Programme[i]
		p.StartsAt, p.EndsAt = shiftLocal(p.StartsAt, from, to), shiftLocal(p.EndsAt, from, to)
	}
	for c, ivs := range b.Availability {
		moved := make([]Interval, len(ivs))
		for i, iv := range ivs {
			moved[i] = Interval{shiftLocal(iv.Start, from, to), shiftLocal(iv.End, from, to)}
		}
		b.Availability[c] = moved
	}
}

// saveShiftedTimes writes the times keepLocalTimes moved: meetings (a scheduled one's sequence rises),
// programme items and availability windows (re-read and moved the same way).
func (s *Store) saveShiftedTimes(ctx context.Context, actor *User, b *MissionBook, orig map[uint]time.Time, unscheduled []uint, from *time.Location) error {
	to, now := b.Mission.Zone(), time.Now().UTC()
	// PostgreSQL's exclusion constraints are checked row by row: meetings moving later are written
	// latest first, those moving earlier earliest first, so none passes over one not yet moved.
	var moved []Meeting
	for _, mt := range b.Meetings {
		if mt.StartsAt != nil && !slices.Contains(unscheduled, mt.ID) {
			moved = append(moved, mt)
		}
	}
	delta := func(mt Meeting) time.Duration { return mt.StartsAt.Sub(orig[mt.ID]) }
	sort.SliceStable(moved, func(i, j int) bool {
		di, dj := delta(moved[i]), delta(moved[j])
		if (di > 0) != (dj > 0) {
			return di > 0
		}
		if di > 0 {
			return moved[i].StartsAt.After(*moved[j].StartsAt)
		}
		return moved[i].StartsAt.Before(*moved[j].StartsAt)
	})
	var changes []MeetingChange
	for _, mt := range moved {
		seq := mt.Sequence
		if mt.Status == MeetingScheduled {
			seq++
		}
		if err := s.DB(ctx).Model(&Meeting{ID: mt.ID}).Updates(map[string]any{"starts_at": mt.StartsAt.UTC(), "ends_at": mt.EndsAt.UTC(), "sequence": seq, "updated_at": now}).Error; err != nil {
			return fmt.Errorf("store: move meeting %d: %w", mt.ID, err)
		}
		before, after := mt, mt
		start, end := orig[mt.ID], orig[mt.ID].Add(mt.EndsAt.Sub(*mt.StartsAt))
		before.StartsAt, before.EndsAt = &start, &end
		after.Sequence, after.UpdatedAt = seq, now
		changes = append(changes, MeetingChange{Before: &before, After: &after})
	}
	if err := s.meetingsChanged(ctx, b.Mission.ID, changes); err != nil {
		return err
	}
	for _, p := range b.Programme {
		if err := s.DB(ctx).Model(&ProgrammeItem{ID: p.ID}).Updates(map[string]any{"starts_at": p.StartsAt.UTC(), "ends_at": p.EndsAt.UTC(), "updated_at": now}).Error; err != nil {
			return fmt.Errorf("store: move programme item %d: %w", p.ID, err)
		}
	}
	var avail []ContactAvailability
	if err := s.DB(ctx).Where("mission_id = ?", b.Mission.ID).Find(&avail).Error; err != nil {
		return fmt.Errorf("store: load availability: %w", err)
	}
	for _, a := range avail {
		if err := s.DB(ctx).Model(&ContactAvailability{ID: a.ID}).Updates(map[string]any{"starts_at": shiftLocal(a.StartsAt, from, to).UTC(), "ends_at": shiftLocal(a.EndsAt, from, to).UTC()}).Error; err != nil {
			return fmt.Errorf("store: move availability %d: %w", a.ID, err)
		}
	}
	return s.Audit(ctx, actor, "keep_local_times", "mission", b.Mission.ID, &b.Mission.ID, map[string]string{"timezone": from.String()}, map[string]any{"timezone": to.String(), "meetings": len(b.Meetings), "programme_items": len(b.Programme)})
}

// putLocation replaces the book's location with l's id, or adds l (a new one, after every other), and
// works out again which location is each contact's office.
func (b *MissionBook) putLocation(l Location) {
	found := false
	for i := range b.LocationList {
		if l.ID != 0 && b.LocationList[i].ID == l.ID {
			b.LocationList[i], found = l, true
		}
	}
	if !found {
		b.LocationList = append(b.LocationList, l)
	}
	b.Locations, b.ContactOffice = map[uint]*Location{}, map[uint]uint{}
	for i := range b.LocationList {
		loc := &b.LocationList[i]
		b.Locations[loc.ID] = loc
		if loc.ContactID != nil {
			if cur, ok := b.ContactOffice[*loc.ContactID]; !ok || (loc.ID != 0 && loc.ID < cur) {
				b.ContactOffice[*loc.ContactID] = loc.ID
			}
		}
	}
}
