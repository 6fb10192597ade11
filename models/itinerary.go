package models

import (
	"fmt"
	"math"
	"slices"
	"sort"
	"strings"
	"time"
)

// Kinds of itinerary entry.
const (
	EntryFlight    = "flight"
	EntryProgramme = "programme"
	EntryMeeting   = "meeting"
)

// ItinerarySource is everything itineraries are assembled from, for one registration or a whole
// mission: the store loads it, Itinerary turns it into days and entries without touching the database.
type ItinerarySource struct {
	Mission       Mission
	Registrations []Registration    // with Firm
	Delegates     []Delegate        // with TravelSegments
	Programme     []ProgrammeItem   // RegistrationIDs lists the attendees when not AllRegistrations
	Meetings      []Meeting         // every meeting that has a time, any status, with DelegateIDs
	Contacts      map[uint]Contact  // by id, the contacts of Meetings
	Locations     map[uint]Location // by id, the mission's locations
	TravelTimes   []MissionTravelTime
	Hotels        map[uint]Hotel        // by id, the mission's hotels
	Bookings      map[uint]HotelBooking // by delegate id

	index map[uint]*regIndex // built on first use
}

// regIndex is one registration's share of the source.
type regIndex struct {
	reg       *Registration
	delegates []*Delegate
	meetings  []*Meeting
}

// Itinerary is one firm's mission day by day, in the mission's time zone with home time beside it.
type Itinerary struct {
	MissionID, RegistrationID uint
	MissionName, FirmName     string
	Zone, Home                *time.Location
	ZoneLabel, HomeLabel      string // "Chicago", "UK"
	Days                      []ItineraryDay
	People                    []ItineraryPerson // the contacts the firm meets, by name
	Delegates                 []Delegate        // the firm's delegates (without travel segments)
	// Cancelled holds meetings that had a time and were cancelled or declined: they are not part of the
	// itinerary but calendar feeds send them as cancelled so subscribers' copies disappear.
	Cancelled []ItineraryEntry
}

// ItineraryDay is one date in the mission's time zone.
type ItineraryDay struct {
	Date      Date
	Label     string // "Fri 12 Mar 2027"
	HomeAhead string // "UK is 6 hours ahead of Chicago"
	Hotel     string // where the firm's delegates wake up or sleep that day: "Lakeview Grand Hotel, 120 S Michigan Ave, Chicago"
	Entries   []ItineraryEntry
}

// ItineraryEntry is a flight, a programme item or a meeting. It never carries staff notes or a
// contact's notes: Notes is what the firm may read.
type ItineraryEntry struct {
	Kind       string // EntryFlight, EntryProgramme, EntryMeeting
	KindLabel  string // "Flight", "Briefing", "Meeting"…
	ID         uint   // the meeting, programme item or (first) travel segment
	FlightKey  string // a flight's own identity, whoever is on it: "EI125-DUB-ORD-20270310T1030Z"
	Start, End time.Time
	// Times for people: "10:00" in the mission's zone and at home, with a note when home is on another date.
	LocalStart, LocalEnd, HomeStart, HomeEnd string
	HomeDayNote                              string // "next day", "previous day" or ""
	EndDayNote                               string // "next day" when the entry ends on a later local date
	// LocalRange and HomeRange are the whole span for people, day changes counted from the entry's day
	// in the mission's zone: "17:55 → 02:35 +1 day", "22:55 → 07:35 +1 day".
	LocalRange, HomeRange               string
	ZoneAbbr, HomeAbbr                  string // "CDT", "GMT"
	Title, With, JobTitle, Organisation string
	Address                             string
	Delegates                           []string
	DelegateIDs                         []uint
	TravelBefore                        time.Duration // travel from the previous place that day
	TravelFrom                          string        // the previous place, for "90 min from …"
	Notes                               string
	// Flights: the airports and each airport's own local times ("Tue 9 Mar 07:05").
	From, To, DepartsLocal, ArrivesLocal string
	Connection                           string
	Status                               string // scheduled or cancelled
	Sequence                             int
	Updated                              time.Time
	place                                Place
}

// TravelMinutes is the travel time before the entry in whole minutes.
func (e ItineraryEntry) TravelMinutes() int { return int(e.TravelBefore / time.Minute) }

