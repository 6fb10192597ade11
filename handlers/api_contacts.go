package handlers

import (
	"encoding/json"

	"github.com/gofiber/fiber/v2"

	"github.com/missionplanner/missionplanner/models"
)

// contactInput is a contact as the API accepts it: every field optional, so PATCH changes only
// what is sent. Read-only fields are accepted and ignored, so a GET can be sent back.
type contactInput struct {
	FullName         *string `json:"full_name"`
	Organisation     *string `json:"organisation"`
	JobTitle         *string `json:"job_title"`
	OrganisationType *string `json:"organisation_type"`
	Sector           *string `json:"sector"`
	Email            *string `json:"email"`
	Phone            *string `json:"phone"`
	Address          *string `json:"address"`
	City             *string `json:"city"`
	State            *string `json:"state"`
	Notes            *string `json:"notes"`
	readOnlyKeys
	ArchivedAt *json.RawMessage `json:"archived_at"`
}

func (in contactInput) apply(c *models.Contact) {
	for _, f := range []struct {
		dst *string
		v   *string
	}{{&c.FullName, in.FullName}, {&c.Organisation, in.Organisation}, {&c.JobTitle, in.JobTitle}, {&c.OrganisationType, in.OrganisationType},
		{&c.Sector, in.Sector}, {&c.Email, in.Email}, {&c.Phone, in.Phone}, {&c.Address, in.Address}, {&c.City, in.City}, {&c.State, in.State}, {&c.Notes, in.Notes}} {
		if f.v != nil {
			*f.dst = *f.v
		}
	}
}

// APIContacts lists contacts with the directory's filters (q, sector, organisation_type, city, archived).
func (h *Handler) APIContacts(c *fiber.Ctx) error {
	contacts, total, err := h.Store.Contacts(c.UserContext(), contactFilterOf(c), pageFromQuery(c))
	if err != nil {
		return err
	}
	return apiList(c, contacts, total)
}

// APIContact answers one contact.
func (h *Handler) APIContact(c *fiber.Ctx) error {
	ct, err := h.contact(c)
	if err != nil {
		return err
	}
	return c.JSON(ct)
}

// APICreateContact adds a contact.
func (h *Handler) APICreateContact(c *fiber.Ctx) error {
	var in contactInput
	if _, err := decodeJSON(c, &in); err != nil {
		return err
	}
	var ct models.Contact
	in.apply(&ct)
	if err := h.Store.CreateContact(c.UserContext(), currentUser(c), &ct); err != nil {
		return err
	}
	c.Location("/api/v1/contacts/" + idString(ct.ID))
	return c.Status(fiber.StatusCreated).JSON(ct)
}

// APIUpdateContact changes the fields sent.
func (h *Handler) APIUpdateContact(c *fiber.Ctx) error {
	ct, err := h.contact(c)
	if err != nil {
		return err
	}
	var in contactInput
	if _, err := decodeJSON(c, &in); err != nil {
		return err
	}
	in.apply(ct)
	if err := h.Store.UpdateContact(c.UserContext(), currentUser(c), ct); err != nil {
		return err
	}
	return c.JSON(ct)
}

// APIArchiveContact archives a contact (DELETE keeps the record for meetings already arranged).
func (h *Handler) APIArchiveContact(c *fiber.Ctx) error {
	id, err := idParam(c, "cid")
	if err != nil {
		return err
	}
	ct, err := h.Store.ArchiveContact(c.UserContext(), currentUser(c), id, false)
	if err != nil {
		return err
	}
	return c.JSON(ct)
}
