package models

import (
	"strings"
	"testing"
	"time"
)

func validFirm() Firm {
	return Firm{CompanyName: "Brindley Precision Ltd", CompaniesHouseNumber: "99000001", Postcode: "B1 2JP", Sector: "advanced_manufacturing",
		ContactName: "Priya Shah", ContactEmail: "priya@example.co.uk", ContactPhone: "0121 496 0001", Website: "https://brindley.example.co.uk"}
}

func TestFirmValidation(t *testing.T) {
	tests := []struct {
		name      string
		change    func(f *Firm)
		field     string // "" when valid
		message   string // part of the message
		normalise string // expected value of the changed field after Normalise, when set
	}{
		{name: "valid", change: func(f *Firm) {}},
		// Companies House number
		{name: "CH 8 digits", change: func(f *Firm) { f.CompaniesHouseNumber = "01234567" }},
		{name: "CH Scottish", change: func(f *Firm) { f.CompaniesHouseNumber = "sc123456" }},
		{name: "CH with a space", change: func(f *Firm) { f.CompaniesHouseNumber = "SC 123456" }},
		{name: "CH leading zero lost by a spreadsheet", change: func(f *Firm) { f.CompaniesHouseNumber = "1234567" }},
		{name: "CH optional", change: func(f *Firm) { f.CompaniesHouseNumber = "" }},
		{name: "CH too short", change: func(f *Firm) { f.CompaniesHouseNumber = "1234" }, field: "companies_house_number", message: "8 digits, or 2 letters and 6 digits"},
		{name: "CH too long", change: func(f *Firm) { f.CompaniesHouseNumber = "123456789" }, field: "companies_house_number", message: "correct format"},
		{name: "CH three letters", change: func(f *Firm) { f.CompaniesHouseNumber = "ABC12345" }, field: "companies_house_number", message: "correct format"},
		// Postcode
		{name: "postcode lower case, no space", change: func(f *Firm) { f.Postcode = "b152tt" }},
		{name: "postcode London style", change: func(f *Firm) { f.Postcode = "EC1A 1BB" }},
		{name: "postcode missing", change: func(f *Firm) { f.Postcode = "" }, field: "postcode", message: "Enter a postcode"},
		{name: "postcode not UK", change: func(f *Firm) { f.Postcode = "60601" }, field: "postcode", message: "real UK postcode"},
		{name: "postcode nonsense", change: func(f *Firm) { f.Postcode = "B1 ZZZZ" }, field: "postcode", message: "real UK postcode"},
		// Email
		{name: "email mixed case", change: func(f *Firm) { f.ContactEmail = " Priya@Example.co.uk " }},
		{name: "email missing", change: func(f *Firm) { f.ContactEmail = "" }, field: "contact_email", message: "contact's email address"},
		{name: "email without at", change: func(f *Firm) { f.ContactEmail = "priya.example.co.uk" }, field: "contact_email", message: "correct format"},
		// Phone
		{name: "phone international", change: func(f *Firm) { f.ContactPhone = "+44 121 496 0001" }},
		{name: "phone optional", change: func(f *Firm) { f.ContactPhone = "" }},
		{name: "phone letters", change: func(f *Firm) { f.ContactPhone = "ring reception" }, field: "contact_phone", message: "telephone number"},
		{name: "phone too short", change: func(f *Firm) { f.ContactPhone = "12345" }, field: "contact_phone", message: "telephone number"},
		// Website
		{name: "website without scheme gets https", change: func(f *Firm) { f.Website = "www.example.co.uk" }},
		{name: "website optional", change: func(f *Firm) { f.Website = "" }},
		{name: "website ftp", change: func(f *Firm) { f.Website = "ftp://example.co.uk" }, field: "website", message: "starting with https://"},
		{name: "website no dot", change: func(f *Firm) { f.Website = "https://localhost" }, field: "website", message: "starting with https://"},
		{name: "website javascript", change: func(f *Firm) { f.Website = "javascript:alert(1)" }, field: "website", message: "starting with https://"},
		// Lists
		{name: "sector missing", change: func(f *Firm) { f.Sector = "" }, field: "sector", message: "Select the firm's sector"},
		{name: "sector unknown", change: func(f *Firm) { f.Sector = "widgets" }, field: "sector", message: "from the list"},
		{name: "employees band", change: func(f *Firm) { f.Employees = "250+" }},
		{name: "employees unknown", change: func(f *Firm) { f.Employees = "lots" }, field: "employees", message: "from the list"},
		{name: "export experience unknown", change: func(f *Firm) { f.ExportExperience = "loads" }, field: "export_experience", message: "from the list"},
		// Required text and lengths
		{name: "company name missing", change: func(f *Firm) { f.CompanyName = "   " }, field: "company_name", message: "Enter a company name"},
		{name: "company name too long", change: func(f *Firm) { f.CompanyName = strings.Repeat("x", 201) }, field: "company_name", message: "200 characters or fewer"},
		{name: "contact name missing", change: func(f *Firm) { f.ContactName = "" }, field: "contact_name", message: "name of the person to contact"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := validFirm()
			tt.change(&f)
			f.Normalise()
			errs := f.Validate()
			if tt.field == "" {
				if len(errs) > 0 {
					t.Fatalf("want valid, got %v", errs)
				}
				return
			}
			if !strings.Contains(errs[tt.field], tt.message) {
				t.Fatalf("%s: got %q (all: %v), want a message containing %q", tt.field, errs[tt.field], errs, tt.message)
			}
			if len(errs) != 1 {
				t.Errorf("want only %s to fail, got %v", tt.field, errs)
			}
		})
	}
}

