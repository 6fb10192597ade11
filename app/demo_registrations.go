package app

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/missionplanner/missionplanner/models"
)

// demoFirm is one invented Birmingham firm of the demo.
type demoFirm struct {
	name, sector, postcode, employees, experience string
	description, objectives                       string
	targets, meet                                 []string
}

// Every name below is invented; numbers are in ranges that are never allocated (Companies House
// 99xxxxxx) or kept for drama (0121 496 0xxx), and addresses are at example.co.uk.
var demoFirms = []demoFirm{
	{"Kestrelmoor Precision Ltd", "advanced_manufacturing", "B1 2JP", "50-249", "experienced", "Precision-machined parts for aerospace and medical devices.", "Find a Tier 1 aerospace buyer in the Midwest.", []string{"aerospace", "advanced_manufacturing"}, []string{"buyer", "distributor"}},
	{"Bluewick Digital Ltd", "digital_technology", "B18 6HA", "10-49", "some", "Cloud software for field-service teams.", "Meet channel partners and a first US customer.", []string{"digital_technology"}, []string{"partner", "buyer"}},
	{"Hallowfield Health Analytics Ltd", "healthcare_life_sciences", "B13 8JP", "10-49", "none", "Analytics for hospital bed management.", "Pilot with a Chicago hospital system.", []string{"healthcare_life_sciences"}, []string{"buyer", "university"}},
	{"Ashcombe Verity Advisory LLP", "financial_professional_services", "B15 1TR", "50-249", "experienced", "Cross-border tax and corporate advice.", "Referral partners among Chicago law firms.", []string{"financial_professional_services"}, []string{"partner", "association"}},
	{"Spicebarrow Foods Ltd", "agri_food", "B12 9QY", "10-49", "some", "Chilled and ambient South Asian sauces.", "A specialty-food distributor for Illinois.", []string{"agri_food", "retail_consumer"}, []string{"distributor", "buyer"}},
	{"Orrinford Motion Systems Ltd", "automotive", "B11 2AA", "50-249", "experienced", "Electric actuators for vehicles and factories.", "Meet automotive OEM purchasing teams.", []string{"automotive", "advanced_manufacturing"}, []string{"buyer"}},
	{"Lindqvale Biotech Ltd", "healthcare_life_sciences", "B29 6NA", "1-9", "none", "Rapid diagnostic assays.", "Research partners and seed investors.", []string{"healthcare_life_sciences"}, []string{"investor", "university"}},
	{"Pixelmarsh Studios Ltd", "digital_technology", "B5 5RT", "10-49", "some", "Serious games and simulation for training.", "Training contracts with US employers.", []string{"digital_technology", "education"}, []string{"buyer", "partner"}},
	{"Cindergate Cyber Ltd", "digital_technology", "B14 7QA", "10-49", "some", "Managed security for small manufacturers.", "Resellers serving Midwest manufacturers.", []string{"digital_technology"}, []string{"distributor", "partner"}},
	{"Fernhollow Aero Components Ltd", "aerospace", "B6 4BE", "50-249", "experienced", "Composite interior parts for aircraft.", "Approved-supplier status with a US airframer.", []string{"aerospace"}, []string{"buyer"}},
	{"Cocoaflint Ingredients Ltd", "agri_food", "B30 2LU", "50-249", "experienced", "Cocoa and confectionery ingredients.", "Meet food manufacturers in Chicagoland.", []string{"agri_food"}, []string{"buyer", "distributor"}},
	{"Brackenridge Legal Ltd", "financial_professional_services", "B17 9DR", "10-49", "some", "Immigration and employment law for employers.", "Partner firms for US-UK mobility work.", []string{"financial_professional_services"}, []string{"partner"}},
	{"Medwynne Devices Ltd", "healthcare_life_sciences", "B24 9QR", "10-49", "some", "Single-use surgical instruments.", "A US distributor with FDA experience.", []string{"healthcare_life_sciences"}, []string{"distributor", "service_provider"}},
	{"Voltcairn Drivetrains Ltd", "automotive", "B31 2TS", "50-249", "some", "Drivetrains for electric light commercial vehicles.", "Investors and fleet buyers.", []string{"automotive", "energy_environment"}, []string{"investor", "buyer"}},
	{"Coinmere Payments Ltd", "financial_professional_services", "B10 0HJ", "10-49", "none", "Payment reconciliation software.", "Meet mid-size banks and fintech investors.", []string{"financial_professional_services", "digital_technology"}, []string{"buyer", "investor"}},
	{"Greenquill AgriTech Ltd", "agri_food", "B27 6QS", "1-9", "none", "Sensors for vertical farms.", "Pilot sites and Illinois agri-food partners.", []string{"agri_food", "digital_technology"}, []string{"partner", "government"}},
	{"Datumholt Labs Ltd", "digital_technology", "B28 9EN", "10-49", "some", "Data engineering for logistics firms.", "First US customers among 3PLs.", []string{"digital_technology"}, []string{"buyer"}},
	{"Hopwenning Brewing Ltd", "agri_food", "B30 3BT", "1-9", "none", "Small-batch cask and canned ales.", "An importer for British craft beer.", []string{"agri_food", "retail_consumer"}, []string{"distributor"}},
	{"Strataweave Composites Ltd", "advanced_manufacturing", "B42 2SU", "50-249", "experienced", "Carbon-fibre layups for motorsport and wind.", "Energy and automotive buyers.", []string{"advanced_manufacturing", "energy_environment"}, []string{"buyer"}},
	{"Clinicove Software Ltd", "healthcare_life_sciences", "B31 4AB", "10-49", "some", "Clinical trial scheduling software.", "Contract research organisations and universities.", []string{"healthcare_life_sciences", "digital_technology"}, []string{"university", "buyer"}},
	{"Orlestone Wealth Partners Ltd", "financial_professional_services", "B73 6AA", "10-49", "some", "Wealth management for internationally mobile families.", "Referral partners in Chicago.", []string{"financial_professional_services"}, []string{"partner"}},
	{"Servabright Robotics Ltd", "advanced_manufacturing", "B35 7AB", "10-49", "some", "Collaborative robot cells for small factories.", "Systems integrators as distributors.", []string{"advanced_manufacturing"}, []string{"distributor", "partner"}},
	{"Freshmarl Produce Ltd", "agri_food", "B38 8SE", "50-249", "some", "Salad and herb growing and packing.", "Understand US retail buyers' requirements.", []string{"agri_food"}, []string{"buyer"}},
	{"Appleyarn Mobile Ltd", "digital_technology", "B16 8LP", "1-9", "none", "Mobile apps for museums and venues.", "Cultural-sector clients in Chicago.", []string{"digital_technology", "creative_industries"}, []string{"buyer", "association"}},
	{"Glintcoat Surfaces Ltd", "advanced_manufacturing", "B7 4AA", "10-49", "experienced", "Wear-resistant industrial coatings.", "Distributors for the Great Lakes region.", []string{"advanced_manufacturing"}, []string{"distributor"}},
	{"Riskloom Insurance Tech Ltd", "financial_professional_services", "B21 9NH", "10-49", "none", "Underwriting tools for specialty insurers.", "Insurers and brokers around the Loop.", []string{"financial_professional_services", "digital_technology"}, []string{"buyer", "investor"}},
}

