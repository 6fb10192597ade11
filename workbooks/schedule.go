package workbooks

import (
	"fmt"
	"sort"
	"strings"

	"github.com/missionplanner/missionplanner/exports"
	"github.com/missionplanner/missionplanner/models"
)

// scheduleSlotMinutes is the row height of the master schedule's day grids.
const scheduleSlotMinutes = 15

// Schedule maps a whole mission onto the plain data of the master schedule workbook.
func Schedule(src *models.ItinerarySource) exports.MasterSchedule {
	m := &src.Mission
	s := exports.MasterSchedule{
		MissionName: m.Name, Zone: m.Zone(), Home: m.HomeZone(), ZoneLabel: m.ZoneLabel(), HomeLabel: m.HomeLabel(),
		DayStarts: m.DayStarts, DayEnds: m.DayEnds, SlotMinutes: scheduleSlotMinutes, SectorCounts: map[string]int{},
	}
	for _, d := range m.Days() {
		s.Days = append(s.Days, d.Time)
	}
	firmName := make(map[uint]string, len(src.Registrations))
	for _, r := range src.Registrations {
		name, sector := "", ""
		if r.Firm != nil {
			name, sector = r.Firm.CompanyName, models.Label(models.Sectors, r.Firm.Sector)
		}
		firmName[r.ID] = name
		s.Firms = append(s.Firms, exports.FirmColumn{ID: r.ID, Name: name, Sector: sector})
		s.SectorCounts[sector]++
	}
	delegateName := make(map[uint]string, len(src.Delegates))
	firmDelegates := map[uint][]string{} // a meeting naming nobody is attended by the whole firm
	for _, d := range src.Delegates {
		delegateName[d.ID] = d.FullName
		firmDelegates[d.RegistrationID] = append(firmDelegates[d.RegistrationID], d.FullName)
		out, ret := journeys(d.TravelSegments)
		s.Delegates = append(s.Delegates, exports.ManifestRow{
			Firm: firmName[d.RegistrationID], Name: d.FullName, JobTitle: d.JobTitle, Email: d.Email, Phone: d.Phone,
			Dietary: d.DietaryRequirements, Access: d.AccessNeeds, Outbound: out, Return: ret,
		})
	}
	sort.SliceStable(s.Delegates, func(i, j int) bool { return s.Delegates[i].Firm < s.Delegates[j].Firm })
	s.Meetings = make([]exports.ScheduleMeeting, 0, len(src.Meetings))
	var names []string
	for _, mt := range src.Meetings {
		if mt.StartsAt == nil || mt.EndsAt == nil {
			continue
		}
		c := src.Contacts[mt.ContactID]
		place := src.MeetingAddress(mt)
		names = names[:0]
		for _, id := range mt.DelegateIDs {
			names = append(names, delegateName[id])
		}
		if len(names) == 0 {
			names = append(names, firmDelegates[mt.RegistrationID]...)
		}
		s.Meetings = append(s.Meetings, exports.ScheduleMeeting{
			FirmID: mt.RegistrationID, Start: *mt.StartsAt, End: *mt.EndsAt, Firm: firmName[mt.RegistrationID],
			Contact: c.FullName, Organisation: c.Organisation, Location: place, Status: models.Label(models.MeetingStatuses, mt.Status),
			Delegates: strings.Join(names, "; "),
		})
	}
	return s
}

// journeys summarises a delegate's outbound and return flights for the manifest, each time in its
// own airport's local time and the date at the departure airport: "EI 3271 BHX 07:05 → DUB 08:20, Wed 10 Mar; …".
func journeys(segs []models.TravelSegment) (outbound, ret string) {
	var out, back []string
	for _, s := range segs {
		text := fmt.Sprintf("%s %s %s → %s %s, %s", s.FlightName(), s.From, models.AirportClock(s.DepartsAt, s.From, "15:04"),
			s.To, models.AirportClock(s.ArrivesAt, s.To, "15:04"), models.FormatDay(s.DepartsAt, s.DepartureZone()))
		if s.Direction == "return" {
			back = append(back, text)
		} else {
			out = append(out, text)
		}
	}
	return strings.Join(out, "; "), strings.Join(back, "; ")
}
