package app

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/missionplanner/missionplanner/models"
)

// SeedOptions say how large a mission Seed builds, and where.
type SeedOptions struct {
	Firms, Contacts, Meetings int
	MissionID                 uint                               // 0 creates a new mission
	Progress                  func(step string, done, total int) // may be nil
}

// SeedResult is what Seed made.
type SeedResult struct {
	Mission                              *models.Mission
	Firms, Delegates, Contacts, Meetings int
	DelegateEmail, DelegatePassword      string
}

// seedDelegatePassword is the password of the seeded delegate account (printed by the command).
const seedDelegatePassword = "seeded-delegate-2027"

// Seed builds a large mission in one transaction with batched inserts: firms across the focus sectors,
// each registered and going with one to three delegates and their connecting flights; contacts across
// Chicagoland (a tenth in Rockford), each with an office; a group programme; and a published schedule of
// meetings that keeps every rule (hours, availability, no overlap, travel time between places). Each
// firm meets contacts of one city a day, one slot of the meeting's length plus the same-city buffer
// apart, away from programme items by the travel window. With MissionID it adds the new firms, contacts
// and meetings to that mission, raising its capacity if needed.
func Seed(ctx context.Context, store *models.Store, o SeedOptions) (*SeedResult, error) {
	progress := o.Progress
	if progress == nil {
		progress = func(string, int, int) {}
	}
	res := &SeedResult{}
	err := store.WithTx(ctx, func(tx *models.Store) error {
		s := &seeder{ctx: ctx, tx: tx, o: o, progress: progress, res: res, stamp: time.Now().UTC()}
		return s.run()
	})
	if err != nil {
		return nil, err
	}
	// Tell the planner how large the tables have grown, so the lookups use their indexes at once rather
	// than after autovacuum's next pass.
	if err := store.Analyze(ctx); err != nil {
		return nil, err
	}
	progress("analysed", 1, 1)
	return res, nil
}

type seeder struct {
	ctx      context.Context
	tx       *models.Store
	o        SeedOptions
	progress func(string, int, int)
	res      *SeedResult
	stamp    time.Time
	m        *models.Mission
	regs     []models.Registration
	firms    []models.Firm
	lead     []uint // each registration's first delegate
	contacts []models.Contact
	offices  []uint // each contact's office (a location)
	avail    map[int][]int
	tag      string // keeps this run's names and emails apart from earlier runs'
}

func (s *seeder) run() error {
	if err := s.mission(); err != nil {
		return err
	}
	s.tag = fmt.Sprintf("m%d.%x", s.m.ID, s.stamp.UnixNano()%0xfffff)
	if err := s.firmsAndDelegates(); err != nil {
		return err
	}
	if err := s.directory(); err != nil {
		return err
	}
	if err := s.meetings(); err != nil {
		return err
	}
	return s.tx.Audit(s.ctx, nil, "seed", "mission", s.m.ID, &s.m.ID, nil,
		map[string]int{"firms": s.res.Firms, "contacts": s.res.Contacts, "meetings": s.res.Meetings})
}

// mission loads the mission asked for, or creates one with its programme.
func (s *seeder) mission() error {
	if s.o.MissionID != 0 {
		m, err := s.tx.Mission(s.ctx, s.o.MissionID)
		if errors.Is(err, models.ErrNotFound) {
			return fmt.Errorf("no mission %d", s.o.MissionID)
		}
		if err != nil {
			return err
		}
		s.m = m
	} else {
		m := models.NewMission()
		m.Name = "Chicago Trade Mission (seeded, large)"
		m.DestinationCity = "Chicago"
		m.StartDate, m.EndDate = models.DateOf(2027, time.June, 6), models.DateOf(2027, time.June, 12)
		m.RegistrationCloses = models.DateOf(2027, time.May, 7)
		m.MaxFirms, m.MaxDelegatesPerFirm = s.o.Firms, 3
		m.Status = "open"
		m.Sectors = models.NewStringList(seedSectors...)
		m.Description = "A large mission made by the seed command, to try the application at scale."
		if err := s.tx.CreateMission(s.ctx, nil, &m); err != nil {
			return fmt.Errorf("mission: %w", err)
		}
		s.m = &m
		if err := s.programme(); err != nil {
			return err
		}
	}
	going, err := s.tx.GoingRegistrations(s.ctx, s.m.ID)
	if err != nil {
		return err
	}
	if need := len(going) + s.o.Firms; need > s.m.MaxFirms {
		s.m.MaxFirms = need
		if err := s.tx.UpdateMission(s.ctx, nil, s.m); err != nil {
			return fmt.Errorf("raise the mission's capacity to %d: %w", need, err)
		}
	}
	s.res.Mission = s.m
	return nil
}

