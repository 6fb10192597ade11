package models

import (
	"strings"
	"time"
)

// Mission is one trade mission: a group of home-region firms visiting a destination city.
type Mission struct {
	ID                    uint       `json:"id" gorm:"primaryKey"`
	Name                  string     `json:"name" validate:"required,max=200" label:"mission name"`
	DestinationCity       string     `json:"destination_city" validate:"required,max=100" label:"destination city"`
	DestinationCountry    string     `json:"destination_country" validate:"required,max=100" label:"destination country"`
	Timezone              string     `json:"timezone" validate:"iana_tz" label:"destination time zone" msg:"iana_tz=Enter the destination's time zone name, like America/Chicago"`
	HomeTimezone          string     `json:"home_timezone" validate:"iana_tz" label:"home time zone" msg:"iana_tz=Enter the home time zone name, like Europe/London"`
	StartDate             Date       `json:"start_date" validate:"required" label:"start date" msg:"required=Enter the start date"`
	EndDate               Date       `json:"end_date" validate:"required" label:"end date" msg:"required=Enter the end date"`
	RegistrationCloses    Date       `json:"registration_closes" validate:"required" label:"registration closing date" msg:"required=Enter the date registration closes"`
	MaxFirms              int        `json:"max_firms" validate:"min=1,max=1000" label:"maximum number of firms" msg:"min=Enter how many firms can go, 1 or more"`
	MaxDelegatesPerFirm   int        `json:"max_delegates_per_firm" validate:"min=1,max=20" label:"delegates per firm" msg:"min=Enter how many delegates each firm can send, 1 or more"`
	Sectors               StringList `json:"sectors" validate:"dive,sector" label:"sector"`
	Description           string     `json:"description" validate:"max=5000" label:"description"`
	Status                string     `json:"status" validate:"oneof=draft open closed completed" label:"status"`
	MeetingMinutes        int        `json:"meeting_minutes" validate:"min=5,max=480" label:"meeting length" msg:"min=Meeting length must be at least 5 minutes|max=Meeting length must be 480 minutes or fewer"`
	DayStarts             string     `json:"day_starts" validate:"hhmm" label:"start of the working day"`
	DayEnds               string     `json:"day_ends" validate:"hhmm" label:"end of the working day"`
	SameCityBufferMinutes int        `json:"same_city_buffer_minutes" validate:"min=0,max=240" label:"buffer between meetings in one city"`
	DefaultTravelMinutes  int        `json:"default_travel_minutes" validate:"min=0,max=1440" label:"travel time between cities"`
	// MaxMeetingsPerFirm caps the meetings the scheduler gives one firm, those it has included (0: no maximum).
	MaxMeetingsPerFirm int `json:"max_meetings_per_firm" validate:"min=0,max=500" label:"most meetings per firm" msg:"min=Enter the most meetings a firm can have, 0 for no maximum|max=Enter 500 or fewer meetings per firm"`
	// MinMeetingsPerFirm is how many meetings the scheduler tries to give every firm first (0: none).
	MinMeetingsPerFirm int       `json:"min_meetings_per_firm" validate:"min=0,max=500" label:"meetings every firm should have" msg:"min=Enter the meetings every firm should have, 0 for none|max=Enter 500 or fewer meetings per firm"`
	CreatedAt          time.Time `json:"created_at"`
	UpdatedAt          time.Time `json:"updated_at"`

	// Retention: how long after the mission ends its delegates' personal details and their dietary and
	// access needs are kept (see mission_retention.go); the stamps say when the retention job removed them.
	PersonalDataRetentionMonths int        `json:"personal_data_retention_months" validate:"min=1,max=120" label:"months to keep delegates' personal details" msg:"min=Keep delegates' personal details for at least 1 month|max=Keep delegates' personal details for at most 120 months"`
	NeedsRetentionDays          int        `json:"needs_retention_days" validate:"min=1,max=365" label:"days to keep dietary and access needs" msg:"min=Keep dietary and access needs for at least 1 day|max=Keep dietary and access needs for at most 365 days"`
	PersonalDataRemovedAt       *time.Time `json:"personal_data_removed_at"`
	NeedsRemovedAt              *time.Time `json:"needs_removed_at"`

	// FollowUpMonths says when the follow-up surveys go out: months after the mission's last day,
	// comma-separated and ascending ("3,6"); see ParseFollowUpMonths.
	FollowUpMonths string `json:"follow_up_months" gorm:"default:'3,6'"`
}

