package models

import (
	"reflect"
	"slices"
	"strings"
	"testing"
)

// ImportContacts saves ContactImport.Valid() without validating again: that is sound only while
// every field Contact.Validate can complain about is a column PlanContactImport reports on.
func TestContactImportColumnsCoverValidation(t *testing.T) {
	ct := reflect.TypeOf(Contact{})
	for i := 0; i < ct.NumField(); i++ {
		f := ct.Field(i)
		if f.Tag.Get("validate") == "" {
			continue
		}
		if name, _, _ := strings.Cut(f.Tag.Get("json"), ","); !slices.Contains(ContactImportColumns, name) {
			t.Errorf("Contact.%s (%s) is validated but is not an import column", f.Name, name)
		}
	}
}

func TestPlanContactImportHeaders(t *testing.T) {
	tests := []struct {
		name   string
		header []string
	}{
		{"template keys", []string{"full_name", "organisation", "organisation_type", "email", "phone"}},
		{"spaces and case", []string{"Full Name", "Organisation", "Organisation Type", "E-mail address", "Phone number"}},
		{"aliases", []string{"Contact name", "Company", "Organization type", "Email address", "Telephone"}},
		{"punctuation", []string{" FULL-NAME ", "organisation.", "Type", "e_mail", "(Phone)"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ci := PlanContactImport([][]string{tt.header, {"Dana Rivers", "Lakeshore Foods", "buyer", "dana@example.com", "312 555 0100"}})
			if len(ci.FileProblems) != 0 || len(ci.Rows) != 1 || len(ci.Rows[0].Problems) != 0 {
				t.Fatalf("header %q: %+v", tt.header, ci)
			}
			c := ci.Rows[0].Contact
			if c.FullName != "Dana Rivers" || c.Organisation != "Lakeshore Foods" || c.OrganisationType != "buyer" || c.Email != "dana@example.com" || c.Phone != "312 555 0100" {
				t.Fatalf("header %q read %+v", tt.header, c)
			}
		})
	}
}

func TestPlanContactImportRepeatedColumn(t *testing.T) {
	tests := []struct {
		name   string
		header []string
		column string
	}{
		{"same header twice", []string{"full_name", "organisation", "organisation_type", "email", "Email"}, "email"},
		{"a header and its alias", []string{"Full name", "organisation", "organisation_type", "Name"}, "full_name"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ci := PlanContactImport([][]string{tt.header, {"Dana Rivers", "Lakeshore Foods", "buyer", "dana@example.com", "other@example.com"}})
			if len(ci.FileProblems) != 1 || len(ci.Rows) != 0 {
				t.Fatalf("repeated column not reported: %+v", ci)
			}
			if p := ci.FileProblems[0]; p.Row != 1 || p.Column != tt.column || !strings.Contains(p.Message, "twice") || !strings.Contains(p.Message, tt.header[len(tt.header)-1]) {
				t.Fatalf("problem: %+v", p)
			}
		})
	}
}

func TestPlanContactImportUnknownOption(t *testing.T) {
	ci := PlanContactImport([][]string{
		{"full_name", "organisation", "organisation_type", "sector"},
		{"Dana Rivers", "Lakeshore Foods", "Friend", "Space"},
		{"Mo Chen", "Prairie Capital", "", ""},
	})
	if len(ci.FileProblems) != 0 || len(ci.Rows) != 2 {
		t.Fatalf("rows: %+v", ci)
	}
	want := []ImportProblem{
		{Row: 2, Column: "organisation_type", Message: "“Friend” is not on the list: use one of " + optionLabels(OrganisationTypes)},
		{Row: 2, Column: "sector", Message: "“Space” is not on the list: use one of " + optionLabels(Sectors)},
	}
	if got := ci.Rows[0].Problems; len(got) != len(want) || got[0] != want[0] || got[1] != want[1] {
		t.Fatalf("problems:\n got %+v\nwant %+v", got, want)
	}
	if !strings.Contains(want[0].Message, "Government agency") {
		t.Fatalf("the message does not list the labels: %s", want[0].Message)
	}
	// An empty type is still missing, not "not on the list".
	if got := ci.Rows[1].Problems; len(got) != 1 || got[0].Column != "organisation_type" || got[0].Message != "Select an organisation type from the list" {
		t.Fatalf("empty type: %+v", got)
	}
}

func TestPlanContactImport(t *testing.T) {
	ci := PlanContactImport([][]string{
		{"Name", "Organization", "Type", "Sector", "Email address"},
		{"Dana Rivers", "Lakeshore Foods", "Government agency", "Agri-food", "DANA@example.com"},
		{},
		{"Ravi Patel", "", "friend", "space", "ravi@example.com"},
		{"Mo Chen", "Prairie Capital", "investor", "", "dana@example.com"},
	})
	if len(ci.FileProblems) != 0 || len(ci.Rows) != 3 {
		t.Fatalf("rows: %+v", ci)
	}
	if c := ci.Rows[0].Contact; c.OrganisationType != "government" || c.Sector != "agri_food" || c.Email != "dana@example.com" || len(ci.Rows[0].Problems) != 0 {
		t.Fatalf("row 2: %+v", ci.Rows[0])
	}
	cols := map[string]bool{}
	for _, p := range ci.Rows[1].Problems {
		if p.Row != 4 {
			t.Errorf("problem on row %d, want 4", p.Row)
		}
		cols[p.Column] = true
	}
	if !cols["organisation"] || !cols["organisation_type"] || !cols["sector"] {
		t.Fatalf("row 4 problems: %+v", ci.Rows[1].Problems)
	}
	if p := ci.Rows[2].Problems; len(p) != 1 || p[0].Column != "email" || p[0].Message != "The same email address is on row 2" {
		t.Fatalf("duplicate email: %+v", p)
	}
	if len(ci.Valid()) != 1 || ci.ProblemCount() != 2 {
		t.Fatalf("valid %d, problems %d", len(ci.Valid()), ci.ProblemCount())
	}
	if ci := PlanContactImport([][]string{{"email", "city"}}); len(ci.FileProblems) == 0 {
		t.Fatal("missing required columns not reported")
	}
}