// programme adds the new mission's places, travel times and group programme.
func (s *seeder) programme() error {
	places := []*models.Location{
		{Name: "The Lakeshore Grand Hotel", Address: "505 N State St", City: "Chicago"},
		{Name: "British Consulate General Chicago", Address: "625 N Michigan Ave", City: "Chicago"},
		{Name: "Riverwalk Conference Centre", Address: "35 E Wacker Dr", City: "Chicago"},
		{Name: "Fulton Market Innovation Hub", Address: "1000 W Fulton Market", City: "Chicago"},
	}
	for _, l := range places {
		l.MissionID = s.m.ID
		if err := s.tx.SaveLocation(s.ctx, nil, l); err != nil {
			return fmt.Errorf("location %s: %w", l.Name, err)
		}
	}
	for city, minutes := range map[string]int{"Rockford": 90, "Schaumburg": 45, "Evanston": 35, "Naperville": 50} {
		if err := s.tx.SetTravelTime(s.ctx, nil, s.m.ID, "Chicago", city, minutes); err != nil {
			return err
		}
	}
	at := func(day int, clock string) time.Time {
		t, err := models.LocalInstant(s.m.Zone(), s.m.StartDate.AddDate(0, 0, day).Format("2006-01-02"), clock)
		if err != nil {
			panic(err) // June has no clock change
		}
		return t
	}
	items := []models.ProgrammeItem{
		{Title: "Welcome briefing", Kind: "briefing", StartsAt: at(0, "18:00"), EndsAt: at(0, "19:30"), LocationID: &places[1].ID, AllRegistrations: true,
			Description: "Market briefing and the week ahead, with the consulate's trade team."},
		{Title: "Networking reception", Kind: "reception", StartsAt: at(3, "18:00"), EndsAt: at(3, "20:00"), LocationID: &places[2].ID, AllRegistrations: true},
		{Title: "Departure transfer to O'Hare", Kind: "travel", StartsAt: at(6, "15:00"), EndsAt: at(6, "16:30"), AllRegistrations: true},
	}
	for i := range items {
		if err := s.tx.SaveProgrammeItem(s.ctx, nil, s.m, &items[i]); err != nil {
			return fmt.Errorf("programme %s: %w", items[i].Title, err)
		}
	}
	return nil
}

var seedSectors = []string{"advanced_manufacturing", "digital_technology", "healthcare_life_sciences", "financial_professional_services", "agri_food"}

