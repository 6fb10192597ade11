package models

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"
)

// FollowUpRound is one survey round of a mission, sent Months after the mission's end to every going
// firm. A closed round no longer takes answers.
type FollowUpRound struct {
	ID        uint       `json:"id" gorm:"primaryKey"`
	MissionID uint       `json:"mission_id"`
	Months    int        `json:"months"`
	OpenedAt  time.Time  `json:"opened_at"`
	ClosedAt  *time.Time `json:"closed_at"`
}

// FollowUp is one firm's survey of a round, reached by a secure link, with its answers once given.
type FollowUp struct {
	ID               uint           `json:"id" gorm:"primaryKey"`
	RoundID          uint           `json:"round_id"`
	RegistrationID   uint           `json:"registration_id"`
	Token            string         `json:"-"`
	Email            string         `json:"email"`
	SentAt           time.Time      `json:"sent_at"`
	Sends            int            `json:"sends"`
	ExpiresAt        time.Time      `json:"expires_at"`
	RespondedAt      *time.Time     `json:"responded_at"`
	Satisfaction     *int           `json:"satisfaction"`
	Comment          string         `json:"comment"`
	CaseStudyConsent bool           `json:"case_study_consent"`
	Leads            []FollowUpLead `json:"leads" gorm:"-"`
}

// FollowUpLead is a firm's answer about one lead (a held meeting rated cooperation possible).
type FollowUpLead struct {
	FollowUpID     uint   `json:"-" gorm:"primaryKey"`
	MeetingID      uint   `json:"meeting_id" gorm:"primaryKey"`
	Status         string `json:"status"`
	Year1GBP       *int64 `json:"year1" gorm:"column:year1_gbp"`
	Year2GBP       *int64 `json:"year2" gorm:"column:year2_gbp"`
	Year3GBP       *int64 `json:"year3" gorm:"column:year3_gbp"`
	WithoutSupport string `json:"without_support"`
}

// LeadStatusWin is the status of a lead that became an export win.
const LeadStatusWin = "export_win"

// WithoutSupportWouldNot is the answer saying the win would not have happened without the mission.
const WithoutSupportWouldNot = "would_not_have"

// LeadStatuses are where a lead stands at follow-up.
var LeadStatuses = []Option{{"no_further_contact", "No further contact"}, {"in_negotiation", "In negotiation"},
	{"agreement_reached", "Agreement reached"}, {LeadStatusWin, "Export win"}}

// WithoutSupportAnswers say whether the firm would have won the business without the mission.
var WithoutSupportAnswers = []Option{{WithoutSupportWouldNot, "No, it would not have happened"}, {"later", "Yes, but later"},
	{"smaller", "Yes, but smaller"}, {"same", "Yes, just the same"}}

// SatisfactionScores are the survey's ratings of the mission.
var SatisfactionScores = []Option{{"1", "1: not at all satisfied"}, {"2", "2"}, {"3", "3"}, {"4", "4"}, {"5", "5: very satisfied"}}

// FollowUpLinkLifetime is how long a survey link works after it was sent.
const FollowUpLinkLifetime = 60 * 24 * time.Hour

// DefaultFollowUpMonths are the months after a mission's end at which surveys go out.
const DefaultFollowUpMonths = "3,6"

// ParseFollowUpMonths reads a mission's follow-up months: "3,6" → [3 6], sorted, each 1 to 36.
func ParseFollowUpMonths(s string) ([]int, error) {
	var out []int
	for _, part := range strings.Split(s, ",") {
		part = strings.TrimSpace(part)
		if part == "" {
			continue
		}
		n, err := strconv.Atoi(part)
		if err != nil || n < 1 || n > 36 {
			return nil, fmt.Errorf("enter months from 1 to 36 separated by commas, like 3,6")
		}
		if !slices.Contains(out, n) {
			out = append(out, n)
		}
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("enter the months after the mission at which surveys go out, like 3,6")
	}
	if len(out) > 6 {
		return nil, fmt.Errorf("enter at most 6 rounds")
	}
	slices.Sort(out)
	return out, nil
}

