package handlers

import (
	"fmt"

	"github.com/gofiber/fiber/v2"

	"github.com/missionplanner/missionplanner/models"
)

// availabilityField is one HH:MM input of the availability form.
type availabilityField struct{ Name, Label, Value string }

// availabilityDay is one mission day of the availability form: two windows.
type availabilityDay struct {
	Label  string
	Error  string
	Fields []availabilityField
}

func availabilityNames(d models.Date) [4]string {
	k := d.String()
	return [4]string{"from-" + k + "-1", "to-" + k + "-1", "from-" + k + "-2", "to-" + k + "-2"}
}

// ContactAvailabilityForm shows a contact's availability for a mission, day by day.
func (h *Handler) ContactAvailabilityForm(c *fiber.Ctx) error {
	m, err := h.mission(c)
	if err != nil {
		return err
	}
	ct, err := h.contact(c)
	if err != nil {
		return err
	}
	windows, err := h.Store.ContactAvailabilities(c.UserContext(), m.ID, ct.ID)
	if err != nil {
		return err
	}
	zone := m.Zone()
	values := map[string]string{}
	count := map[string]int{}
	for _, w := range windows {
		d := models.DateIn(w.StartsAt, zone)
		names := availabilityNames(d)
		i := count[d.String()]
		if i > 1 {
			continue
		}
		count[d.String()]++
		values[names[2*i]] = models.FormatClock(w.StartsAt, zone)
		values[names[2*i+1]] = models.FormatClock(w.EndsAt, zone)
	}
	return h.renderAvailability(c, fiber.StatusOK, m, ct, values, nil)
}

func (h *Handler) renderAvailability(c *fiber.Ctx, status int, m *models.Mission, ct *models.Contact, values map[string]string, errs models.FieldErrors) error {
	var days []availabilityDay
	for _, d := range m.Days() {
		names := availabilityNames(d)
		day := availabilityDay{Label: d.Label(), Error: errs[names[0]]}
		labels := []string{"from", "to", "from (second window)", "to (second window)"}
		for i, n := range names {
			day.Fields = append(day.Fields, availabilityField{Name: n, Label: d.Label() + " " + labels[i], Value: values[n]})
		}
		days = append(days, day)
	}
	v := View{"Title": "Availability of " + ct.FullName, "Mission": m, "Contact": ct, "Days": days}
	if len(errs) > 0 {
		v["Errors"] = errs
	}
	return h.render(c, status, "contacts/availability", v)
}

// SaveContactAvailability replaces a contact's availability for a mission.
func (h *Handler) SaveContactAvailability(c *fiber.Ctx) error {
	m, err := h.mission(c)
	if err != nil {
		return err
	}
	ct, err := h.contact(c)
	if err != nil {
		return err
	}
	zone := m.Zone()
	values := map[string]string{}
	errs := models.FieldErrors{}
	var windows []models.Interval
	for _, d := range m.Days() {
		names := availabilityNames(d)
		for i := 0; i < 2; i++ {
			fromName, toName := names[2*i], names[2*i+1]
			from, to := form(c, fromName), form(c, toName)
			values[fromName], values[toName] = from, to
			if from == "" && to == "" {
				continue
			}
			if from == "" || to == "" {
				errs.Add(names[0], fmt.Sprintf("%s: enter both the start and the end of the window", d.Label()))
				continue
			}
			s, err1 := models.LocalInstant(zone, d.String(), from)
			e, err2 := models.LocalInstant(zone, d.String(), to)
			switch {
			case err1 != nil:
				errs.Add(names[0], d.Label()+": "+capitalise(err1.Error()))
			case err2 != nil:
				errs.Add(names[0], d.Label()+": "+capitalise(err2.Error()))
			case !e.After(s):
				errs.Add(names[0], d.Label()+": the end of the window must be after its start")
			default:
				windows = append(windows, models.Interval{Start: s, End: e})
			}
		}
	}
	if len(errs) > 0 {
		return h.renderAvailability(c, fiber.StatusUnprocessableEntity, m, ct, values, errs)
	}
	if err := h.Store.SetContactAvailability(c.UserContext(), currentUser(c), m, ct.ID, windows); err != nil {
		return err
	}
	msg := "Availability saved: " + ct.FullName + " can meet throughout the mission's working hours"
	if len(windows) > 0 {
		msg = fmt.Sprintf("Availability saved: %d window(s) for %s", len(models.MergeIntervals(windows)), ct.FullName)
	}
	return h.redirectWithFlash(c, fmt.Sprintf("/missions/%d/contacts/%d/availability", m.ID, ct.ID), msg)
}
