package handlers

import (
	"encoding/json"

	"github.com/gofiber/fiber/v2"

	"github.com/missionplanner/missionplanner/models"
)

// missionInput is a mission as the API accepts it: every field optional, so PATCH changes only what is
// sent; dates are strings so a bad one is reported against its own field.
type missionInput struct {
	Name                  *string   `json:"name"`
	DestinationCity       *string   `json:"destination_city"`
	DestinationCountry    *string   `json:"destination_country"`
	Timezone              *string   `json:"timezone"`
	HomeTimezone          *string   `json:"home_timezone"`
	StartDate             *string   `json:"start_date"`
	EndDate               *string   `json:"end_date"`
	RegistrationCloses    *string   `json:"registration_closes"`
	MaxFirms              *int      `json:"max_firms"`
	MaxDelegatesPerFirm   *int      `json:"max_delegates_per_firm"`
	Sectors               *[]string `json:"sectors"`
	Description           *string   `json:"description"`
	Status                *string   `json:"status"`
	MeetingMinutes        *int      `json:"meeting_minutes"`
	DayStarts             *string   `json:"day_starts"`
	DayEnds               *string   `json:"day_ends"`
	SameCityBufferMinutes *int      `json:"same_city_buffer_minutes"`
	DefaultTravelMinutes  *int      `json:"default_travel_minutes"`
	MaxMeetingsPerFirm    *int      `json:"max_meetings_per_firm"`
	MinMeetingsPerFirm    *int      `json:"min_meetings_per_firm"`
	readOnlyKeys

	PersonalDataRetentionMonths *int             `json:"personal_data_retention_months"`
	NeedsRetentionDays          *int             `json:"needs_retention_days"`
	PersonalDataRemovedAt       *json.RawMessage `json:"personal_data_removed_at"` // written by the retention job only
	NeedsRemovedAt              *json.RawMessage `json:"needs_removed_at"`
	FollowUpMonths              *string          `json:"follow_up_months"`
}

// apply copies the fields that were sent onto m.
func (in missionInput) apply(m *models.Mission) models.FieldErrors {
	errs := models.FieldErrors{}
	setStr := func(dst *string, v *string) {
		if v != nil {
			*dst = *v
		}
	}
	setInt := func(dst *int, v *int) {
		if v != nil {
			*dst = *v
		}
	}
	setDate := func(field string, dst *models.Date, v *string) {
		if v == nil {
			return
		}
		if *v == "" {
			*dst = models.Date{}
			return
		}
		d, err := models.ParseDate(*v)
		if err != nil {
			errs.Add(field, "Must be a real date in the form YYYY-MM-DD")
			return
		}
		*dst = d
	}
	setStr(&m.Name, in.Name)
	setStr(&m.DestinationCity, in.DestinationCity)
	setStr(&m.DestinationCountry, in.DestinationCountry)
	setStr(&m.Timezone, in.Timezone)
	setStr(&m.HomeTimezone, in.HomeTimezone)
	setDate("start_date", &m.StartDate, in.StartDate)
	setDate("end_date", &m.EndDate, in.EndDate)
	setDate("registration_closes", &m.RegistrationCloses, in.RegistrationCloses)
	setInt(&m.MaxFirms, in.MaxFirms)
	setInt(&m.MaxDelegatesPerFirm, in.MaxDelegatesPerFirm)
	if in.Sectors != nil {
		m.Sectors = models.NewStringList(*in.Sectors...)
	}
	setStr(&m.Description, in.Description)
	setStr(&m.Status, in.Status)
	setInt(&m.MeetingMinutes, in.MeetingMinutes)
	setStr(&m.DayStarts, in.DayStarts)
	setStr(&m.DayEnds, in.DayEnds)
	setInt(&m.SameCityBufferMinutes, in.SameCityBufferMinutes)
	setInt(&m.DefaultTravelMinutes, in.DefaultTravelMinutes)
	setInt(&m.MaxMeetingsPerFirm, in.MaxMeetingsPerFirm)
	setInt(&m.MinMeetingsPerFirm, in.MinMeetingsPerFirm)
	setInt(&m.PersonalDataRetentionMonths, in.PersonalDataRetentionMonths)
	setInt(&m.NeedsRetentionDays, in.NeedsRetentionDays)
	setStr(&m.FollowUpMonths, in.FollowUpMonths)
	return errs
}

// APIMissions lists missions.
func (h *Handler) APIMissions(c *fiber.Ctx) error {
	missions, total, err := h.Store.Missions(c.UserContext(), pageFromQuery(c))
	if err != nil {
		return err
	}
	return apiList(c, missions, total)
}

// APIMission answers one mission.
func (h *Handler) APIMission(c *fiber.Ctx) error {
	m, err := h.mission(c)
	if err != nil {
		return err
	}
	return c.JSON(m)
}

// APICreateMission creates a mission; fields left out take the defaults the web form starts from.
func (h *Handler) APICreateMission(c *fiber.Ctx) error {
	var in missionInput
	if _, err := decodeJSON(c, &in); err != nil {
		return err
	}
	m := models.NewMission()
	if errs := in.apply(&m); len(errs) > 0 {
		return errs
	}
	if err := h.Store.CreateMission(c.UserContext(), currentUser(c), &m); err != nil {
		return err
	}
	c.Location("/api/v1/missions/" + idString(m.ID))
	return c.Status(fiber.StatusCreated).JSON(m)
}

// APIUpdateMission changes the fields sent.
func (h *Handler) APIUpdateMission(c *fiber.Ctx) error {
	m, err := h.mission(c)
	if err != nil {
		return err
	}
	var in missionInput
	if _, err := decodeJSON(c, &in); err != nil {
		return err
	}
	if errs := in.apply(m); len(errs) > 0 {
		return errs
	}
	if err := h.Store.UpdateMission(c.UserContext(), currentUser(c), m); err != nil {
		return err
	}
	return c.JSON(m)
}