// firmsAndDelegates registers the firms, going, with delegates and their flights.
func (s *seeder) firmsAndDelegates() error {
	n := s.o.Firms
	s.firms = make([]models.Firm, n)
	for i := range s.firms {
		sector := seedSectors[i%len(seedSectors)]
		if i%9 == 4 {
			sector = []string{"automotive", "aerospace", "energy_environment"}[i%3]
		}
		name := seedFirmName(i)
		slug := strings.ToLower(strings.ReplaceAll(strings.TrimSuffix(name, " Ltd"), " ", ""))
		s.firms[i] = models.Firm{CompanyName: name, Website: "https://" + slug + ".example.co.uk",
			Address: fmt.Sprintf("%d %s", 1+i%180, seedStreets[i%len(seedStreets)]), City: "Birmingham", Postcode: fmt.Sprintf("B%d %d%s", 1+i%40, i%10, []string{"AA", "JP", "HA", "TR", "QY"}[i%5]),
			Sector: sector, Employees: models.EmployeeBands[i%len(models.EmployeeBands)].Code, ExportExperience: models.ExportExperiences[i%3].Code,
			USPresence: i%7 == 3, Description: "A Birmingham firm seeking partners in the Midwest.",
			ContactName: seedBritishName(i), ContactEmail: fmt.Sprintf("contact%d.%s@%s.example.co.uk", i, s.tag, slug), ContactPhone: fmt.Sprintf("0121 496 %04d", i%10000)}
	}
	if err := s.tx.CreateAll(s.ctx, &s.firms); err != nil {
		return fmt.Errorf("firms: %w", err)
	}
	s.progress("firms", n, n)
	s.regs = make([]models.Registration, n)
	for i := range s.regs {
		status := models.StatusConfirmed
		if i%3 == 2 {
			status = models.StatusApproved
		}
		s.regs[i] = models.Registration{MissionID: s.m.ID, FirmID: s.firms[i].ID, Status: status, StatusChangedAt: s.stamp,
			Objectives: "Meet buyers and distributors for a first US contract.", TargetSectors: models.NewStringList(s.firms[i].Sector),
			WantsToMeet: models.NewStringList("buyer", "distributor")}
	}
	if err := s.tx.CreateAll(s.ctx, &s.regs); err != nil {
		return fmt.Errorf("registrations: %w", err)
	}
	s.progress("registrations", n, n)
	var dels []models.Delegate
	titles := []string{"Managing Director", "Head of International Sales", "Business Development Manager"}
	for i, r := range s.regs {
		for k := 0; k <= i%3 && k < s.m.MaxDelegatesPerFirm; k++ {
			person := i*3 + k
			d := models.Delegate{RegistrationID: r.ID, MissionID: s.m.ID, FullName: seedBritishName(person), JobTitle: titles[k],
				Email: fmt.Sprintf("delegate%d.%s@example.co.uk", person, s.tag), Phone: fmt.Sprintf("07700 9%05d", person%100000)}
			if person%5 == 2 {
				d.DietaryRequirements = "Vegetarian"
			}
			dels = append(dels, d)
		}
	}
	if err := s.tx.CreateAll(s.ctx, &dels); err != nil {
		return fmt.Errorf("delegates: %w", err)
	}
	s.res.Firms, s.res.Delegates = n, len(dels)
	s.progress("delegates", len(dels), len(dels))
	s.lead = make([]uint, n)
	byReg := map[uint]int{}
	for i, r := range s.regs {
		byReg[r.ID] = i
	}
	var segs []models.TravelSegment
	for _, d := range dels {
		i := byReg[d.RegistrationID]
		if s.lead[i] == 0 {
			s.lead[i] = d.ID
		}
		legs, err := s.flights(i)
		if err != nil {
			return err
		}
		for _, l := range legs {
			l.DelegateID = d.ID
			segs = append(segs, l)
		}
	}
	if err := s.tx.CreateAll(s.ctx, &segs); err != nil {
		return fmt.Errorf("flights: %w", err)
	}
	s.progress("flights", len(segs), len(segs))
	// One delegate can sign in, to try the delegate's pages.
	first := dels[0]
	u := models.User{Email: first.Email, Name: first.FullName, Role: "delegate", RegistrationID: &first.RegistrationID, DelegateID: &first.ID}
	if err := s.tx.CreateUser(s.ctx, nil, &u, seedDelegatePassword); err != nil {
		return fmt.Errorf("delegate account: %w", err)
	}
	s.res.DelegateEmail, s.res.DelegatePassword = u.Email, seedDelegatePassword
	return nil
}

