package exports

import (
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/xuri/excelize/v2"
)

// RegistrationRow is one firm's registration for a mission, as listed in
// the registrations export.
type RegistrationRow struct {
	CompanyName, CompaniesHouseNumber, Sector, Employees, ExportExperience string
	Website, Address, City, Postcode                                       string
	ContactName, ContactEmail, ContactPhone                                string
	Status, Objectives                                                     string
	Delegates                                                              []string
	AppliedAt, UpdatedAt                                                   time.Time
}

const registrationsSheet = "Registrations"

var registrationColumns = []sheetColumn{
	{"Company", 30}, {"Companies House no.", 14}, {"Sector", 22}, {"Employees", 11},
	{"Export experience", 12}, {"Website", 26}, {"Address", 30}, {"City", 14},
	{"Postcode", 10}, {"Contact", 20}, {"Contact email", 28}, {"Contact phone", 16},
	{"Status", 11}, {"Delegates", 26}, {"Objectives", 40},
	{"Applied (UTC)", 17}, {"Updated (UTC)", 17},
}

// WriteRegistrations writes the mission's registrations list as a workbook
// with one sheet, "Registrations": one row per registration under a styled,
// frozen, filtered header. Timestamps are written as Excel date-times in UTC.
func WriteRegistrations(w io.Writer, missionName string, rows []RegistrationRow) error {
	f := excelize.NewFile()
	defer f.Close()
	if err := f.SetSheetName("Sheet1", registrationsSheet); err != nil {
		return fmt.Errorf("exports: registrations: %w", err)
	}
	st, err := newSheetStyles(f)
	if err != nil {
		return err
	}
	if err := tableLayout(f, registrationsSheet, registrationColumns, len(rows), true); err != nil {
		return err
	}
	if err := headerFooter(f, registrationsSheet, missionName+" – registrations"); err != nil {
		return err
	}
	_ = f.SetDocProps(&excelize.DocProperties{Title: missionName + " – registrations"})

	sw, err := f.NewStreamWriter(registrationsSheet)
	if err != nil {
		return fmt.Errorf("exports: registrations: %w", err)
	}
	if err := sw.SetRow("A1", headerRow(registrationColumns, st.header), excelize.RowOpts{Height: 30}); err != nil {
		return fmt.Errorf("exports: registrations: header: %w", err)
	}
	t := st.text
	for i, r := range rows {
		vals := []any{
			textCell(r.CompanyName, t), textCell(r.CompaniesHouseNumber, t), textCell(r.Sector, t),
			textCell(r.Employees, t), textCell(r.ExportExperience, t), textCell(r.Website, t),
			textCell(r.Address, t), textCell(r.City, t), textCell(r.Postcode, t),
			textCell(r.ContactName, t), textCell(r.ContactEmail, t), textCell(r.ContactPhone, t),
			textCell(r.Status, t), textCell(strings.Join(r.Delegates, "\n"), t), textCell(r.Objectives, t),
			timeCell(wallClock(r.AppliedAt, time.UTC), st.dateTime),
			timeCell(wallClock(r.UpdatedAt, time.UTC), st.dateTime),
		}
		if err := sw.SetRow(fmt.Sprintf("A%d", i+2), vals); err != nil {
			return fmt.Errorf("exports: registrations: row %d: %w", i+2, err)
		}
	}
	if err := sw.Flush(); err != nil {
		return fmt.Errorf("exports: registrations: flush: %w", err)
	}
	if err := f.Write(w); err != nil {
		return fmt.Errorf("exports: registrations: write: %w", err)
	}
	return nil
}
