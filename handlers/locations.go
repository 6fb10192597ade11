package handlers

import (
	"errors"
	"fmt"
	"net/url"
	"strconv"

	"github.com/gofiber/fiber/v2"

	"github.com/missionplanner/missionplanner/models"
)

// locationRow is a location with the name of its contact.
type locationRow struct {
	models.Location
	ContactID   uint
	ContactName string
}

// locationsPage is what the locations page shows besides its forms' values.
func (h *Handler) locationsPage(c *fiber.Ctx, status int, m *models.Mission, v View) error {
	ctx := c.UserContext()
	page, _ := strconv.Atoi(c.Query("page"))
	p := models.Page{Page: page, PerPage: models.MeetingListPerPage}.Normalise()
	locations, total, err := h.Store.LocationsPage(ctx, m.ID, p)
	if err != nil {
		return err
	}
	travel, err := h.Store.TravelTimes(ctx, m.ID)
	if err != nil {
		return err
	}
	contacts, err := h.Store.ActiveContacts(ctx)
	if err != nil {
		return err
	}
	opts := contactOptions(contacts)
	names := map[uint]string{}
	for i, ct := range contacts {
		names[ct.ID] = opts[i].Label
	}
	if v == nil {
		v = View{}
	}
	if _, ok := v["Form"]; !ok {
		v["Form"] = map[string]string{}
	}
	if _, ok := v["Rules"]; !ok {
		v["Rules"] = map[string]string{"same_city_buffer_minutes": strconv.Itoa(m.SameCityBufferMinutes), "default_travel_minutes": strconv.Itoa(m.DefaultTravelMinutes)}
	}
	if _, ok := v["Pair"]; !ok {
		v["Pair"] = map[string]string{}
	}
	rows := make([]locationRow, len(locations))
	for i, l := range locations {
		rows[i] = locationRow{Location: l}
		if l.ContactID != nil {
			rows[i].ContactID, rows[i].ContactName = *l.ContactID, names[*l.ContactID]
		}
	}
	v["Title"], v["Mission"], v["Locations"], v["TravelTimes"], v["ContactOptions"] = "Locations and travel", m, rows, travel, opts
	v["Total"], v["Page"], v["Pages"], v["Query"] = total, p.Page, p.Pages(total), url.Values{}
	return h.render(c, status, "locations/index", v)
}

// Locations lists a mission's locations and travel rules, with forms to add and change them.
func (h *Handler) Locations(c *fiber.Ctx) error {
	m, err := h.mission(c)
	if err != nil {
		return err
	}
	return h.locationsPage(c, fiber.StatusOK, m, nil)
}

// parseLocationForm reads the form into l; a contact_id that is not a number is an error (it once
// unlinked the contact silently).
func parseLocationForm(c *fiber.Ctx, l *models.Location) (map[string]string, models.FieldErrors) {
	f := map[string]string{"name": form(c, "name"), "address": form(c, "address"), "city": form(c, "city"), "contact_id": form(c, "contact_id")}
	l.Name, l.Address, l.City = f["name"], f["address"], f["city"]
	errs := models.FieldErrors{}
	l.ContactID = optionalID(c, "contact_id", errs, "Select a contact from the list")
	return f, errs
}

// saveLocation saves l unless its form had errors.
func (h *Handler) saveLocation(c *fiber.Ctx, l *models.Location, formErrs models.FieldErrors) error {
	if len(formErrs) > 0 {
		return formErrs
	}
	return h.Store.SaveLocation(c.UserContext(), currentUser(c), l)
}

// CreateLocation adds a location to the mission.
func (h *Handler) CreateLocation(c *fiber.Ctx) error {
	m, err := h.mission(c)
	if err != nil {
		return err
	}
	l := models.Location{MissionID: m.ID}
	f, formErrs := parseLocationForm(c, &l)
	err = h.saveLocation(c, &l, formErrs)
	if fe, ok := models.AsFieldErrors(err); ok {
		return h.locationsPage(c, fiber.StatusUnprocessableEntity, m, View{"Form": f, "Errors": fe, "Order": []string{"name", "address", "city", "contact_id"}})
	}
	if err != nil {
		return err
	}
	return h.redirectWithFlash(c, fmt.Sprintf("/missions/%d/locations", m.ID), "Location added: "+l.Name)
}

// EditLocation shows the form for one location.
func (h *Handler) EditLocation(c *fiber.Ctx) error {
	m, l, err := h.location(c)
	if err != nil {
		return err
	}
	f := map[string]string{"name": l.Name, "address": l.Address, "city": l.City, "contact_id": ""}
	if l.ContactID != nil {
		f["contact_id"] = strconv.FormatUint(uint64(*l.ContactID), 10)
	}
	return h.renderLocationForm(c, fiber.StatusOK, m, l, f, nil)
}

func (h *Handler) renderLocationForm(c *fiber.Ctx, status int, m *models.Mission, l *models.Location, f map[string]string, errs models.FieldErrors) error {
	contacts, err := h.Store.ActiveContacts(c.UserContext())
	if err != nil {
		return err
	}
	v := View{"Title": "Edit " + l.Name, "Mission": m, "Location": l, "Form": f, "ContactOptions": contactOptions(contacts)}
	if len(errs) > 0 {
		v["Errors"], v["Order"] = errs, []string{"name", "address", "city", "contact_id"}
	}
	return h.render(c, status, "locations/form", v)
}

