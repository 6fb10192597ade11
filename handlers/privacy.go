package handlers

import (
	"fmt"
	"io"
	"net/mail"
	"net/url"

	"github.com/gofiber/fiber/v2"

	"github.com/missionplanner/missionplanner/models"
	"github.com/missionplanner/missionplanner/privacy"
)

// PrivacyNotice shows what the application collects, why, for how long and whom to ask, built from the
// missions' retention settings.
func (h *Handler) PrivacyNotice(c *fiber.Ctx) error {
	n, err := h.Privacy.Notice(c.UserContext(), h.Opts.PrivacyContact)
	if err != nil {
		return err
	}
	return h.render(c, fiber.StatusOK, "privacy/notice", View{"Title": "Privacy notice", "Notice": n})
}

// subjectEmail reads and checks the email address of a privacy request.
func subjectEmail(raw string) (string, models.FieldErrors) {
	email := privacy.NormaliseEmail(raw)
	switch {
	case email == "":
		return "", models.FieldErrors{"email": "Enter the email address of the person"}
	case len(email) > 254:
		return email, models.FieldErrors{"email": "Email address must be 254 characters or fewer"}
	}
	if a, err := mail.ParseAddress(email); err != nil || a.Address != email {
		return email, models.FieldErrors{"email": "Enter an email address in the correct format, like name@example.com"}
	}
	return email, nil
}

// PrivacyRequests is the admin's page for subject access and erasure: enter an address, see what is
// held, download it, or erase it.
func (h *Handler) PrivacyRequests(c *fiber.Ctx) error {
	view := View{"Title": "Privacy requests", "Email": c.Query("email")}
	if _, asked := c.Queries()["email"]; !asked {
		return h.render(c, fiber.StatusOK, "admin/privacy", view)
	}
	email, errs := subjectEmail(c.Query("email"))
	if len(errs) > 0 {
		view["Errors"] = errs
		return h.render(c, fiber.StatusUnprocessableEntity, "admin/privacy", view)
	}
	e, err := h.Privacy.Export(c.UserContext(), email, h.Now())
	if err != nil {
		return err
	}
	view["Email"], view["Export"], view["Query"] = email, e, url.Values{"email": {email}}.Encode()
	return h.render(c, fiber.StatusOK, "admin/privacy", view)
}

// PrivacyExportJSON downloads everything held about a person as one JSON document.
func (h *Handler) PrivacyExportJSON(c *fiber.Ctx) error { return h.privacyExport(c, "json") }

// PrivacyExportXLSX downloads everything held about a person as a workbook, a sheet per table.
func (h *Handler) PrivacyExportXLSX(c *fiber.Ctx) error { return h.privacyExport(c, "xlsx") }

func (h *Handler) privacyExport(c *fiber.Ctx, format string) error {
	email, errs := subjectEmail(c.Query("email"))
	if len(errs) > 0 {
		return h.render(c, fiber.StatusUnprocessableEntity, "admin/privacy", View{"Title": "Privacy requests", "Email": c.Query("email"), "Errors": errs})
	}
	e, err := h.Privacy.Export(c.UserContext(), email, h.Now())
	if err != nil {
		return err
	}
	if err := h.Privacy.RecordExport(c.UserContext(), currentUser(c), e, format); err != nil {
		return err
	}
	name := "personal-data-" + e.GeneratedAt.Format("2006-01-02")
	if format == "json" {
		return sendExport(c, fiber.MIMEApplicationJSONCharsetUTF8, name, ".json", e.WriteJSON)
	}
	return sendExport(c, xlsxType, name, ".xlsx", func(w io.Writer) error { return e.WriteXLSX(w) })
}

// ConfirmErasure shows what erasing a person will do and asks for their address again.
func (h *Handler) ConfirmErasure(c *fiber.Ctx) error {
	email, errs := subjectEmail(c.Query("email"))
	if len(errs) > 0 {
		return h.render(c, fiber.StatusUnprocessableEntity, "admin/privacy", View{"Title": "Privacy requests", "Email": c.Query("email"), "Errors": errs})
	}
	e, err := h.Privacy.Export(c.UserContext(), email, h.Now())
	if err != nil {
		return err
	}
	return h.render(c, fiber.StatusOK, "admin/privacy_erase", View{"Title": "Erase a person", "Email": email, "Export": e})
}

// Erase erases a person once the admin has typed their address a second time.
func (h *Handler) Erase(c *fiber.Ctx) error {
	email, errs := subjectEmail(form(c, "email"))
	if len(errs) > 0 {
		return h.render(c, fiber.StatusUnprocessableEntity, "admin/privacy", View{"Title": "Privacy requests", "Email": form(c, "email"), "Errors": errs})
	}
	if privacy.NormaliseEmail(form(c, "confirm_email")) != email {
		e, err := h.Privacy.Export(c.UserContext(), email, h.Now())
		if err != nil {
			return err
		}
		return h.render(c, fiber.StatusUnprocessableEntity, "admin/privacy_erase", View{"Title": "Erase a person", "Email": email, "Export": e,
			"Confirm": form(c, "confirm_email"), "Errors": models.FieldErrors{"confirm_email": "Type the same email address again to confirm the erasure"}})
	}
	res, err := h.Privacy.Erase(c.UserContext(), currentUser(c), email, h.Now())
	if err != nil {
		return err
	}
	if !res.Found {
		return h.redirectWithFlash(c, "/admin/privacy", "Nothing was erased: no record holds that address")
	}
	n := 0
	for _, v := range res.Changes {
		n += v
	}
	// The message names no one: it waits in the admin's session, which the erasure has already swept.
	return h.redirectWithFlash(c, "/admin/privacy", fmt.Sprintf("Erasure done: %d rows changed. The audit trail records it.", n))
}