// seedHubs are the connections from Birmingham to Chicago (there is no direct flight).
var seedHubs = []struct{ carrier, code, out1, out2, back1, back2 string }{
	{"EI", "DUB", "EI 3271", "EI 125", "EI 124", "EI 3284"},
	{"KL", "AMS", "KL 1056", "KL 611", "KL 612", "KL 1059"},
	{"LH", "FRA", "LH 961", "LH 430", "LH 431", "LH 968"},
}

// flights are a delegate of firm i's four legs: out the day before the mission via a hub, back on its
// last day.
func (s *seeder) flights(i int) ([]models.TravelSegment, error) {
	h := seedHubs[i%len(seedHubs)]
	before := s.m.StartDate.AddDate(0, 0, -1).Format("2006-01-02")
	last := s.m.EndDate.Format("2006-01-02")
	after := s.m.EndDate.AddDate(0, 0, 1).Format("2006-01-02")
	legs := []struct{ dir, number, from, to, dd, dt, ad, at string }{
		{"outbound", h.out1, "BHX", h.code, before, "07:00", before, "09:10"},
		{"outbound", h.out2, h.code, "ORD", before, "11:30", before, "13:45"},
		{"return", h.back1, "ORD", h.code, last, "18:30", after, "08:40"},
		{"return", h.back2, h.code, "BHX", after, "10:50", after, "12:15"},
	}
	out := make([]models.TravelSegment, len(legs))
	for k, l := range legs {
		carrier, number, _ := strings.Cut(l.number, " ")
		out[k] = models.TravelSegment{Direction: l.dir, Carrier: carrier, Number: number, From: l.from, To: l.to}
		if errs := out[k].SetLocalTimes(l.dd, l.dt, l.ad, l.at); len(errs) > 0 {
			return nil, fmt.Errorf("flight %s: %w", l.number, errs)
		}
	}
	return out, nil
}

// seedCity is where contact (or firm-day) k is: a tenth in Rockford, a twentieth each in Schaumburg,
// Evanston and Naperville, the rest in Chicago.
func seedCity(k int) string {
	switch k % 20 {
	case 0, 1:
		return "Rockford"
	case 2:
		return "Schaumburg"
	case 3:
		return "Evanston"
	case 4:
		return "Naperville"
	}
	return "Chicago"
}

// directory adds the contacts, each with an office linked to them, and a few contacts' availability.
func (s *seeder) directory() error {
	n := s.o.Contacts
	s.contacts = make([]models.Contact, n)
	for i := range s.contacts {
		first, last := seedUSFirst[i%len(seedUSFirst)], seedUSLast[(i/len(seedUSFirst)+i)%len(seedUSLast)]
		org := seedOrgA[i%len(seedOrgA)] + " " + seedOrgB[(i/len(seedOrgA))%len(seedOrgB)]
		city := seedCity(i)
		s.contacts[i] = models.Contact{FullName: first + " " + last, Organisation: org, JobTitle: seedJobs[i%len(seedJobs)],
			OrganisationType: models.OrganisationTypes[i%len(models.OrganisationTypes)].Code, Sector: seedSectors[(i/3)%len(seedSectors)],
			Email: strings.ToLower(fmt.Sprintf("%s.%s.%d.%s@example.com", first, last, i, s.tag)), Phone: fmt.Sprintf("(312) 555-%04d", i%10000),
			Address: fmt.Sprintf("%d %s", 100+i%900, seedUSStreets[i%len(seedUSStreets)]), City: city, State: "IL"}
	}
	if err := s.tx.CreateAll(s.ctx, &s.contacts); err != nil {
		return fmt.Errorf("contacts: %w", err)
	}
	s.res.Contacts = n
	s.progress("contacts", n, n)
	offices := make([]models.Location, n)
	for i, c := range s.contacts {
		offices[i] = models.Location{MissionID: s.m.ID, Name: c.Organisation, Address: c.Address, City: c.City, ContactID: &s.contacts[i].ID}
	}
	if err := s.tx.CreateAll(s.ctx, &offices); err != nil {
		return fmt.Errorf("offices: %w", err)
	}
	s.offices = make([]uint, n)
	for i := range offices {
		s.offices[i] = offices[i].ID
	}
	s.progress("offices", n, n)
	// One contact in twenty can meet on the mission's first three days only.
	days := s.m.Days()
	windows := models.WorkingWindows(s.m.Zone(), s.m.StartDate.Time, s.m.EndDate.Time, s.m.DayStarts, s.m.DayEnds)
	s.avail = map[int][]int{}
	var rows []models.ContactAvailability
	for i, c := range s.contacts {
		if i%20 != 7 || len(windows) < 4 {
			continue
		}
		for d := 0; d < 3 && d < len(days); d++ {
			s.avail[i] = append(s.avail[i], d)
			rows = append(rows, models.ContactAvailability{MissionID: s.m.ID, ContactID: c.ID, StartsAt: windows[d].Start, EndsAt: windows[d].End})
		}
	}
	if err := s.tx.CreateAll(s.ctx, &rows); err != nil {
		return fmt.Errorf("availability: %w", err)
	}
	return nil
}

