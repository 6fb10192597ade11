package exports

import (
	"bytes"
	"reflect"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/missionplanner/missionplanner/sheets"
)

var sectorCodes = []string{
	"advanced_manufacturing", "automotive", "aerospace", "digital_technology", "healthcare_life_sciences",
	"financial_professional_services", "agri_food", "creative_industries", "education", "energy_environment",
	"construction_infrastructure", "retail_consumer",
}

// carriers flying the connections between Birmingham and Chicago: a list too long to go inline.
var carriers = []string{
	"Aer Lingus", "KLM Royal Dutch Airlines", "British Airways", "Lufthansa", "United Airlines",
	"American Airlines", "Air France", "Icelandair", "Emirates", "Turkish Airlines", "Qatar Airways",
	"Swiss International Air Lines", "Brussels Airlines", "Austrian Airlines", "SAS Scandinavian Airlines",
	"Virgin Atlantic", "Loganair", "Eastern Airways",
}

func firmTemplateColumns() []TemplateColumn {
	return []TemplateColumn{
		{Name: "company_name", Example: "Acme Widgets Ltd", Width: 30},
		{Name: "companies_house_number", Example: "01234567"},
		{Name: "sector", Example: "automotive", Allowed: sectorCodes},
		{Name: "carrier", Allowed: carriers}, // over 255 characters
		{Name: "employees", Example: "10-49", Allowed: []string{"1-9", "10-49", "50-249", "250+"}},
		{Name: "export_experience", Allowed: []string{"none", "some", "experienced"}},
		{Name: "us_presence", Allowed: []string{"Yes, an office", "No"}}, // a comma forces the Lists sheet
	}
}

func writeTemplateBytes(t *testing.T, sheet string, cols []TemplateColumn) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := WriteTemplate(&buf, sheet, cols); err != nil {
		t.Fatalf("WriteTemplate: %v", err)
	}
	return buf.Bytes()
}

func TestWriteTemplate(t *testing.T) {
	data := writeTemplateBytes(t, "Firms", firmTemplateColumns())

	rows, err := sheets.ReadTable(bytes.NewReader(data), "firms-template.xlsx")
	if err != nil {
		t.Fatalf("ReadTable cannot read our own template: %v", err)
	}
	want := [][]string{
		{"company_name", "companies_house_number", "sector", "carrier", "employees", "export_experience", "us_presence"},
		{"Acme Widgets Ltd", "01234567", "automotive", "", "10-49"},
	}
	if !reflect.DeepEqual(rows, want) {
		t.Errorf("rows = %q\nwant %q", rows, want)
	}

	f, err := excelize.OpenReader(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if got := f.GetSheetList(); !reflect.DeepEqual(got, []string{"Firms", "Lists"}) {
		t.Errorf("sheets = %v", got)
	}
	if visible, _ := f.GetSheetVisible("Lists"); visible {
		t.Errorf("Lists sheet is visible")
	}
	if f.GetSheetName(f.GetActiveSheetIndex()) != "Firms" {
		t.Errorf("active sheet is %q", f.GetSheetName(f.GetActiveSheetIndex()))
	}

	panes, err := f.GetPanes("Firms")
	if err != nil || !panes.Freeze || panes.YSplit != 1 || panes.TopLeftCell != "A2" {
		t.Errorf("panes = %+v, %v", panes, err)
	}
	style, _ := f.GetCellStyle("Firms", "A1")
	s, err := f.GetStyle(style)
	if err != nil || s.Font == nil || !s.Font.Bold || len(s.Fill.Color) == 0 {
		t.Errorf("header style = %+v, %v", s, err)
	}
	for col, want := range map[string]float64{"A": 30, "B": 24, "C": 33} {
		if got, _ := f.GetColWidth("Firms", col); got != want {
			t.Errorf("width of %s = %v, want %v", col, got, want)
		}
	}

	dvs, err := f.GetDataValidations("Firms")
	if err != nil {
		t.Fatal(err)
	}
	bySqref := map[string]string{}
	for _, dv := range dvs {
		if dv.Type != "list" {
			t.Errorf("validation %s has type %q", dv.Sqref, dv.Type)
		}
		bySqref[dv.Sqref] = dv.Formula1
	}
	wantDV := map[string]string{
		"C2:C5001": `"` + strings.Join(sectorCodes, ",") + `"`,
		"D2:D5001": "Lists!$A$2:$A$19",
		"E2:E5001": `"1-9,10-49,50-249,250+"`,
		"F2:F5001": `"none,some,experienced"`,
		"G2:G5001": "Lists!$B$2:$B$3",
	}
	if !reflect.DeepEqual(bySqref, wantDV) {
		t.Errorf("data validations = %q\nwant %q", bySqref, wantDV)
	}
	listCol, err := f.GetCols("Lists")
	if err != nil || len(listCol) != 2 {
		t.Fatalf("Lists columns = %q, %v", listCol, err)
	}
	if !reflect.DeepEqual(listCol[0], append([]string{"carrier"}, carriers...)) ||
		!reflect.DeepEqual(listCol[1][:3], []string{"us_presence", "Yes, an office", "No"}) ||
		strings.Join(listCol[1][3:], "") != "" {
		t.Errorf("Lists sheet = %q", listCol)
	}
	// The carrier list really is too long to go inline, which is why it is on the Lists sheet.
	if n := len(strings.Join(carriers, ",")); n <= 255 {
		t.Errorf("carrier list is only %d characters: the test no longer covers the Lists sheet", n)
	}
}

func TestWriteTemplateWithoutExamplesOrLists(t *testing.T) {
	data := writeTemplateBytes(t, "Contacts", []TemplateColumn{{Name: "full_name"}, {Name: "email"}})
	rows, err := sheets.ReadTable(bytes.NewReader(data), "contacts.xlsx")
	if err != nil || !reflect.DeepEqual(rows, [][]string{{"full_name", "email"}}) {
		t.Fatalf("rows = %q, %v", rows, err)
	}
	f, err := excelize.OpenReader(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if got := f.GetSheetList(); !reflect.DeepEqual(got, []string{"Contacts"}) {
		t.Errorf("sheets = %v", got)
	}
}

func TestWriteTemplateRefusals(t *testing.T) {
	tests := []struct {
		name  string
		sheet string
		cols  []TemplateColumn
	}{
		{"no columns", "Firms", nil},
		{"unnamed column", "Firms", []TemplateColumn{{Name: " "}}},
		{"reserved sheet name", "lists", []TemplateColumn{{Name: "a"}}},
		{"invalid sheet name", "Firms/2027", []TemplateColumn{{Name: "a"}}},
		{"too many columns", "Firms", make([]TemplateColumn, sheets.MaxImportColumns+1)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var buf bytes.Buffer
			if err := WriteTemplate(&buf, tt.sheet, tt.cols); err == nil {
				t.Fatal("want an error")
			}
		})
	}
}
