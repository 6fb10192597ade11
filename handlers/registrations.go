package handlers

import (
	"bytes"
	"errors"
	"fmt"
	"net/url"
	"strconv"

	"github.com/gofiber/fiber/v2"

	"github.com/missionplanner/missionplanner/exports"
	"github.com/missionplanner/missionplanner/models"
)

// registrationForm is the registration form as typed: the chosen firm's id (empty for a new firm),
// the new firm and the registration's own fields.
type registrationForm struct {
	FirmID        string            `form:"firm_id"`
	Firm          firmForm          `form:""`
	Objectives    string            `form:"objectives"`
	TargetSectors models.StringList `form:"target_sectors"`
	WantsToMeet   models.StringList `form:"wants_to_meet"`
}

var registrationFields = specOf[registrationForm]()

// registrationOrder is the error summary's order: "mission" is the store's message when registration
// is closed.
var registrationOrder = append([]string{"mission"}, registrationFields.Names()...)

// newRegistrationForm reads the posted registration form.
func newRegistrationForm(c *fiber.Ctx) registrationForm {
	var f registrationForm
	registrationFields.bind(c, &f)
	return f
}

// firmID is the chosen firm's id, 0 for a new firm; ok is false when the id is not a number, a
// tampered form rather than a request to add a new firm.
func (f registrationForm) firmID() (id uint, ok bool) {
	n, _ := strconv.ParseUint(f.FirmID, 10, 32)
	return uint(n), n != 0 || f.FirmID == "" || f.FirmID == "0"
}

// registration is the registration's own fields.
func (f registrationForm) registration() models.Registration {
	return models.Registration{Objectives: f.Objectives, TargetSectors: f.TargetSectors, WantsToMeet: f.WantsToMeet}
}

// NewRegistration shows the registration form: a search of the directory, and either the chosen
// firm or the fields of a new one.
func (h *Handler) NewRegistration(c *fiber.Ctx) error {
	m, err := h.mission(c)
	if err != nil {
		return err
	}
	data := View{"Title": "Register a firm", "Mission": m, "Form": registrationForm{Firm: firmForm{ExportExperience: "none"}}, "Query": c.Query("q")}
	if q := c.Query("q"); q != "" {
		firms, err := h.Store.SearchFirms(c.UserContext(), q, 20)
		if err != nil {
			return err
		}
		data["Results"] = firms
		data["Searched"] = true
	}
	if id, err := strconv.ParseUint(c.Query("firm_id"), 10, 32); err == nil && id > 0 {
		firm, err := h.Store.Firm(c.UserContext(), uint(id))
		if err != nil && !errors.Is(err, models.ErrNotFound) {
			return err
		}
		if err == nil {
			data["Chosen"] = firm
			data["Form"] = registrationForm{FirmID: strconv.Itoa(int(firm.ID))}
		}
	}
	if !m.RegistrationOpen(h.Now()) {
		data["Closed"] = models.RegistrationClosedMessage(m, h.Now())
	}
	return h.render(c, fiber.StatusOK, "registrations/new", data)
}

// CreateRegistration registers the chosen or new firm for the mission.
func (h *Handler) CreateRegistration(c *fiber.Ctx) error {
	m, err := h.mission(c)
	if err != nil {
		return err
	}
	f := newRegistrationForm(c)
	firmID, idOK := f.firmID()
	firm, reg := f.Firm.firm(), f.registration()
	data := View{"Title": "Register a firm", "Mission": m, "Form": f, "Order": registrationOrder}
	if firmID != 0 {
		chosen, err := h.Store.Firm(c.UserContext(), firmID)
		if err != nil && !errors.Is(err, models.ErrNotFound) {
			return err
		}
		if err == nil {
			data["Chosen"] = chosen
		}
	}
	if !idOK {
		// An id that does not parse is a tampered form, not a request to add a new firm.
		err = models.FieldErrors{"firm_id": "Select a firm from the directory, or leave the choice empty to add a new firm"}
	} else {
		err = h.Store.RegisterFirm(c.UserContext(), currentUser(c), m, h.Now(), firmID, &firm, &reg)
	}
	var dup *models.DuplicateFirmError
	var conflict *models.ConflictError
	switch {
	case errors.As(err, &dup):
		data["Errors"] = dup.FieldErrors()
		data["Duplicate"] = dup
		return h.render(c, fiber.StatusUnprocessableEntity, "registrations/new", data)
	case errors.As(err, &conflict):
		data["Errors"] = conflict.Errors
		data["Closed"] = models.RegistrationClosedMessage(m, h.Now())
		return h.render(c, fiber.StatusConflict, "registrations/new", data)
	}
	if fe, ok := models.AsFieldErrors(err); ok {
		data["Errors"] = fe
		return h.render(c, fiber.StatusUnprocessableEntity, "registrations/new", data)
	}
	if err != nil {
		return err
	}
	return h.redirectWithFlash(c, fmt.Sprintf("/missions/%d/registrations/%d", m.ID, reg.ID), reg.Firm.CompanyName+" is registered for the mission and waiting for a decision")
}

