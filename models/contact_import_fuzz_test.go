package models

import (
	"strings"
	"testing"
)

// FuzzPlanContactImport: any table of cells gives rows and problems, never a panic, and a row without
// problems always holds a valid contact.
func FuzzPlanContactImport(f *testing.F) {
	f.Add("full_name,organisation,organisation_type\nJane Doe,Acme,buyer")
	f.Add("name,company,type,email\n=cmd(),\"x\",distributor,not-an-email")
	f.Add("")
	f.Fuzz(func(t *testing.T, csv string) {
		var rows [][]string
		for _, line := range strings.Split(csv, "\n") {
			rows = append(rows, strings.Split(line, ","))
		}
		ci := PlanContactImport(rows)
		for _, r := range ci.Rows {
			if len(r.Problems) == 0 {
				if errs := r.Contact.Validate(); len(errs) > 0 {
					t.Fatalf("row %d has no problems but its contact is invalid: %v", r.Row, errs)
				}
			}
		}
	})
}
