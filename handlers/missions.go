package handlers

import (
	"fmt"
	"strconv"
	"time"

	"github.com/gofiber/fiber/v2"

	"github.com/missionplanner/missionplanner/models"
)

// missionFieldOrder is the order of the mission form, for the error summary.
var missionFieldOrder = []string{"name", "destination_city", "destination_country", "timezone", "home_timezone", "start_date", "end_date", "registration_closes", "max_firms", "max_delegates_per_firm", "sectors", "description", "status", "meeting_minutes", "day_starts", "day_ends", "same_city_buffer_minutes", "default_travel_minutes", "min_meetings_per_firm", "max_meetings_per_firm", "personal_data_retention_months", "needs_retention_days", "follow_up_months"}

// missionForm is the mission form as typed.
type missionForm struct {
	F       map[string]string
	Dates   map[string]DateInput
	Sectors models.StringList
}

func missionFormOf(m *models.Mission) missionForm {
	return missionForm{
		F: map[string]string{
			"name": m.Name, "destination_city": m.DestinationCity, "destination_country": m.DestinationCountry,
			"timezone": m.Timezone, "home_timezone": m.HomeTimezone, "max_firms": strconv.Itoa(m.MaxFirms),
			"max_delegates_per_firm": strconv.Itoa(m.MaxDelegatesPerFirm), "description": m.Description, "status": m.Status,
			"meeting_minutes": strconv.Itoa(m.MeetingMinutes), "day_starts": m.DayStarts, "day_ends": m.DayEnds,
			"same_city_buffer_minutes": strconv.Itoa(m.SameCityBufferMinutes), "default_travel_minutes": strconv.Itoa(m.DefaultTravelMinutes),
			"min_meetings_per_firm": strconv.Itoa(m.MinMeetingsPerFirm), "max_meetings_per_firm": strconv.Itoa(m.MaxMeetingsPerFirm),
			"personal_data_retention_months": strconv.Itoa(m.PersonalDataRetentionMonths), "needs_retention_days": strconv.Itoa(m.NeedsRetentionDays),
			"follow_up_months": m.FollowUpMonths,
		},
		Dates: map[string]DateInput{
			"start_date": DateInputOf(m.StartDate), "end_date": DateInputOf(m.EndDate), "registration_closes": DateInputOf(m.RegistrationCloses),
		},
		Sectors: m.Sectors,
	}
}

// parseMissionForm reads the posted form into m and checks it, returning every problem by field.
func parseMissionForm(c *fiber.Ctx, m *models.Mission) (missionForm, models.FieldErrors) {
	errs := models.FieldErrors{}
	f := missionForm{F: map[string]string{}, Dates: map[string]DateInput{}}
	for _, k := range missionFieldOrder {
		f.F[k] = form(c, k)
	}
	m.Name, m.DestinationCity, m.DestinationCountry = f.F["name"], f.F["destination_city"], f.F["destination_country"]
	m.Timezone, m.HomeTimezone, m.Description, m.Status = f.F["timezone"], f.F["home_timezone"], f.F["description"], f.F["status"]
	m.DayStarts, m.DayEnds, m.FollowUpMonths = f.F["day_starts"], f.F["day_ends"], f.F["follow_up_months"]
	m.MaxFirms = formInt(c, "max_firms", 0, "maximum number of firms", errs)
	m.MaxDelegatesPerFirm = formInt(c, "max_delegates_per_firm", 0, "delegates per firm", errs)
	m.MeetingMinutes = formInt(c, "meeting_minutes", 0, "meeting length", errs)
	m.SameCityBufferMinutes = formInt(c, "same_city_buffer_minutes", 30, "buffer between meetings", errs)
	m.DefaultTravelMinutes = formInt(c, "default_travel_minutes", 90, "travel time between cities", errs)
	m.MinMeetingsPerFirm = formInt(c, "min_meetings_per_firm", 0, "meetings every firm should have", errs)
	m.MaxMeetingsPerFirm = formInt(c, "max_meetings_per_firm", 0, "most meetings per firm", errs)
	m.PersonalDataRetentionMonths = formInt(c, "personal_data_retention_months", models.DefaultPersonalDataRetentionMonths, "months to keep delegates' personal details", errs)
	m.NeedsRetentionDays = formInt(c, "needs_retention_days", models.DefaultNeedsRetentionDays, "days to keep dietary and access needs", errs)
	f.Sectors = formList(c, "sectors")
	m.Sectors = f.Sectors
	for _, d := range []struct {
		field, label string
		dst          *models.Date
	}{{"start_date", "start date", &m.StartDate}, {"end_date", "end date", &m.EndDate}, {"registration_closes", "registration closing date", &m.RegistrationCloses}} {
		in := dateInput(c, d.field)
		f.Dates[d.field] = in
		var msg string
		if *d.dst, msg = in.Parse(d.label); msg != "" {
			errs.Add(d.field, msg)
		}
	}
	// What could not be parsed is reported first; the rules between fields come after.
	for k, v := range m.Validate() {
		errs.Add(k, v)
	}
	return f, errs
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
	f, errs := parseMissionForm(c, &m)
	err := errs.Err()
	if err == nil {
		err = h.Store.CreateMission(c.UserContext(), currentUser(c), &m)
	}
	if fe, ok := models.AsFieldErrors(err); ok {
		return h.render(c, fiber.StatusUnprocessableEntity, "missions/form", View{"Title": "Create a mission", "Form": f, "Action": "/missions", "Errors": fe, "Order": missionFieldOrder})
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
	f, errs := parseMissionForm(c, &m)
	err = errs.Err()
	if err == nil {
		err = h.Store.UpdateMission(c.UserContext(), currentUser(c), &m)
	}
	if fe, ok := models.AsFieldErrors(err); ok {
		return h.render(c, fiber.StatusUnprocessableEntity, "missions/form", View{"Title": "Edit " + existing.Name, "Form": f, "Action": fmt.Sprintf("/missions/%d", m.ID), "Mission": existing, "Errors": fe, "Order": missionFieldOrder})
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
