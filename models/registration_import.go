package models

import (
	"fmt"
	"sort"
	"strings"
	"unicode"
)

// ImportColumn is one column of the firm import spreadsheet.
type ImportColumn struct {
	Key      string // the firm or registration field
	Header   string // the header cell in the template
	Required bool
	Example  string
	Options  []Option // allowed values (labels are offered; labels or codes are accepted)
	Hint     string
}

// RegistrationImportColumns are the columns of the import template, in order.
var RegistrationImportColumns = []ImportColumn{
	{Key: "company_name", Header: "Company name", Required: true, Example: "Example Precision Ltd"},
	{Key: "companies_house_number", Header: "Companies House number", Example: "99000001", Hint: "8 digits, or 2 letters and 6 digits"},
	{Key: "website", Header: "Website", Example: "https://precision.example.co.uk"},
	{Key: "address", Header: "Address", Example: "1 Example Street"},
	{Key: "city", Header: "Town or city", Example: "Birmingham"},
	{Key: "postcode", Header: "Postcode", Required: true, Example: "B1 1BB"},
	{Key: "sector", Header: "Sector", Required: true, Example: "Advanced manufacturing", Options: Sectors},
	{Key: "employees", Header: "Employees", Example: "10 to 49", Options: EmployeeBands},
	{Key: "export_experience", Header: "Export experience", Example: "Some", Options: ExportExperiences},
	{Key: "us_presence", Header: "US presence", Example: "No", Options: []Option{{"yes", "Yes"}, {"no", "No"}}},
	{Key: "description", Header: "Description", Example: "Precision parts for aerospace"},
	{Key: "contact_name", Header: "Contact name", Required: true, Example: "Alex Example"},
	{Key: "contact_email", Header: "Contact email", Required: true, Example: "alex@example.co.uk"},
	{Key: "contact_phone", Header: "Contact phone", Example: "0121 496 0000"},
	{Key: "objectives", Header: "Objectives", Example: "Find a distributor in the Midwest"},
	{Key: "target_sectors", Header: "Target sectors", Example: "Aerospace; Automotive", Hint: "separate several with semicolons"},
	{Key: "wants_to_meet", Header: "Wants to meet", Example: "Distributor; Buyer", Hint: "separate several with semicolons"},
}

var importAliases = map[string]string{
	"company": "company_name", "firm": "company_name", "name": "company_name", "companynumber": "companies_house_number",
	"crn": "companies_house_number", "chnumber": "companies_house_number", "city": "city", "town": "city",
	"email": "contact_email", "phone": "contact_phone", "telephone": "contact_phone", "contact": "contact_name",
	"uspresence": "us_presence", "exportexperience": "export_experience",
}

// importKey reduces a header cell or a list value to its lower-case letters and digits, so "E-mail
// address", "email_address" and "Email Address" are one key.
func importKey(s string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(s) {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			b.WriteRune(r)
		}
	}
	return b.String()
}

// RegistrationImportHeader maps the file's columns to fields.
type RegistrationImportHeader struct {
	index   map[string]int // field key → column index
	Ignored []string       // header cells we do not know
}

// ParseRegistrationImportHeader reads the header row. Missing required columns and repeated columns are problems;
// unknown columns are listed as ignored.
func ParseRegistrationImportHeader(cells []string) (RegistrationImportHeader, []ImportProblem) {
	h := RegistrationImportHeader{index: map[string]int{}}
	var problems []ImportProblem
	byKey := map[string]string{}
	for _, c := range RegistrationImportColumns {
		byKey[importKey(c.Header)] = c.Key
		byKey[importKey(c.Key)] = c.Key
	}
	for k, v := range importAliases {
		byKey[k] = v
	}
	for i, cell := range cells {
		if strings.TrimSpace(cell) == "" {
			continue
		}
		key, ok := byKey[importKey(cell)]
		if !ok {
			h.Ignored = append(h.Ignored, cell)
			continue
		}
		if _, dup := h.index[key]; dup {
			problems = append(problems, ImportProblem{Row: 1, Column: cell, Message: "This column appears twice: keep one"})
			continue
		}
		h.index[key] = i
	}
	for _, c := range RegistrationImportColumns {
		if _, ok := h.index[c.Key]; c.Required && !ok {
			problems = append(problems, ImportProblem{Row: 1, Column: c.Header, Message: "The file has no “" + c.Header + "” column: use the template's header row"})
		}
	}
	return h, problems
}

// FirmRow is one data row read into a firm and its registration.
type FirmRow struct {
	Row          int // spreadsheet row number
	Firm         Firm
	Registration Registration
}