var demoFirstNames = []string{"Priya", "Tom", "Aisha", "Gareth", "Mei", "Callum", "Niamh", "Rohan", "Bethan", "Kwame", "Sofia", "Declan", "Harpreet", "Ellie", "Tariq", "Lucy", "Oluwaseun", "Fergus", "Anjali", "Rhys", "Zara", "Marek", "Imogen", "Yusuf", "Grace", "Dominic", "Leila", "Owen", "Hana", "Iain"}
var demoSurnames = []string{"Ashdown", "Brightwell", "Calloway", "Dunmore", "Eastleigh", "Fairbairn", "Greenhow", "Harrowby", "Ingleton", "Jessop", "Kilbride", "Lovelock", "Marchbank", "Netherton", "Oldroyd", "Pennock", "Quarrie", "Ravensworth", "Sandiford", "Thistlewood", "Upshall", "Varley", "Whitlock", "Yardley", "Ambrose", "Birtles", "Coverdale", "Dimmock", "Elsworth", "Fennimore", "Gorringe"}

// demoLeg is one flight: carrier, number, airports and local departure and arrival ("2027-03-10 07:00").
type demoLeg struct{ dir, carrier, number, from, to, departs, arrives string }

// demoRoutes are the connecting journeys between Birmingham and Chicago (there is no direct flight).
var demoRoutes = [][]demoLeg{
	{ // via Dublin
		{"outbound", "Aer Lingus", "EI 3271", "BHX", "DUB", "2027-03-10 07:00", "2027-03-10 08:05"},
		{"outbound", "Aer Lingus", "EI 125", "DUB", "ORD", "2027-03-10 10:05", "2027-03-10 12:05"},
		{"return", "Aer Lingus", "EI 124", "ORD", "DUB", "2027-03-17 17:55", "2027-03-18 07:35"},
		{"return", "Aer Lingus", "EI 3276", "DUB", "BHX", "2027-03-18 09:45", "2027-03-18 10:50"},
	},
	{ // via Amsterdam
		{"outbound", "KLM", "KL 1428", "BHX", "AMS", "2027-03-10 06:10", "2027-03-10 08:25"},
		{"outbound", "KLM", "KL 611", "AMS", "ORD", "2027-03-10 10:30", "2027-03-10 12:20"},
		{"return", "KLM", "KL 612", "ORD", "AMS", "2027-03-17 17:45", "2027-03-18 09:05"},
		{"return", "KLM", "KL 1433", "AMS", "BHX", "2027-03-18 10:45", "2027-03-18 11:05"},
	},
	{ // from London Heathrow
		{"outbound", "British Airways", "BA 297", "LHR", "ORD", "2027-03-11 11:20", "2027-03-11 14:10"},
		{"return", "British Airways", "BA 296", "ORD", "LHR", "2027-03-17 20:35", "2027-03-18 10:15"},
	},
	{ // via Frankfurt
		{"outbound", "Lufthansa", "LH 961", "BHX", "FRA", "2027-03-10 06:40", "2027-03-10 09:20"},
		{"outbound", "Lufthansa", "LH 430", "FRA", "ORD", "2027-03-10 10:40", "2027-03-10 13:05"},
		{"return", "Lufthansa", "LH 435", "ORD", "FRA", "2027-03-17 17:30", "2027-03-18 08:40"},
		{"return", "Lufthansa", "LH 964", "FRA", "BHX", "2027-03-18 10:05", "2027-03-18 10:55"},
	},
	{ // via Dublin, a day later
		{"outbound", "Aer Lingus", "EI 3273", "BHX", "DUB", "2027-03-11 11:30", "2027-03-11 12:35"},
		{"outbound", "Aer Lingus", "EI 123", "DUB", "ORD", "2027-03-11 14:50", "2027-03-11 16:45"},
		{"return", "Aer Lingus", "EI 124", "ORD", "DUB", "2027-03-17 17:55", "2027-03-18 07:35"},
		{"return", "Aer Lingus", "EI 3276", "DUB", "BHX", "2027-03-18 09:45", "2027-03-18 10:50"},
	},
}