// meetings books the schedule: firm by firm in rounds, each meeting in the firm's next free slot with a
// contact of the firm's city that day who is free then, available that day, and not met by the firm yet.
func (s *seeder) meetings() error {
	if s.o.Meetings == 0 {
		return nil
	}
	slots, err := s.slots()
	if err != nil {
		return err
	}
	nDays := len(slots)
	perDay := 0
	for _, sl := range slots {
		perDay = max(perDay, len(sl))
	}
	pools := map[string][]int{}
	for i, c := range s.contacts {
		pools[c.City] = append(pools[c.City], i)
	}
	type firmSlot struct{ day, slot int }
	plans := make([][]firmSlot, len(s.regs))
	for f := range plans {
		for k := 0; k < perDay; k++ {
			for d := 0; d < nDays; d++ {
				day := (d + f) % nDays
				if k < len(slots[day]) {
					plans[f] = append(plans[f], firmSlot{day, k})
				}
			}
		}
	}
	busy := map[[3]int]bool{} // contact, day, slot
	met := map[[2]int]bool{}  // firm, contact
	next := make([]int, len(s.regs))
	mins := s.m.MeetingMinutes
	var meetings []models.Meeting
	var leads []uint
	for round := 0; len(meetings) < s.o.Meetings; round++ {
		placed := false
		for f := range s.regs {
			if len(meetings) == s.o.Meetings {
				break
			}
			for next[f] < len(plans[f]) {
				fs := plans[f][next[f]]
				next[f]++
				pool := pools[seedCity(f*7+fs.day*3)]
				c := -1
				for probe := 0; probe < len(pool); probe++ {
					k := pool[(f*31+round*17+probe)%len(pool)]
					if busy[[3]int{k, fs.day, fs.slot}] || met[[2]int{f, k}] || !s.available(k, fs.day) {
						continue
					}
					c = k
					break
				}
				if c < 0 {
					continue
				}
				busy[[3]int{c, fs.day, fs.slot}], met[[2]int{f, c}] = true, true
				start := slots[fs.day][fs.slot]
				end := start.Add(time.Duration(mins) * time.Minute)
				loc := s.offices[c]
				meetings = append(meetings, models.Meeting{MissionID: s.m.ID, RegistrationID: s.regs[f].ID, ContactID: s.contacts[c].ID,
					StartsAt: &start, EndsAt: &end, Minutes: mins, LocationID: &loc, Status: models.MeetingScheduled, Priority: 1 + (f+round)%5, Sequence: 1,
					Notes: "Bring product samples and a price list."})
				leads = append(leads, s.lead[f])
				placed = true
				break
			}
		}
		if !placed {
			return fmt.Errorf("room for only %d meetings among %d firms and %d contacts in this mission's days and hours: ask for fewer", len(meetings), len(s.regs), len(s.contacts))
		}
		if round%5 == 4 {
			s.progress("meetings planned", len(meetings), s.o.Meetings)
		}
	}
	for k := 0; k < len(meetings); k += 1000 {
		batch := meetings[k:min(k+1000, len(meetings))]
		if err := s.tx.CreateAll(s.ctx, &batch); err != nil {
			return fmt.Errorf("meetings: %w", err)
		}
		s.progress("meetings saved", k+len(batch), len(meetings))
	}
	var named []models.MeetingDelegate
	for k := range meetings {
		if k%2 == 0 && leads[k] != 0 {
			named = append(named, models.MeetingDelegate{MeetingID: meetings[k].ID, DelegateID: leads[k]})
		}
	}
	if err := s.tx.CreateAll(s.ctx, &named); err != nil {
		return fmt.Errorf("meeting delegates: %w", err)
	}
	s.res.Meetings = len(meetings)
	return nil
}

