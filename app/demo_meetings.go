package app

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/missionplanner/missionplanner/models"
	"github.com/missionplanner/missionplanner/scheduler"
)

// demoContact is one invented Chicago-area contact of the demo.
type demoContact struct {
	name, job, org, orgType, sector, city, address string
}

// demoContacts are 40 invented people at invented organisations: most in Chicago, some in
// Schaumburg, Evanston, Naperville and Rockford.
var demoContacts = []demoContact{
	{"Maya Okafor", "VP Procurement", "Lakefront Provisions", "buyer", "agri_food", "Chicago", "410 N Wells St"},
	{"Daniel Kowalczyk", "Category Manager", "Prairie Table Grocers", "buyer", "agri_food", "Chicago", "1250 W Fulton Market"},
	{"Rosa Delgado", "Import Director", "Windy City Specialty Foods", "distributor", "agri_food", "Chicago", "2201 S Halsted St"},
	{"Theo Brandt", "Managing Partner", "Loop Ventures Fund", "investor", "digital_technology", "Chicago", "150 N Riverside Plz"},
	{"Priya Raman", "CTO", "Canalside Software", "partner", "digital_technology", "Chicago", "222 W Merchandise Mart Plz"},
	{"Marcus Bell", "Director of IT Sourcing", "Midway Logistics Group", "buyer", "digital_technology", "Chicago", "5600 S Cicero Ave"},
	{"Hannah Lindqvist", "Head of Partnerships", "Northbank Data Labs", "partner", "digital_technology", "Chicago", "600 W Chicago Ave"},
	{"Samuel Adeyemi", "Principal", "Riverside Growth Capital", "investor", "financial_professional_services", "Chicago", "71 S Wacker Dr"},
	{"Claire Dubois", "Senior Counsel", "Harbor & Finch LLP", "service_provider", "financial_professional_services", "Chicago", "300 N LaSalle St"},
	{"Kevin O'Rourke", "Director", "Illinois Trade Partners", "government", "advanced_manufacturing", "Chicago", "100 W Randolph St"},
	{"Elena Petrova", "Supply Chain Lead", "Calumet Precision Parts", "buyer", "advanced_manufacturing", "Chicago", "11900 S Torrence Ave"},
	{"Jamal Carter", "Owner", "Great Lakes Machine Supply", "distributor", "advanced_manufacturing", "Chicago", "3500 W Pershing Rd"},
	{"Sofia Marino", "Programme Manager", "Chicago Manufacturing Alliance", "association", "advanced_manufacturing", "Chicago", "1871 W Lake St"},
	{"Benjamin Cho", "Head of Innovation", "Lakeview Health Systems", "buyer", "healthcare_life_sciences", "Chicago", "836 W Wellington Ave"},
	{"Aisha Rahman", "Research Director", "Medical District BioHub", "university", "healthcare_life_sciences", "Chicago", "2020 W Harrison St"},
	{"Lucas Ferreira", "Procurement Officer", "Westside Clinics Network", "buyer", "healthcare_life_sciences", "Chicago", "1900 W Polk St"},
	{"Grace Nakamura", "Investment Associate", "Streeterville Life Sciences Fund", "investor", "healthcare_life_sciences", "Chicago", "455 N Cityfront Plz"},
	{"Oliver Grant", "Commercial Director", "Pilsen Brewing Supplies", "distributor", "agri_food", "Chicago", "1800 S Carpenter St"},
	{"Nina Volkova", "Trade Officer", "Cook County Export Office", "government", "financial_professional_services", "Chicago", "69 W Washington St"},
	{"Ethan Brooks", "Partner", "Brooks Meyer Accountants", "service_provider", "financial_professional_services", "Chicago", "233 S Wacker Dr"},
	{"Leila Haddad", "Head of Retail Tech", "State Street Outfitters", "buyer", "retail_consumer", "Chicago", "1 S State St"},
	{"Victor Santos", "Director", "Chicago Digital Guild", "association", "digital_technology", "Chicago", "440 N Wabash Ave"},
	{"Isabel Quinn", "Sourcing Manager", "Bridgeport Bakeries", "buyer", "agri_food", "Chicago", "3200 S Morgan St"},
	{"Tomasz Nowak", "Engineering Manager", "Kinzie Robotics", "partner", "advanced_manufacturing", "Chicago", "400 W Kinzie St"},
	{"Amara Nwosu", "Fintech Lead", "Monroe Street Bank", "buyer", "financial_professional_services", "Chicago", "10 S Monroe St"},
	{"Ryan Fitzgerald", "Business Development", "Ogden Cold Chain", "distributor", "agri_food", "Chicago", "2600 W Ogden Ave"},
	{"Mei Lin", "Venture Partner", "Second City Seed Fund", "investor", "digital_technology", "Chicago", "1 N Dearborn St"},
	{"Jordan Ellis", "Head of Clinical Partnerships", "Gold Coast Diagnostics", "partner", "healthcare_life_sciences", "Chicago", "900 N Michigan Ave"},
	{"Fatima Zahra", "Regional Buyer", "Woodfield Home & Living", "buyer", "retail_consumer", "Schaumburg", "1650 E Golf Rd"},
	{"Paul Henning", "Director of Operations", "Schaumburg Industrial Components", "buyer", "advanced_manufacturing", "Schaumburg", "1400 N Meacham Rd"},
	{"Carmen Ortiz", "IT Director", "Meacham Insurance Services", "buyer", "financial_professional_services", "Schaumburg", "1501 E Woodfield Rd"},
	{"Nathan Reyes", "Partner", "Northwest Tech Distributors", "distributor", "digital_technology", "Schaumburg", "900 N Plum Grove Rd"},
	{"Rebecca Stein", "Technology Transfer Officer", "Lakeshore University Research Park", "university", "digital_technology", "Evanston", "1800 Sherman Ave"},
	{"Ahmed Karim", "Investor Relations", "Evanston Health Ventures", "investor", "healthcare_life_sciences", "Evanston", "500 Davis St"},
	{"Julia Svensson", "Director", "North Shore Food Co-operative", "association", "agri_food", "Evanston", "1020 Church St"},
	{"Michael Osei", "Purchasing Manager", "DuPage Precision Tooling", "buyer", "advanced_manufacturing", "Naperville", "1700 W Diehl Rd"},
	{"Laura Becker", "Chief Medical Officer", "Naperville Family Health", "buyer", "healthcare_life_sciences", "Naperville", "120 Spalding Dr"},
	{"Stefan Horvath", "Plant Manager", "Rock River Aerospace Works", "buyer", "aerospace", "Rockford", "4200 Kishwaukee St"},
	{"Denise Howard", "Economic Development Manager", "Rockford Area Growth Council", "government", "advanced_manufacturing", "Rockford", "100 Park Ave"},
	{"Owen Sinclair", "Software Lead", "Forest City Systems", "partner", "digital_technology", "Rockford", "301 E State St"},
}

