package handlers

import (
	"fmt"
	"strconv"
	"time"

	"github.com/gofiber/fiber/v2"

	"github.com/missionplanner/missionplanner/models"
)

// missionForm is the mission form as typed, its fields in the page's order.
type missionForm struct {
	Name                        string            `form:"name"`
	DestinationCity             string            `form:"destination_city"`
	DestinationCountry          string            `form:"destination_country"`
	Timezone                    string            `form:"timezone"`
	HomeTimezone                string            `form:"home_timezone"`
	StartDate                   DateInput         `form:"start_date" label:"start date"`
	EndDate                     DateInput         `form:"end_date" label:"end date"`
	RegistrationCloses          DateInput         `form:"registration_closes" label:"registration closing date"`
	MaxFirms                    string            `form:"max_firms" label:"maximum number of firms"`
	MaxDelegatesPerFirm         string            `form:"max_delegates_per_firm" label:"delegates per firm"`
	Sectors                     models.StringList `form:"sectors"`
	Description                 string            `form:"description"`
	Status                      string            `form:"status"`
	MeetingMinutes              string            `form:"meeting_minutes" label:"meeting length"`
	DayStarts                   string            `form:"day_starts"`
	DayEnds                     string            `form:"day_ends"`
	SameCityBufferMinutes       string            `form:"same_city_buffer_minutes" label:"buffer between meetings"`
	DefaultTravelMinutes        string            `form:"default_travel_minutes" label:"travel time between cities"`
	MinMeetingsPerFirm          string            `form:"min_meetings_per_firm" label:"meetings every firm should have"`
	MaxMeetingsPerFirm          string            `form:"max_meetings_per_firm" label:"most meetings per firm"`
	PersonalDataRetentionMonths string            `form:"personal_data_retention_months" label:"months to keep delegates' personal details"`
	NeedsRetentionDays          string            `form:"needs_retention_days" label:"days to keep dietary and access needs"`
	FollowUpMonths              string            `form:"follow_up_months"`
}

var missionFields = specOf[missionForm]()

// newMissionForm reads the posted mission form.
func newMissionForm(c *fiber.Ctx) missionForm {
	var f missionForm
	missionFields.bind(c, &f)
	return f
}

// missionFormOf shows a stored mission in the form.
func missionFormOf(m *models.Mission) missionForm {
	return missionForm{
		Name: m.Name, DestinationCity: m.DestinationCity, DestinationCountry: m.DestinationCountry,
		Timezone: m.Timezone, HomeTimezone: m.HomeTimezone,
		StartDate: DateInputOf(m.StartDate), EndDate: DateInputOf(m.EndDate), RegistrationCloses: DateInputOf(m.RegistrationCloses),
		MaxFirms: strconv.Itoa(m.MaxFirms), MaxDelegatesPerFirm: strconv.Itoa(m.MaxDelegatesPerFirm), Sectors: m.Sectors,
		Description: m.Description, Status: m.Status, MeetingMinutes: strconv.Itoa(m.MeetingMinutes),
		DayStarts: m.DayStarts, DayEnds: m.DayEnds,
		SameCityBufferMinutes: strconv.Itoa(m.SameCityBufferMinutes), DefaultTravelMinutes: strconv.Itoa(m.DefaultTravelMinutes),
		MinMeetingsPerFirm: strconv.Itoa(m.MinMeetingsPerFirm), MaxMeetingsPerFirm: strconv.Itoa(m.MaxMeetingsPerFirm),
		PersonalDataRetentionMonths: strconv.Itoa(m.PersonalDataRetentionMonths), NeedsRetentionDays: strconv.Itoa(m.NeedsRetentionDays),
		FollowUpMonths: m.FollowUpMonths,
	}
}

// apply sets the typed values on m and checks them, returning every problem by field: what could not
// be read first, then the mission's own rules.
func (f *missionForm) apply(m *models.Mission) models.FieldErrors {
	errs := models.FieldErrors{}
	r := readerOf(missionFields, f, errs)
	m.Name, m.DestinationCity, m.DestinationCountry = f.Name, f.DestinationCity, f.DestinationCountry
	m.Timezone, m.HomeTimezone, m.Description, m.Status = f.Timezone, f.HomeTimezone, f.Description, f.Status
	m.DayStarts, m.DayEnds, m.FollowUpMonths = f.DayStarts, f.DayEnds, f.FollowUpMonths
	m.MaxFirms = r.int(&f.MaxFirms, 0)
	m.MaxDelegatesPerFirm = r.int(&f.MaxDelegatesPerFirm, 0)
	m.MeetingMinutes = r.int(&f.MeetingMinutes, 0)
	m.SameCityBufferMinutes = r.int(&f.SameCityBufferMinutes, 30)
	m.DefaultTravelMinutes = r.int(&f.DefaultTravelMinutes, 90)
	m.MinMeetingsPerFirm = r.int(&f.MinMeetingsPerFirm, 0)
	m.MaxMeetingsPerFirm = r.int(&f.MaxMeetingsPerFirm, 0)
	m.PersonalDataRetentionMonths = r.int(&f.PersonalDataRetentionMonths, models.DefaultPersonalDataRetentionMonths)
	m.NeedsRetentionDays = r.int(&f.NeedsRetentionDays, models.DefaultNeedsRetentionDays)
	m.Sectors = f.Sectors
	m.StartDate = r.date(&f.StartDate)
	m.EndDate = r.date(&f.EndDate)
	m.RegistrationCloses = r.date(&f.RegistrationCloses)
	for k, v := range m.Validate() {
		errs.Add(k, v)
	}
	return errs
}

