package handlers

import (
	"fmt"

	"github.com/gofiber/fiber/v2"

	"github.com/missionplanner/missionplanner/models"
)

var delegateFieldOrder = []string{"registration", "full_name", "job_title", "email", "phone", "dietary_requirements", "access_needs"}

func delegateFormOf(d *models.Delegate) map[string]string {
	return map[string]string{
		"full_name": d.FullName, "job_title": d.JobTitle, "email": d.Email, "phone": d.Phone,
		"dietary_requirements": d.DietaryRequirements, "access_needs": d.AccessNeeds,
	}
}

func parseDelegateForm(c *fiber.Ctx, d *models.Delegate) map[string]string {
	f := map[string]string{}
	for _, k := range delegateFieldOrder[1:] {
		f[k] = form(c, k)
	}
	d.FullName, d.JobTitle, d.Email, d.Phone = f["full_name"], f["job_title"], f["email"], f["phone"]
	d.DietaryRequirements, d.AccessNeeds = f["dietary_requirements"], f["access_needs"]
	return f
}

func registrationPath(m *models.Mission, r *models.Registration) string {
	return fmt.Sprintf("/missions/%d/registrations/%d", m.ID, r.ID)
}

// NewDelegate shows the form to add a delegate to a registration.
func (h *Handler) NewDelegate(c *fiber.Ctx) error {
	m, r, err := h.registrationParams(c)
	if err != nil {
		return err
	}
	data := View{"Title": "Add a delegate", "Mission": m, "Registration": r, "F": map[string]string{}, "Action": registrationPath(m, r) + "/delegates"}
	if len(r.Delegates) >= m.MaxDelegatesPerFirm {
		data["Full"] = fmt.Sprintf("%s already has %d delegates, the most a firm can send on this mission: remove one before adding another", r.Firm.CompanyName, len(r.Delegates))
	}
	return h.render(c, fiber.StatusOK, "delegates/form", data)
}

// CreateDelegate adds a delegate to a registration.
func (h *Handler) CreateDelegate(c *fiber.Ctx) error {
	m, r, err := h.registrationParams(c)
	if err != nil {
		return err
	}
	var d models.Delegate
	f := parseDelegateForm(c, &d)
	err = h.Store.AddDelegate(c.UserContext(), currentUser(c), r.ID, &d, nil)
	if fe, ok := models.AsFieldErrors(err); ok {
		return h.render(c, fiber.StatusUnprocessableEntity, "delegates/form", View{"Title": "Add a delegate", "Mission": m, "Registration": r, "F": f, "Errors": fe, "Order": delegateFieldOrder, "Action": registrationPath(m, r) + "/delegates"})
	}
	if err != nil {
		return err
	}
	return h.redirectWithFlash(c, registrationPath(m, r), d.FullName+" added as a delegate")
}

// EditDelegate shows a delegate's form.
func (h *Handler) EditDelegate(c *fiber.Ctx) error {
	m, r, d, err := h.delegateParams(c)
	if err != nil {
		return err
	}
	return h.render(c, fiber.StatusOK, "delegates/form", View{"Title": "Edit " + d.FullName, "Mission": m, "Registration": r, "Delegate": d, "F": delegateFormOf(d), "Action": fmt.Sprintf("%s/delegates/%d", registrationPath(m, r), d.ID)})
}

// UpdateDelegate saves a delegate's fields.
func (h *Handler) UpdateDelegate(c *fiber.Ctx) error {
	m, r, existing, err := h.delegateParams(c)
	if err != nil {
		return err
	}
	d := models.Delegate{ID: existing.ID, TravelDocuments: existing.TravelDocuments} // the documents have a form of their own
	f := parseDelegateForm(c, &d)
	err = h.Store.UpdateDelegate(c.UserContext(), currentUser(c), &d, nil)
	if fe, ok := models.AsFieldErrors(err); ok {
		return h.render(c, fiber.StatusUnprocessableEntity, "delegates/form", View{"Title": "Edit " + existing.FullName, "Mission": m, "Registration": r, "Delegate": existing, "F": f, "Errors": fe, "Order": delegateFieldOrder, "Action": fmt.Sprintf("%s/delegates/%d", registrationPath(m, r), d.ID)})
	}
	if err != nil {
		return err
	}
	return h.redirectWithFlash(c, registrationPath(m, r), d.FullName+"'s details saved")
}

// DeleteDelegate removes a delegate and their travel.
func (h *Handler) DeleteDelegate(c *fiber.Ctx) error {
	m, r, d, err := h.delegateParams(c)
	if err != nil {
		return err
	}
	if err := h.Store.DeleteDelegate(c.UserContext(), currentUser(c), d.ID); err != nil {
		return err
	}
	return h.redirectWithFlash(c, registrationPath(m, r), d.FullName+" removed from the delegates")
}

// delegateParams loads the mission, registration and delegate named by :id, :rid and :did.
func (h *Handler) delegateParams(c *fiber.Ctx) (*models.Mission, *models.Registration, *models.Delegate, error) {
	m, r, err := h.registrationParams(c)
	if err != nil {
		return nil, nil, nil, err
	}
	did, err := idParam(c, "did")
	if err != nil {
		return nil, nil, nil, fiber.ErrNotFound
	}
	d, err := h.Store.Delegate(c.UserContext(), did)
	if err == nil && d.RegistrationID != r.ID {
		return nil, nil, nil, fiber.ErrNotFound
	}
	return m, r, d, err
}