// TravelLabel is the travel time for people: "1 h 30 min".
func (e ItineraryEntry) TravelLabel() string { return FormatMinutes(e.TravelBefore) }

// TravelNote tells people to allow for the journey from the previous place that day: "Allow 1 h 30 min
// to travel from Willis Tower (Chicago)", or "" when no travel time is needed.
func (e ItineraryEntry) TravelNote() string {
	if e.TravelBefore <= 0 {
		return ""
	}
	note := "Allow " + e.TravelLabel() + " to travel"
	if e.TravelFrom != "" {
		note += " from " + e.TravelFrom
	}
	return note
}

// WithWhom is who a meeting is with, for people: "Carla Diaz, Buyer, Lakeshore Foods".
func (e ItineraryEntry) WithWhom() string { return itinJoin(", ", e.With, e.JobTitle, e.Organisation) }

// ItineraryPerson is a contact the firm meets, as listed for the firm (never the contact's notes).
type ItineraryPerson struct {
	ID                                                  uint
	Name, JobTitle, Organisation, Email, Phone, Address string
}

// Entries lists every entry of every day in time order.
func (it *Itinerary) Entries() []ItineraryEntry {
	var out []ItineraryEntry
	for _, d := range it.Days {
		out = append(out, d.Entries...)
	}
	return out
}

// ForDelegate keeps only what one delegate attends: their flights, the programme, and the meetings
// they are named on (or every meeting that names no delegate).
func (it *Itinerary) ForDelegate(delegateID uint) *Itinerary {
	out := *it
	out.Days = make([]ItineraryDay, len(it.Days))
	keep := func(e ItineraryEntry) bool { return slices.Contains(e.DelegateIDs, delegateID) }
	for i, d := range it.Days {
		out.Days[i] = d
		out.Days[i].Entries = nil
		for _, e := range d.Entries {
			if keep(e) {
				out.Days[i].Entries = append(out.Days[i].Entries, e)
			}
		}
	}
	out.Cancelled = nil
	for _, e := range it.Cancelled {
		if keep(e) {
			out.Cancelled = append(out.Cancelled, e)
		}
	}
	return &out
}

// TravelRules are the mission's travel allowances: its buffer within a city, its default between
// cities and the listed city pairs. A setting of 0 means no allowance.
func (src *ItinerarySource) TravelRules() TravelRules {
	zeroIsNone := func(min int) time.Duration {
		if min <= 0 {
			return -1
		}
		return time.Duration(min) * time.Minute
	}
	r := TravelRules{
		SameCityBuffer: zeroIsNone(src.Mission.SameCityBufferMinutes),
		DefaultBetween: zeroIsNone(src.Mission.DefaultTravelMinutes),
		Between:        map[string]time.Duration{},
	}
	for _, t := range src.TravelTimes {
		r.Between[CityPairKey(t.CityA, t.CityB)] = time.Duration(t.Minutes) * time.Minute
	}
	return r
}

func (src *ItinerarySource) buildIndex() {
	src.index = make(map[uint]*regIndex, len(src.Registrations))
	for i := range src.Registrations {
		src.index[src.Registrations[i].ID] = &regIndex{reg: &src.Registrations[i]}
	}
	for i := range src.Delegates {
		if ri := src.index[src.Delegates[i].RegistrationID]; ri != nil {
			ri.delegates = append(ri.delegates, &src.Delegates[i])
		}
	}
	for i := range src.Meetings {
		if ri := src.index[src.Meetings[i].RegistrationID]; ri != nil {
			ri.meetings = append(ri.meetings, &src.Meetings[i])
		}
	}
}