// registrationFilter reads the list's filters from the query string.
func registrationFilter(c *fiber.Ctx) (models.RegistrationFilter, url.Values) {
	f := models.RegistrationFilter{Status: c.Query("status"), Sector: c.Query("sector"), Query: c.Query("q"), Sort: c.Query("sort")}
	if !models.InList(models.RegistrationStatuses, f.Status) {
		f.Status = ""
	}
	if !models.InList(models.Sectors, f.Sector) {
		f.Sector = ""
	}
	q := url.Values{}
	for k, v := range map[string]string{"status": f.Status, "sector": f.Sector, "q": f.Query, "sort": f.Sort} {
		if v != "" {
			q.Set(k, v)
		}
	}
	return f, q
}

// Registrations lists the mission's registrations with counts per status and the seats left.
func (h *Handler) Registrations(c *fiber.Ctx) error {
	m, err := h.mission(c)
	if err != nil {
		return err
	}
	filter, query := registrationFilter(c)
	p := pageFromQuery(c)
	regs, total, err := h.Store.Registrations(c.UserContext(), m.ID, filter, p)
	if err != nil {
		return err
	}
	counts, err := h.Store.StatusCounts(c.UserContext(), m.ID)
	if err != nil {
		return err
	}
	taken := int(counts[models.StatusApproved] + counts[models.StatusConfirmed])
	var all int64
	for _, n := range counts {
		all += n
	}
	return h.render(c, fiber.StatusOK, "registrations/index", View{
		"Title": "Registrations – " + m.Name, "Mission": m, "Registrations": regs, "Total": total, "All": all,
		"Counts": counts, "Taken": taken, "SeatsLeft": max(m.MaxFirms-taken, 0), "Filter": filter, "Query": query,
		"Sorts": models.RegistrationSorts, "Page": p.Page, "Pages": p.Pages(total), "Open": m.RegistrationOpen(h.Now()),
	})
}

// ShowRegistration shows a registration: the firm, the decision buttons, delegates with their travel,
// and the history from the audit log.
func (h *Handler) ShowRegistration(c *fiber.Ctx) error {
	m, r, err := h.registrationParams(c)
	if err != nil {
		return err
	}
	return h.renderRegistration(c, fiber.StatusOK, m, r, nil)
}

func (h *Handler) renderRegistration(c *fiber.Ctx, status int, m *models.Mission, r *models.Registration, errs models.FieldErrors) error {
	history, err := h.Store.RegistrationHistoryOf(c.UserContext(), r)
	if err != nil {
		return err
	}
	data := View{
		"Title": r.Firm.CompanyName + " – " + m.Name, "Mission": m, "Registration": r, "Firm": r.Firm,
		"Next": models.NextStatuses(r.Status), "History": history,
		"CanAddDelegate": len(r.Delegates) < m.MaxDelegatesPerFirm, "Zone": m.Zone(), "HomeZone": m.HomeZone(),
	}
	if len(errs) > 0 {
		data["Errors"] = errs
	}
	return h.render(c, status, "registrations/show", data)
}

// ChangeRegistrationStatus moves a registration through the workflow.
func (h *Handler) ChangeRegistrationStatus(c *fiber.Ctx) error {
	m, r, err := h.registrationParams(c)
	if err != nil {
		return err
	}
	change, err := h.Store.SetRegistrationStatus(c.UserContext(), currentUser(c), r.ID, form(c, "status"), h.Now())
	var conflict *models.ConflictError
	if errors.As(err, &conflict) {
		return h.renderRegistration(c, fiber.StatusConflict, m, r, conflict.Errors)
	}
	if fe, ok := models.AsFieldErrors(err); ok {
		return h.renderRegistration(c, fiber.StatusUnprocessableEntity, m, r, fe)
	}
	if err != nil {
		return err
	}
	return h.redirectWithFlash(c, fmt.Sprintf("/missions/%d/registrations/%d", m.ID, r.ID), change.Message())
}

