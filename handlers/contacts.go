package handlers

import (
	"fmt"
	"net/url"
	"strings"

	"github.com/gofiber/fiber/v2"

	"github.com/missionplanner/missionplanner/models"
)

// contactFieldOrder is the order of the contact form, for the error summary: the spreadsheet's column order.
var contactFieldOrder = models.ContactImportColumns

func contactFormOf(c *models.Contact) map[string]string {
	return map[string]string{
		"full_name": c.FullName, "organisation": c.Organisation, "job_title": c.JobTitle, "organisation_type": c.OrganisationType,
		"sector": c.Sector, "email": c.Email, "phone": c.Phone, "address": c.Address, "city": c.City, "state": c.State, "notes": c.Notes,
	}
}

func parseContactForm(c *fiber.Ctx, ct *models.Contact) map[string]string {
	f := map[string]string{}
	for _, k := range contactFieldOrder {
		f[k] = form(c, k)
	}
	ct.FullName, ct.Organisation, ct.JobTitle, ct.OrganisationType = f["full_name"], f["organisation"], f["job_title"], f["organisation_type"]
	ct.Sector, ct.Email, ct.Phone, ct.Address, ct.City, ct.State, ct.Notes = f["sector"], f["email"], f["phone"], f["address"], f["city"], f["state"], f["notes"]
	return f
}

func contactFilterOf(c *fiber.Ctx) models.ContactFilter {
	return models.ContactFilter{Q: strings.TrimSpace(c.Query("q")), Sector: c.Query("sector"), OrganisationType: c.Query("organisation_type"),
		City: strings.TrimSpace(c.Query("city")), Archived: c.Query("archived") == "1" || c.Query("archived") == "true"}
}

// Contacts lists the contacts directory with search and filters; archived contacts only on request.
func (h *Handler) Contacts(c *fiber.Ctx) error {
	f := contactFilterOf(c)
	p := pageFromQuery(c)
	contacts, total, err := h.Store.Contacts(c.UserContext(), f, p)
	if err != nil {
		return err
	}
	cities, err := h.Store.ContactCities(c.UserContext())
	if err != nil {
		return err
	}
	cityOpts := make([]models.Option, len(cities))
	for i, city := range cities {
		cityOpts[i] = models.Option{Code: city, Label: city}
	}
	q := url.Values{}
	for k, v := range map[string]string{"q": f.Q, "sector": f.Sector, "organisation_type": f.OrganisationType, "city": f.City} {
		if v != "" {
			q.Set(k, v)
		}
	}
	if f.Archived {
		q.Set("archived", "1")
	}
	return h.render(c, fiber.StatusOK, "contacts/index", View{"Title": "Contacts", "Contacts": contacts, "Total": total, "Filter": f,
		"Cities": cityOpts, "Query": q, "Page": p.Page, "Pages": p.Pages(total)})
}

// NewContact shows an empty contact form.
func (h *Handler) NewContact(c *fiber.Ctx) error {
	return h.render(c, fiber.StatusOK, "contacts/form", View{"Title": "Add a contact", "Form": map[string]string{"state": "IL"}, "Action": "/contacts"})
}

// CreateContact saves a new contact.
func (h *Handler) CreateContact(c *fiber.Ctx) error {
	var ct models.Contact
	f := parseContactForm(c, &ct)
	err := h.Store.CreateContact(c.UserContext(), currentUser(c), &ct)
	if fe, ok := models.AsFieldErrors(err); ok {
		return h.render(c, fiber.StatusUnprocessableEntity, "contacts/form", View{"Title": "Add a contact", "Form": f, "Action": "/contacts", "Errors": fe, "Order": contactFieldOrder})
	}
	if err != nil {
		return err
	}
	return h.redirectWithFlash(c, fmt.Sprintf("/contacts/%d", ct.ID), "Contact added: "+ct.FullName)
}

// ShowContact shows a contact, with links to its availability on each mission.
func (h *Handler) ShowContact(c *fiber.Ctx) error {
	ct, err := h.contact(c)
	if err != nil {
		return err
	}
	missions, _, err := h.Store.Missions(c.UserContext(), models.Page{PerPage: 20})
	if err != nil {
		return err
	}
	return h.render(c, fiber.StatusOK, "contacts/show", View{"Title": ct.FullName, "Contact": ct, "Missions": missions})
}

// EditContact shows the form with a contact's values.
func (h *Handler) EditContact(c *fiber.Ctx) error {
	ct, err := h.contact(c)
	if err != nil {
		return err
	}
	return h.render(c, fiber.StatusOK, "contacts/form", View{"Title": "Edit " + ct.FullName, "Form": contactFormOf(ct), "Action": fmt.Sprintf("/contacts/%d", ct.ID), "Contact": ct})
}

// UpdateContact saves an edited contact.
func (h *Handler) UpdateContact(c *fiber.Ctx) error {
	existing, err := h.contact(c)
	if err != nil {
		return err
	}
	ct := *existing
	f := parseContactForm(c, &ct)
	err = h.Store.UpdateContact(c.UserContext(), currentUser(c), &ct)
	if fe, ok := models.AsFieldErrors(err); ok {
		return h.render(c, fiber.StatusUnprocessableEntity, "contacts/form", View{"Title": "Edit " + existing.FullName, "Form": f, "Action": fmt.Sprintf("/contacts/%d", ct.ID), "Contact": existing, "Errors": fe, "Order": contactFieldOrder})
	}
	if err != nil {
		return err
	}
	return h.redirectWithFlash(c, fmt.Sprintf("/contacts/%d", ct.ID), "Contact updated")
}

// ArchiveContact hides a contact from the directory.
func (h *Handler) ArchiveContact(c *fiber.Ctx) error { return h.archiveContact(c, false) }

// RestoreContact brings an archived contact back.
func (h *Handler) RestoreContact(c *fiber.Ctx) error { return h.archiveContact(c, true) }

func (h *Handler) archiveContact(c *fiber.Ctx, restore bool) error {
	id, err := idParam(c, "cid")
	if err != nil {
		return err
	}
	ct, err := h.Store.ArchiveContact(c.UserContext(), currentUser(c), id, restore)
	if err != nil {
		return err
	}
	if restore {
		return h.redirectWithFlash(c, fmt.Sprintf("/contacts/%d", id), "Contact restored: "+ct.FullName)
	}
	return h.redirectWithFlash(c, "/contacts", "Contact archived: "+ct.FullName)
}

// contact loads the contact named by :cid.
func (h *Handler) contact(c *fiber.Ctx) (*models.Contact, error) {
	id, err := idParam(c, "cid")
	if err != nil {
		return nil, err
	}
	return h.Store.Contact(c.UserContext(), id)
}