// Itinerary assembles one registration's itinerary. Only scheduled meetings appear in its days;
// cancelled and declined ones that had a time are kept apart for calendar feeds.
func (src *ItinerarySource) Itinerary(registrationID uint) (*Itinerary, error) {
	if src.index == nil {
		src.buildIndex()
	}
	ri := src.index[registrationID]
	if ri == nil {
		return nil, ErrNotFound
	}
	m := &src.Mission
	it := &Itinerary{
		MissionID: m.ID, RegistrationID: registrationID, MissionName: m.Name,
		Zone: m.Zone(), Home: m.HomeZone(), ZoneLabel: m.ZoneLabel(), HomeLabel: m.HomeLabel(),
	}
	if ri.reg.Firm != nil {
		it.FirmName = ri.reg.Firm.CompanyName
	}
	names := map[uint]string{}
	var allIDs []uint
	var allNames []string
	for _, d := range ri.delegates {
		names[d.ID] = d.FullName
		allIDs = append(allIDs, d.ID)
		allNames = append(allNames, d.FullName)
		dd := *d
		dd.TravelSegments = nil
		it.Delegates = append(it.Delegates, dd)
	}

	var entries []ItineraryEntry
	entries = append(entries, flightEntries(ri.delegates)...)
	for _, p := range src.Programme {
		if !p.AttendedBy(registrationID) {
			continue
		}
		e := ItineraryEntry{
			Kind: EntryProgramme, KindLabel: Label(ProgrammeKinds, p.Kind), ID: p.ID, Start: p.StartsAt, End: p.EndsAt,
			Title: p.Title, Notes: p.Description, Delegates: allNames, DelegateIDs: allIDs,
			Status: "scheduled", Sequence: revision(p.UpdatedAt), Updated: p.UpdatedAt,
		}
		if p.LocationID != nil {
			if loc, ok := src.Locations[*p.LocationID]; ok {
				e.Address = locationAddress(loc)
				e.place = Place{LocationID: loc.ID, Name: loc.Name, City: loc.City}
			}
		}
		entries = append(entries, e)
	}
	people := map[uint]ItineraryPerson{}
	for _, mt := range ri.meetings {
		if mt.StartsAt == nil || mt.EndsAt == nil {
			continue
		}
		c := src.Contacts[mt.ContactID]
		e := ItineraryEntry{
			Kind: EntryMeeting, KindLabel: "Meeting", ID: mt.ID, Start: *mt.StartsAt, End: *mt.EndsAt,
			With: c.FullName, JobTitle: c.JobTitle, Organisation: c.Organisation, Notes: mt.Notes,
			Status: mt.Status, Sequence: mt.Sequence, Updated: mt.UpdatedAt,
		}
		e.Title = "Meeting with " + itinFirst(c.FullName, c.Organisation, "a contact")
		if c.Organisation != "" && c.FullName != "" {
			e.Title += " (" + c.Organisation + ")"
		}
		for _, id := range mt.DelegateIDs {
			if n, ok := names[id]; ok {
				e.Delegates = append(e.Delegates, n)
				e.DelegateIDs = append(e.DelegateIDs, id)
			}
		}
		if len(e.DelegateIDs) == 0 { // none named: the whole firm goes
			e.Delegates, e.DelegateIDs = allNames, allIDs
		}
		e.Address, e.place = src.meetingPlace(*mt)
		switch mt.Status {
		case MeetingScheduled:
			entries = append(entries, e)
			if _, seen := people[c.ID]; !seen && c.ID != 0 {
				people[c.ID] = ItineraryPerson{ID: c.ID, Name: c.FullName, JobTitle: c.JobTitle, Organisation: c.Organisation,
					Email: c.Email, Phone: c.Phone, Address: itinJoin(", ", c.Address, c.City, c.State)}
			}
		case MeetingCancelled, MeetingDeclined:
			e.Status = "cancelled"
			it.Cancelled = append(it.Cancelled, it.stamp(e))
		}
	}
	sortEntries(entries)
	it.Days = src.days(it, entries)
	for _, p := range people {
		it.People = append(it.People, p)
	}
	sort.Slice(it.People, func(i, j int) bool {
		if it.People[i].Name != it.People[j].Name {
			return it.People[i].Name < it.People[j].Name
		}
		return it.People[i].ID < it.People[j].ID
	})
	return it, nil
}