// Missions lists every mission.
func (h *Handler) Missions(c *fiber.Ctx) error {
	p := pageFromQuery(c)
	missions, total, err := h.Store.Missions(c.UserContext(), p)
	if err != nil {
		return err
	}
	return h.render(c, fiber.StatusOK, "missions/index", View{"Title": "Missions", "Missions": missions, "Total": total, "Page": p.Page, "Pages": p.Pages(total)})
}

// NewMission shows an empty mission form.
func (h *Handler) NewMission(c *fiber.Ctx) error {
	m := models.NewMission()
	return h.render(c, fiber.StatusOK, "missions/form", View{"Title": "Create a mission", "Form": missionFormOf(&m), "Action": "/missions"})
}

// CreateMission saves a new mission from the form.
func (h *Handler) CreateMission(c *fiber.Ctx) error {
	var m models.Mission
	f := newMissionForm(c)
	err := f.apply(&m).Err()
	if err == nil {
		err = h.Store.CreateMission(c.UserContext(), currentUser(c), &m)
	}
	if fe, ok := models.AsFieldErrors(err); ok {
		return h.render(c, fiber.StatusUnprocessableEntity, "missions/form", View{"Title": "Create a mission", "Form": f, "Action": "/missions", "Errors": fe, "Order": missionFields})
	}
	if err != nil {
		return err
	}
	return h.redirectWithFlash(c, fmt.Sprintf("/missions/%d", m.ID), "Mission created: "+m.Name)
}

// ShowMission shows a mission's details and where to go next.
func (h *Handler) ShowMission(c *fiber.Ctx) error {
	m, err := h.mission(c)
	if err != nil {
		return err
	}
	breaches, err := h.Store.TimetableBreachCount(c.UserContext(), m, time.Now())
	if err != nil {
		return err
	}
	due, err := h.Store.CountMeetingsAwaitingOutcome(c.UserContext(), m.ID, h.Now())
	if err != nil {
		return err
	}
	return h.render(c, fiber.StatusOK, "missions/show", View{"Title": m.Name, "Mission": m, "Breaches": breaches, "OutcomesDue": due,
		"Retention": m.RetentionNotices(h.Now())})
}

// EditMission shows the form with a mission's values.
func (h *Handler) EditMission(c *fiber.Ctx) error {
	m, err := h.mission(c)
	if err != nil {
		return err
	}
	return h.render(c, fiber.StatusOK, "missions/form", View{"Title": "Edit " + m.Name, "Form": missionFormOf(m), "Action": fmt.Sprintf("/missions/%d", m.ID), "Mission": m})
}

// UpdateMission saves the edited mission.
func (h *Handler) UpdateMission(c *fiber.Ctx) error {
	existing, err := h.mission(c)
	if err != nil {
		return err
	}
	m := *existing
	f := newMissionForm(c)
	err = f.apply(&m).Err()
	if err == nil {
		err = h.Store.UpdateMission(c.UserContext(), currentUser(c), &m)
	}
	if fe, ok := models.AsFieldErrors(err); ok {
		return h.render(c, fiber.StatusUnprocessableEntity, "missions/form", View{"Title": "Edit " + existing.Name, "Form": f, "Action": fmt.Sprintf("/missions/%d", m.ID), "Mission": existing, "Errors": fe, "Order": missionFields})
	}
	if err != nil {
		return err
	}
	return h.redirectWithFlash(c, fmt.Sprintf("/missions/%d", m.ID), "Mission updated")
}

// mission loads the mission named by the :id route parameter.
func (h *Handler) mission(c *fiber.Ctx) (*models.Mission, error) {
	id, err := idParam(c, "id")
	if err != nil {
		return nil, err
	}
	return h.Store.Mission(c.UserContext(), id)
}