func importColumn(key string) ImportColumn {
	for _, c := range RegistrationImportColumns {
		if c.Key == key {
			return c
		}
	}
	return ImportColumn{Key: key, Header: key}
}

// ParseFirmRow reads one data row (row is its spreadsheet row number) into a firm and registration,
// listing every problem with the column it is in. Lists accept labels or codes; US presence accepts
// yes/no. It never panics, whatever the cells hold.
func ParseFirmRow(h RegistrationImportHeader, row int, cells []string) (FirmRow, []ImportProblem) {
	var problems []ImportProblem
	get := func(key string) string {
		i, ok := h.index[key]
		if !ok || i < 0 || i >= len(cells) {
			return ""
		}
		return strings.TrimSpace(cells[i])
	}
	problem := func(key, msg string) {
		problems = append(problems, ImportProblem{Row: row, Column: importColumn(key).Header, Message: msg})
	}
	choose := func(key string, list []Option) string {
		v := get(key)
		if v == "" {
			return ""
		}
		if code, ok := matchOption(list, v); ok {
			return code
		}
		problem(key, notOnList(v, list))
		return "\x00invalid" // reported already; keeps validation from adding a second message
	}
	chooseList := func(key string, list []Option) StringList {
		var codes []string
		for _, part := range strings.FieldsFunc(get(key), func(r rune) bool { return r == ';' || r == ',' || r == '\n' }) {
			part = strings.TrimSpace(part)
			if part == "" {
				continue
			}
			code, ok := matchOption(list, part)
			if !ok {
				problem(key, fmt.Sprintf("“%s” is not on the list: use %s, separated by semicolons", clip(part), optionLabels(list)))
				continue
			}
			codes = append(codes, code)
		}
		return NewStringList(codes...)
	}
	f := Firm{
		CompanyName: get("company_name"), CompaniesHouseNumber: get("companies_house_number"), Website: get("website"),
		Address: get("address"), City: get("city"), Postcode: get("postcode"), Description: get("description"),
		ContactName: get("contact_name"), ContactEmail: get("contact_email"), ContactPhone: get("contact_phone"),
	}
	f.Sector = choose("sector", Sectors)
	f.Employees = choose("employees", EmployeeBands)
	f.ExportExperience = choose("export_experience", ExportExperiences)
	switch strings.ToLower(get("us_presence")) {
	case "", "no", "n", "false", "0":
	case "yes", "y", "true", "1":
		f.USPresence = true
	default:
		problem("us_presence", "Enter Yes or No")
	}
	r := Registration{Objectives: get("objectives"), TargetSectors: chooseList("target_sectors", Sectors), WantsToMeet: chooseList("wants_to_meet", OrganisationTypes)}
	f.Normalise()
	r.Normalise()
	reported := map[string]bool{}
	for _, p := range problems {
		reported[p.Column] = true
	}
	errs := f.Validate()
	for k, v := range r.Validate() {
		errs.Add(k, v)
	}
	keys := make([]string, 0, len(errs))
	for k := range errs {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool { return columnOrder(keys[i]) < columnOrder(keys[j]) })
	for _, k := range keys {
		if !reported[importColumn(k).Header] {
			problem(k, errs[k])
		}
	}
	for _, p := range []*string{&f.Sector, &f.Employees, &f.ExportExperience} {
		if *p == "\x00invalid" {
			*p = ""
		}
	}
	sort.SliceStable(problems, func(i, j int) bool {
		return columnOrderHeader(problems[i].Column) < columnOrderHeader(problems[j].Column)
	})
	return FirmRow{Row: row, Firm: f, Registration: r}, problems
}

func columnOrder(key string) int {
	for i, c := range RegistrationImportColumns {
		if c.Key == key {
			return i
		}
	}
	return len(RegistrationImportColumns)
}

func columnOrderHeader(header string) int {
	for i, c := range RegistrationImportColumns {
		if c.Header == header {
			return i
		}
	}
	return len(RegistrationImportColumns)
}

// matchOption finds the code of v in list, matching a code or a label, ignoring case and punctuation.
func matchOption(list []Option, v string) (string, bool) {
	k := importKey(v)
	if k == "" {
		return "", false
	}
	for _, o := range list {
		if importKey(o.Code) == k || importKey(o.Label) == k {
			return o.Code, true
		}
	}
	return "", false
}

// notOnList is the problem with a value that matches no option of list: it names the labels to use.
func notOnList(v string, list []Option) string {
	return fmt.Sprintf("“%s” is not on the list: use one of %s", clip(v), optionLabels(list))
}

