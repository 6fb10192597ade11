package handlers

import (
	"fmt"

	"github.com/gofiber/fiber/v2"

	"github.com/missionplanner/missionplanner/models"
)

// programmeForm is the programme item form as typed.
type programmeForm struct {
	Title            string            `form:"title"`
	Kind             string            `form:"kind"`
	Date             DateInput         `form:"date" label:"date"`
	StartTime        string            `form:"start_time" label:"start time"`
	StartTimeFold    string            `form:"start_time_fold"` // which reading of a repeated time; the page offers none
	EndTime          string            `form:"end_time" label:"end time"`
	EndTimeFold      string            `form:"end_time_fold"`
	LocationID       string            `form:"location_id"`
	Description      string            `form:"description"`
	AllRegistrations string            `form:"all_registrations"` // "no" when only the selected firms attend
	RegistrationIDs  models.StringList `form:"registration_ids"`
}

var programmeFields = specOf[programmeForm]()

// newProgrammeForm reads the posted programme item form.
func newProgrammeForm(c *fiber.Ctx) programmeForm {
	var f programmeForm
	programmeFields.bind(c, &f)
	return f
}

// item reads the form into p, its times in the mission's zone; what cannot be read is returned by field.
func (f *programmeForm) item(m *models.Mission, p *models.ProgrammeItem) models.FieldErrors {
	errs := models.FieldErrors{}
	r := readerOf(programmeFields, f, errs)
	p.Title, p.Kind, p.Description = f.Title, f.Kind, f.Description
	p.LocationID = r.id(&f.LocationID, "Select a location of this mission")
	p.AllRegistrations = f.AllRegistrations != "no"
	p.RegistrationIDs = r.ids(&f.RegistrationIDs)
	start, ok1, _ := r.localTime(m, &f.Date, &f.StartTime, f.StartTimeFold)
	// The end time shares the date: its date errors are already reported with the start.
	endErrs := models.FieldErrors{}
	end, ok2, _ := readerOf(programmeFields, f, endErrs).localTime(m, &f.Date, &f.EndTime, f.EndTimeFold)
	if msg, ok := endErrs["end_time"]; ok {
		errs.Add("end_time", msg)
	}
	if ok1 {
		p.StartsAt = start
	}
	if ok2 {
		p.EndsAt = end
	}
	return errs
}

// programmeEntry is a programme item with what the page shows.
type programmeEntry struct {
	models.ProgrammeItem
	Location  *models.Location
	Attendees []string
}

func (h *Handler) programmePage(c *fiber.Ctx, status int, page string, m *models.Mission, v View) error {
	ctx := c.UserContext()
	regs, err := h.Store.MissionRegistrations(ctx, m.ID)
	if err != nil {
		return err
	}
	locs, err := h.Store.Locations(ctx, m.ID)
	if err != nil {
		return err
	}
	if page == "programme/index" {
		items, err := h.Store.ProgrammeItems(ctx, m.ID)
		if err != nil {
			return err
		}
		locByID := map[uint]*models.Location{}
		for i := range locs {
			locByID[locs[i].ID] = &locs[i]
		}
		regByID := map[uint]*models.Registration{}
		for i := range regs {
			regByID[regs[i].ID] = &regs[i]
		}
		entries := make([]programmeEntry, len(items))
		for i, it := range items {
			e := programmeEntry{ProgrammeItem: it}
			if it.LocationID != nil {
				e.Location = locByID[*it.LocationID]
			}
			for _, id := range it.RegistrationIDs {
				if r, ok := regByID[id]; ok {
					e.Attendees = append(e.Attendees, models.RegistrationLabel(r))
				}
			}
			entries[i] = e
		}
		v["Items"] = entries
	}
	v["Mission"], v["Zone"], v["Home"] = m, m.Zone(), m.HomeZone()
	v["RegistrationOptions"], v["LocationOptions"] = registrationOptions(regs, false), locationOptions(locs)
	if _, ok := v["Form"]; !ok {
		v["Form"] = programmeForm{Kind: "briefing", AllRegistrations: "yes"}
	}
	return h.render(c, status, page, v)
}

// Programme lists the mission's group programme, with a form to add an item.
func (h *Handler) Programme(c *fiber.Ctx) error {
	m, err := h.mission(c)
	if err != nil {
		return err
	}
	return h.programmePage(c, fiber.StatusOK, "programme/index", m, View{"Title": "Programme"})
}