func (s *seeder) available(contact, day int) bool {
	days, limited := s.avail[contact]
	if !limited {
		return true
	}
	for _, d := range days {
		if d == day {
			return true
		}
	}
	return false
}

// slots are each mission day's meeting start times: from the day's start, a meeting plus the same-city
// buffer apart, ending by the day's end, and none within the travel window of a programme item.
func (s *seeder) slots() ([][]time.Time, error) {
	book, err := s.tx.LoadBookingBook(s.ctx, s.m, models.BookingScope{})
	if err != nil {
		return nil, err
	}
	margin := book.TravelWindow()
	programme, err := s.tx.ProgrammeItems(s.ctx, s.m.ID)
	if err != nil {
		return nil, err
	}
	meeting := time.Duration(s.m.MeetingMinutes) * time.Minute
	period := meeting + time.Duration(max(s.m.SameCityBufferMinutes, 0))*time.Minute
	var out [][]time.Time
	for _, w := range models.WorkingWindows(s.m.Zone(), s.m.StartDate.Time, s.m.EndDate.Time, s.m.DayStarts, s.m.DayEnds) {
		var day []time.Time
		for t := w.Start; !t.Add(meeting).After(w.End); t = t.Add(period) {
			span := models.Interval{Start: t.Add(-margin), End: t.Add(meeting + margin)}
			clear := true
			for _, p := range programme {
				if span.Overlaps(models.Interval{Start: p.StartsAt, End: p.EndsAt}) {
					clear = false
				}
			}
			if clear {
				day = append(day, t)
			}
		}
		out = append(out, day)
	}
	return out, nil
}

