package models

// Option is one entry of a fixed list: the stored code and the label people read.
type Option struct{ Code, Label string }

// Sectors are the focus sectors a mission, firm or contact can carry.
var Sectors = []Option{
	{"advanced_manufacturing", "Advanced manufacturing"},
	{"automotive", "Automotive"},
	{"aerospace", "Aerospace"},
	{"digital_technology", "Digital technology"},
	{"healthcare_life_sciences", "Healthcare and life sciences"},
	{"financial_professional_services", "Financial and professional services"},
	{"agri_food", "Agri-food"},
	{"creative_industries", "Creative industries"},
	{"education", "Education"},
	{"energy_environment", "Energy and environment"},
	{"construction_infrastructure", "Construction and infrastructure"},
	{"retail_consumer", "Retail and consumer"},
}

// EmployeeBands are the firm size bands.
var EmployeeBands = []Option{{"1-9", "1 to 9"}, {"10-49", "10 to 49"}, {"50-249", "50 to 249"}, {"250+", "250 or more"}}

// ExportExperiences are how much a firm has exported before.
var ExportExperiences = []Option{{"none", "None yet"}, {"some", "Some"}, {"experienced", "Experienced"}}

// MissionStatuses are the stages of a mission.
var MissionStatuses = []Option{{"draft", "Draft"}, {"open", "Open for registration"}, {"closed", "Closed"}, {"completed", "Completed"}}

// RegistrationStatuses are the stages of a firm's registration.
var RegistrationStatuses = []Option{
	{"applied", "Applied"}, {"approved", "Approved"}, {"waitlisted", "Wait-listed"},
	{"confirmed", "Confirmed"}, {"withdrawn", "Withdrawn"}, {"rejected", "Rejected"},
}

// OrganisationTypes are the kinds of contact at the destination.
var OrganisationTypes = []Option{
	{"buyer", "Buyer"}, {"distributor", "Distributor"}, {"investor", "Investor"}, {"partner", "Partner"},
	{"government", "Government agency"}, {"university", "University"}, {"association", "Trade association"},
	{"service_provider", "Service provider"},
}

// MeetingStatuses are the stages of a one-to-one meeting.
var MeetingStatuses = []Option{{MeetingRequested, "Requested"}, {MeetingScheduled, "Scheduled"}, {MeetingCancelled, "Cancelled"}, {MeetingDeclined, "Declined"}}

// ProgrammeKinds are the kinds of group programme item.
var ProgrammeKinds = []Option{{"briefing", "Briefing"}, {"reception", "Reception"}, {"site_visit", "Site visit"}, {"networking", "Networking"}, {"travel", "Travel"}}

// Roles are the kinds of user account.
var Roles = []Option{{"admin", "Admin"}, {"staff", "Staff"}, {"delegate", "Delegate"}}

// Label returns the label of code in list, or the code itself when it is not listed.
func Label(list []Option, code string) string {
	for _, o := range list {
		if o.Code == code {
			return o.Label
		}
	}
	return code
}

// Codes lists the stored codes of a list, for validation.
func Codes(list []Option) []string {
	out := make([]string, len(list))
	for i, o := range list {
		out[i] = o.Code
	}
	return out
}

// InList reports whether code is one of list's codes.
func InList(list []Option, code string) bool {
	for _, o := range list {
		if o.Code == code {
			return true
		}
	}
	return false
}