// JoinFollowUpMonths writes months as the setting stores them: [3 6] → "3,6".
func JoinFollowUpMonths(months []int) string {
	parts := make([]string, len(months))
	for i, m := range months {
		parts[i] = strconv.Itoa(m)
	}
	return strings.Join(parts, ",")
}

// FollowUpDue is the instant a round of months becomes due: the start of the day, in the mission's
// zone, that is months after the mission's last day.
func FollowUpDue(m *Mission, months int) time.Time {
	d := m.EndDate.Time.AddDate(0, months, 0)
	return time.Date(d.Year(), d.Month(), d.Day(), 0, 0, 0, 0, m.Zone()).UTC()
}

// GroupThousands writes n with commas between groups of three digits: 1250000 → "1,250,000".
func GroupThousands(n int64) string {
	s := strconv.FormatInt(n, 10)
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	var b strings.Builder
	for i, r := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(r)
	}
	if neg {
		return "-" + b.String()
	}
	return b.String()
}

// FollowUpAnswer is a firm's survey as typed, checked by Check before it is saved.
type FollowUpAnswer struct {
	Leads            []FollowUpLeadAnswer
	Satisfaction     string
	Comment          string
	CaseStudyConsent bool
}

// FollowUpLeadAnswer is the answer about one lead as typed.
type FollowUpLeadAnswer struct {
	MeetingID      uint
	Status         string
	Year1, Year2   string
	Year3          string
	WithoutSupport string
}

// Check validates the answer; field names are lead-<meeting id>-<field> for a lead's fields.
// Values and "without support" belong to wins only and are dropped for any other status.
func (a FollowUpAnswer) Check() (leads []FollowUpLead, satisfaction *int, errs FieldErrors) {
	errs = FieldErrors{}
	for _, l := range a.Leads {
		key := fmt.Sprintf("lead-%d-", l.MeetingID)
		if l.Status == "" {
			continue // a lead left unanswered
		}
		out := FollowUpLead{MeetingID: l.MeetingID, Status: l.Status}
		if !InList(LeadStatuses, l.Status) {
			errs.Add(key+"status", "Select where this lead stands now")
			continue
		}
		if l.Status == LeadStatusWin {
			years := []**int64{&out.Year1GBP, &out.Year2GBP, &out.Year3GBP}
			for i, v := range []string{l.Year1, l.Year2, l.Year3} {
				n, err := ParseGBP(v)
				if err != nil {
					errs.Add(fmt.Sprintf("%syear%d", key, i+1), fmt.Sprintf("Year %d: %s", i+1, err.Error()))
				}
				*years[i] = n
			}
			if out.Year1GBP == nil && out.Year2GBP == nil && out.Year3GBP == nil {
				errs.Add(key+"year1", "Enter the value of the win in pounds for at least one year")
			}
			if !InList(WithoutSupportAnswers, l.WithoutSupport) {
				errs.Add(key+"without_support", "Select whether you would have won this business without the mission")
			}
			out.WithoutSupport = l.WithoutSupport
		}
		leads = append(leads, out)
	}
	if s := strings.TrimSpace(a.Satisfaction); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil || n < 1 || n > 5 {
			errs.Add("satisfaction", "Select how satisfied you were, from 1 to 5")
		} else {
			satisfaction = &n
		}
	}
	if len(a.Comment) > 5000 {
		errs.Add("comment", "Comment must be 5000 characters or fewer")
	}
	return leads, satisfaction, errs
}

// WinTotal is a lead answer's value over its three years.
func (l FollowUpLead) WinTotal() int64 {
	var t int64
	for _, v := range []*int64{l.Year1GBP, l.Year2GBP, l.Year3GBP} {
		if v != nil {
			t += *v
		}
	}
	return t
}