// EditRegistration shows the form for a registration's own fields.
func (h *Handler) EditRegistration(c *fiber.Ctx) error {
	m, r, err := h.registrationParams(c)
	if err != nil {
		return err
	}
	f := registrationForm{Objectives: r.Objectives, TargetSectors: r.TargetSectors, WantsToMeet: r.WantsToMeet}
	return h.render(c, fiber.StatusOK, "registrations/edit", View{"Title": "Edit the registration of " + r.Firm.CompanyName, "Mission": m, "Registration": r, "Form": f})
}

// UpdateRegistration saves a registration's own fields.
func (h *Handler) UpdateRegistration(c *fiber.Ctx) error {
	m, r, err := h.registrationParams(c)
	if err != nil {
		return err
	}
	f := newRegistrationForm(c)
	in := f.registration()
	in.ID = r.ID
	err = h.Store.UpdateRegistration(c.UserContext(), currentUser(c), &in)
	if fe, ok := models.AsFieldErrors(err); ok {
		return h.render(c, fiber.StatusUnprocessableEntity, "registrations/edit", View{"Title": "Edit the registration of " + r.Firm.CompanyName, "Mission": m, "Registration": r, "Form": f, "Errors": fe, "Order": registrationOrder})
	}
	if err != nil {
		return err
	}
	return h.redirectWithFlash(c, fmt.Sprintf("/missions/%d/registrations/%d", m.ID, r.ID), "Registration updated")
}

// ExportRegistrations downloads every registration of the mission as an Excel workbook.
func (h *Handler) ExportRegistrations(c *fiber.Ctx) error {
	m, err := h.mission(c)
	if err != nil {
		return err
	}
	var rows []exports.RegistrationRow
	for page := 1; ; page++ {
		regs, total, err := h.Store.Registrations(c.UserContext(), m.ID, models.RegistrationFilter{}, models.Page{Page: page, PerPage: 500})
		if err != nil {
			return err
		}
		for _, r := range regs {
			rows = append(rows, registrationRow(r))
		}
		if int64(page*500) >= total {
			break
		}
	}
	var buf bytes.Buffer
	if err := exports.WriteRegistrations(&buf, m.Name, rows); err != nil {
		return err
	}
	c.Set(fiber.HeaderContentType, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
	c.Set(fiber.HeaderContentDisposition, fmt.Sprintf(`attachment; filename="registrations-mission-%d.xlsx"`, m.ID))
	return c.Send(buf.Bytes())
}

func registrationRow(r models.Registration) exports.RegistrationRow {
	f := r.Firm
	if f == nil {
		f = &models.Firm{}
	}
	var delegates []string
	for _, d := range r.Delegates {
		delegates = append(delegates, d.FullName+" <"+d.Email+">")
	}
	return exports.RegistrationRow{
		CompanyName: f.CompanyName, CompaniesHouseNumber: f.CompaniesHouseNumber, Sector: models.Label(models.Sectors, f.Sector),
		Employees: f.Employees, ExportExperience: models.Label(models.ExportExperiences, f.ExportExperience), Website: f.Website,
		Address: f.Address, City: f.City, Postcode: f.Postcode, ContactName: f.ContactName, ContactEmail: f.ContactEmail,
		ContactPhone: f.ContactPhone, Status: models.Label(models.RegistrationStatuses, r.Status), Objectives: r.Objectives,
		Delegates: delegates, AppliedAt: r.CreatedAt, UpdatedAt: r.UpdatedAt,
	}
}

// registrationParams loads the mission and the registration named by :id and :rid; a registration of
// another mission is not found.
func (h *Handler) registrationParams(c *fiber.Ctx) (*models.Mission, *models.Registration, error) {
	m, err := h.mission(c)
	if err != nil {
		return nil, nil, err
	}
	rid, err := idParam(c, "rid")
	if err != nil {
		return nil, nil, fiber.ErrNotFound
	}
	r, err := h.Store.MissionRegistration(c.UserContext(), m.ID, rid)
	return m, r, err
}
