package handlers

import (
	"errors"
	"fmt"

	"github.com/gofiber/fiber/v2"

	"github.com/missionplanner/missionplanner/models"
)

// firmFormOf is a firm's directory details as the firm form shows them.
func firmFormOf(f *models.Firm) registrationForm {
	us := ""
	if f.USPresence {
		us = "yes"
	}
	return registrationForm{F: map[string]string{
		"company_name": f.CompanyName, "companies_house_number": f.CompaniesHouseNumber, "website": f.Website,
		"address": f.Address, "city": f.City, "postcode": f.Postcode, "sector": f.Sector, "employees": f.Employees,
		"export_experience": f.ExportExperience, "us_presence": us, "description": f.Description,
		"contact_name": f.ContactName, "contact_email": f.ContactEmail, "contact_phone": f.ContactPhone,
	}}
}

// EditFirm shows the form for the directory details of a registration's firm.
func (h *Handler) EditFirm(c *fiber.Ctx) error {
	m, r, err := h.registrationParams(c)
	if err != nil {
		return err
	}
	return h.render(c, fiber.StatusOK, "firms/edit", View{"Title": "Edit the details of " + r.Firm.CompanyName, "Mission": m, "Registration": r, "Form": firmFormOf(r.Firm)})
}

// UpdateFirm saves the directory details of a registration's firm (shared by all its missions).
func (h *Handler) UpdateFirm(c *fiber.Ctx) error {
	m, r, err := h.registrationParams(c)
	if err != nil {
		return err
	}
	f, _, firm, _ := parseRegistrationForm(c)
	firm.ID = r.FirmID
	err = h.Store.UpdateFirm(c.UserContext(), currentUser(c), m.ID, &firm)
	data := View{"Title": "Edit the details of " + r.Firm.CompanyName, "Mission": m, "Registration": r, "Form": f, "Order": models.FirmFields()}
	var dup *models.DuplicateFirmError
	if errors.As(err, &dup) {
		data["Errors"], data["Duplicate"] = dup.FieldErrors(), dup
		return h.render(c, fiber.StatusUnprocessableEntity, "firms/edit", data)
	}
	if fe, ok := models.AsFieldErrors(err); ok {
		data["Errors"] = fe
		return h.render(c, fiber.StatusUnprocessableEntity, "firms/edit", data)
	}
	if err != nil {
		return err
	}
	return h.redirectWithFlash(c, fmt.Sprintf("/missions/%d/registrations/%d", m.ID, r.ID), "Firm details saved: "+firm.CompanyName)
}
