package handlers

import (
	"time"

	"github.com/gofiber/fiber/v2"

	"github.com/missionplanner/missionplanner/models"
)

// APILocations lists a mission's locations.
func (h *Handler) APILocations(c *fiber.Ctx) error {
	m, err := h.mission(c)
	if err != nil {
		return err
	}
	locs, err := h.Store.Locations(c.UserContext(), m.ID)
	if err != nil {
		return err
	}
	return apiList(c, locs, int64(len(locs)))
}

// APICreateLocation adds a location to a mission.
func (h *Handler) APICreateLocation(c *fiber.Ctx) error {
	m, err := h.mission(c)
	if err != nil {
		return err
	}
	var in struct {
		Name      string `json:"name"`
		Address   string `json:"address"`
		City      string `json:"city"`
		ContactID *uint  `json:"contact_id"`
		readOnlyKeys
		MissionID *uint `json:"mission_id"`
	}
	if _, err := decodeJSON(c, &in); err != nil {
		return err
	}
	l := models.Location{MissionID: m.ID, Name: in.Name, Address: in.Address, City: in.City, ContactID: in.ContactID}
	if err := h.Store.SaveLocation(c.UserContext(), currentUser(c), &l); err != nil {
		return err
	}
	return c.Status(fiber.StatusCreated).JSON(l)
}

// programmeJSON is a programme item as the API answers it, its times in the mission's zone.
type programmeJSON struct {
	ID               uint      `json:"id"`
	MissionID        uint      `json:"mission_id"`
	Title            string    `json:"title"`
	Kind             string    `json:"kind"`
	StartsAt         *string   `json:"starts_at"`
	EndsAt           *string   `json:"ends_at"`
	LocationID       *uint     `json:"location_id"`
	Description      string    `json:"description"`
	AllRegistrations bool      `json:"all_registrations"`
	RegistrationIDs  []uint    `json:"registration_ids"`
	CreatedAt        time.Time `json:"created_at"`
	UpdatedAt        time.Time `json:"updated_at"`
}

func programmeOut(m *models.Mission, p *models.ProgrammeItem) programmeJSON {
	zone := m.Zone()
	ids := p.RegistrationIDs
	if ids == nil {
		ids = []uint{}
	}
	return programmeJSON{ID: p.ID, MissionID: p.MissionID, Title: p.Title, Kind: p.Kind, StartsAt: rfc3339In(&p.StartsAt, zone), EndsAt: rfc3339In(&p.EndsAt, zone),
		LocationID: p.LocationID, Description: p.Description, AllRegistrations: p.AllRegistrations, RegistrationIDs: ids, CreatedAt: p.CreatedAt, UpdatedAt: p.UpdatedAt}
}

// APIProgramme lists a mission's programme in time order.
func (h *Handler) APIProgramme(c *fiber.Ctx) error {
	m, err := h.mission(c)
	if err != nil {
		return err
	}
	items, err := h.Store.ProgrammeItems(c.UserContext(), m.ID)
	if err != nil {
		return err
	}
	out := make([]programmeJSON, len(items))
	for i := range items {
		out[i] = programmeOut(m, &items[i])
	}
	return apiList(c, out, int64(len(out)))
}

// APICreateProgrammeItem adds a programme item; without registration_ids every firm attends.
func (h *Handler) APICreateProgrammeItem(c *fiber.Ctx) error {
	m, err := h.mission(c)
	if err != nil {
		return err
	}
	var in struct {
		Title            string `json:"title"`
		Kind             string `json:"kind"`
		StartsAt         string `json:"starts_at"`
		EndsAt           string `json:"ends_at"`
		LocationID       *uint  `json:"location_id"`
		Description      string `json:"description"`
		AllRegistrations *bool  `json:"all_registrations"`
		RegistrationIDs  []uint `json:"registration_ids"`
		readOnlyKeys
		MissionID *uint `json:"mission_id"`
	}
	if _, err := decodeJSON(c, &in); err != nil {
		return err
	}
	errs := models.FieldErrors{}
	p := models.ProgrammeItem{Title: in.Title, Kind: in.Kind, LocationID: in.LocationID, Description: in.Description, RegistrationIDs: in.RegistrationIDs}
	p.AllRegistrations = len(in.RegistrationIDs) == 0
	if in.AllRegistrations != nil {
		p.AllRegistrations = *in.AllRegistrations
	}
	for _, f := range []struct {
		name, v string
		dst     *time.Time
	}{{"starts_at", in.StartsAt, &p.StartsAt}, {"ends_at", in.EndsAt, &p.EndsAt}} {
		if f.v == "" {
			continue
		}
		t, err := models.ParseLocalOrRFC3339(m.Zone(), f.v)
		if err != nil {
			errs.Add(f.name, capitalise(err.Error()))
			continue
		}
		*f.dst = t
	}
	if len(errs) > 0 {
		// Save nothing when a time could not be read, but report whatever else is wrong as well.
		for k, v := range p.Validate(m) {
			errs.Add(k, v)
		}
		return errs
	}
	if err := h.Store.SaveProgrammeItem(c.UserContext(), currentUser(c), m, &p); err != nil {
		return err
	}
	return c.Status(fiber.StatusCreated).JSON(programmeOut(m, &p))
}