var (
	seedFirmA     = []string{"Kestrel", "Blue", "Hallow", "Spice", "Orrin", "Lind", "Pixel", "Cinder", "Fern", "Cocoa", "Bracken", "Med", "Volt", "Coin", "Green", "Datum", "Hop", "Strata", "Clini", "Orle", "Serva", "Fresh", "Apple", "Glint", "Risk", "Copper", "Ember", "Harbour", "Ivy", "Juniper"}
	seedFirmB     = []string{"moor", "wick", "field", "barrow", "ford", "vale", "marsh", "gate", "hollow", "flint", "ridge", "wynne", "cairn", "mere", "quill", "holt", "wenning", "weave", "cove", "stone"}
	seedFirmKinds = []string{"Precision", "Digital", "Health", "Advisory", "Foods", "Systems", "Studios", "Cyber", "Components", "Analytics", "Robotics", "Labs"}
	seedStreets   = []string{"Colmore Row", "Broad Street", "Hagley Road", "Bristol Road", "Soho Road", "Digbeth High Street", "Corporation Street", "Stratford Road"}
	seedUSFirst   = []string{"Maya", "Daniel", "Rosa", "Theo", "Priya", "Marcus", "Hannah", "Samuel", "Claire", "Kevin", "Elena", "Jamal", "Sofia", "Benjamin", "Aisha", "Lucas", "Grace", "Oliver", "Nina", "Ethan", "Leila", "Victor", "Isabel", "Tomasz", "Amara", "Ryan", "Mei", "Jordan", "Fatima", "Paul", "Carmen", "Nathan", "Rebecca", "Ahmed", "Julia", "Michael", "Laura", "Stefan", "Denise", "Owen"}
	seedUSLast    = []string{"Okafor", "Kowalczyk", "Delgado", "Brandt", "Raman", "Bell", "Lindqvist", "Adeyemi", "Dubois", "O'Rourke", "Petrova", "Carter", "Marino", "Cho", "Rahman", "Ferreira", "Nakamura", "Grant", "Volkova", "Brooks", "Haddad", "Santos", "Quinn", "Nowak", "Nwosu", "Fitzgerald", "Lin", "Ellis", "Zahra", "Henning", "Ortiz", "Reyes", "Stein", "Karim", "Svensson", "Osei", "Becker", "Horvath", "Howard", "Sinclair", "Mendez", "Park", "Novak", "Jensen"}
	seedOrgA      = []string{"Lakefront", "Prairie", "Windy City", "Loop", "Canalside", "Midway", "Northbank", "Riverside", "Calumet", "Great Lakes", "Lakeview", "Streeterville", "Pilsen", "Cook County", "State Street", "Bridgeport", "Kinzie", "Monroe", "Ogden", "Second City", "Gold Coast", "Woodfield", "Meacham", "Rock River", "Forest City", "DuPage", "North Shore", "Wacker", "Fulton", "Wabash"}
	seedOrgB      = []string{"Provisions", "Grocers", "Specialty Foods", "Ventures", "Software", "Logistics", "Data Labs", "Growth Capital", "Partners LLP", "Trade Partners", "Precision Parts", "Machine Supply", "Health Systems", "BioHub", "Clinics Network", "Life Sciences Fund", "Brewing Supplies", "Export Office", "Accountants", "Outfitters", "Robotics", "Bank", "Cold Chain", "Seed Fund", "Diagnostics", "Home & Living", "Industrial Components", "Insurance Services", "Aerospace Works", "Systems", "Tooling", "Growth Council", "Food Co-operative", "Research Park", "Health Ventures", "Distributors", "Manufacturing Alliance", "Digital Guild", "Bakeries", "Family Health", "Medical Group", "Freight", "Engineering", "Energy", "Materials", "Analytics", "Retail Group", "Consulting", "Capital", "University Partners"}
	seedJobs      = []string{"VP Procurement", "Category Manager", "Import Director", "Managing Partner", "CTO", "Director of Sourcing", "Head of Partnerships", "Principal", "Senior Counsel", "Plant Manager", "Supply Chain Lead", "Owner", "Programme Manager", "Head of Innovation", "Research Director", "Purchasing Manager"}
	seedUSStreets = []string{"N Wells St", "W Fulton Market", "S Halsted St", "N Riverside Plz", "W Chicago Ave", "S Wacker Dr", "N LaSalle St", "W Randolph St", "E State St", "Kishwaukee St", "E Golf Rd", "Sherman Ave", "W Diehl Rd", "N Michigan Ave"}
)

// seedFirmName is a unique invented company name for firm i ("Kestrelmoor Precision Ltd").
func seedFirmName(i int) string {
	a, b, k := seedFirmA[i%len(seedFirmA)], seedFirmB[(i/len(seedFirmA))%len(seedFirmB)], seedFirmKinds[(i/(len(seedFirmA)*len(seedFirmB)))%len(seedFirmKinds)]
	name := a + b + " " + k + " Ltd"
	if n := len(seedFirmA) * len(seedFirmB) * len(seedFirmKinds); i >= n {
		name = fmt.Sprintf("%s%s %s %d Ltd", a, b, k, i/n+1)
	}
	return name
}

// seedBritishName is an invented person's name for delegate or firm contact k.
func seedBritishName(k int) string {
	return demoFirstNames[k%len(demoFirstNames)] + " " + demoSurnames[(k/len(demoFirstNames)+k)%len(demoSurnames)]
}