func TestFirmNormalise(t *testing.T) {
	f := Firm{CompanyName: "  Acme  ", CompaniesHouseNumber: "sc 12 34 56", Postcode: "b15 2tt", ContactEmail: " A@B.Example ", Website: "acme.example.co.uk"}
	f.Normalise()
	if f.CompanyName != "Acme" || f.CompaniesHouseNumber != "SC123456" || f.Postcode != "B15 2TT" || f.ContactEmail != "a@b.example" || f.Website != "https://acme.example.co.uk" || f.ExportExperience != "none" {
		t.Fatalf("normalised: %+v", f)
	}
	if got := NormaliseCompaniesHouseNumber("1234567"); got != "01234567" {
		t.Errorf("7 digits: %q", got)
	}
	if got := NormaliseCompaniesHouseNumber("123"); got != "123" {
		t.Errorf("3 digits are not padded (too short to be a slip): %q", got)
	}
}

func TestRegistrationListValidation(t *testing.T) {
	tests := []struct {
		name  string
		reg   Registration
		field string
	}{
		{"valid lists", Registration{TargetSectors: StringList{"aerospace", "agri_food"}, WantsToMeet: StringList{"buyer", "investor"}}, ""},
		{"empty lists", Registration{}, ""},
		{"unknown sector", Registration{TargetSectors: StringList{"aerospace", "space_tourism"}}, "target_sectors"},
		{"unknown organisation type", Registration{WantsToMeet: StringList{"buyer", "celebrity"}}, "wants_to_meet"},
		{"objectives too long", Registration{Objectives: strings.Repeat("x", 5001)}, "objectives"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tt.reg.Normalise()
			errs := tt.reg.Validate()
			if tt.field == "" && len(errs) > 0 {
				t.Fatalf("want valid, got %v", errs)
			}
			if tt.field != "" && (errs[tt.field] == "" || len(errs) != 1) {
				t.Fatalf("want one error on %s, got %v", tt.field, errs)
			}
		})
	}
}

func TestDelegateValidation(t *testing.T) {
	tests := []struct {
		name  string
		d     Delegate
		field string
	}{
		{"valid", Delegate{FullName: "Priya Shah", Email: "Priya@Example.co.uk", Phone: "07700 900123"}, ""},
		{"name missing", Delegate{Email: "p@example.co.uk"}, "full_name"},
		{"email missing", Delegate{FullName: "Priya Shah"}, "email"},
		{"email bad", Delegate{FullName: "Priya Shah", Email: "priya@"}, "email"},
		{"phone bad", Delegate{FullName: "Priya Shah", Email: "p@example.co.uk", Phone: "n/a"}, "phone"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tt.d.Normalise()
			errs := tt.d.Validate()
			if tt.field == "" && len(errs) > 0 {
				t.Fatalf("want valid, got %v", errs)
			}
			if tt.field != "" && (errs[tt.field] == "" || len(errs) != 1) {
				t.Fatalf("want one error on %s, got %v", tt.field, errs)
			}
		})
	}
}