// days groups sorted entries by their date in the mission's zone (every mission day appears, with or
// without entries) and works out the travel time from the previous place of the same day.
func (src *ItinerarySource) days(it *Itinerary, entries []ItineraryEntry) []ItineraryDay {
	rules := src.TravelRules()
	byDate := map[Date]*ItineraryDay{}
	var order []Date
	day := func(d Date) *ItineraryDay {
		if dd, ok := byDate[d]; ok {
			return dd
		}
		dd := &ItineraryDay{Date: d, Label: d.Label(), HomeAhead: homeAhead(d, it)}
		byDate[d] = dd
		order = append(order, d)
		return dd
	}
	for _, d := range src.Mission.Days() {
		day(d)
	}
	for _, e := range entries {
		dd := day(DateIn(e.Start, it.Zone))
		dd.Entries = append(dd.Entries, it.stamp(e))
	}
	sort.Slice(order, func(i, j int) bool { return order[i].Before(order[j].Time) })
	out := make([]ItineraryDay, 0, len(order))
	for _, d := range order {
		dd := byDate[d]
		var prev Place
		dd.Hotel, prev = src.dayHotels(it.Delegates, d)
		for i := range dd.Entries {
			e := &dd.Entries[i]
			if e.Kind == EntryFlight {
				prev = Place{} // from an airport: no known place
				continue
			}
			if e.place.IsZero() {
				continue
			}
			if !prev.IsZero() {
				e.TravelBefore = rules.Travel(prev, e.place)
				if e.TravelBefore > 0 {
					e.TravelFrom = prev.describe()
				}
			}
			prev = e.place
		}
		out = append(out, *dd)
	}
	return out
}

// stamp fills in the times people read.
func (it *Itinerary) stamp(e ItineraryEntry) ItineraryEntry {
	e.Start, e.End = e.Start.UTC(), e.End.UTC()
	e.LocalStart, e.LocalEnd = FormatClock(e.Start, it.Zone), FormatClock(e.End, it.Zone)
	e.HomeStart, e.HomeEnd = FormatClock(e.Start, it.Home), FormatClock(e.End, it.Home)
	e.ZoneAbbr, e.HomeAbbr = InZone(e.Start, it.Zone).Format("MST"), InZone(e.Start, it.Home).Format("MST")
	day := DateIn(e.Start, it.Zone)
	e.HomeDayNote = dayNote(day, DateIn(e.Start, it.Home))
	e.EndDayNote = dayNote(day, DateIn(e.End, it.Zone))
	e.LocalRange = spanLabel(day, e.Start, e.End, it.Zone)
	e.HomeRange = spanLabel(day, e.Start, e.End, it.Home)
	return e
}

// spanLabel writes start → end in loc, marking a clock reading on another date than day: "17:55 → 02:35
// +1 day"; when both ends fall on the same other date the mark is written once, after the end.
func spanLabel(day Date, start, end time.Time, loc *time.Location) string {
	s, e := dayOffset(day, DateIn(start, loc)), dayOffset(day, DateIn(end, loc))
	out := FormatClock(start, loc)
	if s != 0 && s != e {
		out += " " + offsetLabel(s)
	}
	out += " → " + FormatClock(end, loc)
	if e != 0 {
		out += " " + offsetLabel(e)
	}
	return out
}

func dayOffset(from, to Date) int { return int(math.Round(to.Sub(from.Time).Hours() / 24)) }

func offsetLabel(n int) string {
	switch {
	case n == 1:
		return "+1 day"
	case n == -1:
		return "−1 day"
	case n > 0:
		return fmt.Sprintf("+%d days", n)
	}
	return fmt.Sprintf("−%d days", -n)
}

// Next is the entry under way or next to start at now, and its day, while the itinerary is running:
// from the start of its first day to the end of its last (in the mission's zone). ok is false
// before and after, and when nothing is left.
func (it *Itinerary) Next(now time.Time) (entry ItineraryEntry, day ItineraryDay, ok bool) {
	if len(it.Days) == 0 || it.Zone == nil {
		return entry, day, false
	}
	first, last := it.Days[0].Date, it.Days[len(it.Days)-1].Date.AddDays(1)
	from := time.Date(first.Year(), first.Month(), first.Day(), 0, 0, 0, 0, it.Zone)
	to := time.Date(last.Year(), last.Month(), last.Day(), 0, 0, 0, 0, it.Zone)
	if now.Before(from) || !now.Before(to) {
		return entry, day, false
	}
	for _, d := range it.Days {
		for _, e := range d.Entries {
			if e.End.After(now) {
				return e, d, true
			}
		}
	}
	return entry, day, false
}

func dayNote(from, to Date) string {
	switch {
	case to.After(from.Time):
		return "next day"
	case to.Before(from.Time):
		return "previous day"
	}
	return ""
}

