package models

import (
	"strings"
	"testing"
)

func header() []string {
	h := make([]string, len(RegistrationImportColumns))
	for i, c := range RegistrationImportColumns {
		h[i] = c.Header
	}
	return h
}

func row(vals map[string]string) []string {
	out := make([]string, len(RegistrationImportColumns))
	for i, c := range RegistrationImportColumns {
		out[i] = vals[c.Key]
	}
	return out
}

func goodRow(name, ch string) map[string]string {
	return map[string]string{"company_name": name, "companies_house_number": ch, "postcode": "b1 1bb", "sector": "Digital technology",
		"employees": "10 to 49", "export_experience": "some", "us_presence": "Yes", "contact_name": "Alex Example",
		"contact_email": "Alex@Example.co.uk", "target_sectors": "Aerospace; automotive", "wants_to_meet": "Buyer, distributor"}
}

func TestParseFirmRow(t *testing.T) {
	h, problems := ParseRegistrationImportHeader(header())
	if len(problems) > 0 {
		t.Fatal(problems)
	}
	tests := []struct {
		name    string
		change  map[string]string
		columns []string // columns with a problem, in column order
		message string   // part of the first problem's message
	}{
		{name: "good row, labels and codes mixed", change: map[string]string{}},
		{name: "missing company name", change: map[string]string{"company_name": ""}, columns: []string{"Company name"}, message: "Enter a company name"},
		{name: "bad Companies House number", change: map[string]string{"companies_house_number": "12-34"}, columns: []string{"Companies House number"}, message: "8 digits"},
		{name: "bad postcode", change: map[string]string{"postcode": "Chicago"}, columns: []string{"Postcode"}, message: "real UK postcode"},
		{name: "unknown sector", change: map[string]string{"sector": "Widgets"}, columns: []string{"Sector"}, message: "“Widgets” is not on the list"},
		{name: "unknown employees band", change: map[string]string{"employees": "about 12"}, columns: []string{"Employees"}, message: "not on the list"},
		{name: "US presence not yes or no", change: map[string]string{"us_presence": "perhaps"}, columns: []string{"US presence"}, message: "Yes or No"},
		{name: "bad email and phone", change: map[string]string{"contact_email": "alex", "contact_phone": "ask Alex"}, columns: []string{"Contact email", "Contact phone"}, message: "correct format"},
		{name: "bad website", change: map[string]string{"website": "ftp://x.example"}, columns: []string{"Website"}, message: "https://"},
		{name: "unknown target sector", change: map[string]string{"target_sectors": "Aerospace; Moon mining"}, columns: []string{"Target sectors"}, message: "“Moon mining”"},
		{name: "unknown organisation type", change: map[string]string{"wants_to_meet": "Buyer; Astronaut"}, columns: []string{"Wants to meet"}, message: "“Astronaut”"},
		{name: "formula in a name is kept as text", change: map[string]string{"company_name": "=HYPERLINK(\"http://x\",\"y\")"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			vals := goodRow("Acme Ltd", "1234567")
			for k, v := range tt.change {
				vals[k] = v
			}
			r, problems := ParseFirmRow(h, 7, row(vals))
			var cols []string
			for _, p := range problems {
				if p.Row != 7 {
					t.Errorf("problem row %d, want 7", p.Row)
				}
				cols = append(cols, p.Column)
			}
			if strings.Join(cols, ",") != strings.Join(tt.columns, ",") {
				t.Fatalf("problem columns %v, want %v (%v)", cols, tt.columns, problems)
			}
			if len(problems) > 0 && !strings.Contains(problems[0].Message, tt.message) {
				t.Errorf("message %q, want %q", problems[0].Message, tt.message)
			}
			if len(problems) == 0 {
				if r.Firm.Sector != "digital_technology" || r.Firm.Employees != "10-49" || !r.Firm.USPresence || r.Firm.CompaniesHouseNumber != "01234567" ||
					r.Firm.Postcode != "B1 1BB" || r.Firm.ContactEmail != "alex@example.co.uk" || strings.Join(r.Registration.TargetSectors, ",") != "aerospace,automotive" ||
					strings.Join(r.Registration.WantsToMeet, ",") != "buyer,distributor" {
					t.Errorf("parsed %+v %+v", r.Firm, r.Registration)
				}
			}
		})
	}
}