func TestTravelSegmentLocalTimes(t *testing.T) {
	tests := []struct {
		name                       string
		from, to                   string
		depDate, depTime           string
		arrDate, arrTime           string
		field, message             string
		wantDepartUTC, wantArrvUTC string
	}{
		{name: "Birmingham to Dublin, both on GMT", from: "BHX", to: "DUB", depDate: "2027-03-10", depTime: "07:00", arrDate: "2027-03-10", arrTime: "08:05",
			wantDepartUTC: "2027-03-10T07:00:00Z", wantArrvUTC: "2027-03-10T08:05:00Z"},
		{name: "Dublin to Chicago before the US change (6 h)", from: "dub", to: "ord", depDate: "2027-03-10", depTime: "10:05", arrDate: "2027-03-10", arrTime: "12:05",
			wantDepartUTC: "2027-03-10T10:05:00Z", wantArrvUTC: "2027-03-10T18:05:00Z"},
		{name: "Chicago to Dublin after the US change (5 h), overnight", from: "ORD", to: "DUB", depDate: "2027-03-17", depTime: "17:55", arrDate: "2027-03-18", arrTime: "07:35",
			wantDepartUTC: "2027-03-17T22:55:00Z", wantArrvUTC: "2027-03-18T07:35:00Z"},
		{name: "Amsterdam is an hour ahead", from: "AMS", to: "ORD", depDate: "2027-03-10", depTime: "10:30", arrDate: "2027-03-10", arrTime: "12:20",
			wantDepartUTC: "2027-03-10T09:30:00Z", wantArrvUTC: "2027-03-10T18:20:00Z"},
		{name: "arrival before departure in UTC, though later on the clock", from: "ORD", to: "BHX", depDate: "2027-03-17", depTime: "20:00", arrDate: "2027-03-17", arrTime: "23:00",
			field: "arrives_at", message: "after the departure"},
		{name: "arrival equal to departure", from: "BHX", to: "DUB", depDate: "2027-03-10", depTime: "07:00", arrDate: "2027-03-10", arrTime: "07:00",
			field: "arrives_at", message: "after the departure"},
		{name: "a month-long flight is a typo", from: "BHX", to: "DUB", depDate: "2027-03-10", depTime: "07:00", arrDate: "2027-04-10", arrTime: "08:00",
			field: "arrives_at", message: "30 hours"},
		{name: "unknown airport", from: "XYZ", to: "ORD", depDate: "2027-03-10", depTime: "07:00", arrDate: "2027-03-10", arrTime: "12:00",
			field: "from", message: "3-letter IATA code we know"},
		{name: "same airport", from: "ORD", to: "ORD", depDate: "2027-03-10", depTime: "07:00", arrDate: "2027-03-10", arrTime: "12:00",
			field: "to", message: "different from the departure"},
		{name: "time skipped by the US clock change", from: "DUB", to: "ORD", depDate: "2027-03-14", depTime: "01:00", arrDate: "2027-03-14", arrTime: "02:30",
			field: "arrives_at", message: "does not exist in Chicago"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := TravelSegment{Direction: "outbound", From: tt.from, To: tt.to}
			s.Normalise()
			errs := s.SetLocalTimes(tt.depDate, tt.depTime, tt.arrDate, tt.arrTime)
			for k, v := range s.Validate() {
				errs.Add(k, v)
			}
			if tt.field == "" {
				if len(errs) > 0 {
					t.Fatalf("want valid, got %v", errs)
				}
				if got := s.DepartsAt.Format(time.RFC3339); got != tt.wantDepartUTC {
					t.Errorf("departs %s, want %s", got, tt.wantDepartUTC)
				}
				if got := s.ArrivesAt.Format(time.RFC3339); got != tt.wantArrvUTC {
					t.Errorf("arrives %s, want %s", got, tt.wantArrvUTC)
				}
				return
			}
			if !strings.Contains(errs[tt.field], tt.message) {
				t.Fatalf("%s: got %q (all %v), want %q", tt.field, errs[tt.field], errs, tt.message)
			}
		})
	}
}

func TestTravelSegmentJSONUsesAirportOffsets(t *testing.T) {
	s := TravelSegment{Direction: "outbound", From: "DUB", To: "ORD", DepartsAt: time.Date(2027, 3, 10, 10, 5, 0, 0, time.UTC), ArrivesAt: time.Date(2027, 3, 10, 18, 5, 0, 0, time.UTC)}
	b, err := s.MarshalJSON()
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(b), `"departs_at":"2027-03-10T10:05:00Z"`) || !strings.Contains(string(b), `"arrives_at":"2027-03-10T12:05:00-06:00"`) {
		t.Fatalf("json: %s", b)
	}
	in := TravelSegment{From: "DUB", To: "ORD"}
	if errs := in.SetInstants("2027-03-10T10:05", "2027-03-10T12:05:00-06:00"); len(errs) > 0 || !in.DepartsAt.Equal(s.DepartsAt) || !in.ArrivesAt.Equal(s.ArrivesAt) {
		t.Fatalf("SetInstants: %v %v %v", errs, in.DepartsAt, in.ArrivesAt)
	}
}