// homeAhead describes the difference between home and the mission's zone at midday on d.
func homeAhead(d Date, it *Itinerary) string {
	noon := time.Date(d.Year(), d.Month(), d.Day(), 12, 0, 0, 0, it.Zone)
	_, zoff := noon.Zone()
	_, hoff := noon.In(it.Home).Zone()
	diff := time.Duration(hoff-zoff) * time.Second
	switch {
	case diff == 0:
		return it.HomeLabel + " is on the same time as " + it.ZoneLabel
	case diff > 0:
		return fmt.Sprintf("%s is %s ahead of %s", it.HomeLabel, hoursLabel(diff), it.ZoneLabel)
	default:
		return fmt.Sprintf("%s is %s behind %s", it.HomeLabel, hoursLabel(-diff), it.ZoneLabel)
	}
}

func hoursLabel(d time.Duration) string {
	if d%time.Hour == 0 {
		if d == time.Hour {
			return "1 hour"
		}
		return fmt.Sprintf("%d hours", d/time.Hour)
	}
	return FormatMinutes(d)
}

// flightEntries turns the delegates' travel segments into entries: delegates on the same flight share
// one entry, and a segment followed by another from the airport it lands at is marked as a connection.
func flightEntries(delegates []*Delegate) []ItineraryEntry {
	type key struct {
		carrier, number, from, to string
		departs                   int64
	}
	idx := map[key]int{}
	var out []ItineraryEntry
	conn := map[uint][]string{} // segment id → connection notes
	for _, d := range delegates {
		segs := append([]TravelSegment(nil), d.TravelSegments...)
		sort.Slice(segs, func(i, j int) bool { return segs[i].DepartsAt.Before(segs[j].DepartsAt) })
		for i := 0; i+1 < len(segs); i++ {
			a, b := segs[i], segs[i+1]
			gap := b.DepartsAt.Sub(a.ArrivesAt)
			if a.Direction == b.Direction && strings.EqualFold(a.To, b.From) && gap > 0 && gap <= 24*time.Hour {
				conn[a.ID] = append(conn[a.ID], fmt.Sprintf("Connect at %s to %s: %s between flights", strings.ToUpper(a.To), b.FlightName(), FormatMinutes(gap)))
				conn[b.ID] = append(conn[b.ID], fmt.Sprintf("Connecting from %s", a.FlightName()))
			}
		}
		for _, s := range segs {
			k := key{strings.ToUpper(s.Carrier), strings.ToUpper(s.Number), strings.ToUpper(s.From), strings.ToUpper(s.To), s.DepartsAt.Unix()}
			if i, ok := idx[k]; ok {
				e := &out[i]
				e.Delegates = append(e.Delegates, d.FullName)
				e.DelegateIDs = append(e.DelegateIDs, d.ID)
				if s.ID < e.ID {
					e.ID = s.ID
				}
				if s.UpdatedAt.After(e.Updated) {
					e.Updated, e.Sequence = s.UpdatedAt, revision(s.UpdatedAt)
				}
				continue
			}
			from, to := strings.ToUpper(s.From), strings.ToUpper(s.To)
			e := ItineraryEntry{
				Kind: EntryFlight, KindLabel: "Flight", ID: s.ID, Start: s.DepartsAt, End: s.ArrivesAt,
				Title: s.FlightName() + ": " + from + " to " + to, Organisation: s.Carrier,
				Address: from + " → " + to, From: from, To: to,
				DepartsLocal: AirportClock(s.DepartsAt, from, "Mon 2 Jan 15:04"), ArrivesLocal: AirportClock(s.ArrivesAt, to, "Mon 2 Jan 15:04"),
				Delegates: []string{d.FullName}, DelegateIDs: []uint{d.ID},
				Status: "scheduled", Sequence: revision(s.UpdatedAt), Updated: s.UpdatedAt,
				FlightKey: flightKey(k.carrier+k.number, from, to, s.DepartsAt),
			}
			e.Connection = strings.Join(conn[s.ID], ". ")
			e.Notes = fmt.Sprintf("Departs %s %s local time; arrives %s %s local time.", from, e.DepartsLocal, to, e.ArrivesLocal)
			if e.Connection != "" {
				e.Notes += " " + e.Connection + "."
			}
			idx[k] = len(out)
			out = append(out, e)
		}
	}
	return out
}