// demoRegistrations registers the demo firms, takes them through the workflow (so the wait list,
// a withdrawal with its promotion, a rejection and open applications all appear in the audit log),
// and adds delegates with their connecting flights. Capacity is 20, so six of the 26 firms are not
// on the trip.
func demoRegistrations(ctx context.Context, tx *models.Store, m *models.Mission) error {
	m.MaxFirms = 20
	if err := tx.UpdateMission(ctx, nil, m); err != nil {
		return fmt.Errorf("set capacity: %w", err)
	}
	// Firms registered over the last two days; the decisions are made as the demo loads, so a status's
	// "since" is the moment its change was recorded in the history (never a date still to come).
	at := time.Now().UTC().Add(-48 * time.Hour).Truncate(time.Minute)
	regs := make([]*models.Registration, len(demoFirms))
	for i, df := range demoFirms {
		slug := strings.ToLower(strings.Fields(df.name)[0])
		f := models.Firm{
			CompanyName: df.name, CompaniesHouseNumber: fmt.Sprintf("990%05d", 101+i), Website: "https://" + slug + ".example.co.uk",
			Address: fmt.Sprintf("%d Example Street", 10+i), City: "Birmingham", Postcode: df.postcode, Sector: df.sector,
			Employees: df.employees, ExportExperience: df.experience, USPresence: i%7 == 3, Description: df.description,
			ContactName: demoPerson(i * 3), ContactEmail: demoEmail(i * 3), ContactPhone: fmt.Sprintf("0121 496 0%03d", 101+i),
		}
		r := &models.Registration{Objectives: df.objectives, TargetSectors: models.NewStringList(df.targets...), WantsToMeet: models.NewStringList(df.meet...)}
		if err := tx.RegisterFirm(ctx, nil, m, at.Add(time.Duration(i)*time.Hour), 0, &f, r); err != nil {
			return fmt.Errorf("register %s: %w", df.name, err)
		}
		regs[i] = r
	}
	decide := func(i int, status string) error {
		if _, err := tx.SetRegistrationStatus(ctx, nil, regs[i].ID, status, time.Now().UTC()); err != nil {
			return fmt.Errorf("%s → %s: %w", demoFirms[i].name, status, err)
		}
		return nil
	}
	steps := []struct {
		firms  []int
		status string
	}{
		{seq(0, 23), "approved"}, // the first 20 are approved, the next three wait-listed: the mission is full
		{[]int{5}, "withdrawn"},  // … one withdraws, and the longest-waiting firm moves up
		{[]int{23}, "rejected"},  // not a Birmingham firm after all
		{[]int{0, 1, 2, 3, 4, 6, 7, 8, 9, 10, 11}, "confirmed"},
	}
	for _, s := range steps {
		for _, i := range s.firms {
			if err := decide(i, s.status); err != nil {
				return err
			}
		}
	}
	for i, r := range regs {
		if err := demoDelegates(ctx, tx, i, r); err != nil {
			return err
		}
	}
	return nil
}

