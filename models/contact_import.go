package models

import (
	"fmt"
	"strings"
)

// ContactImportColumns are the columns of a contacts spreadsheet, in template order. Only
// full_name, organisation and organisation_type must be filled in.
var ContactImportColumns = []string{"full_name", "organisation", "job_title", "organisation_type", "sector", "email", "phone", "address", "city", "state", "notes"}

// ContactImportRow is one data row of an upload, read into a contact, with what is wrong with it.
type ContactImportRow struct {
	Row      int
	Contact  Contact
	Problems []ImportProblem
}

// ContactImport is an upload read and checked: every data row, and problems with the file itself.
type ContactImport struct {
	Rows         []ContactImportRow
	FileProblems []ImportProblem
}

// Valid lists the contacts of rows without problems.
func (ci *ContactImport) Valid() []Contact {
	var out []Contact
	for _, r := range ci.Rows {
		if len(r.Problems) == 0 {
			out = append(out, r.Contact)
		}
	}
	return out
}

// ProblemCount is the number of rows with problems.
func (ci *ContactImport) ProblemCount() int {
	n := 0
	for _, r := range ci.Rows {
		if len(r.Problems) > 0 {
			n++
		}
	}
	return n
}

// contactAliases maps other names people give the contact columns, as importKey reads them, to the
// column.
var contactAliases = map[string]string{
	"name": "full_name", "contactname": "full_name", "company": "organisation", "organization": "organisation",
	"type": "organisation_type", "organizationtype": "organisation_type", "emailaddress": "email",
	"telephone": "phone", "phonenumber": "phone",
}

// parseContactHeader maps the columns of the header row to their index. A column given twice (the
// same name, or a name and its alias) and a missing required column are problems; unknown columns
// are ignored.
func parseContactHeader(cells []string) (map[string]int, []ImportProblem) {
	byKey := map[string]string{}
	for _, k := range ContactImportColumns {
		byKey[importKey(k)] = k
	}
	for k, v := range contactAliases {
		byKey[k] = v
	}
	col := map[string]int{}
	var problems []ImportProblem
	for i, cell := range cells {
		key, ok := byKey[importKey(cell)]
		if !ok {
			continue
		}
		if _, dup := col[key]; dup {
			problems = append(problems, ImportProblem{Row: 1, Column: key, Message: fmt.Sprintf("The %s column appears twice (again as “%s”): keep one", key, clip(strings.TrimSpace(cell)))})
			continue
		}
		col[key] = i
	}
	for _, need := range []string{"full_name", "organisation", "organisation_type"} {
		if _, ok := col[need]; !ok {
			problems = append(problems, ImportProblem{Row: 1, Column: need, Message: "The header row has no " + need + " column: use the template"})
		}
	}
	return col, problems
}

// PlanContactImport reads spreadsheet rows (rows[0] is the header) into contacts and checks each,
// reporting problems by row and column. Blank rows are skipped. It does not look at the database.
func PlanContactImport(rows [][]string) *ContactImport {
	out := &ContactImport{}
	if len(rows) == 0 {
		out.FileProblems = append(out.FileProblems, ImportProblem{Row: 1, Message: "The file has no header row: use the template"})
		return out
	}
	col, problems := parseContactHeader(rows[0])
	if len(problems) > 0 {
		out.FileProblems = problems
		return out
	}
	emails := map[string]int{}
	for i, cells := range rows[1:] {
		rowNum := i + 2
		get := func(k string) string {
			if j, ok := col[k]; ok && j < len(cells) {
				return strings.TrimSpace(cells[j])
			}
			return ""
		}
		if emptyRow(cells) {
			continue
		}
		errs := FieldErrors{}
		// A list accepts a code or a label; a value on neither is reported with the labels to use,
		// and kept as typed (the row is not imported).
		choose := func(k string, list []Option) string {
			v := get(k)
			if v == "" {
				return ""
			}
			code, ok := matchOption(list, v)
			if !ok {
				errs.Add(k, notOnList(v, list))
				return v
			}
			return code
		}
		c := Contact{
			FullName: get("full_name"), Organisation: get("organisation"), JobTitle: get("job_title"),
			OrganisationType: choose("organisation_type", OrganisationTypes), Sector: choose("sector", Sectors),
			Email: get("email"), Phone: get("phone"), Address: get("address"), City: get("city"), State: get("state"), Notes: get("notes"),
		}
		c.trim()
		r := ContactImportRow{Row: rowNum, Contact: c}
		for k, msg := range c.Validate() {
			errs.Add(k, msg)
		}
		for _, k := range ContactImportColumns {
			if msg, ok := errs[k]; ok {
				r.Problems = append(r.Problems, ImportProblem{Row: rowNum, Column: k, Message: msg})
			}
		}
		if c.Email != "" {
			if first, ok := emails[c.Email]; ok {
				r.Problems = append(r.Problems, ImportProblem{Row: rowNum, Column: "email", Message: fmt.Sprintf("The same email address is on row %d", first)})
			} else {
				emails[c.Email] = rowNum
			}
		}
		out.Rows = append(out.Rows, r)
	}
	if len(out.Rows) == 0 {
		out.FileProblems = append(out.FileProblems, ImportProblem{Row: 2, Message: "The file has no contacts below the header row"})
	}
	return out
}
