package exports

import (
	"fmt"
	"io"

	"github.com/xuri/excelize/v2"

	"github.com/missionplanner/missionplanner/report"
)

// Sheet names of the report workbook.
const (
	ReportSummarySheet = "Summary"
	ReportSectorSheet  = "By sector"
	ReportOrgSheet     = "By organisation type"
	ReportWinsSheet    = "Export wins"
)

// reportStyles are the number formats of the report's cells, by measure kind.
type reportStyles struct {
	header, text int
	kinds        map[string]int
}

func newReportStyles(f *excelize.File) (reportStyles, error) {
	base, err := newSheetStyles(f)
	if err != nil {
		return reportStyles{}, err
	}
	s := reportStyles{header: base.header, text: base.text, kinds: map[string]int{}}
	for kind, format := range map[string]string{
		report.KindCount: "0", report.KindGBP: `"£"#,##0`, report.KindRate: "0.0%", report.KindMean: "0.0", report.KindNumber: "0.0",
	} {
		id, err := f.NewStyle(&excelize.Style{CustomNumFmt: xlPtr(format)})
		if err != nil {
			return s, fmt.Errorf("exports: report style: %w", err)
		}
		s.kinds[kind] = id
	}
	return s, nil
}

// WriteReport writes the mission report: a summary sheet, a sheet per breakdown (sector,
// organisation type) with charts, and the export wins in the shape of Data Hub's export-win record.
// Every number is the report's own value (rates as shares, formatted as percentages).
func WriteReport(w io.Writer, r *report.Report) error {
	f := excelize.NewFile()
	defer f.Close()
	st, err := newReportStyles(f)
	if err != nil {
		return err
	}
	if err := f.SetSheetName("Sheet1", ReportSummarySheet); err != nil {
		return fmt.Errorf("exports: report: %w", err)
	}
	if err := writeReportSummary(f, st, r); err != nil {
		return err
	}
	for _, b := range []struct {
		sheet, head string
		groups      []report.Group
	}{{ReportSectorSheet, "Sector", r.BySector}, {ReportOrgSheet, "Organisation type", r.ByOrganisationType}} {
		if err := writeReportBreakdown(f, st, b.sheet, b.head, b.groups, r.Total); err != nil {
			return err
		}
	}
	if err := writeReportWins(f, st, r); err != nil {
		return err
	}
	if _, err := f.WriteTo(w); err != nil {
		return fmt.Errorf("exports: write report: %w", err)
	}
	return nil
}

// setNumber writes a measure's value with its number format, leaving the cell empty when it has none.
func setNumber(f *excelize.File, st reportStyles, sheet, cell string, m report.Measure, fig report.Figures) error {
	if v, ok := m.Number(fig); ok {
		if err := f.SetCellValue(sheet, cell, v); err != nil {
			return err
		}
	}
	return f.SetCellStyle(sheet, cell, cell, st.kinds[m.Kind])
}

func writeReportSummary(f *excelize.File, st reportStyles, r *report.Report) error {
	sheet := ReportSummarySheet
	if err := f.SetSheetRow(sheet, "A1", &[]any{"Figure", SafeText(r.MissionName)}); err != nil {
		return err
	}
	if err := f.SetCellStyle(sheet, "A1", "B1", st.header); err != nil {
		return err
	}
	rowOf := map[string]int{}
	for i, m := range report.Measures {
		row := i + 2
		rowOf[m.Key] = row
		if err := f.SetCellValue(sheet, fmt.Sprintf("A%d", row), m.Label); err != nil {
			return err
		}
		if err := setNumber(f, st, sheet, fmt.Sprintf("B%d", row), m, r.Total); err != nil {
			return err
		}
	}
	if err := f.SetColWidth(sheet, "A", "A", 52); err != nil {
		return err
	}
	if err := f.SetColWidth(sheet, "B", "B", 18); err != nil {
		return err
	}
	// The meetings chart reads the rows from "requested" to "cancelled on the day".
	first, last := rowOf["meetings_requested"], rowOf["cancelled_on_day"]
	err := f.AddChart(sheet, "D2", &excelize.Chart{
		Type: excelize.Bar,
		Series: []excelize.ChartSeries{{
			Name:       fmt.Sprintf("%s!$B$1", quoteSheet(sheet)),
			Categories: fmt.Sprintf("%s!$A$%d:$A$%d", quoteSheet(sheet), first, last),
			Values:     fmt.Sprintf("%s!$B$%d:$B$%d", quoteSheet(sheet), first, last),
		}},
		Title:      excelize.ChartTitle{Paragraph: []excelize.RichTextRun{{Text: "Meetings"}}},
		Legend:     excelize.ChartLegend{Position: "none"},
		Dimension:  excelize.ChartDimension{Width: 560, Height: 300},
		VaryColors: xlPtr(false),
	})
	if err != nil {
		return fmt.Errorf("exports: %s: chart: %w", sheet, err)
	}
	return nil
}

