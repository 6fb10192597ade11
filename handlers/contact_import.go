package handlers

import (
	"bytes"
	"errors"
	"fmt"

	"github.com/gofiber/fiber/v2"

	"github.com/missionplanner/missionplanner/exports"
	"github.com/missionplanner/missionplanner/models"
)

// ContactImportForm shows the upload form.
func (h *Handler) ContactImportForm(c *fiber.Ctx) error {
	return h.render(c, fiber.StatusOK, "contacts/import", View{"Title": "Import contacts"})
}

// ContactImportTemplate downloads an .xlsx template with the import's columns and drop-downs.
func (h *Handler) ContactImportTemplate(c *fiber.Ctx) error {
	cols := make([]exports.TemplateColumn, 0, len(models.ContactImportColumns))
	examples := map[string]string{"full_name": "Jordan Example", "organisation": "Example Foods Inc", "job_title": "Head of Purchasing",
		"organisation_type": models.Label(models.OrganisationTypes, "buyer"), "sector": models.Label(models.Sectors, "agri_food"), "email": "jordan@example.com", "phone": "(312) 555-0100",
		"address": "100 N Example St", "city": "Chicago", "state": "IL", "notes": ""}
	for _, name := range models.ContactImportColumns {
		col := exports.TemplateColumn{Name: name, Example: examples[name]}
		switch name {
		// Labels, as the firms' template: the import reads a label or a code.
		case "organisation_type":
			col.Allowed = optionLabels(models.OrganisationTypes)
		case "sector":
			col.Allowed = optionLabels(models.Sectors)
		}
		cols = append(cols, col)
	}
	var buf bytes.Buffer
	if err := exports.WriteTemplate(&buf, "Contacts", cols); err != nil {
		return err
	}
	c.Set(fiber.HeaderContentDisposition, `attachment; filename="contacts-template.xlsx"`)
	c.Type("xlsx")
	return c.Send(buf.Bytes())
}

// ImportContacts handles both steps of the import posted to /contacts/import: an upload (field
// file) is read, checked, kept as a contacts batch and previewed; a confirmation (fields batch_id
// and expected) imports the kept rows, all valid ones or none.
func (h *Handler) ImportContacts(c *fiber.Ctx) error {
	if isBatchConfirmation(c) {
		return h.confirmContactImport(c)
	}
	rows, filename, problem, err := readUpload(c)
	if err != nil {
		return err
	}
	if problem != "" {
		return h.renderContactImportForm(c, fiber.StatusUnprocessableEntity, problem)
	}
	ci, batchID, err := h.Store.PreviewContactImport(c.UserContext(), currentUser(c), filename, rows, h.Now())
	if err != nil {
		return err
	}
	if len(ci.FileProblems) > 0 {
		return h.renderContactImportForm(c, fiber.StatusUnprocessableEntity, ci.FileProblems[0].Message)
	}
	if batchID == 0 {
		return h.renderContactImportPreview(c, fiber.StatusUnprocessableEntity, ci, 0, filename, "")
	}
	return h.renderContactImportPreview(c, fiber.StatusOK, ci, batchID, filename, "")
}

func (h *Handler) confirmContactImport(c *fiber.Ctx) error {
	id, expected, ok := batchConfirmation(c)
	if !ok {
		return h.renderContactImportForm(c, fiber.StatusUnprocessableEntity, "Upload the file again")
	}
	ci, err := h.Store.ImportContacts(c.UserContext(), currentUser(c), id, expected, h.Now())
	if errors.Is(err, models.ErrImportChanged) {
		return h.renderContactImportPreview(c, fiber.StatusConflict, ci, id, "", "Contacts were added to the directory since you checked this file, so what it would import has changed. Nothing has been imported yet: check the rows again and confirm.")
	}
	if status, msg := batchConfirmProblem(err); status != 0 {
		return h.renderContactImportForm(c, status, msg)
	}
	if err != nil {
		return err
	}
	return h.redirectWithFlash(c, "/contacts", fmt.Sprintf("%d contacts imported", len(ci.Valid())))
}

func (h *Handler) renderContactImportForm(c *fiber.Ctx, status int, msg string) error {
	return h.render(c, status, "contacts/import", View{"Title": "Import contacts", "Errors": models.FieldErrors{"file": msg}})
}

// renderContactImportPreview shows what a kept upload would import; batchID 0 (nothing importable) shows no
// confirm form. warning says why a confirmation was refused.
func (h *Handler) renderContactImportPreview(c *fiber.Ctx, status int, ci *models.ContactImport, batchID uint, filename, warning string) error {
	valid := ci.Valid()
	v := View{"Title": "Import contacts", "Preview": ci, "Valid": valid, "BatchID": batchID, "Expected": len(valid), "Filename": filename, "Warning": warning}
	if len(valid) == 0 {
		v["Errors"] = models.FieldErrors{"file": "No row of the file can be imported: correct the problems listed and upload it again"}
	}
	return h.render(c, status, "contacts/import", v)
}
