package handlers

import (
	"fmt"
	"slices"
	"strings"

	"github.com/gofiber/fiber/v2"

	"github.com/missionplanner/missionplanner/models"
)

// Suggestions ranks contacts for a registration with the reasons, with a form to request meetings.
func (h *Handler) Suggestions(c *fiber.Ctx) error {
	m, reg, err := h.registrationParams(c)
	if err != nil {
		return err
	}
	return h.renderSuggestions(c, fiber.StatusOK, m, reg, nil, map[string]string{"priority": "1", "minutes": fmt.Sprint(m.MeetingMinutes)})
}

func (h *Handler) renderSuggestions(c *fiber.Ctx, status int, m *models.Mission, reg *models.Registration, errs models.FieldErrors, f map[string]string) error {
	rows, err := h.Store.Suggestions(c.UserContext(), m, reg, 50)
	if err != nil {
		return err
	}
	v := View{"Title": "Suggested contacts for " + models.RegistrationLabel(reg), "Mission": m, "Registration": reg, "Suggestions": rows, "Form": f}
	if len(errs) > 0 {
		v["Errors"] = errs
	}
	return h.render(c, status, "meetings/suggestions", v)
}

// CreateMeetingRequests creates meeting requests (status requested) for the chosen contacts.
func (h *Handler) CreateMeetingRequests(c *fiber.Ctx) error {
	m, reg, err := h.registrationParams(c)
	if err != nil {
		return err
	}
	errs := models.FieldErrors{}
	f := map[string]string{"priority": form(c, "priority"), "minutes": form(c, "minutes")}
	priority := formInt(c, "priority", 1, "priority", errs)
	minutes := formInt(c, "minutes", m.MeetingMinutes, "meeting length", errs)
	ids := formIDs(c, "contact_ids")
	if len(ids) == 0 {
		errs.Add("contact_ids", "Select at least one contact to request a meeting with")
	}
	var n int
	if len(errs) == 0 {
		n, err = h.Store.CreateMeetingRequests(c.UserContext(), currentUser(c), m, reg.ID, ids, priority, minutes)
		if fe, ok := models.AsFieldErrors(err); ok {
			errs = fe
		} else if err != nil {
			return err
		}
	}
	if len(errs) > 0 {
		return h.renderSuggestions(c, fiber.StatusUnprocessableEntity, m, reg, errs, f)
	}
	return h.redirectWithFlash(c, fmt.Sprintf("/missions/%d/meetings?registration_id=%d&by=firm", m.ID, reg.ID), requestsMessage(n, len(slices.Compact(slices.Sorted(slices.Values(ids)))), models.RegistrationLabel(reg)))
}

// requestsMessage says how many of the chosen contacts got a new request and how many were skipped
// because the firm already has a request or a meeting with them.
func requestsMessage(created, chosen int, firm string) string {
	already := chosen - created
	switch {
	case created == 0:
		return fmt.Sprintf("No meeting request created: %s already has a request or a meeting with %s", firm, countWords(already, "the contact you chose", "each of the %d contacts you chose"))
	case already > 0:
		return fmt.Sprintf("%s created for %s; %s already requested or scheduled. Schedule them from the schedule page",
			countWords(created, "1 meeting request", "%d meeting requests"), firm, countWords(already, "1 other was", "%d others were"))
	}
	return fmt.Sprintf("%s created for %s: schedule them from the schedule page", countWords(created, "1 meeting request", "%d meeting requests"), firm)
}

// countWords picks one or many, many holding %d for n when it counts.
func countWords(n int, one, many string) string {
	if n == 1 {
		return one
	}
	if strings.Contains(many, "%d") {
		return fmt.Sprintf(many, n)
	}
	return many
}
