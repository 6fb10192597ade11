package exports

import (
	"bytes"
	"testing"
	"time"
)

func TestWriteRegistrations(t *testing.T) {
	applied := time.Date(2027, 1, 5, 14, 30, 0, 0, time.UTC)
	rows := []RegistrationRow{
		{CompanyName: "Acme Ltd", CompaniesHouseNumber: "01234567", Sector: "Digital", Employees: "10-49",
			ExportExperience: "some", Website: "https://acme.example", City: "Birmingham", Postcode: "B1 1AA",
			ContactName: "Bob Smith", ContactEmail: "bob@acme.example", ContactPhone: "0121 496 0000",
			Status: "approved", Objectives: "Find a distributor", Delegates: []string{"Bob Smith", "Cat Jones"},
			AppliedAt: applied, UpdatedAt: applied.Add(48 * time.Hour)},
		{CompanyName: `=HYPERLINK("http://x","y")`, ContactName: "+1", ContactPhone: "-2", ContactEmail: "@x",
			Objectives: "\tx", Delegates: []string{"=1+1"}, Status: "applied"},
	}
	var buf bytes.Buffer
	if err := WriteRegistrations(&buf, "Chicago 2027", rows); err != nil {
		t.Fatal(err)
	}
	f := reopenBook(t, &buf)
	const s = "Registrations"
	if got := f.GetSheetList(); len(got) != 1 || got[0] != s {
		t.Fatalf("sheets = %v", got)
	}
	wantText(t, f, s, "A1", "Company")
	wantText(t, f, s, "P1", "Applied (UTC)")
	wantText(t, f, s, "A2", "Acme Ltd")
	wantText(t, f, s, "B2", "01234567") // stays text: leading zero kept
	wantText(t, f, s, "N2", "Bob Smith\nCat Jones")
	wantDate(t, f, s, "P2", fmtDateTime, applied)
	wantValue(t, f, s, "P2", "2027-01-05 14:30")
	wantDate(t, f, s, "Q2", fmtDateTime, applied.Add(48*time.Hour))
	wantValue(t, f, s, "P3", "") // no time recorded: an empty cell, not year 1

	wantText(t, f, s, "A3", `'=HYPERLINK("http://x","y")`)
	wantText(t, f, s, "J3", "'+1")
	wantText(t, f, s, "L3", "'-2")
	wantText(t, f, s, "K3", "'@x")
	wantText(t, f, s, "O3", "'\tx")
	wantText(t, f, s, "N3", "'=1+1")

	checkFrozenHeader(t, f, s, "A2")
	checkPrintReady(t, f, s)
	wantDefinedName(t, f, "_xlnm._FilterDatabase", s, "'Registrations'!$A$1:$Q$3")
	id, _ := f.GetCellStyle(s, "A1")
	if st, _ := f.GetStyle(id); st == nil || st.Font == nil || !st.Font.Bold || st.Fill.Pattern != 1 {
		t.Errorf("header style = %+v, want bold with a fill", st)
	}
}

func TestWriteRegistrationsEmpty(t *testing.T) {
	var buf bytes.Buffer
	if err := WriteRegistrations(&buf, "Empty", nil); err != nil {
		t.Fatal(err)
	}
	f := reopenBook(t, &buf)
	wantText(t, f, "Registrations", "A1", "Company")
}
