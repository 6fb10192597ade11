package models

import (
	"regexp"
	"strings"
)

// firmFields are the JSON and form names of a firm's fields, in form order.
var firmFields = []string{"company_name", "companies_house_number", "website", "address", "city", "postcode", "sector", "employees", "export_experience", "us_presence", "description", "contact_name", "contact_email", "contact_phone"}

// FirmFields lists a firm's field names in form order (the API prefixes them with "firm.").
func FirmFields() []string { return append([]string(nil), firmFields...) }

// IsFirmField reports whether name is one of a firm's fields.
func IsFirmField(name string) bool {
	for _, f := range firmFields {
		if f == name {
			return true
		}
	}
	return false
}

var digitsOnly = regexp.MustCompile(`^[0-9]+$`)

// NormaliseCompaniesHouseNumber upper-cases a Companies House number, drops spaces, and restores the
// leading zeros spreadsheets strip from all-digit numbers ("1234567" → "01234567").
func NormaliseCompaniesHouseNumber(s string) string {
	s = strings.ToUpper(strings.Join(strings.Fields(s), ""))
	if digitsOnly.MatchString(s) && len(s) >= 5 && len(s) < 8 {
		s = strings.Repeat("0", 8-len(s)) + s
	}
	return s
}

// NormaliseWebsite trims a web address and adds https:// when it has no scheme ("www.example.co.uk").
func NormaliseWebsite(s string) string {
	s = strings.TrimSpace(s)
	if s == "" || strings.Contains(s, "://") || strings.ContainsAny(s, " \t") || !strings.Contains(s, ".") {
		return s
	}
	return "https://" + s
}

// Normalise tidies what people type before validation: trimmed text, a postcode in capitals with one
// space, a Companies House number with its leading zeros, a lower-case email, a web address with its
// scheme, and "none" as the default export experience.
func (f *Firm) Normalise() {
	for _, p := range []*string{&f.CompanyName, &f.Address, &f.City, &f.Sector, &f.Employees, &f.ExportExperience, &f.Description, &f.ContactName, &f.ContactPhone} {
		*p = strings.TrimSpace(*p)
	}
	f.CompaniesHouseNumber = NormaliseCompaniesHouseNumber(f.CompaniesHouseNumber)
	f.Postcode = NormalisePostcode(f.Postcode)
	f.ContactEmail = NormaliseEmail(f.ContactEmail)
	f.Website = NormaliseWebsite(f.Website)
	if f.ExportExperience == "" {
		f.ExportExperience = "none"
	}
}

// Validate checks every field of the firm.
func (f *Firm) Validate() FieldErrors { return Validate(f) }

// Normalise trims the registration's text and tidies its lists.
func (r *Registration) Normalise() {
	r.Objectives = strings.TrimSpace(r.Objectives)
	r.TargetSectors = NewStringList(r.TargetSectors...)
	r.WantsToMeet = NewStringList(r.WantsToMeet...)
}

// Validate checks the registration's own fields (not its firm or status).
func (r *Registration) Validate() FieldErrors { return Validate(r) }

// Normalise trims the delegate's fields and lower-cases the email address.
func (d *Delegate) Normalise() {
	for _, p := range []*string{&d.FullName, &d.JobTitle, &d.Phone, &d.DietaryRequirements, &d.AccessNeeds} {
		*p = strings.TrimSpace(*p)
	}
	d.Email = NormaliseEmail(d.Email)
	d.TravelDocuments.Normalise()
}

// Validate checks the delegate's fields (not the limits that need the database).
func (d *Delegate) Validate() FieldErrors { return Validate(d) }