func TestPlanRegistrationImport(t *testing.T) {
	t.Run("missing required columns", func(t *testing.T) {
		p := PlanRegistrationImport([][]string{{"Company name", "Colour"}, {"Acme"}})
		if len(p.FileProblems) != 4 || !strings.Contains(p.FileProblems[0].Message, "no “Postcode” column") || len(p.Rows) != 0 {
			t.Fatalf("%+v", p.FileProblems)
		}
	})
	t.Run("duplicates within the file, empty rows and the template's example", func(t *testing.T) {
		example := map[string]string{}
		for _, c := range RegistrationImportColumns {
			example[c.Key] = c.Example
		}
		sameName := goodRow("ACME LTD", "")
		rows := [][]string{
			append(header(), "Notes"),
			row(example),
			row(goodRow("Acme Ltd", "99000001")),
			{},
			row(goodRow("Bravo Ltd", "99000001")), // same CH number as row 3
			row(sameName),                         // same name and postcode as row 3
			row(goodRow("Charlie Ltd", "")),
		}
		p := PlanRegistrationImport(rows)
		if len(p.FileProblems) > 0 || len(p.Ignored) != 1 || p.Ignored[0] != "Notes" {
			t.Fatalf("file: %+v ignored %v", p.FileProblems, p.Ignored)
		}
		if len(p.Rows) != 4 || p.Importable() != 2 || p.Count(ImportSkip) != 2 {
			t.Fatalf("rows %d importable %d skipped %d", len(p.Rows), p.Importable(), p.Count(ImportSkip))
		}
		if p.Rows[0].Row != 3 || p.Rows[1].Row != 5 || !strings.Contains(p.Rows[1].Problems[0].Message, "same firm as row 3") || p.Rows[2].Row != 6 || !strings.Contains(p.Rows[2].Problems[0].Message, "same name and postcode") {
			t.Fatalf("rows: %+v", p.Rows)
		}
	})
	t.Run("empty file", func(t *testing.T) {
		if p := PlanRegistrationImport(nil); len(p.FileProblems) != 1 {
			t.Fatal(p)
		}
		if p := PlanRegistrationImport([][]string{header()}); len(p.FileProblems) != 1 || !strings.Contains(p.FileProblems[0].Message, "no firms") {
			t.Fatal(p)
		}
	})
}

// FuzzParseFirmRow feeds the row parser arbitrary cells: it must never panic, every problem must name
// its row and a column, and a row without problems must be a valid firm and registration.
func FuzzParseFirmRow(f *testing.F) {
	f.Add("Acme Ltd", "01234567", "B1 1BB", "Digital technology", "10 to 49", "yes", "a@example.co.uk", "Aerospace; Buyer", "Buyer")
	f.Add("=HYPERLINK(\"x\")", "sc123456", "b11bb", "agri_food", "250+", "", "A@B.CO", ";;,", "")
	f.Add("", "", "", "", "", "", "", "", "")
	f.Add("\x00\xff", "1", "GIR 0AA", "Agri-food", "1-9", "TRUE", "x@y", "Moon", "investor,,investor")
	h, _ := ParseRegistrationImportHeader(header())
	f.Fuzz(func(t *testing.T, name, ch, postcode, sector, employees, us, email, targets, meet string) {
		vals := map[string]string{"company_name": name, "companies_house_number": ch, "postcode": postcode, "sector": sector,
			"employees": employees, "us_presence": us, "contact_name": "Alex", "contact_email": email, "target_sectors": targets, "wants_to_meet": meet}
		r, problems := ParseFirmRow(h, 2, row(vals))
		for _, p := range problems {
			if p.Row != 2 || p.Column == "" || p.Message == "" {
				t.Fatalf("problem without a place: %+v", p)
			}
		}
		if len(problems) == 0 {
			if errs := r.Firm.Validate(); len(errs) > 0 {
				t.Fatalf("no problems reported but the firm is invalid: %v", errs)
			}
			if errs := r.Registration.Validate(); len(errs) > 0 {
				t.Fatalf("no problems reported but the registration is invalid: %v", errs)
			}
		}
		// Short rows are read too.
		ParseFirmRow(h, 3, []string{name})
	})
}
