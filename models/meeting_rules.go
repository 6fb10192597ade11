package models

import (
	"fmt"
	"strings"
	"time"
)

// The rules a meeting must keep before it is saved, as pure functions over the loaded mission book;
// store_meetings.go loads the book, calls them and writes the result.

// MeetingStatuses that a save may set.
var meetingStatusCodes = map[string]bool{MeetingRequested: true, MeetingScheduled: true, MeetingCancelled: true, MeetingDeclined: true}

// ClashMessage joins the messages of clashes for people.
func ClashMessage(clashes []Clash) string {
	msgs := make([]string, len(clashes))
	for i, c := range clashes {
		msgs[i] = c.Message
	}
	return strings.Join(msgs, ". ")
}

func meetingMoved(a, b *Meeting) bool {
	return a.Status != b.Status || !sameInstant(a.StartsAt, b.StartsAt) || !sameInstant(a.EndsAt, b.EndsAt) || !sameID(a.LocationID, b.LocationID)
}

func sameInstant(a, b *time.Time) bool {
	if a == nil || b == nil {
		return a == b
	}
	return a.Equal(*b)
}

func sameID(a, b *uint) bool {
	if a == nil || b == nil {
		return a == b
	}
	return *a == *b
}

// checkMeeting validates mt against the book (references, status, times) and, for a scheduled
// meeting, every clash rule. It fills in EndsAt and a default location. An empty Status is chosen
// by the rules: a new meeting with a time is scheduled, without one requested; a request given a time
// becomes scheduled; otherwise the status stays. A cancelled or declined meeting cannot be given a
// new time or made live again (a *ConflictError): book a new one. Making a meeting a request again
// clears its time unless a new one is given.
func (b *MissionBook) checkMeeting(mt *Meeting, before *Meeting) error {
	errs := FieldErrors{}
	mt.Notes, mt.StaffNotes = strings.TrimSpace(mt.Notes), strings.TrimSpace(mt.StaffNotes)
	if mt.Status == "" {
		switch {
		case before != nil && (before.Status != MeetingRequested || mt.StartsAt == nil):
			mt.Status = before.Status
		case mt.StartsAt != nil:
			mt.Status = MeetingScheduled
		default:
			mt.Status = MeetingRequested
		}
	}
	if before != nil && (before.Status == MeetingCancelled || before.Status == MeetingDeclined) &&
		(mt.Status == MeetingRequested || mt.Status == MeetingScheduled || (mt.StartsAt != nil && !sameInstant(mt.StartsAt, before.StartsAt))) {
		return Conflict("status", fmt.Sprintf("This meeting was %s, so it cannot be rescheduled: book a new meeting instead", before.Status))
	}
	if mt.Status == MeetingRequested && before != nil && sameInstant(mt.StartsAt, before.StartsAt) {
		mt.StartsAt = nil
	}
	if !meetingStatusCodes[mt.Status] {
		errs.Add("status", "Select a status: requested, scheduled, cancelled or declined")
	}
	if mt.Minutes == 0 {
		mt.Minutes = b.Mission.MeetingMinutes
	}
	if mt.Minutes < 5 || mt.Minutes > 480 {
		errs.Add("minutes", "The meeting must last between 5 and 480 minutes")
	}
	if mt.Priority < 0 || mt.Priority > 100 {
		errs.Add("priority", "Priority must be between 0 and 100")
	}
	if len(mt.Notes) > 5000 {
		errs.Add("notes", "Notes must be 5000 characters or fewer")
	}
	if len(mt.StaffNotes) > 5000 {
		errs.Add("staff_notes", "Staff notes must be 5000 characters or fewer")
	}
	reg, ok := b.Registrations[mt.RegistrationID]
	switch {
	case !ok:
		errs.Add("registration_id", "Select a firm registered on this mission")
	case (before == nil || before.RegistrationID != mt.RegistrationID) && !reg.CanMeet():
		errs.Add("registration_id", fmt.Sprintf("%s's registration is %s: it cannot have meetings", registrationFirm(reg), StatusWord(RegistrationStatuses, reg.Status)))
	}
	c, ok := b.Contacts[mt.ContactID]
	switch {
	case !ok:
		errs.Add("contact_id", "Select a contact from the directory")
	case c.ArchivedAt != nil && (before == nil || before.ContactID != mt.ContactID):
		errs.Add("contact_id", c.FullName+" is archived: restore the contact before booking")
	}
	if mt.LocationID != nil && *mt.LocationID == 0 {
		mt.LocationID = nil
	}
	if mt.LocationID != nil {
		if _, ok := b.Locations[*mt.LocationID]; !ok {
			errs.Add("location_id", "Select a location of this mission")
		}
	} else if id, ok := b.ContactOffice[mt.ContactID]; ok && mt.Status == MeetingScheduled {
		mt.LocationID = &id
	}
	mt.DelegateIDs = uniqueIDs(mt.DelegateIDs)
	for _, d := range mt.DelegateIDs {
		if del, ok := b.Delegates[d]; !ok || del.RegistrationID != mt.RegistrationID {
			errs.Add("delegate_ids", "Select delegates of the firm meeting the contact")
		}
	}
	switch mt.Status {
	case MeetingRequested:
		if mt.StartsAt != nil {
			errs.Add("starts_at", "A meeting request has no time yet: leave the time out, or make the meeting scheduled")
		}
		mt.EndsAt = nil
	case MeetingScheduled:
		if mt.StartsAt == nil {
			errs.Add("starts_at", "Enter when the meeting starts")
		}
	default:
		if mt.StartsAt == nil && before != nil {
			mt.StartsAt = before.StartsAt
		}
	}
	if mt.StartsAt != nil {
		st := mt.StartsAt.UTC()
		en := st.Add(time.Duration(mt.Minutes) * time.Minute)
		mt.StartsAt, mt.EndsAt = &st, &en
	}
	if len(errs) > 0 {
		return errs
	}
	if mt.Status == MeetingScheduled {
		if clashes := CheckBooking(b.Context(), b.BookingOf(mt)); len(clashes) > 0 {
			return &ConflictError{Errors: FieldErrors{"starts_at": ClashMessage(clashes)}, Clashes: b.ClashDetails(clashes)}
		}
	}
	return nil
}