// demoMeetings adds the contacts, locations, travel times, programme and meetings of the demo, for
// the firms the registrations step made and approved.
func demoMeetings(ctx context.Context, tx *models.Store, m *models.Mission) error {
	regs, err := goingRegistrations(ctx, tx, m)
	if err != nil {
		return err
	}
	zone := m.Zone()
	at := func(day int, hhmm string) time.Time {
		t, err := models.LocalInstant(zone, fmt.Sprintf("2027-03-%02d", day), hhmm)
		if err != nil {
			panic(err) // the demo's own times all exist
		}
		return t
	}
	contacts := make([]models.Contact, len(demoContacts))
	for i, d := range demoContacts {
		first, last, _ := strings.Cut(d.name, " ")
		contacts[i] = models.Contact{FullName: d.name, JobTitle: d.job, Organisation: d.org, OrganisationType: d.orgType, Sector: d.sector,
			Email:   strings.ToLower(strings.ReplaceAll(first+"."+last, "'", "")) + "@example.com",
			Phone:   fmt.Sprintf("(312) 555-01%02d", i),
			Address: d.address, City: d.city, State: "IL"}
		if err := tx.CreateContact(ctx, nil, &contacts[i]); err != nil {
			return fmt.Errorf("contact %s: %w", d.name, err)
		}
		office := models.Location{MissionID: m.ID, Name: d.org, Address: d.address, City: d.city, ContactID: &contacts[i].ID}
		if err := tx.SaveLocation(ctx, nil, &office); err != nil {
			return fmt.Errorf("office of %s: %w", d.name, err)
		}
	}
	places := map[string]*models.Location{
		"hotel":     {Name: "The Lakeshore Grand Hotel", Address: "505 N State St", City: "Chicago"},
		"consulate": {Name: "British Consulate General Chicago", Address: "625 N Michigan Ave", City: "Chicago"},
		"venue":     {Name: "Riverwalk Conference Centre", Address: "35 E Wacker Dr", City: "Chicago"},
		"site":      {Name: "Fulton Market Innovation Hub", Address: "1000 W Fulton Market", City: "Chicago"},
		"airport":   {Name: "O'Hare International Airport", Address: "10000 W O'Hare Ave", City: "Chicago"},
	}
	for _, k := range []string{"hotel", "consulate", "venue", "site", "airport"} {
		l := places[k]
		l.MissionID = m.ID
		if err := tx.SaveLocation(ctx, nil, l); err != nil {
			return fmt.Errorf("location %s: %w", l.Name, err)
		}
	}
	for _, p := range []struct {
		a, b    string
		minutes int
	}{{"Chicago", "Rockford", 90}, {"Chicago", "Schaumburg", 45}, {"Chicago", "Evanston", 35}, {"Chicago", "Naperville", 50}} {
		if err := tx.SetTravelTime(ctx, nil, m.ID, p.a, p.b, p.minutes); err != nil {
			return err
		}
	}
	// Contacts meet on working days (Friday and Monday to Wednesday morning); a few only part of that.
	special := map[int][][3]any{
		0:  {{15, "09:00", "12:00"}, {16, "13:00", "17:00"}},
		3:  {{12, "10:00", "16:00"}, {15, "10:00", "16:00"}},
		37: {{15, "09:00", "17:00"}, {16, "09:00", "17:00"}},
	}
	weekdays := [][3]any{{12, "09:00", "17:30"}, {15, "09:00", "17:30"}, {16, "09:00", "17:30"}, {17, "09:00", "14:30"}}
	for i, c := range contacts {
		windows, ok := special[i]
		if !ok {
			windows = weekdays
		}
		var ws []models.Interval
		for _, w := range windows {
			ws = append(ws, models.Interval{Start: at(w[0].(int), w[1].(string)), End: at(w[0].(int), w[2].(string))})
		}
		if err := tx.SetContactAvailability(ctx, nil, m, c.ID, ws); err != nil {
			return err
		}
	}

	// The group programme.
	var siteVisitors []uint
	for i, r := range regs {
		if i%2 == 0 {
			siteVisitors = append(siteVisitors, r.ID)
		}
	}
	programme := []models.ProgrammeItem{
		{Title: "Arrival transfer from O'Hare", Kind: "travel", StartsAt: at(11, "14:00"), EndsAt: at(11, "15:30"), LocationID: &places["airport"].ID, AllRegistrations: true,
			Description: "Coach from O'Hare to the hotel for delegates arriving on the connecting flights."},
		{Title: "Welcome briefing", Kind: "briefing", StartsAt: at(11, "18:00"), EndsAt: at(11, "19:30"), LocationID: &places["consulate"].ID, AllRegistrations: true,
			Description: "Market briefing, the week ahead and introductions, with the consulate's trade team."},
		{Title: "Advanced manufacturing site visit", Kind: "site_visit", StartsAt: at(15, "13:30"), EndsAt: at(15, "16:00"), LocationID: &places["site"].ID, RegistrationIDs: siteVisitors,
			Description: "Tour of the innovation hub and its robotics lab."},
		{Title: "Networking reception", Kind: "reception", StartsAt: at(16, "17:30"), EndsAt: at(16, "20:00"), LocationID: &places["venue"].ID, AllRegistrations: true,
			Description: "Evening reception with Chicago buyers, investors and the sister-city partners."},
		{Title: "Departure transfer to O'Hare", Kind: "travel", StartsAt: at(17, "15:00"), EndsAt: at(17, "16:30"), LocationID: &places["airport"].ID, AllRegistrations: true},
	}
	for i := range programme {
		programme[i].AllRegistrations = len(programme[i].RegistrationIDs) == 0
		if err := tx.SaveProgrammeItem(ctx, nil, m, &programme[i]); err != nil {
			return fmt.Errorf("programme %s: %w", programme[i].Title, err)
		}
	}

	// Meeting requests from matchmaking, placed by the scheduler so that every rule holds; one more
	// request per firm is left for staff to schedule.
	perFirm := 3
	if len(regs) < 10 {
		perFirm = 5
	}
	var match []models.MatchContact
	for _, c := range contacts {
		match = append(match, models.MatchContact{ContactID: c.ID, Name: c.FullName, Organisation: c.Organisation, Sector: c.Sector, OrganisationType: c.OrganisationType, AvailableMinutes: 600})
	}
	leftover := map[uint]uint{}
	for i, r := range regs {
		f := models.MatchFirm{RegistrationID: r.ID, TargetSectors: r.TargetSectors, WantsToMeet: r.WantsToMeet}
		if r.Firm != nil {
			f.Sector = r.Firm.Sector
		}
		// Rotate through the ranking so that firms of one sector do not all ask for the same people.
		ranked := models.SuggestContacts(f, match, nil, 0)
		offset := (i * 2) % max(1, len(ranked)-perFirm-1)
		for j := 0; j < perFirm && offset+j < len(ranked); j++ {
			if _, err := tx.CreateMeetingRequests(ctx, nil, m, r.ID, []uint{ranked[offset+j].ContactID}, perFirm-j, m.MeetingMinutes); err != nil {
				return err
			}
		}
		if k := offset + perFirm; k < len(ranked) {
			leftover[r.ID] = ranked[k].ContactID
		}
	}
	if _, err := scheduler.Publish(ctx, tx, nil, m.ID, ""); err != nil {
		return fmt.Errorf("schedule: %w", err)
	}
	for _, r := range regs {
		if c, ok := leftover[r.ID]; ok {
			if _, err := tx.CreateMeetingRequests(ctx, nil, m, r.ID, []uint{c}, 1, m.MeetingMinutes); err != nil {
				return err
			}
		}
	}
	return nil
}

// goingRegistrations returns the mission's approved and confirmed registrations (the registrations
// step, which runs first, creates them).
func goingRegistrations(ctx context.Context, tx *models.Store, m *models.Mission) ([]models.Registration, error) {
	regs, err := tx.GoingRegistrations(ctx, m.ID)
	if err != nil {
		return nil, err
	}
	if len(regs) == 0 {
		return nil, fmt.Errorf("no approved or confirmed registrations to arrange meetings for")
	}
	return regs, nil
}