// NewMission returns a mission with the defaults staff start from.
func NewMission() Mission {
	return Mission{
		Timezone: "America/Chicago", HomeTimezone: "Europe/London", Status: "draft",
		MaxFirms: 25, MaxDelegatesPerFirm: 2, MeetingMinutes: 45, DayStarts: "09:00", DayEnds: "17:30",
		SameCityBufferMinutes: 30, DefaultTravelMinutes: 90, DestinationCountry: "United States",
		PersonalDataRetentionMonths: DefaultPersonalDataRetentionMonths, NeedsRetentionDays: DefaultNeedsRetentionDays,
		FollowUpMonths: DefaultFollowUpMonths,
	}
}

// Validate checks every field and the rules between them.
func (m *Mission) Validate() FieldErrors {
	errs := Validate(m)
	if !m.StartDate.IsZero() && !m.EndDate.IsZero() && m.EndDate.Before(m.StartDate.Time) {
		errs.Add("end_date", "Enter an end date that is on or after the start date")
	}
	if !m.StartDate.IsZero() && !m.EndDate.IsZero() && m.EndDate.Sub(m.StartDate.Time) > 60*24*time.Hour {
		errs.Add("end_date", "A mission can last at most 60 days")
	}
	if !m.RegistrationCloses.IsZero() && !m.StartDate.IsZero() && m.RegistrationCloses.After(m.StartDate.Time) {
		errs.Add("registration_closes", "Enter a registration closing date that is on or before the start date")
	}
	if _, bad := errs["min_meetings_per_firm"]; !bad && m.MaxMeetingsPerFirm > 0 && m.MinMeetingsPerFirm > m.MaxMeetingsPerFirm {
		errs.Add("min_meetings_per_firm", "Enter a minimum that is no more than the maximum meetings per firm")
	}
	if _, bad := errs["day_starts"]; !bad {
		if _, bad := errs["day_ends"]; !bad && m.DayEnds <= m.DayStarts {
			errs.Add("day_ends", "Enter an end of the working day that is after its start")
		}
	}
	// Blank is the default (see trim); anything typed must read as months.
	if _, err := ParseFollowUpMonths(m.FollowUpMonths); strings.TrimSpace(m.FollowUpMonths) != "" && err != nil {
		errs.Add("follow_up_months", capitalFirst(err.Error()))
	}
	return errs
}

// Zone is the destination's time zone (UTC if the stored name is unknown, which validation prevents).
func (m *Mission) Zone() *time.Location { return loadZone(m.Timezone) }

// HomeZone is the home region's time zone.
func (m *Mission) HomeZone() *time.Location { return loadZone(m.HomeTimezone) }

// Days lists the mission's dates, first to last.
func (m *Mission) Days() []Date {
	var out []Date
	for d := m.StartDate; !d.After(m.EndDate.Time); d = d.AddDays(1) {
		out = append(out, d)
	}
	return out
}

// RegistrationOpen reports whether firms may still register on day (a date in the home zone).
func (m *Mission) RegistrationOpen(now time.Time) bool {
	if m.Status != "open" {
		return false
	}
	return !DateIn(now, m.HomeZone()).After(m.RegistrationCloses.Time)
}

var zoneCache zoneMap

func loadZone(name string) *time.Location {
	if loc, ok := zoneCache.get(name); ok {
		return loc
	}
	loc, err := time.LoadLocation(name)
	if err != nil || name == "" {
		loc = time.UTC
	}
	zoneCache.put(name, loc)
	return loc
}
