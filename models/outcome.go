package models

import (
	"fmt"
	"strings"
	"time"
)

// MeetingOutcome is what came of a meeting, as one source recorded it: the firm's delegate or staff.
// Both records are kept; staff's, when there is one, is the outcome that counts (staff may correct).
// Notes are for the firm: outcomes carry no staff-only text.
type MeetingOutcome struct {
	ID                uint      `json:"id" gorm:"primaryKey"`
	MeetingID         uint      `json:"meeting_id"`
	Source            string    `json:"source"` // OutcomeByDelegate or OutcomeByStaff
	Attendance        string    `json:"attendance"`
	Interest          string    `json:"interest"`
	NextStep          string    `json:"next_step"`
	EstimatedValueGBP *int64    `json:"estimated_value_gbp" gorm:"column:estimated_value_gbp"`
	ExpectedBy        *Date     `json:"expected_by"`
	Notes             string    `json:"notes"`
	RecordedBy        *uint     `json:"-"`
	RecordedByName    string    `json:"recorded_by"`
	RecordedAt        time.Time `json:"recorded_at"`
}

// Sources of an outcome record.
const (
	OutcomeByDelegate = "delegate"
	OutcomeByStaff    = "staff"
)

// Attendance codes: whether the meeting took place.
const (
	AttendanceHeld           = "held"
	AttendanceNoShowContact  = "no_show_contact"
	AttendanceNoShowFirm     = "no_show_firm"
	AttendanceCancelledOnDay = "cancelled_on_day"
)

// InterestCooperation is the interest that makes a held meeting a lead.
const InterestCooperation = "cooperation_possible"

// Attendances are the ways a meeting can have gone.
var Attendances = []Option{
	{AttendanceHeld, "Held"}, {AttendanceNoShowContact, "No-show by the contact"},
	{AttendanceNoShowFirm, "No-show by the firm"}, {AttendanceCancelledOnDay, "Cancelled on the day"},
}

// Interests are how interested the contact was in a held meeting.
var Interests = []Option{{"not_interested", "Not interested"}, {"informative", "Informative only"}, {InterestCooperation, "Cooperation possible"}}

// MaxValueGBP is the largest value in pounds an outcome or a survey answer accepts (£1bn).
const MaxValueGBP = 1_000_000_000

// IsNoShow reports whether attendance says one side did not turn up.
func IsNoShow(attendance string) bool {
	return attendance == AttendanceNoShowContact || attendance == AttendanceNoShowFirm
}

// IsLead reports whether the outcome makes its meeting a lead: held, and cooperation possible.
func (o *MeetingOutcome) IsLead() bool {
	return o != nil && o.Attendance == AttendanceHeld && o.Interest == InterestCooperation
}

// OutcomeInput is an outcome as typed in a form or sent to the API, before it is checked.
type OutcomeInput struct {
	Attendance        string
	Interest          string
	NextStep          string
	EstimatedValueGBP string // whole pounds, "" for none; "£12,000" is read as 12000
	ExpectedBy        *Date
	Notes             string
}

// ParseGBP reads whole pounds from 0 to £1bn: "12000", "12,000" or "£12,000". It answers nil for "".
func ParseGBP(s string) (*int64, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return nil, nil
	}
	clean := strings.NewReplacer(",", "", "£", "", " ", "").Replace(s)
	if clean == "" || len(clean) > 12 {
		return nil, fmt.Errorf("enter a whole number of pounds from 0 to 1,000,000,000")
	}
	var n int64
	for _, r := range clean {
		if r < '0' || r > '9' {
			return nil, fmt.Errorf("enter a whole number of pounds from 0 to 1,000,000,000, like 25000")
		}
		n = n*10 + int64(r-'0')
	}
	if n > MaxValueGBP {
		return nil, fmt.Errorf("enter a value of at most £1,000,000,000")
	}
	return &n, nil
}

// CheckGBP checks a value in pounds already read as a number (from JSON).
func CheckGBP(v *int64) error {
	if v != nil && (*v < 0 || *v > MaxValueGBP) {
		return fmt.Errorf("enter a whole number of pounds from 0 to 1,000,000,000")
	}
	return nil
}

// Outcome checks in and returns the outcome it describes. A meeting that was not held has no
// interest, value or expected date: they are cleared, not refused, so a delegate changing "held" to a
// no-show on a phone need not empty three fields first.
func (in OutcomeInput) Outcome() (*MeetingOutcome, FieldErrors) {
	errs := FieldErrors{}
	o := &MeetingOutcome{Attendance: strings.TrimSpace(in.Attendance), Interest: strings.TrimSpace(in.Interest),
		NextStep: strings.TrimSpace(in.NextStep), Notes: strings.TrimSpace(in.Notes), ExpectedBy: in.ExpectedBy}
	if !InList(Attendances, o.Attendance) {
		errs.Add("attendance", "Select whether the meeting was held, a no-show or cancelled on the day")
	}
	v, err := ParseGBP(in.EstimatedValueGBP)
	if err != nil {
		errs.Add("estimated_value_gbp", "Estimated value: "+err.Error())
	}
	o.EstimatedValueGBP = v
	if o.Attendance == AttendanceHeld {
		if !InList(Interests, o.Interest) {
			errs.Add("interest", "Select how interested the contact was: not interested, informative only or cooperation possible")
		}
	} else {
		o.Interest, o.EstimatedValueGBP, o.ExpectedBy = "", nil, nil
	}
	if len(o.NextStep) > 1000 {
		errs.Add("next_step", "Next step must be 1000 characters or fewer")
	}
	if len(o.Notes) > 5000 {
		errs.Add("notes", "Notes must be 5000 characters or fewer")
	}
	return o, errs
}

// OutcomeOpen reports whether an outcome may be recorded for mt at now: a scheduled meeting that has
// started. Staff book a meeting after it took place to record an outcome for it.
func OutcomeOpen(mt *Meeting, now time.Time) bool {
	return mt.Status == MeetingScheduled && mt.StartsAt != nil && !now.Before(*mt.StartsAt)
}

// MeetingOutcomes are the records of one meeting: the delegate's and staff's (either may be nil).
type MeetingOutcomes struct {
	Delegate *MeetingOutcome
	Staff    *MeetingOutcome
}

// Effective is the outcome that counts: staff's when staff recorded one, otherwise the delegate's.
func (r MeetingOutcomes) Effective() *MeetingOutcome {
	if r.Staff != nil {
		return r.Staff
	}
	return r.Delegate
}
