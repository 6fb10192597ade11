package handlers

import (
	"bytes"
	"errors"
	"fmt"

	"github.com/gofiber/fiber/v2"

	"github.com/missionplanner/missionplanner/exports"
	"github.com/missionplanner/missionplanner/models"
)

// RegistrationImportForm shows the upload form and the link to the template.
func (h *Handler) RegistrationImportForm(c *fiber.Ctx) error {
	m, err := h.mission(c)
	if err != nil {
		return err
	}
	return h.renderRegistrationImportForm(c, fiber.StatusOK, m, nil)
}

func (h *Handler) renderRegistrationImportForm(c *fiber.Ctx, status int, m *models.Mission, errs models.FieldErrors) error {
	data := View{"Title": "Import firms – " + m.Name, "Mission": m, "Columns": models.RegistrationImportColumns}
	if !m.RegistrationOpen(h.Now()) {
		data["Closed"] = models.RegistrationClosedMessage(m, h.Now())
	}
	if len(errs) > 0 {
		data["Errors"] = errs
	}
	return h.render(c, status, "registrations/import", data)
}

// RegistrationImportTemplate downloads the import template: the columns, an example row and drop-down lists.
func (h *Handler) RegistrationImportTemplate(c *fiber.Ctx) error {
	if _, err := h.mission(c); err != nil {
		return err
	}
	cols := make([]exports.TemplateColumn, len(models.RegistrationImportColumns))
	for i, col := range models.RegistrationImportColumns {
		cols[i] = exports.TemplateColumn{Name: col.Header, Example: col.Example}
		for _, o := range col.Options {
			cols[i].Allowed = append(cols[i].Allowed, o.Label)
		}
	}
	var buf bytes.Buffer
	if err := exports.WriteTemplate(&buf, "Firms", cols); err != nil {
		return err
	}
	c.Set(fiber.HeaderContentType, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
	c.Set(fiber.HeaderContentDisposition, `attachment; filename="firms-import-template.xlsx"`)
	return c.Send(buf.Bytes())
}

// ImportRegistrations handles both steps of a firm import posted to the page's own address: an upload (field file)
// is read, checked, kept and previewed; a confirmation (field batch_id) imports the previewed rows.
func (h *Handler) ImportRegistrations(c *fiber.Ctx) error {
	m, err := h.mission(c)
	if err != nil {
		return err
	}
	if isBatchConfirmation(c) {
		return h.confirmRegistrationImport(c, m)
	}
	if !m.RegistrationOpen(h.Now()) {
		return h.renderRegistrationImportForm(c, fiber.StatusConflict, m, models.FieldErrors{"file": models.RegistrationClosedMessage(m, h.Now())})
	}
	rows, filename, problem, err := readUpload(c)
	if err != nil {
		return err
	}
	if problem != "" {
		return h.renderRegistrationImportForm(c, fiber.StatusUnprocessableEntity, m, models.FieldErrors{"file": problem})
	}
	plan, batchID, err := h.Store.PreviewRegistrationImport(c.UserContext(), currentUser(c), m, filename, rows, h.Now())
	if err != nil {
		return err
	}
	if len(plan.FileProblems) > 0 {
		data := View{"Title": "Import firms – " + m.Name, "Mission": m, "Columns": models.RegistrationImportColumns, "Errors": models.FieldErrors{"file": "The file cannot be imported: see the problems listed"}, "FileProblems": plan.FileProblems}
		return h.render(c, fiber.StatusUnprocessableEntity, "registrations/import", data)
	}
	if batchID == 0 {
		return h.renderRegistrationImportPreview(c, fiber.StatusUnprocessableEntity, m, plan, 0, filename, "")
	}
	return h.renderRegistrationImportPreview(c, fiber.StatusOK, m, plan, batchID, filename, "")
}

func (h *Handler) renderRegistrationImportPreview(c *fiber.Ctx, status int, m *models.Mission, plan *models.RegistrationImport, batchID uint, filename, warning string) error {
	data := View{
		"Title": "Check the import – " + m.Name, "Mission": m, "Plan": plan, "BatchID": batchID, "Expected": plan.Importable(), "Filename": filename,
		"Importable": plan.Importable(), "New": plan.Count(models.ImportNew), "Existing": plan.Count(models.ImportExisting),
		"Skipped": plan.Count(models.ImportSkip), "Problems": plan.Problems(), "Warning": warning,
	}
	if plan.Importable() == 0 {
		data["Errors"] = models.FieldErrors{"file": "No row of the file can be imported: correct the problems listed and upload it again"}
	}
	return h.render(c, status, "registrations/import_preview", data)
}

func (h *Handler) confirmRegistrationImport(c *fiber.Ctx, m *models.Mission) error {
	id, expected, ok := batchConfirmation(c)
	if !ok {
		return h.renderRegistrationImportForm(c, fiber.StatusUnprocessableEntity, m, models.FieldErrors{"file": "Upload the file again"})
	}
	plan, err := h.Store.ImportRegistrations(c.UserContext(), currentUser(c), m, id, expected, h.Now())
	if errors.Is(err, models.ErrImportChanged) {
		return h.renderRegistrationImportPreview(c, fiber.StatusConflict, m, plan, id, "", "Firms were added or registered since you checked this file, so what it would import has changed. Nothing has been imported yet: check the rows again and confirm.")
	}
	if status, msg := batchConfirmProblem(err); status != 0 {
		return h.renderRegistrationImportForm(c, status, m, models.FieldErrors{"file": msg})
	}
	if err != nil {
		return err
	}
	return h.redirectWithFlash(c, fmt.Sprintf("/missions/%d/registrations?sort=newest", m.ID),
		fmt.Sprintf("Imported %d registrations (%d new firms added to the directory)", plan.Importable(), plan.Count(models.ImportNew)))
}