func optionLabels(list []Option) string {
	labels := make([]string, len(list))
	for i, o := range list {
		labels[i] = o.Label
	}
	return strings.Join(labels, ", ")
}

// clip shortens a value quoted back in a message.
func clip(s string) string {
	r := []rune(s)
	if len(r) > 40 {
		return string(r[:40]) + "…"
	}
	return s
}

// Import actions for a planned row.
const (
	ImportNew      = "new"      // a new firm and its registration
	ImportExisting = "existing" // the firm is already in the directory: only the registration is added
	ImportSkip     = "skip"     // not imported: see the row's problems
)

// RegistrationImportRow is a data row with what the import will do with it.
type RegistrationImportRow struct {
	FirmRow
	Action   string
	Existing *Firm // the directory firm an ImportExisting row registers
	Problems []ImportProblem
	Notes    []string // facts that are not problems, like a match in the directory
}

// RegistrationImport is what an upload would do: every data row, and problems with the file as a whole.
type RegistrationImport struct {
	Rows         []RegistrationImportRow
	FileProblems []ImportProblem
	Ignored      []string // columns we do not know, ignored
}

// Count is how many rows have the action.
func (p *RegistrationImport) Count(action string) int {
	n := 0
	for _, r := range p.Rows {
		if r.Action == action {
			n++
		}
	}
	return n
}

// Importable is how many rows would be imported.
func (p *RegistrationImport) Importable() int { return p.Count(ImportNew) + p.Count(ImportExisting) }

// Problems lists every problem, file-level first, then by row.
func (p *RegistrationImport) Problems() []ImportProblem {
	out := append([]ImportProblem(nil), p.FileProblems...)
	for _, r := range p.Rows {
		out = append(out, r.Problems...)
	}
	return out
}

// PlanRegistrationImport reads a table (rows[0] the header) into a plan: each row parsed and validated, and rows
// that repeat an earlier row of the file (same Companies House number, or same name and postcode)
// skipped. Empty rows and a row identical to the template's example are left out. The directory is
// not consulted here (see Store.CheckRegistrationImport).
func PlanRegistrationImport(rows [][]string) *RegistrationImport {
	plan := &RegistrationImport{}
	if len(rows) == 0 {
		plan.FileProblems = append(plan.FileProblems, ImportProblem{Message: "The file is empty: use the template and fill in one firm per row"})
		return plan
	}
	h, problems := ParseRegistrationImportHeader(rows[0])
	plan.Ignored = h.Ignored
	plan.FileProblems = problems
	if len(problems) > 0 {
		return plan
	}
	firstByCH, firstByName := map[string]int{}, map[string]int{}
	for i := 1; i < len(rows); i++ {
		if emptyRow(rows[i]) || isTemplateExample(h, rows[i]) {
			continue
		}
		row, probs := ParseFirmRow(h, i+1, rows[i])
		pr := RegistrationImportRow{FirmRow: row, Action: ImportNew, Problems: probs}
		if ch := row.Firm.CompaniesHouseNumber; ch != "" {
			if first, ok := firstByCH[ch]; ok {
				pr.Problems = append(pr.Problems, ImportProblem{Row: row.Row, Column: "Companies House number", Message: fmt.Sprintf("The same firm as row %d (same Companies House number): it is imported once", first)})
			} else {
				firstByCH[ch] = row.Row
			}
		}
		if row.Firm.CompanyName != "" && row.Firm.Postcode != "" {
			nk := strings.ToLower(row.Firm.CompanyName) + "\x00" + row.Firm.Postcode
			if first, ok := firstByName[nk]; ok {
				pr.Problems = append(pr.Problems, ImportProblem{Row: row.Row, Column: "Company name", Message: fmt.Sprintf("The same firm as row %d (same name and postcode): it is imported once", first)})
			} else {
				firstByName[nk] = row.Row
			}
		}
		if len(pr.Problems) > 0 {
			pr.Action = ImportSkip
		}
		plan.Rows = append(plan.Rows, pr)
	}
	if len(plan.Rows) == 0 {
		plan.FileProblems = append(plan.FileProblems, ImportProblem{Message: "The file has no firms below the header row"})
	}
	return plan
}

func emptyRow(cells []string) bool {
	for _, c := range cells {
		if strings.TrimSpace(c) != "" {
			return false
		}
	}
	return true
}

func isTemplateExample(h RegistrationImportHeader, cells []string) bool {
	i, ok := h.index["company_name"]
	return ok && i < len(cells) && strings.TrimSpace(cells[i]) == RegistrationImportColumns[0].Example
}