// FlightName is "EI 3271", or "Flight" when neither carrier nor number is known.
func (s TravelSegment) FlightName() string {
	return itinFirst(strings.TrimSpace(s.Carrier+" "+strings.ToUpper(s.Number)), "Flight")
}

// AirportClock formats an instant with layout in an airport's own local time: "Tue 9 Mar 07:05"
// (in UTC for an unknown airport, and then it says so).
func AirportClock(t time.Time, code, layout string) string {
	if loc, ok := AirportZone(code); ok {
		return t.In(loc).Format(layout)
	}
	return t.UTC().Format(layout) + " UTC"
}

// revision turns a last-change time into an increasing calendar SEQUENCE for items that keep no
// revision count of their own (programme items, flights): minutes since 2024.
func revision(updated time.Time) int {
	n := int(updated.Sub(time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)) / time.Minute)
	return max(n, 0)
}

// AttendedBy reports whether the registration attends the programme item.
func (p ProgrammeItem) AttendedBy(registrationID uint) bool {
	return p.AllRegistrations || slices.Contains(p.RegistrationIDs, registrationID)
}

// MeetingAddress is where a meeting happens, for people: its location, or else the contact's own
// address ("Address, City, State").
func (src *ItinerarySource) MeetingAddress(mt Meeting) string {
	address, _ := src.meetingPlace(mt)
	return address
}

// meetingPlace is a meeting's address and the place travel times are worked out from.
func (src *ItinerarySource) meetingPlace(mt Meeting) (string, Place) {
	if loc, ok := locationOf(src.Locations, mt.LocationID); ok {
		return locationAddress(loc), Place{LocationID: loc.ID, Name: loc.Name, City: loc.City}
	}
	c := src.Contacts[mt.ContactID]
	return itinJoin(", ", c.Address, c.City, c.State), Place{Name: itinFirst(c.Address, c.Organisation), City: c.City}
}

func locationOf(locs map[uint]Location, id *uint) (Location, bool) {
	if id == nil {
		return Location{}, false
	}
	l, ok := locs[*id]
	return l, ok
}

func locationAddress(l Location) string {
	return itinJoin(", ", l.Name, l.Address, l.City)
}

func sortEntries(es []ItineraryEntry) {
	rank := map[string]int{EntryFlight: 0, EntryProgramme: 1, EntryMeeting: 2}
	sort.SliceStable(es, func(i, j int) bool {
		a, b := es[i], es[j]
		if !a.Start.Equal(b.Start) {
			return a.Start.Before(b.Start)
		}
		if rank[a.Kind] != rank[b.Kind] {
			return rank[a.Kind] < rank[b.Kind]
		}
		return a.ID < b.ID
	})
}

// ZoneLabel names the mission's zone for people: the destination city.
func (m *Mission) ZoneLabel() string { return itinFirst(m.DestinationCity, zoneCity(m.Timezone)) }

// HomeLabel names the home zone for people: "UK" for Europe/London.
func (m *Mission) HomeLabel() string {
	if m.HomeTimezone == "Europe/London" {
		return "UK"
	}
	return zoneCity(m.HomeTimezone)
}

func itinFirst(ss ...string) string {
	for _, s := range ss {
		if strings.TrimSpace(s) != "" {
			return strings.TrimSpace(s)
		}
	}
	return ""
}

func itinJoin(sep string, ss ...string) string {
	var parts []string
	for _, s := range ss {
		if s = strings.TrimSpace(s); s != "" {
			parts = append(parts, s)
		}
	}
	return strings.Join(parts, sep)
}

// flightKey names a flight by what it is (carrier and number, airports, departure), so its calendar
// entry stays the same whichever delegates are on it: a segment's id would change the entry when
// the delegate whose segment it was leaves the flight.
func flightKey(name, from, to string, departs time.Time) string {
	clean := func(s string) string {
		return strings.Map(func(r rune) rune {
			if r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' {
				return r
			}
			return -1
		}, strings.ToUpper(s))
	}
	return clean(name) + "-" + clean(from) + "-" + clean(to) + "-" + departs.UTC().Format("20060102T1504Z")
}