// writeReportBreakdown writes one row per group and a last row for all, a column per measure, and
// charts of meetings held, pipeline and wins by group.
func writeReportBreakdown(f *excelize.File, st reportStyles, sheet, head string, groups []report.Group, total report.Figures) error {
	if _, err := f.NewSheet(sheet); err != nil {
		return fmt.Errorf("exports: report: %w", err)
	}
	header := []any{head}
	colOf := map[string]string{}
	for i, m := range report.Measures {
		header = append(header, m.Label)
		colOf[m.Key], _ = excelize.ColumnNumberToName(i + 2)
	}
	if err := f.SetSheetRow(sheet, "A1", &header); err != nil {
		return err
	}
	lastCol, _ := excelize.ColumnNumberToName(len(report.Measures) + 1)
	if err := f.SetCellStyle(sheet, "A1", lastCol+"1", st.header); err != nil {
		return err
	}
	rows := append(append([]report.Group(nil), groups...), report.Group{Code: "all", Label: "All", Figures: total})
	for i, g := range rows {
		row := i + 2
		if err := f.SetCellValue(sheet, fmt.Sprintf("A%d", row), g.Label); err != nil {
			return err
		}
		for _, m := range report.Measures {
			if err := setNumber(f, st, sheet, fmt.Sprintf("%s%d", colOf[m.Key], row), m, g.Figures); err != nil {
				return err
			}
		}
	}
	if err := f.SetColWidth(sheet, "A", "A", 34); err != nil {
		return err
	}
	if err := f.SetColWidth(sheet, "B", lastCol, 14); err != nil {
		return err
	}
	if err := freezeHeader(f, sheet, 1, 1); err != nil {
		return err
	}
	if len(groups) == 0 {
		return nil
	}
	anchor := len(rows) + 3
	for i, key := range []string{"meetings_held", "pipeline_gbp", "wins_gbp"} {
		m := report.MeasureByKey(key)
		col := colOf[key]
		err := f.AddChart(sheet, fmt.Sprintf("%s%d", []string{"A", "E", "I"}[i], anchor), &excelize.Chart{
			Type: excelize.Bar,
			Series: []excelize.ChartSeries{{
				Name:       fmt.Sprintf("%s!$%s$1", quoteSheet(sheet), col),
				Categories: fmt.Sprintf("%s!$A$2:$A$%d", quoteSheet(sheet), len(groups)+1),
				Values:     fmt.Sprintf("%s!$%s$2:$%s$%d", quoteSheet(sheet), col, col, len(groups)+1),
			}},
			Title:      excelize.ChartTitle{Paragraph: []excelize.RichTextRun{{Text: m.Label + " " + sheetPhrase(sheet)}}},
			Legend:     excelize.ChartLegend{Position: "none"},
			Dimension:  excelize.ChartDimension{Width: 420, Height: 280},
			VaryColors: xlPtr(false),
		})
		if err != nil {
			return fmt.Errorf("exports: %s: chart: %w", sheet, err)
		}
	}
	return nil
}

func sheetPhrase(sheet string) string {
	if sheet == ReportSectorSheet {
		return "by sector"
	}
	return "by organisation type"
}

// WinColumns are the export-win sheet's columns, named as Data Hub's export-win record (Win, its
// breakdowns by year and the customer response) names its fields.
var WinColumns = []string{"company_name", "cdms_reference", "customer_name", "customer_email_address", "name_of_customer",
	"sector", "country", "date", "business_type", "description", "breakdown_year_1", "breakdown_year_2", "breakdown_year_3",
	"total_expected_export_value", "expected_portion_without_help", "case_study_willing", "comments"}

// WinRecord is one export win as Data Hub's export-win record shapes it (also the JSON of the API).
type WinRecord struct {
	CompanyName              string          `json:"company_name"`
	CDMSReference            string          `json:"cdms_reference"` // the Companies House number
	CustomerName             string          `json:"customer_name"`
	CustomerEmailAddress     string          `json:"customer_email_address"`
	NameOfCustomer           string          `json:"name_of_customer"` // the overseas customer
	Sector                   string          `json:"sector"`
	Country                  string          `json:"country"`
	Date                     string          `json:"date"`
	BusinessType             string          `json:"business_type"`
	Description              string          `json:"description"`
	Breakdowns               []WinBreakdown  `json:"breakdowns"`
	TotalExpectedExportValue int64           `json:"total_expected_export_value"`
	CustomerResponse         WinConfirmation `json:"customer_response"`
	MeetingID                uint            `json:"meeting_id"`
	FollowUpMonths           int             `json:"follow_up_months"`
}

