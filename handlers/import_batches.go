package handlers

import (
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/gofiber/fiber/v2"

	"github.com/missionplanner/missionplanner/models"
	"github.com/missionplanner/missionplanner/sheets"
)

// Both imports (firms for a mission, contacts for the directory) work the same way: the upload is
// read and checked, kept as an import batch and previewed; the preview's form carries only the
// batch id and the number of rows it would import, and the confirmation imports the kept rows.

// readUpload reads the table of the file posted in the field "file". Something the person can put
// right (no file, too large, not a spreadsheet, not UTF-8…) comes back as problem, for a 422 on the
// upload form; err is anything else.
func readUpload(c *fiber.Ctx) (rows [][]string, filename, problem string, err error) {
	fh, err := c.FormFile("file")
	if err != nil {
		return nil, "", "Select a spreadsheet (.xlsx) or CSV file", nil
	}
	if fh.Size > sheets.MaxUploadBytes {
		return nil, "", "The file must be smaller than 10 MB", nil
	}
	file, err := fh.Open()
	if err != nil {
		return nil, "", "", fmt.Errorf("import: open upload: %w", err)
	}
	defer file.Close()
	rows, err = sheets.ReadTable(file, fh.Filename)
	var ie *sheets.ImportError
	if errors.As(err, &ie) {
		return nil, "", ie.Message, nil
	}
	if err != nil {
		return nil, "", "", fmt.Errorf("import: read %q: %w", fh.Filename, err)
	}
	return rows, strings.Clone(fh.Filename), "", nil
}

// isBatchConfirmation tells a preview's confirmation from an upload posted to the same address.
func isBatchConfirmation(c *fiber.Ctx) bool { return form(c, "batch_id") != "" }

// batchConfirmation reads a preview's confirm form: the kept batch and how many rows it showed
// would be imported. ok is false when either is missing or not a number.
func batchConfirmation(c *fiber.Ctx) (batchID uint, expected int, ok bool) {
	id, err1 := strconv.ParseUint(form(c, "batch_id"), 10, 32)
	n, err2 := strconv.Atoi(form(c, "expected"))
	if err1 != nil || err2 != nil || id == 0 || n < 0 {
		return 0, 0, false
	}
	return uint(id), n, true
}

// batchConfirmProblem turns the refusals every confirmation shares into a status and a message for
// the upload form: a batch that is not this person's, not this import's or past its lifetime is
// 404; one already imported (or a mission closed meanwhile) is 409. status is 0 for other errors.
func batchConfirmProblem(err error) (status int, msg string) {
	var conflict *models.ConflictError
	switch {
	case errors.Is(err, models.ErrNotFound):
		return fiber.StatusNotFound, "This upload has expired or is not yours: upload the file again"
	case errors.As(err, &conflict):
		return fiber.StatusConflict, conflict.Errors.First()
	}
	return 0, ""
}