// UpdateLocation saves an edited location.
func (h *Handler) UpdateLocation(c *fiber.Ctx) error {
	m, existing, err := h.location(c)
	if err != nil {
		return err
	}
	l := *existing
	f, formErrs := parseLocationForm(c, &l)
	err = h.saveLocation(c, &l, formErrs)
	if fe, ok := models.AsFieldErrors(err); ok {
		return h.renderLocationForm(c, fiber.StatusUnprocessableEntity, m, existing, f, fe)
	}
	if err != nil {
		return err
	}
	return h.redirectWithFlash(c, fmt.Sprintf("/missions/%d/locations", m.ID), "Location updated: "+l.Name)
}

// SaveTravelRules changes the mission's buffer within a city and default travel time between cities.
func (h *Handler) SaveTravelRules(c *fiber.Ctx) error {
	m, err := h.mission(c)
	if err != nil {
		return err
	}
	errs := models.FieldErrors{}
	buffer := formInt(c, "same_city_buffer_minutes", m.SameCityBufferMinutes, "buffer", errs)
	def := formInt(c, "default_travel_minutes", m.DefaultTravelMinutes, "travel time", errs)
	if len(errs) == 0 {
		err = h.Store.SetTravelRules(c.UserContext(), currentUser(c), m.ID, buffer, def)
		if fe, ok := models.AsFieldErrors(err); ok {
			errs = fe
		} else if err != nil {
			return err
		}
	}
	if len(errs) > 0 {
		rules := map[string]string{"same_city_buffer_minutes": form(c, "same_city_buffer_minutes"), "default_travel_minutes": form(c, "default_travel_minutes")}
		return h.locationsPage(c, fiber.StatusUnprocessableEntity, m, View{"Rules": rules, "Errors": errs})
	}
	return h.redirectWithFlash(c, fmt.Sprintf("/missions/%d/locations", m.ID), "Travel rules saved")
}

// SaveTravelTime sets the travel time between two cities.
func (h *Handler) SaveTravelTime(c *fiber.Ctx) error {
	m, err := h.mission(c)
	if err != nil {
		return err
	}
	errs := models.FieldErrors{}
	pair := map[string]string{"city_a": form(c, "city_a"), "city_b": form(c, "city_b"), "minutes": form(c, "minutes")}
	minutes := formInt(c, "minutes", -1, "travel minutes", errs)
	if pair["minutes"] == "" {
		errs.Add("minutes", "Enter the travel time in minutes")
	}
	if len(errs) == 0 {
		err = h.Store.SetTravelTime(c.UserContext(), currentUser(c), m.ID, pair["city_a"], pair["city_b"], minutes)
		if fe, ok := models.AsFieldErrors(err); ok {
			errs = fe
		} else if err != nil {
			return err
		}
	}
	if len(errs) > 0 {
		return h.locationsPage(c, fiber.StatusUnprocessableEntity, m, View{"Pair": pair, "Errors": errs, "Order": []string{"city_a", "city_b", "minutes"}})
	}
	return h.redirectWithFlash(c, fmt.Sprintf("/missions/%d/locations", m.ID), fmt.Sprintf("Travel time saved: %s to %s, %d minutes", pair["city_a"], pair["city_b"], minutes))
}

// DeleteTravelTime removes a city pair.
func (h *Handler) DeleteTravelTime(c *fiber.Ctx) error {
	m, id, err := h.missionAndID(c, "tid")
	if err != nil {
		return err
	}
	if err := h.Store.DeleteTravelTime(c.UserContext(), currentUser(c), m.ID, id); err != nil {
		return err
	}
	return h.redirectWithFlash(c, fmt.Sprintf("/missions/%d/locations", m.ID), "Travel time removed: the default applies to that pair again")
}

// DeleteLocation removes a location no scheduled meeting or programme item uses; otherwise the
// locations page is shown again (409) saying what uses it.
func (h *Handler) DeleteLocation(c *fiber.Ctx) error {
	m, l, err := h.location(c)
	if err != nil {
		return err
	}
	err = h.Store.DeleteLocation(c.UserContext(), currentUser(c), m.ID, l.ID)
	var conflict *models.ConflictError
	if errors.As(err, &conflict) {
		return h.locationsPage(c, fiber.StatusConflict, m, View{"Refused": conflict.Errors["location"]})
	}
	if err != nil {
		return err
	}
	return h.redirectWithFlash(c, fmt.Sprintf("/missions/%d/locations", m.ID), "Location removed: "+l.Name)
}

func (h *Handler) location(c *fiber.Ctx) (*models.Mission, *models.Location, error) {
	m, id, err := h.missionAndID(c, "lid")
	if err != nil {
		return nil, nil, err
	}
	l, err := h.Store.Location(c.UserContext(), m.ID, id)
	if err != nil {
		return nil, nil, err
	}
	return m, l, nil
}