// WinBreakdown is a win's value in one year.
type WinBreakdown struct {
	Type  string `json:"type"`
	Year  int    `json:"year"`
	Value int64  `json:"value"`
}

// WinConfirmation is the firm's own answer about the win (Data Hub's CustomerResponse).
type WinConfirmation struct {
	ExpectedPortionWithoutHelp string `json:"expected_portion_without_help"`
	CaseStudyWilling           bool   `json:"case_study_willing"`
	Comments                   string `json:"comments"`
	AgreeWithWin               bool   `json:"agree_with_win"`
}

// WithoutHelpLabels map our without-support answers onto Data Hub's wording of
// expected_portion_without_help.
var WithoutHelpLabels = map[string]string{
	"would_not_have": "No value without our help",
	"later":          "Same value, but later",
	"smaller":        "Some value without our help",
	"same":           "Full value without our help",
}

// WinRecords shapes the report's wins as Data Hub export-win records.
func WinRecords(r *report.Report) []WinRecord {
	out := make([]WinRecord, 0, len(r.Wins))
	for _, w := range r.Wins {
		rec := WinRecord{CompanyName: w.CompanyName, CDMSReference: w.CompaniesHouseNumber, CustomerName: w.CustomerName,
			CustomerEmailAddress: w.CustomerEmail, NameOfCustomer: w.OverseasCustomer, Sector: w.Sector, Country: r.Country, Date: w.MeetingDate,
			BusinessType: "Trade mission meeting", Description: fmt.Sprintf("Met %s on %s; reported as a win %d months after the mission", w.OverseasCustomer, r.MissionName, w.Months),
			TotalExpectedExportValue: w.Years.Year1 + w.Years.Year2 + w.Years.Year3,
			CustomerResponse:         WinConfirmation{ExpectedPortionWithoutHelp: WithoutHelpLabels[w.WithoutSupport], CaseStudyWilling: w.CaseStudyConsent, Comments: w.Comment, AgreeWithWin: true},
			MeetingID:                w.MeetingID, FollowUpMonths: w.Months}
		for i, v := range []int64{w.Years.Year1, w.Years.Year2, w.Years.Year3} {
			rec.Breakdowns = append(rec.Breakdowns, WinBreakdown{Type: "Export", Year: i + 1, Value: v})
		}
		out = append(out, rec)
	}
	return out
}

func writeReportWins(f *excelize.File, st reportStyles, r *report.Report) error {
	sheet := ReportWinsSheet
	if _, err := f.NewSheet(sheet); err != nil {
		return fmt.Errorf("exports: report: %w", err)
	}
	header := make([]any, len(WinColumns))
	for i, c := range WinColumns {
		header[i] = c
	}
	if err := f.SetSheetRow(sheet, "A1", &header); err != nil {
		return err
	}
	lastCol, _ := excelize.ColumnNumberToName(len(WinColumns))
	if err := f.SetCellStyle(sheet, "A1", lastCol+"1", st.header); err != nil {
		return err
	}
	recs := WinRecords(r)
	for i, rec := range recs {
		row := []any{SafeText(rec.CompanyName), SafeText(rec.CDMSReference), SafeText(rec.CustomerName), SafeText(rec.CustomerEmailAddress),
			SafeText(rec.NameOfCustomer), rec.Sector, rec.Country, rec.Date, rec.BusinessType, SafeText(rec.Description),
			rec.Breakdowns[0].Value, rec.Breakdowns[1].Value, rec.Breakdowns[2].Value, rec.TotalExpectedExportValue,
			rec.CustomerResponse.ExpectedPortionWithoutHelp, rec.CustomerResponse.CaseStudyWilling, SafeText(rec.CustomerResponse.Comments)}
		cell, _ := excelize.CoordinatesToCellName(1, i+2)
		if err := f.SetSheetRow(sheet, cell, &row); err != nil {
			return err
		}
		from, _ := excelize.CoordinatesToCellName(11, i+2)
		to, _ := excelize.CoordinatesToCellName(14, i+2)
		if err := f.SetCellStyle(sheet, from, to, st.kinds[report.KindGBP]); err != nil {
			return err
		}
	}
	return f.SetColWidth(sheet, "A", lastCol, 18)
}
