package exports

import (
	"fmt"
	"io"
	"time"

	"github.com/xuri/excelize/v2"
)

// DataSheet is one table of a subject access export: its column names and its rows as text.
type DataSheet struct {
	Name    string
	Columns []string
	Rows    [][]string
}

// maxCellText is Excel's limit on the characters in one cell.
const maxCellText = 32767

// WriteSubjectAccess writes what is held about one person: a "Summary" sheet (who, when, how many rows
// per table) and a sheet per table, headed by the database's column names. Text never becomes a
// formula; text longer than a cell can hold is cut with a note (the JSON export has it whole).
func WriteSubjectAccess(w io.Writer, email string, generated time.Time, sheets []DataSheet) error {
	f := excelize.NewFile()
	defer f.Close()
	const summary = "Summary"
	if err := f.SetSheetName("Sheet1", summary); err != nil {
		return fmt.Errorf("exports: subject access: %w", err)
	}
	st, err := newSheetStyles(f)
	if err != nil {
		return err
	}
	rows := [][]any{
		{textCell("Everything missionplanner holds about", st.title)},
		{textCell("Email address", st.header), textCell(email, st.text)},
		{textCell("Generated (UTC)", st.header), textCell(generated.UTC().Format("2006-01-02 15:04:05"), st.text)},
		{},
		{textCell("Table", st.header), textCell("Rows", st.header)},
	}
	for _, sh := range sheets {
		rows = append(rows, []any{textCell(sh.Name, st.text), styledCell(len(sh.Rows), st.text)})
	}
	if err := writeRows(f, summary, []sheetColumn{{"Table", 28}, {"Rows", 40}}, rows); err != nil {
		return err
	}
	for _, sh := range sheets {
		name := sh.Name
		if len(name) > 31 {
			name = name[:31]
		}
		if _, err := f.NewSheet(name); err != nil {
			return fmt.Errorf("exports: subject access: sheet %s: %w", name, err)
		}
		cols := make([]sheetColumn, len(sh.Columns))
		for i, c := range sh.Columns {
			cols[i] = sheetColumn{c, 24}
		}
		body := [][]any{headerRow(cols, st.header)}
		for _, r := range sh.Rows {
			cells := make([]any, len(r))
			for i, v := range r {
				if len([]rune(v)) > maxCellText {
					v = string([]rune(v)[:maxCellText-40]) + " … (cut; see the JSON export)"
				}
				cells[i] = textCell(v, st.text)
			}
			body = append(body, cells)
		}
		if err := writeRows(f, name, cols, body); err != nil {
			return err
		}
	}
	if err := f.Write(w); err != nil {
		return fmt.Errorf("exports: subject access: write: %w", err)
	}
	return nil
}

func writeRows(f *excelize.File, sheet string, cols []sheetColumn, rows [][]any) error {
	for i := len(cols) - 1; i >= 0; i-- {
		name, err := excelize.ColumnNumberToName(i + 1)
		if err != nil {
			return err
		}
		if err := f.SetColWidth(sheet, name, name, cols[i].width); err != nil {
			return err
		}
	}
	sw, err := f.NewStreamWriter(sheet)
	if err != nil {
		return fmt.Errorf("exports: subject access: %s: %w", sheet, err)
	}
	for i, r := range rows {
		if err := sw.SetRow(fmt.Sprintf("A%d", i+1), r); err != nil {
			return fmt.Errorf("exports: subject access: %s row %d: %w", sheet, i+1, err)
		}
	}
	if err := sw.Flush(); err != nil {
		return fmt.Errorf("exports: subject access: %s: %w", sheet, err)
	}
	return nil
}
