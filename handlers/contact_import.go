package handlers

import (
	"bytes"
	"encoding/json"
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
		"organisation_type": "buyer", "sector": "agri_food", "email": "jordan@example.com", "phone": "(312) 555-0100",
		"address": "100 N Example St", "city": "Chicago", "state": "IL", "notes": ""}
	for _, name := range models.ContactImportColumns {
		col := exports.TemplateColumn{Name: name, Example: examples[name]}
		switch name {
		case "organisation_type":
			col.Allowed = models.Codes(models.OrganisationTypes)
		case "sector":
			col.Allowed = models.Codes(models.Sectors)
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

// ImportContacts checks an uploaded file and shows a preview (nothing is saved), or, when the
// preview's form is confirmed, imports every valid row in one transaction.
func (h *Handler) ImportContacts(c *fiber.Ctx) error {
	ctx := c.UserContext()
	if form(c, "confirm") == "1" {
		var contacts []models.Contact
		if err := json.Unmarshal([]byte(c.FormValue("rows")), &contacts); err != nil || len(contacts) == 0 {
			return h.importProblem(c, "The preview could not be read: upload the file again")
		}
		// Check again: the directory may have changed since the preview, and the form is input too.
		ci := &models.ContactImport{}
		for i, ct := range contacts {
			row := models.ContactImportRow{Row: i + 2, Contact: ct}
			for k, msg := range ct.Validate() {
				row.Problems = append(row.Problems, models.ImportProblem{Row: i + 2, Column: k, Message: msg})
			}
			ci.Rows = append(ci.Rows, row)
		}
		if err := h.Store.CheckContactImport(ctx, ci); err != nil {
			return err
		}
		if ci.ProblemCount() > 0 {
			return h.importPreview(c, fiber.StatusUnprocessableEntity, ci, "Some contacts can no longer be imported: check the problems below")
		}
		if err := h.Store.ImportContacts(ctx, currentUser(c), contacts); err != nil {
			return err
		}
		return h.redirectWithFlash(c, "/contacts", fmt.Sprintf("%d contacts imported", len(contacts)))
	}
	fh, err := c.FormFile("file")
	if err != nil {
		return h.importProblem(c, "Select a spreadsheet (.xlsx) or CSV file")
	}
	if fh.Size > exports.MaxUploadBytes {
		return h.importProblem(c, "The file must be smaller than 10 MB")
	}
	f, err := fh.Open()
	if err != nil {
		return fmt.Errorf("open upload: %w", err)
	}
	defer f.Close()
	rows, err := exports.ReadTable(f, fh.Filename)
	var ie *exports.ImportError
	if errors.As(err, &ie) {
		return h.importProblem(c, ie.Message)
	}
	if err != nil {
		return err
	}
	ci := models.ParseContactRows(rows)
	if len(ci.FileProblems) > 0 {
		return h.importProblem(c, ci.FileProblems[0].Message)
	}
	if err := h.Store.CheckContactImport(ctx, ci); err != nil {
		return err
	}
	status := fiber.StatusOK
	if len(ci.Valid()) == 0 {
		status = fiber.StatusUnprocessableEntity
	}
	return h.importPreview(c, status, ci, "")
}

func (h *Handler) importProblem(c *fiber.Ctx, msg string) error {
	return h.render(c, fiber.StatusUnprocessableEntity, "contacts/import", View{"Title": "Import contacts", "Errors": models.FieldErrors{"file": msg}})
}

func (h *Handler) importPreview(c *fiber.Ctx, status int, ci *models.ContactImport, problem string) error {
	valid := ci.Valid()
	data, err := json.Marshal(valid)
	if err != nil {
		return err
	}
	v := View{"Title": "Import contacts", "Preview": ci, "Valid": valid, "RowsJSON": string(data)}
	if problem != "" {
		v["Errors"] = models.FieldErrors{"file": problem}
	} else if len(valid) == 0 {
		v["Errors"] = models.FieldErrors{"file": "No row of the file can be imported: correct the problems listed and upload it again"}
	}
	return h.render(c, status, "contacts/import", v)
}
