package exports

import (
	"errors"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"

	"github.com/missionplanner/missionplanner/sheets"
)

// TemplateColumn is one column of an import template.
type TemplateColumn struct {
	Name    string   // header cell, the name sheets.ReadTable's caller looks for
	Example string   // shown in row 2 when any column has one
	Allowed []string // stored codes offered in a drop-down; empty for free text
	Width   float64  // in Excel's character units; 0 picks one from the contents
}

// templateListsSheet holds drop-down values too long for an inline list.
const templateListsSheet = "Lists"

// WriteTemplate writes an .xlsx import template to w: a styled, frozen header row of column
// names, an example row when any column has an example, column widths, and a drop-down on
// the data rows of each column with allowed values. Cells are formatted as text so that
// numbers such as "01234567" keep their leading zeros. Lists that cannot be written inline
// (over 255 characters, or with values containing commas) point at a hidden "Lists" sheet.
func WriteTemplate(w io.Writer, sheet string, cols []TemplateColumn) error {
	if len(cols) == 0 || len(cols) > sheets.MaxImportColumns {
		return fmt.Errorf("exports: template %q: %d columns, want 1 to %d", sheet, len(cols), sheets.MaxImportColumns)
	}
	if strings.EqualFold(sheet, templateListsSheet) {
		return fmt.Errorf("exports: template sheet name %q is reserved for drop-down lists", sheet)
	}
	f := excelize.NewFile()
	defer f.Close()
	if err := buildTemplate(f, sheet, cols); err != nil {
		return fmt.Errorf("exports: template %q: %w", sheet, err)
	}
	if err := f.Write(w); err != nil {
		return fmt.Errorf("exports: write template %q: %w", sheet, err)
	}
	return nil
}

func buildTemplate(f *excelize.File, sheet string, cols []TemplateColumn) error {
	if err := f.SetSheetName(f.GetSheetName(0), sheet); err != nil {
		return err
	}
	text, err := f.NewStyle(&excelize.Style{NumFmt: 49}) // "@": keep what is typed as text
	if err != nil {
		return err
	}
	header, err := f.NewStyle(&excelize.Style{
		NumFmt:    49,
		Font:      &excelize.Font{Bold: true, Color: "FFFFFF"},
		Fill:      excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"1D70B8"}},
		Alignment: &excelize.Alignment{Vertical: "center"},
		Border:    []excelize.Border{{Type: "bottom", Color: "0B0C0C", Style: 2}},
	})
	if err != nil {
		return err
	}
	example, err := f.NewStyle(&excelize.Style{NumFmt: 49, Font: &excelize.Font{Italic: true, Color: "505A5F"}})
	if err != nil {
		return err
	}
	hasExample := false
	for _, c := range cols {
		hasExample = hasExample || c.Example != ""
	}
	lists := templateLists{f: f}
	for i, c := range cols {
		if strings.TrimSpace(c.Name) == "" {
			return fmt.Errorf("column %d has no name", i+1)
		}
		col, err := excelize.ColumnNumberToName(i + 1)
		if err != nil {
			return err
		}
		if err := f.SetColWidth(sheet, col, col, templateWidth(c)); err != nil {
			return err
		}
		if err := f.SetColStyle(sheet, col, text); err != nil {
			return err
		}
		if err := f.SetCellStr(sheet, col+"1", c.Name); err != nil {
			return err
		}
		if err := f.SetCellStyle(sheet, col+"1", col+"1", header); err != nil {
			return err
		}
		if hasExample {
			if err := f.SetCellStr(sheet, col+"2", c.Example); err != nil {
				return err
			}
			if err := f.SetCellStyle(sheet, col+"2", col+"2", example); err != nil {
				return err
			}
		}
		if len(c.Allowed) > 0 {
			if err := lists.addDropDown(sheet, col, c); err != nil {
				return fmt.Errorf("column %q: %w", c.Name, err)
			}
		}
	}
	if err := f.SetRowHeight(sheet, 1, 20); err != nil {
		return err
	}
	return f.SetPanes(sheet, &excelize.Panes{
		Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft",
		Selection: []excelize.Selection{{SQRef: "A2", ActiveCell: "A2", Pane: "bottomLeft"}},
	})
}

// templateWidth is the column's width, or one that fits its name, example and longest value.
func templateWidth(c TemplateColumn) float64 {
	if c.Width > 0 {
		return min(c.Width, 255) // Excel's maximum
	}
	longest := max(utf8.RuneCountInString(c.Name), utf8.RuneCountInString(c.Example))
	for _, a := range c.Allowed {
		longest = max(longest, utf8.RuneCountInString(a))
	}
	return float64(min(max(longest+2, 12), 60))
}

// templateLists adds drop-downs, creating the hidden Lists sheet the first time a list
// cannot be written inline.
type templateLists struct {
	f       *excelize.File
	created bool
	next    int // columns of the Lists sheet used so far
}

func (l *templateLists) addDropDown(sheet, col string, c TemplateColumn) error {
	dv := excelize.NewDataValidation(true)
	dv.Sqref = fmt.Sprintf("%s2:%s%d", col, col, sheets.MaxImportRows+1)
	dv.SetError(excelize.DataValidationErrorStyleStop, c.Name, "Choose a value from the drop-down list")
	inline := true
	for _, v := range c.Allowed {
		// A comma would split a value in two, and a leading "=" makes excelize read a formula.
		if strings.Contains(v, ",") || strings.HasPrefix(v, "=") {
			inline = false
		}
	}
	if inline {
		err := dv.SetDropList(c.Allowed)
		if errors.Is(err, excelize.ErrDataValidationFormulaLength) {
			inline = false
		} else if err != nil {
			return err
		}
	}
	if !inline {
		ref, err := l.store(c)
		if err != nil {
			return err
		}
		dv.SetSqrefDropList(ref)
	}
	return l.f.AddDataValidation(sheet, dv)
}

// store writes the column's name and values down one column of the Lists sheet and returns
// the absolute reference to the values.
func (l *templateLists) store(c TemplateColumn) (string, error) {
	if !l.created {
		if _, err := l.f.NewSheet(templateListsSheet); err != nil {
			return "", err
		}
		if err := l.f.SetSheetVisible(templateListsSheet, false); err != nil {
			return "", err
		}
		l.created = true
	}
	l.next++
	col, err := excelize.ColumnNumberToName(l.next)
	if err != nil {
		return "", err
	}
	if err := l.f.SetCellStr(templateListsSheet, col+"1", c.Name); err != nil {
		return "", err
	}
	for i, v := range c.Allowed {
		if err := l.f.SetCellStr(templateListsSheet, fmt.Sprintf("%s%d", col, i+2), v); err != nil {
			return "", err
		}
	}
	return fmt.Sprintf("%s!$%s$2:$%s$%d", templateListsSheet, col, col, len(c.Allowed)+1), nil
}