func demoDelegates(ctx context.Context, tx *models.Store, i int, r *models.Registration) error {
	fresh, err := tx.Registration(ctx, r.ID)
	if err != nil {
		return err
	}
	n := 1
	onTrip := models.HoldsSeat(fresh.Status)
	if onTrip {
		n = i%3 + 1
	}
	titles := []string{"Managing Director", "Head of International Sales", "Business Development Manager"}
	for k := 0; k < n; k++ {
		person := i*3 + k
		d := models.Delegate{FullName: demoPerson(person), JobTitle: titles[k], Email: demoEmail(person), Phone: fmt.Sprintf("07700 900%03d", person)}
		if person%5 == 2 {
			d.DietaryRequirements = "Vegetarian"
		}
		if person%11 == 4 {
			d.AccessNeeds = "Step-free access, please"
		}
		var segs []models.TravelSegment
		if onTrip {
			for _, leg := range demoRoutes[i%len(demoRoutes)] {
				s := models.TravelSegment{Direction: leg.dir, Carrier: leg.carrier, Number: leg.number, From: leg.from, To: leg.to}
				dep, arr := strings.SplitN(leg.departs, " ", 2), strings.SplitN(leg.arrives, " ", 2)
				if errs := s.SetLocalTimes(dep[0], dep[1], arr[0], arr[1]); len(errs) > 0 {
					return fmt.Errorf("flight %s: %w", leg.number, errs)
				}
				segs = append(segs, s)
			}
		}
		if err := tx.AddDelegate(ctx, nil, r.ID, &d, segs); err != nil {
			return fmt.Errorf("delegate %s: %w", d.FullName, err)
		}
	}
	return nil
}

func demoPerson(k int) string {
	return demoFirstNames[k%len(demoFirstNames)] + " " + demoSurnames[k%len(demoSurnames)]
}

func demoEmail(k int) string {
	return strings.ToLower(demoFirstNames[k%len(demoFirstNames)] + "." + demoSurnames[k%len(demoSurnames)] + "@example.co.uk")
}

func seq(from, to int) []int {
	var out []int
	for i := from; i < to; i++ {
		out = append(out, i)
	}
	return out
}