// CreateProgrammeItem adds an item to the programme.
func (h *Handler) CreateProgrammeItem(c *fiber.Ctx) error {
	m, err := h.mission(c)
	if err != nil {
		return err
	}
	var p models.ProgrammeItem
	f := newProgrammeForm(c)
	errs := f.item(m, &p)
	return h.saveProgrammeItem(c, m, &p, f, errs, "programme/index", View{"Title": "Programme"}, "Added to the programme: ")
}

// EditProgrammeItem shows the form for one programme item.
func (h *Handler) EditProgrammeItem(c *fiber.Ctx) error {
	m, p, err := h.programmeItem(c)
	if err != nil {
		return err
	}
	zone := m.Zone()
	f := programmeForm{
		Title: p.Title, Kind: p.Kind, StartTime: models.FormatClock(p.StartsAt, zone), EndTime: models.FormatClock(p.EndsAt, zone),
		Description: p.Description, AllRegistrations: "yes",
		Date:            DateInputOf(models.DateIn(p.StartsAt, zone)),
		RegistrationIDs: idStrings(p.RegistrationIDs),
	}
	if !p.AllRegistrations {
		f.AllRegistrations = "no"
	}
	if p.LocationID != nil {
		f.LocationID = idString(*p.LocationID)
	}
	return h.programmePage(c, fiber.StatusOK, "programme/form", m, View{"Title": "Edit " + p.Title, "Item": p, "Form": f})
}

// UpdateProgrammeItem saves an edited programme item.
func (h *Handler) UpdateProgrammeItem(c *fiber.Ctx) error {
	m, existing, err := h.programmeItem(c)
	if err != nil {
		return err
	}
	p := models.ProgrammeItem{ID: existing.ID, CreatedAt: existing.CreatedAt}
	f := newProgrammeForm(c)
	errs := f.item(m, &p)
	return h.saveProgrammeItem(c, m, &p, f, errs, "programme/form", View{"Title": "Edit " + existing.Title, "Item": existing}, "Programme item updated: ")
}

// saveProgrammeItem saves a parsed programme form, unless parsing found errors, and redirects to the
// programme; when anything is wrong it re-renders page with the errors, the store's named as the form's fields.
func (h *Handler) saveProgrammeItem(c *fiber.Ctx, m *models.Mission, p *models.ProgrammeItem, f programmeForm, errs models.FieldErrors, page string, v View, flash string) error {
	var err error
	if len(errs) == 0 {
		err = h.Store.SaveProgrammeItem(c.UserContext(), currentUser(c), m, p)
	}
	if fe, ok := models.AsFieldErrors(err); ok || len(errs) > 0 {
		for k, msg := range fe {
			switch k {
			case "starts_at":
				k = "date"
			case "ends_at":
				k = "end_time"
			}
			errs.Add(k, msg)
		}
		v["Form"], v["Errors"], v["Order"] = f, errs, programmeFields
		return h.programmePage(c, fiber.StatusUnprocessableEntity, page, m, v)
	}
	if err != nil {
		return err
	}
	return h.redirectWithFlash(c, fmt.Sprintf("/missions/%d/programme", m.ID), flash+p.Title)
}

// DeleteProgrammeItem removes a programme item.
func (h *Handler) DeleteProgrammeItem(c *fiber.Ctx) error {
	m, p, err := h.programmeItem(c)
	if err != nil {
		return err
	}
	if err := h.Store.DeleteProgrammeItem(c.UserContext(), currentUser(c), m.ID, p.ID); err != nil {
		return err
	}
	return h.redirectWithFlash(c, fmt.Sprintf("/missions/%d/programme", m.ID), "Removed from the programme: "+p.Title)
}

func (h *Handler) programmeItem(c *fiber.Ctx) (*models.Mission, *models.ProgrammeItem, error) {
	m, err := h.mission(c)
	if err != nil {
		return nil, nil, err
	}
	id, err := idParam(c, "pid")
	if err != nil {
		return nil, nil, err
	}
	p, err := h.Store.ProgrammeItem(c.UserContext(), m.ID, id)
	if err != nil {
		return nil, nil, err
	}
	return m, p, nil
}
