package handlers

import (
	"errors"
	"fmt"

	"github.com/gofiber/fiber/v2"

	"github.com/missionplanner/missionplanner/models"
)

// firmForm is a firm's directory details as typed: the firm form, and the new firm of the
// registration form.
type firmForm struct {
	CompanyName          string `form:"company_name"`
	CompaniesHouseNumber string `form:"companies_house_number"`
	Website              string `form:"website"`
	Address              string `form:"address"`
	City                 string `form:"city"`
	Postcode             string `form:"postcode"`
	Sector               string `form:"sector"`
	Employees            string `form:"employees"`
	ExportExperience     string `form:"export_experience"`
	USPresence           string `form:"us_presence"` // "yes" when ticked
	Description          string `form:"description"`
	ContactName          string `form:"contact_name"`
	ContactEmail         string `form:"contact_email"`
	ContactPhone         string `form:"contact_phone"`
}

var firmFields = specOf[firmForm]()

// newFirmForm reads the posted firm form.
func newFirmForm(c *fiber.Ctx) firmForm {
	var f firmForm
	firmFields.bind(c, &f)
	return f
}

// firmFormOf is a firm's directory details as the firm form shows them.
func firmFormOf(f *models.Firm) firmForm {
	us := ""
	if f.USPresence {
		us = "yes"
	}
	return firmForm{
		CompanyName: f.CompanyName, CompaniesHouseNumber: f.CompaniesHouseNumber, Website: f.Website,
		Address: f.Address, City: f.City, Postcode: f.Postcode, Sector: f.Sector, Employees: f.Employees,
		ExportExperience: f.ExportExperience, USPresence: us, Description: f.Description,
		ContactName: f.ContactName, ContactEmail: f.ContactEmail, ContactPhone: f.ContactPhone,
	}
}

// firm is the firm as typed.
func (f firmForm) firm() models.Firm {
	return models.Firm{
		CompanyName: f.CompanyName, CompaniesHouseNumber: f.CompaniesHouseNumber, Website: f.Website,
		Address: f.Address, City: f.City, Postcode: f.Postcode, Sector: f.Sector, Employees: f.Employees,
		ExportExperience: f.ExportExperience, USPresence: f.USPresence == "yes", Description: f.Description,
		ContactName: f.ContactName, ContactEmail: f.ContactEmail, ContactPhone: f.ContactPhone,
	}
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
	f := newFirmForm(c)
	firm := f.firm()
	firm.ID = r.FirmID
	err = h.Store.UpdateFirm(c.UserContext(), currentUser(c), m.ID, &firm)
	data := View{"Title": "Edit the details of " + r.Firm.CompanyName, "Mission": m, "Registration": r, "Form": f, "Order": firmFields.Names()}
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
