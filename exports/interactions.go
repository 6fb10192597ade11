package exports

import (
	"encoding/csv"
	"fmt"
	"io"
	"strings"
)

// InteractionColumns are the columns of the interactions export. The first are named as Data Hub's
// interaction import (datahub/interaction/admin_csv_import/row_form.py in uktrade/data-hub-api)
// names them: kind, date, contact_email, adviser_1, team_1, service, communication_channel, subject,
// notes. Data Hub finds the company from contact_email; the columns after notes carry what its
// import has no column for (the firm, its Companies House number, the contact met and the outcome)
// and which Data Hub's import leaves aside.
var InteractionColumns = []string{"kind", "date", "contact_email", "adviser_1", "team_1", "service", "communication_channel", "subject", "notes",
	"company_name", "company_number", "overseas_contact", "overseas_organisation", "overseas_organisation_type",
	"attendance", "interest", "next_step", "estimated_value_gbp", "expected_by"}

// Interaction is one held meeting as the agency's CRM receives it.
type Interaction struct {
	Date                     string // YYYY-MM-DD, the meeting's local date
	ContactEmail             string // the firm's contact (Data Hub's contact)
	Adviser                  string // who recorded the outcome
	Service                  string
	Subject                  string
	Notes                    string // the outcome's notes for the firm (never staff notes)
	CompanyName              string
	CompanyNumber            string
	OverseasContact          string
	OverseasOrganisation     string
	OverseasOrganisationType string
	Attendance               string
	Interest                 string
	NextStep                 string
	EstimatedValueGBP        string
	ExpectedBy               string
}

// WriteInteractions writes one CSV row per interaction under the InteractionColumns header. Text
// that a spreadsheet would read as a formula is made inert.
func WriteInteractions(w io.Writer, rows []Interaction) error {
	cw := csv.NewWriter(w)
	if err := cw.Write(InteractionColumns); err != nil {
		return fmt.Errorf("exports: interactions: %w", err)
	}
	for _, r := range rows {
		rec := []string{"service_delivery", r.Date, r.ContactEmail, r.Adviser, "", r.Service, "", r.Subject, r.Notes,
			r.CompanyName, r.CompanyNumber, r.OverseasContact, r.OverseasOrganisation, r.OverseasOrganisationType,
			r.Attendance, r.Interest, r.NextStep, r.EstimatedValueGBP, r.ExpectedBy}
		for i := range rec {
			rec[i] = strings.ReplaceAll(SafeText(rec[i]), "\r\n", "\n")
		}
		if err := cw.Write(rec); err != nil {
			return fmt.Errorf("exports: interactions: %w", err)
		}
	}
	cw.Flush()
	return cw.Error()
}
