package handlers

import (
	"bytes"
	"errors"
	"fmt"
	"strconv"

	"github.com/gofiber/fiber/v2"

	"github.com/missionplanner/missionplanner/exports"
	"github.com/missionplanner/missionplanner/models"
)

// ImportForm shows the upload form and the link to the template.
func (h *Handler) ImportForm(c *fiber.Ctx) error {
	m, err := h.mission(c)
	if err != nil {
		return err
	}
	return h.renderImportForm(c, fiber.StatusOK, m, nil)
}

func (h *Handler) renderImportForm(c *fiber.Ctx, status int, m *models.Mission, errs models.FieldErrors) error {
	data := View{"Title": "Import firms – " + m.Name, "Mission": m, "Columns": models.ImportColumns}
	if !m.RegistrationOpen(h.Now()) {
		data["Closed"] = models.RegistrationClosedMessage(m, h.Now())
	}
	if len(errs) > 0 {
		data["Errors"] = errs
	}
	return h.render(c, status, "registrations/import", data)
}

// ImportTemplate downloads the import template: the columns, an example row and drop-down lists.
func (h *Handler) ImportTemplate(c *fiber.Ctx) error {
	if _, err := h.mission(c); err != nil {
		return err
	}
	cols := make([]exports.TemplateColumn, len(models.ImportColumns))
	for i, col := range models.ImportColumns {
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

// Import handles both steps of an import posted to the page's own address: an upload (field file)
// is read, checked and previewed; a confirmation (field batch_id) imports the previewed rows.
func (h *Handler) Import(c *fiber.Ctx) error {
	m, err := h.mission(c)
	if err != nil {
		return err
	}
	if form(c, "batch_id") != "" {
		return h.confirmImport(c, m)
	}
	if !m.RegistrationOpen(h.Now()) {
		return h.renderImportForm(c, fiber.StatusConflict, m, models.FieldErrors{"file": models.RegistrationClosedMessage(m, h.Now())})
	}
	fh, err := c.FormFile("file")
	if err != nil {
		return h.renderImportForm(c, fiber.StatusUnprocessableEntity, m, models.FieldErrors{"file": "Select a spreadsheet (.xlsx) or CSV file"})
	}
	if fh.Size > exports.MaxUploadBytes {
		return h.renderImportForm(c, fiber.StatusUnprocessableEntity, m, models.FieldErrors{"file": "The file must be smaller than 10 MB"})
	}
	file, err := fh.Open()
	if err != nil {
		return fmt.Errorf("import: open upload: %w", err)
	}
	defer file.Close()
	rows, err := exports.ReadTable(file, fh.Filename)
	var ie *exports.ImportError
	if errors.As(err, &ie) {
		return h.renderImportForm(c, fiber.StatusUnprocessableEntity, m, models.FieldErrors{"file": ie.Message})
	}
	if err != nil {
		return err
	}
	plan := models.PlanImport(rows)
	if len(plan.FileProblems) > 0 {
		data := View{"Title": "Import firms – " + m.Name, "Mission": m, "Columns": models.ImportColumns, "Errors": models.FieldErrors{"file": "The file cannot be imported: see the problems listed"}, "FileProblems": plan.FileProblems}
		return h.render(c, fiber.StatusUnprocessableEntity, "registrations/import", data)
	}
	if err := h.Store.CheckImportPlan(c.UserContext(), m.ID, &plan); err != nil {
		return err
	}
	batch, err := h.Store.SaveImportBatch(c.UserContext(), m.ID, currentUser(c), fh.Filename, rows, h.Now())
	if err != nil {
		return err
	}
	status := fiber.StatusOK
	if plan.Importable() == 0 {
		status = fiber.StatusUnprocessableEntity
	}
	return h.renderPreview(c, status, m, &plan, batch.ID, fh.Filename, "")
}

func (h *Handler) renderPreview(c *fiber.Ctx, status int, m *models.Mission, plan *models.ImportPlan, batchID uint, filename, warning string) error {
	data := View{
		"Title": "Check the import – " + m.Name, "Mission": m, "Plan": plan, "BatchID": batchID, "Filename": filename,
		"Importable": plan.Importable(), "New": plan.Count(models.ImportNew), "Existing": plan.Count(models.ImportExisting),
		"Skipped": plan.Count(models.ImportSkip), "Problems": plan.Problems(), "Warning": warning,
	}
	if plan.Importable() == 0 {
		data["Errors"] = models.FieldErrors{"file": "No row of the file can be imported: correct the problems listed and upload it again"}
	}
	return h.render(c, status, "registrations/import_preview", data)
}

func (h *Handler) confirmImport(c *fiber.Ctx, m *models.Mission) error {
	id, err1 := strconv.ParseUint(form(c, "batch_id"), 10, 32)
	expected, err2 := strconv.Atoi(form(c, "expected"))
	if err1 != nil || err2 != nil {
		return h.renderImportForm(c, fiber.StatusUnprocessableEntity, m, models.FieldErrors{"file": "Upload the file again"})
	}
	plan, err := h.Store.ImportRegistrations(c.UserContext(), currentUser(c), m, uint(id), expected, h.Now())
	var conflict *models.ConflictError
	switch {
	case errors.Is(err, models.ErrImportChanged):
		return h.renderPreview(c, fiber.StatusConflict, m, plan, uint(id), "", "Firms were added or registered since you checked this file, so what it would import has changed. Nothing has been imported yet: check the rows again and confirm.")
	case errors.Is(err, models.ErrNotFound):
		return h.renderImportForm(c, fiber.StatusUnprocessableEntity, m, models.FieldErrors{"file": "This upload has expired or is not yours: upload the file again"})
	case errors.As(err, &conflict):
		return h.renderImportForm(c, fiber.StatusConflict, m, models.FieldErrors{"file": conflict.Errors[firstKey(conflict.Errors)]})
	case err != nil:
		return err
	}
	return h.redirectWithFlash(c, fmt.Sprintf("/missions/%d/registrations?sort=newest", m.ID),
		fmt.Sprintf("Imported %d registrations (%d new firms added to the directory)", plan.Importable(), plan.Count(models.ImportNew)))
}

func firstKey(fe models.FieldErrors) string {
	for k := range fe {
		return k
	}
	return ""
}
